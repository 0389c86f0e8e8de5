/**
 * A tight account quota (the emulator's token bucket): the node slows down to it instead of
 * failing items.
 */
import {
	contactsPerToken,
	createContactRequests,
	executionToken,
	runNode,
	storedTaskOutputs,
	taskParameters,
	useTestEmulator,
} from './helpers';

const emulator = useTestEmulator(
	{ rate: { perSecond: 20, burst: 2 }, latencyMs: 1 },
	{ resetEach: false },
);

const ITEMS = 40;

test('40 items against a quota of 20 requests per second, burst 2: none failed, one contact each, in order', async () => {
	const { items, hints } = await runNode(emulator, {
		items: ITEMS,
		parameters: (i) => taskParameters({ name: `Task ${i}` }),
		workflowId: 'wf-quota',
		executionId: 'exec-quota',
	});

	const tokens = Array.from({ length: ITEMS }, (_, i) =>
		executionToken('wf-quota', 'exec-quota', 'Amazon Connect', i),
	);
	expect(contactsPerToken(emulator)).toStrictEqual(
		Object.fromEntries(tokens.map((token) => [token, 1])),
	);
	expect(items).toStrictEqual(storedTaskOutputs(emulator, tokens));
	const outcomes = createContactRequests(emulator).map((r) => r.outcome);
	const throttled = outcomes.filter((o) => o === 'throttled').length;
	// Ten requests at once against a burst of 2: the quota was hit, and every item still got through.
	expect(throttled).toBeGreaterThan(0);
	expect(outcomes.filter((o) => o === 'ok')).toHaveLength(ITEMS);
	expect(outcomes).toHaveLength(ITEMS + throttled);
	expect(hints).toStrictEqual([
		{
			message: expect.stringMatching(
				new RegExp(
					`^AWS throttled ${throttled} request\\(s\\); the node slowed down( to about \\d+\\.\\d requests per second)? and retried them\\. For faster bulk runs, ask AWS Support to raise the CreateContact quota\\.$`,
				),
			),
			location: 'outputPane',
			type: 'info',
		},
	]);
}, 25_000);
