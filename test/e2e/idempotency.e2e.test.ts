/**
 * Running the same workflow twice: every `n8n execute` is a new execution (a new ID), so the default
 * ClientToken differs and a second run creates new contacts. The documented way to make a re-run
 * harmless is Options › Idempotency Key from the upstream record ID: the token then depends only on
 * the key and the instance. Both are checked, so this test fails if either stops being true. And a key
 * reused with different parameters is reported per item (IdempotencyException), creating nothing.
 */
import { executeWorkflow, nodeItems, nodeOutput, type ExecuteResult } from '../../scripts/n8n/lib';
import {
	CONNECT,
	EXECUTION_TOKEN,
	createContactRequests,
	keyedToken,
	newUserFolder,
	pairedIndexes,
	resetEmulator,
	succeeded,
} from './support/e2e';

const RECORDS = ['crm-1001', 'crm-1002', 'crm-1003', 'crm-1004', 'crm-1005'];

type Out = { contactId: string; clientToken: string };

function created(result: ExecuteResult): Out[] {
	const { run } = succeeded(result);
	const items = nodeItems(run, 'Amazon Connect');
	expect(pairedIndexes(items)).toEqual([0, 1, 2, 3, 4]);
	expect((nodeOutput(run, 'Records') as Array<{ id: string }>).map((r) => r.id)).toEqual(RECORDS);
	return items.map((i) => i.json as Out);
}

describe('the same workflow executed twice', () => {
	const { env } = newUserFolder('idempotency');

	it('with Idempotency Key = record ID: the second run returns the same contacts and creates none', async () => {
		const emu = await resetEmulator();
		const first = created(await executeWorkflow(env, 'e2eIdemKeyed'));
		const second = created(await executeWorkflow(env, 'e2eIdemKeyed'));

		expect(first.map((o) => o.clientToken)).toEqual(
			RECORDS.map((id) => keyedToken('e2eIdemKeyed', CONNECT.instance, id)),
		);
		expect(second).toEqual(first);

		const state = await emu.state();
		expect(state.contacts).toHaveLength(RECORDS.length);
		expect(
			state.contacts.map((c) => (c.request.Attributes as Record<string, string>).crmId).sort(),
		).toEqual(RECORDS);
		expect(state.contacts.map((c) => c.contactId).sort()).toEqual(
			first.map((o) => o.contactId).sort(),
		);
		const requests = createContactRequests(state);
		expect(requests.map((r) => r.outcome).sort()).toEqual([
			...RECORDS.map(() => 'ok'),
			...RECORDS.map(() => 'replay'),
		]);
		expect(Object.values(state.tokens).map((t) => t.hits)).toEqual(RECORDS.map(() => 2));
	});

	it('without a key: each execution has its own tokens, so the second run creates new contacts', async () => {
		const emu = await resetEmulator();
		const first = created(await executeWorkflow(env, 'e2eIdemUnkeyed'));
		const second = created(await executeWorkflow(env, 'e2eIdemUnkeyed'));

		for (const o of [...first, ...second]) expect(o.clientToken).toMatch(EXECUTION_TOKEN);
		expect(new Set([...first, ...second].map((o) => o.clientToken)).size).toBe(2 * RECORDS.length);
		expect(new Set([...first, ...second].map((o) => o.contactId)).size).toBe(2 * RECORDS.length);

		const state = await emu.state();
		expect(state.contacts).toHaveLength(2 * RECORDS.length);
		expect(
			state.contacts.map((c) => (c.request.Attributes as Record<string, string>).crmId).sort(),
		).toEqual([...RECORDS, ...RECORDS].sort());
		expect(createContactRequests(state).every((r) => r.outcome === 'ok')).toBe(true);
	});

	it('the key is scoped to its node: the node of another workflow using the same record IDs creates its own contacts', async () => {
		const emu = await resetEmulator();
		const keyed = created(await executeWorkflow(env, 'e2eIdemKeyed'));
		const other = created(await executeWorkflow(env, 'e2eIdemConflict')); // same keys, another node
		expect(other.map((o) => o.clientToken)).toEqual(
			RECORDS.map((id) => keyedToken('e2eIdemConflict', CONNECT.instance, id)),
		);
		const state = await emu.state();
		expect(state.contacts).toHaveLength(2 * RECORDS.length);
		expect(new Set([...keyed, ...other].map((o) => o.contactId)).size).toBe(2 * RECORDS.length);
	});

	it('a key reused with different parameters (a name with the execution ID): an IdempotencyException per item, nothing created', async () => {
		const emu = await resetEmulator();
		const original = created(await executeWorkflow(env, 'e2eIdemConflict'));
		const result = await executeWorkflow(env, 'e2eIdemConflict'); // same keys, another name; Continue On Fail
		expect(result.ok).toBe(true);
		const items = nodeItems(result.run!, 'Amazon Connect');
		expect(pairedIndexes(items)).toEqual([0, 1, 2, 3, 4]);

		const state = await emu.state();
		const conflicts = createContactRequests(state).filter((r) => r.outcome === 'conflict');
		expect(conflicts).toHaveLength(RECORDS.length);
		expect(items.map((i) => i.json)).toEqual(
			RECORDS.map((id, i) => {
				const request = conflicts.find(
					(r) =>
						(r.body as { ClientToken: string }).ClientToken ===
						keyedToken('e2eIdemConflict', CONNECT.instance, id),
				)!;
				return {
					error: `Item ${i}: IdempotencyException: ${request.errorMessage} (HTTP 409, request ID ${request.requestId})`,
					description: expect.stringContaining(
						'already used for a contact with different parameters. No second contact was created.',
					),
					itemIndex: i,
				};
			}),
		);
		expect(state.contacts.map((c) => c.contactId).sort()).toEqual(
			original.map((o) => o.contactId).sort(),
		);
	});
});
