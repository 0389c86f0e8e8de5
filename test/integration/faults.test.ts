/**
 * Seeded faults from the emulator: connections dropped after the contact was stored, internal
 * errors, throttles. Whatever the node repeats, each item ends with exactly one contact.
 */
import type { RunningEmulator } from '../../emulator';
import {
	contactArnOf,
	contactsPerToken,
	createContactRequests,
	DEMO,
	executionToken,
	runNode,
	startTestEmulator,
	storedContactByToken,
	taskParameters,
} from './helpers';

let emulator: RunningEmulator;

beforeAll(async () => {
	emulator = await startTestEmulator({
		latencyMs: 1,
		faults: { seed: 2, dropAfterStore: 0.3, internalError: 0.2, throttle: 0.2 },
	});
});
afterAll(async () => {
	await emulator.close();
});

const ITEMS = 30;

test(
	'30 items under 30% drops after store, 20% internal errors and 20% throttles: one contact per item, none failed',
	async () => {
		const { items, hints } = await runNode(emulator, {
			items: ITEMS,
			parameters: (i) =>
				taskParameters({
					name: `Task ${i}`,
					// Half of the attempts that pass the throttle fail: 8 attempts (the default) would leave
					// about one item in two runs failed by chance alone; 20 makes that about 1 in 400.
					options: { maxAttempts: 20 },
				}),
			workflowId: 'wf-faults',
			executionId: 'exec-faults',
		});

		const tokens = Array.from({ length: ITEMS }, (_, i) => executionToken('wf-faults', 'exec-faults', 'Amazon Connect', i));
		// Exactly one stored contact per item, though many were stored by a request whose answer was lost.
		expect(contactsPerToken(emulator)).toStrictEqual(Object.fromEntries(tokens.map((token) => [token, 1])));
		expect(items).toStrictEqual(
			tokens.map((token, i) => {
				const stored = storedContactByToken(emulator, token);
				expect(stored.request).toStrictEqual({ InstanceId: DEMO, Channel: 'TASK', InitiationMethod: 'API', Name: `Task ${i}`, ClientToken: token });
				return {
					json: {
						contactId: stored.contactId,
						contactArn: contactArnOf(DEMO, stored.contactId),
						channel: 'TASK',
						initiationMethod: 'API',
						clientToken: token,
					},
					pairedItem: { item: i },
				};
			}),
		);

		// The faults did happen, and a repeat after a dropped answer got the stored contact back.
		const outcomes = createContactRequests(emulator).map((r) => r.outcome);
		const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
		expect(count('fault:dropAfterStore')).toBeGreaterThan(0);
		expect(count('fault:internal')).toBeGreaterThan(0);
		expect(count('fault:throttle')).toBeGreaterThan(0);
		expect(count('replay')).toBeGreaterThan(0);
		// Each item's last request was answered with its contact: once per item, created or replayed.
		expect(count('ok') + count('replay')).toBe(ITEMS);
		expect(outcomes.length).toBe(count('ok') + count('replay') + count('fault:dropAfterStore') + count('fault:internal') + count('fault:throttle'));
		// The throttles were told to the user.
		expect(hints).toStrictEqual([
			{
				message: expect.stringMatching(
					new RegExp(
						`^AWS throttled ${count('fault:throttle')} request\\(s\\); the node slowed down( to about \\d+\\.\\d requests per second)? and retried them\\. For faster bulk runs, ask AWS Support to raise the CreateContact quota\\.$`,
					),
				),
				location: 'outputPane',
				type: 'info',
			},
		]);
	},
	25_000,
);
