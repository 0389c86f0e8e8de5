/**
 * n8n's "Retry On Fail" (node settings retryOnFail, maxTries 3, waitBetweenTries 1000 ms) while the
 * emulator drops 30 % of connections AFTER storing the contact (test/e2e/workflows/e2eRetryOnFail.json).
 * The node's own retries are limited to Max Attempts 3, so an item whose three attempts are all dropped
 * fails the node, and n8n runs the whole node again: every item is sent again with the same token.
 * Whatever happens, every item must end with exactly one contact.
 *
 * The workflow sends one request at a time (Options › Concurrency 1), so the emulator's seeded fault
 * sequence hits the same requests on every run: with seed 2, the first run of the node fails at item 16
 * (three drops in a row) and the second run succeeds. Another seed can be chosen by replaying
 * mulberry32(seed) from emulator/traffic.ts over the items (a draw < 0.3 is a drop).
 */
import { nodeItems, nodeOutput } from '../../scripts/n8n/lib';
import {
	CONNECT,
	EXECUTION_TOKEN,
	contactArn,
	createContactRequests,
	executeOk,
	groupContacts,
	newUserFolder,
	pairedIndexes,
	resetEmulator,
} from './support/e2e';

const ITEMS = 20;

describe('Retry On Fail while connections drop after the contact was stored', () => {
	const { env } = newUserFolder('retry-on-fail');

	it('ends with exactly one contact per item, and the re-run node gets the same contacts back', async () => {
		const emu = await resetEmulator({ faults: { seed: 2, dropAfterStore: 0.3 } });
		const result = await executeOk(env, 'e2eRetryOnFail');

		const records = nodeOutput(result.run, 'Records') as Array<{ id: string; title: string }>;
		expect(records).toHaveLength(ITEMS);
		const items = nodeItems(result.run, 'Amazon Connect');
		expect(pairedIndexes(items)).toEqual(records.map((_, i) => i));
		const outputs = items.map((i) => i.json as { contactId: string; clientToken: string });

		const state = await emu.state();
		const requests = createContactRequests(state);
		const tokenOf = (body: unknown) => (body as { ClientToken: string }).ClientToken;

		// Exactly one contact per token and per record; each output item carries its record's contact.
		expect(state.contacts).toHaveLength(ITEMS);
		expect(
			[...groupContacts(state.contacts, (c) => c.clientToken).values()].every(
				(g) => g.length === 1,
			),
		).toBe(true);
		const byRecord = groupContacts(
			state.contacts,
			(c) => (c.request.Attributes as Record<string, string>).recordId,
		);
		expect(records.map((r) => byRecord.get(r.id)?.length)).toEqual(records.map(() => 1));
		records.forEach((r, i) => {
			const [stored] = byRecord.get(r.id)!;
			expect(outputs[i]).toEqual({
				contactId: stored.contactId,
				contactArn: contactArn(CONNECT.instance, stored.contactId),
				channel: 'TASK',
				initiationMethod: 'API',
				clientToken: stored.clientToken,
			});
			expect(stored.clientToken).toMatch(EXECUTION_TOKEN);
			expect(stored.request).toEqual({
				InstanceId: CONNECT.instance,
				ClientToken: stored.clientToken,
				Attributes: { recordId: r.id },
				Channel: 'TASK',
				InitiationMethod: 'API',
				Name: r.title,
			});
			// Every request for this record carried the same token and the same body.
			const mine = requests.filter(
				(q) => (q.body as { Attributes: Record<string, string> }).Attributes.recordId === r.id,
			);
			expect(new Set(mine.map((q) => JSON.stringify(q.body)))).toEqual(
				new Set([JSON.stringify(stored.request)]),
			);
		});
		expect(nodeOutput(result.run, 'Paired record')).toEqual(
			records.map((r, i) => ({ recordId: r.id, contactId: outputs[i].contactId, error: null })),
		);

		// Connections were dropped after storing, and repeats were answered from the token, never with a conflict.
		const outcomes = new Set(requests.map((r) => r.outcome));
		expect([...outcomes].sort()).toEqual(['fault:dropAfterStore', 'ok', 'replay']);
		expect(Object.values(state.tokens).every((t) => t.conflicts === 0)).toBe(true);
		expect(
			Object.values(state.tokens)
				.map((t) => t.contactId)
				.sort(),
		).toEqual(outputs.map((o) => o.contactId).sort());

		// n8n really re-ran the node: tokens that were already answered 200 were sent again (the node's own
		// retries only repeat a request that got no answer), after n8n's wait between tries.
		const answeredAt = new Map<string, number>();
		const resentAfterSuccess: string[] = [];
		for (const r of requests) {
			const token = tokenOf(r.body);
			if (answeredAt.has(token) && !resentAfterSuccess.includes(token))
				resentAfterSuccess.push(token);
			if (r.status === 200 && !answeredAt.has(token)) answeredAt.set(token, r.at);
		}
		expect(resentAfterSuccess.length).toBeGreaterThan(0);
		const firstResend = requests.find(
			(r) =>
				resentAfterSuccess.includes(tokenOf(r.body)) && r.at > answeredAt.get(tokenOf(r.body))!,
		)!;
		const before = requests[requests.indexOf(firstResend) - 1];
		expect(firstResend.at - before.at).toBeGreaterThanOrEqual(900);
		process.stderr.write(
			`[retry] ${requests.length} requests: ${requests.filter((r) => r.outcome === 'fault:dropAfterStore').length} dropped after store, ` +
				`${requests.filter((r) => r.outcome === 'replay').length} replays; ${resentAfterSuccess.length} tokens re-sent by n8n's retry\n`,
		);
	});
});
