/**
 * shared/sleep.ts: waits end on cancel with n8n 2.x's n8n-workflow (`sleep(ms, signal)`) and with
 * n8n 1.x's (`sleep(ms)` ignores a signal; `sleepWithAbort(ms, signal)` does not).
 */
import * as n8nWorkflow from 'n8n-workflow';

import { sleep, sleepOf } from '../../nodes/AmazonConnect/shared/sleep';

/** n8n-workflow 1.x's two waits, as 1.120.31 (n8n 1.123.x) has them: only sleepWithAbort ends on abort. */
const n8nWorkflow1 = {
	sleep: async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms)),
	sleepWithAbort: async (ms: number, signal?: AbortSignal) =>
		await new Promise<void>((resolve, reject) => {
			if (signal?.aborted) return reject(new Error('cancelled'));
			const timer = setTimeout(resolve, ms);
			signal?.addEventListener(
				'abort',
				() => (clearTimeout(timer), reject(new Error('cancelled'))),
				{ once: true },
			);
		}),
};

const HOUR = 3_600_000;

describe.each([
	['the installed n8n-workflow (2.x)', sleep],
	['n8n-workflow 1.x', sleepOf(n8nWorkflow1)],
])('%s', (_name, wait) => {
	it('an abort ends a long wait at once', async () => {
		const controller = new AbortController();
		const waiting = wait(HOUR, controller.signal);
		controller.abort();
		await expect(waiting).rejects.toBeDefined();
	});

	it('an already aborted signal does not wait', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(wait(HOUR, controller.signal)).rejects.toBeDefined();
	});

	it('waits the time when nothing aborts', async () => {
		const started = Date.now();
		await wait(20, new AbortController().signal);
		await wait(5);
		expect(Date.now() - started).toBeGreaterThanOrEqual(20);
	});
});

it('n8n-workflow 2.x has no sleepWithAbort: its own sleep takes the signal', () => {
	expect('sleepWithAbort' in n8nWorkflow).toBe(false);
});
