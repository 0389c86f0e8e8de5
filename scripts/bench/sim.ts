/**
 * A virtual-time model of the bulk send, for tuning the rate control in seconds instead of minutes:
 * the node's own sendWithRetry and RateControl (with a virtual clock) against the emulator's own
 * token bucket and fault draw, with a fixed latency. Not a benchmark: the real one is bench.ts.
 *
 *   node build/scripts/bench/sim.js [items] [perSecond] [burst] [latencyMs] [concurrency] [executions] [faults] [cap]
 */
import { RateControl, type Clock } from '../../nodes/AmazonConnect/transport/rateControl';
import { sendWithRetry } from '../../nodes/AmazonConnect/transport/retry';
import { mulberry32, pickFault, TokenBucket } from '../../emulator/traffic';

class VirtualClock implements Clock {
	t = 0;
	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
	private seq = 0;
	now = () => this.t;
	sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
		});
	/** Runs until no timer is left, letting every promise chain settle between timers. */
	async run(): Promise<void> {
		for (;;) {
			await new Promise((r) => setImmediate(r));
			if (this.timers.length === 0) return;
			let best = 0;
			for (let i = 1; i < this.timers.length; i++) {
				const a = this.timers[i];
				const b = this.timers[best];
				if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) best = i;
			}
			const [timer] = this.timers.splice(best, 1);
			this.t = Math.max(this.t, timer.at);
			timer.resolve();
		}
	}
}

export interface SimOptions {
	items: number;
	perSecond: number;
	burst: number;
	latencyMs: number;
	concurrency: number;
	executions: number;
	faults?: { throttle: number; internalError: number; dropAfterStore: number };
	cap?: number;
	/** Start of each execution after the first, ms. */
	stagger?: number;
	trace?: boolean;
	seed?: number;
	/** Mean of an exponential extra delay on the way to the server and on the way back, ms. */
	jitterMs?: number;
}

export interface SimResult {
	seconds: number[];
	perSecond: number[];
	throttles: number;
	failed: number;
	maxWindowRate: number;
	perExecThrottles: number[];
	trace: string[];
}

