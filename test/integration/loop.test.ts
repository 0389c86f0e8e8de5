/**
 * Loop Over Items runs the node once per batch in one execution: the runs go on at the pace the
 * earlier ones found (transport/executionPaces.ts), instead of each starting over with a burst
 * against the bucket the last one left empty. Runs of other executions start afresh.
 */
import {
	contactsPerToken,
	createContactRequests,
	executionToken,
	runNode,
	taskParameters,
	useTestEmulator,
} from './helpers';

const QUOTA = { perSecond: 5, burst: 5 };
const emulator = useTestEmulator({ rate: QUOTA, latencyMs: 1 });

const RUNS = 6;
const PER_RUN = 8;
const ITEMS = RUNS * PER_RUN;

/** Runs the node RUNS times, PER_RUN items each, one after the other; returns the throttle count each run's hint gives. */
async function loop(executionIdOf: (run: number) => string, runIndexOf: (run: number) => number) {
	const hinted: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const { items, hints } = await runNode(emulator, {
			items: PER_RUN,
			parameters: (i) => taskParameters({ name: `Task ${run}.${i}` }),
			workflowId: 'wf-loop',
			executionId: executionIdOf(run),
			runIndex: runIndexOf(run),
		});
		expect(items).toHaveLength(PER_RUN);
		const hint = hints
			.map((h) => /^AWS throttled (\d+) request/.exec(h.message)?.[1])
			.find(Boolean);
		hinted.push(Number(hint ?? 0));
	}
	const outcomes = createContactRequests(emulator).map((r) => r.outcome);
	expect(outcomes.filter((o) => o === 'ok')).toHaveLength(ITEMS);
	return { hinted, throttled: outcomes.filter((o) => o === 'throttled').length };
}

test(`${RUNS} runs of ${PER_RUN} items in one execution (Loop Over Items) on ${QUOTA.perSecond}/s, burst ${QUOTA.burst}: once the pace is found the later runs keep it, and each run's hint counts its own throttles`, async () => {
	const { hinted, throttled } = await loop(
		() => 'exec-loop',
		(run) => run,
	);
	const tokens = Array.from({ length: RUNS }, (_, run) =>
		Array.from({ length: PER_RUN }, (_, i) =>
			executionToken('wf-loop', 'exec-loop', 'Amazon Connect', i, run),
		),
	).flat();
	expect(contactsPerToken(emulator)).toStrictEqual(
		Object.fromEntries(tokens.map((token) => [token, 1])),
	);
	expect(hinted.reduce((a, b) => a + b, 0)).toBe(throttled);
	// The first two runs find the quota (as one run of all 48 items does: 5–10 throttled here); the later
	// ones go on at the kept pace. Measured: 3, 3, 1, 1, 1, 1 (three times; 2, 2, 0, 0, 1, 0 and 2, 5, 2, 1,
	// 1, 0 with 495337e's rate control). With a pace per run each of the last four is throttled 8–11 times (the next test).
	expect(hinted.slice(2).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(RUNS);
}, 60_000);

test(`the same ${RUNS} runs as ${RUNS} executions (nothing is kept between executions): each starts over with a burst into the empty bucket`, async () => {
	const { hinted, throttled } = await loop(
		(run) => `exec-loop-${run}`,
		() => 0,
	);
	expect(hinted.reduce((a, b) => a + b, 0)).toBe(throttled);
	// Each later run's burst of 5 meets a bucket the run before left empty, and its start finds the quota again
	// (measured: 2, 10, 9, 9, 9, 9 = 48 for 48 items).
	for (const run of hinted.slice(1)) expect(run).toBeGreaterThanOrEqual(3);
}, 60_000);
