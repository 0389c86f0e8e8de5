/**
 * 200 items through one Amazon Connect node while the emulator enforces an account quota of 20
 * requests per second with a burst of 5 (test/e2e/workflows/e2eBatch200.json, default options): the
 * node's rate control meets throttling, slows down and retries with the same tokens. Every item gets
 * exactly one contact, in order and paired; a downstream Code node finds each item's record through
 * the pairing.
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

const ITEMS = 200;
const QUOTA = { perSecond: 20, burst: 5 };

describe(`a batch of ${ITEMS} items under a quota of ${QUOTA.perSecond} requests/s (burst ${QUOTA.burst})`, () => {
	const { env } = newUserFolder('batch');

	it('creates one contact per item, in order and paired, slowing down to the quota', async () => {
		const emu = await resetEmulator({ rate: QUOTA });
		const result = await executeOk(env, 'e2eBatch200', { timeoutMs: 300_000 });

		const records = nodeOutput(result.run, 'Records') as Array<{
			id: string;
			title: string;
			priority: string;
		}>;
		expect(records).toHaveLength(ITEMS);
		const items = nodeItems(result.run, 'Amazon Connect');
		expect(items).toHaveLength(ITEMS);
		expect(pairedIndexes(items)).toEqual(records.map((_, i) => i));
		const outputs = items.map(
			(i) => i.json as { contactId: string; contactArn: string; clientToken: string },
		);
		for (const out of outputs) {
			expect(out).toEqual({
				contactId: expect.any(String),
				contactArn: contactArn(CONNECT.instance, out.contactId),
				channel: 'TASK',
				initiationMethod: 'API',
				clientToken: expect.stringMatching(EXECUTION_TOKEN),
			});
		}
		expect(new Set(outputs.map((o) => o.clientToken)).size).toBe(ITEMS);
		expect(new Set(outputs.map((o) => o.contactId)).size).toBe(ITEMS);

		// Downstream, n8n's pairing leads each output back to its record.
		expect(nodeOutput(result.run, 'Paired record')).toEqual(
			records.map((r, i) => ({ recordId: r.id, contactId: outputs[i].contactId, error: null })),
		);

		// The emulator holds exactly one contact per token and per record, stored exactly as sent.
		const state = await emu.state();
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
		expect([...byRecord.keys()].sort()).toEqual(records.map((r) => r.id).sort());
		expect([...byRecord.values()].every((g) => g.length === 1)).toBe(true);
		const byToken = new Map(state.contacts.map((c) => [c.clientToken, c]));
		records.forEach((r, i) => {
			const stored = byToken.get(outputs[i].clientToken)!;
			expect(stored.contactId).toBe(outputs[i].contactId);
			expect(stored.request).toEqual({
				InstanceId: CONNECT.instance,
				ClientToken: outputs[i].clientToken,
				Attributes: { recordId: r.id, priority: r.priority },
				Channel: 'TASK',
				InitiationMethod: 'API',
				Name: r.title,
			});
		});

		// The quota was binding and the node adapted: throttled requests were retried (never failed an
		// item), and fewer were throttled than there are items (a node that ignored throttling would hammer).
		const requests = createContactRequests(state);
		const outcomes = requests.reduce<Record<string, number>>(
			(acc, r) => ({ ...acc, [r.outcome]: (acc[r.outcome] ?? 0) + 1 }),
			{},
		);
		const throttled = outcomes.throttled ?? 0;
		expect(Object.keys(outcomes).sort()).toEqual(['ok', 'throttled']);
		expect(outcomes.ok).toBe(ITEMS);
		expect(throttled).toBeGreaterThan(0);
		expect(throttled).toBeLessThan(ITEMS);

		// The node tells the user in the output pane (an execution hint) how often it was throttled.
		const hints = result.run.data.resultData.runData['Amazon Connect'][0].hints ?? [];
		expect(hints).toEqual([
			expect.objectContaining({
				type: 'info',
				location: 'outputPane',
				message: expect.stringMatching(new RegExp(`^AWS throttled ${throttled} request\\(s\\);`)),
			}),
		]);
		process.stderr.write(
			`[batch] ${ITEMS} items: ${throttled} throttled requests, n8n execute ${result.durationMs} ms\n`,
		);
	});
});
