/**
 * Loop Over Items with n8n's default batch size of one: the node runs once per item, so its requests go one at a
 * time, each after the last one's answer. Such a sender cannot follow the start's doubling pace; at a low quota it
 * must not be taken for an execution squeezed by another caller (whose climb back is fast), or it would sit at about
 * twice the quota with every other request throttled.
 */
import { createContactRequests, runNode, taskParameters, useTestEmulator } from './helpers';

const QUOTA = { perSecond: 2, burst: 5 };
const emulator = useTestEmulator({ rate: QUOTA, latencyMs: 100 });

const RUNS = 40;

test(`${RUNS} runs of one item in one execution on ${QUOTA.perSecond}/s, burst ${QUOTA.burst}, answers after 100 ms: few requests are throttled`, async () => {
	for (let run = 0; run < RUNS; run++) {
		const { items } = await runNode(emulator, {
			items: 1,
			parameters: () => taskParameters({ name: `Task ${run}` }),
			workflowId: 'wf-serial',
			executionId: 'exec-serial',
			runIndex: run,
		});
		expect(items).toHaveLength(1);
	}
	const outcomes = createContactRequests(emulator).map((r) => r.outcome);
	expect(outcomes.filter((o) => o === 'ok')).toHaveLength(RUNS);
	// The start's overshoot costs a few; then the pace stays at the quota. Measured: 6, three times (35 before the
	// rate control told a serial sender from a squeezed one, 88208a3).
	expect(outcomes.filter((o) => o === 'throttled').length).toBeLessThanOrEqual(10);
}, 120_000);
