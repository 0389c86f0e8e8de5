/**
 * The pace kept per execution and API across the node's runs (transport/executionPaces.ts): the same
 * execution's runs get the same rate control, anything else a new one, and an idle pace is forgotten.
 */
import { ExecutionPaces, type PaceKey } from '../../nodes/AmazonConnect/transport/executionPaces';

const KEY: PaceKey = { executionId: 'exec-1', api: 'CreateContact', credential: 'cred-1' };

function paces() {
	let now = 1_000_000;
	const registry = new ExecutionPaces(() => now);
	return { registry, advance: (ms: number) => (now += ms) };
}

describe('ExecutionPaces', () => {
	it("gives the execution's next run of the same API the same rate control, with what it learned", () => {
		const { registry } = paces();
		const first = registry.take(KEY);
		first.rate.onThrottle(); // what the first run learned
		first.release();
		const second = registry.take({ ...KEY });
		expect(second.rate).toBe(first.rate);
		expect(second.rate.throttles).toBe(1);
		expect(registry.size).toBe(1);
	});

	it('gives another execution, API, credential or cap a rate control of its own', () => {
		const { registry } = paces();
		const kept = registry.take(KEY).rate;
		for (const other of [
			{ ...KEY, executionId: 'exec-2' },
			{ ...KEY, api: 'StartTaskContact' },
			{ ...KEY, credential: 'cred-2' },
			{ ...KEY, maxPerSecond: 5 },
		]) {
			expect(registry.take(other).rate).not.toBe(kept);
		}
		expect(registry.size).toBe(5);
	});

	it('keeps nothing for a run without an execution ID', () => {
		const { registry } = paces();
		const noExecution = { ...KEY, executionId: '' };
		expect(registry.take(noExecution).rate).not.toBe(registry.take(noExecution).rate);
		expect(registry.size).toBe(0);
	});

	it('forgets a pace idle for a minute, never one in use', () => {
		const { registry, advance } = paces();
		const inUse = registry.take(KEY);
		const idle = registry.take({ ...KEY, executionId: 'exec-2' });
		idle.release();
		advance(59_999);
		const again = registry.take({ ...KEY, executionId: 'exec-2' });
		expect(again.rate).toBe(idle.rate); // not yet forgotten
		again.release();
		advance(60_000); // a long run: exec-1 still uses its pace; exec-2's has been idle for a minute
		const exec2 = registry.take({ ...KEY, executionId: 'exec-2' });
		expect(exec2.rate).not.toBe(idle.rate);
		expect(registry.take(KEY).rate).toBe(inUse.rate);
	});

	it('forgets a released pace once its last user releases it, and counts a repeated release once', () => {
		const { registry, advance } = paces();
		const a = registry.take(KEY);
		const b = registry.take(KEY); // two runs of the execution at once (an AI agent's tool calls)
		a.release();
		a.release();
		advance(120_000);
		expect(registry.take({ ...KEY, executionId: 'other' }).rate).not.toBe(a.rate);
		const c = registry.take(KEY);
		expect(c.rate).toBe(a.rate); // b still holds it
		b.release();
		c.release();
		advance(60_000);
		expect(registry.take({ ...KEY, executionId: 'other' }).rate).toBeDefined();
		expect(registry.take(KEY).rate).not.toBe(a.rate);
	});

	it('keeps at most 1,000 paces: the least recently used idle one goes first', () => {
		const { registry, advance } = paces();
		const first = registry.take({ ...KEY, executionId: 'e0' });
		first.release();
		for (let i = 1; i < 1000; i++) {
			advance(1);
			registry.take({ ...KEY, executionId: `e${i}` }).release();
		}
		expect(registry.size).toBe(1000);
		advance(1);
		registry.take({ ...KEY, executionId: 'e-new' });
		expect(registry.size).toBe(1000);
		expect(registry.take({ ...KEY, executionId: 'e1' }).rate).toBeDefined();
		expect(registry.take({ ...KEY, executionId: 'e0' }).rate).not.toBe(first.rate);
	});
});