export async function simulate(o: SimOptions): Promise<SimResult> {
	const clock = new VirtualClock();
	const bucket = new TokenBucket(o.perSecond, o.burst, 0);
	const random = mulberry32(o.seed ?? 7);
	const jitterRandom = mulberry32((o.seed ?? 7) + 1000);
	const faults = {
		dropBeforeHandling: 0,
		throttle: 0,
		internalError: 0,
		dropAfterStore: 0,
		...o.faults,
	};
	let throttles = 0;
	const throttleTimes: number[] = [];
	let failed = 0;
	const sendTimes: number[][] = [];
	const trace: string[] = [];
	const finish: number[] = [];
	const rates: RateControl[] = [];

	const server = async (): Promise<string> => {
		// ~1 ms to reach the server (plus jitter: a busy machine), then the answer after the latency.
		const jitter = () => (o.jitterMs ? -o.jitterMs * Math.log(1 - jitterRandom()) : 0);
		await clock.sleep(1 + jitter());
		const fault = pickFault(random(), faults);
		let outcome = 'ok';
		if (!bucket.take(clock.now())) outcome = 'throttle';
		else if (fault === 'throttle') outcome = 'throttle';
		else if (fault === 'internal') outcome = 'internal';
		else if (fault === 'dropAfterStore') outcome = 'drop';
		await clock.sleep(o.latencyMs + jitter());
		return outcome;
	};

	const execution = async (e: number) => {
		await clock.sleep(e * (o.stagger ?? 0));
		const start = clock.now();
		const rate = new RateControl({ clock, maxPerSecond: o.cap });
		rates[e] = rate;
		if (process.env.DEBUG) {
			const original = rate.onThrottle.bind(rate);
			rate.onThrottle = (at?: number) => {
				const before = rate.measuredRate;
				original(at);
				console.log(
					`t=${(clock.now() / 1000).toFixed(3)} sent=${((at ?? 0) / 1000).toFixed(3)} level ${before.toFixed(2)} -> ${rate.measuredRate.toFixed(2)} pace ${rate.currentRate.toFixed(2)}`,
				);
			};
		}
		sendTimes[e] = [];
		let next = 0;
		const worker = async () => {
			while (next < o.items) {
				next++;
				try {
					const sent = await sendWithRetry(
						async () => {
							sendTimes[e].push(clock.now());
							const outcome = await server();
							if (outcome === 'throttle') {
								throttles++;
								if (process.env.THROTTLE_TIMES) throttleTimes.push(clock.now());
								throw Object.assign(new Error('Rate exceeded'), {
									name: 'ThrottlingException',
									$metadata: { httpStatusCode: 429 },
								});
							}
							if (outcome === 'internal')
								throw Object.assign(new Error('Internal'), {
									name: 'InternalServiceException',
									$metadata: { httpStatusCode: 500 },
								});
							if (outcome === 'drop')
								throw Object.assign(new Error('socket hang up'), {
									name: 'Error',
									code: 'ECONNRESET',
								});
							return outcome;
						},
						{ maxAttempts: 8, rate, clock, random: Math.random },
					);
					if (!sent.ok) failed++;
				} catch {
					failed++;
				}
			}
		};
		await Promise.all(Array.from({ length: o.concurrency }, worker));
		finish[e] = (clock.now() - start) / 1000;
	};

	let tracing = true;
	const tracer = async () => {
		while (tracing) {
			await clock.sleep(1000);
			if (o.trace)
				trace.push(
					`${(clock.now() / 1000).toFixed(0)}s ${rates.map((r) => r?.currentRate.toFixed(2)).join(' ')}`,
				);
		}
	};
	const done = Promise.all(Array.from({ length: o.executions }, (_, e) => execution(e))).then(
		() => {
			tracing = false;
		},
	);
	void tracer();
	await clock.run();
	await done;

	// Highest number of sends of one execution in any 1 s window (the cap check).
	let maxWindowRate = 0;
	for (const times of sendTimes) {
		let lo = 0;
		for (let hi = 0; hi < times.length; hi++) {
			while (times[hi] - times[lo] >= 1000) lo++;
			maxWindowRate = Math.max(maxWindowRate, hi - lo + 1);
		}
	}
	if (process.env.THROTTLE_TIMES)
		console.log(throttleTimes.map((t) => (t / 1000).toFixed(2)).join(' '));
	return {
		seconds: finish,
		perSecond: finish.map((s) => o.items / s),
		throttles,
		failed,
		maxWindowRate,
		trace,
		perExecThrottles: rates.map((r) => r.throttles),
	};
}

async function main() {
	const a = process.argv.slice(2).map(Number);
	const [
		items = 1000,
		perSecond = 20,
		burst = 5,
		latencyMs = 100,
		concurrency = 10,
		executions = 1,
		faulty = 0,
		cap = 0,
	] = a;
	const r = await simulate({
		items,
		perSecond,
		burst,
		latencyMs,
		concurrency,
		executions,
		faults: faulty ? { throttle: 0.1, internalError: 0.05, dropAfterStore: 0.03 } : undefined,
		cap: cap || undefined,
		trace: process.env.TRACE === '1',
		seed: Number(process.env.SEED ?? 7),
		stagger: Number(process.env.STAGGER ?? 0),
		jitterMs: Number(process.env.JITTER ?? 0),
	});
	if (r.trace.length) console.log(r.trace.join('\n'));
	console.log(
		`items=${items} quota=${perSecond}/${burst} latency=${latencyMs} conc=${concurrency} exec=${executions} faults=${faulty} cap=${cap}: ` +
			`${r.perSecond.map((x) => x.toFixed(2)).join(', ')}/s (${r.perSecond.map((x) => ((100 * x * executions) / perSecond).toFixed(1)).join(', ')}% of quota) ` +
			`throttled=${r.throttles} (${r.perExecThrottles.join(', ')}) failed=${r.failed} max1s=${r.maxWindowRate} ` +
			`ideal share ${((100 * ((items * executions) / (faulty ? 0.82 : 1) - burst)) / perSecond / Math.max(...r.seconds)).toFixed(1)}%`,
	);
}

if (require.main === module) void main();
