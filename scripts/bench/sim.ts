/**
 * A virtual-time model of the bulk send, for tuning the rate control in seconds instead of minutes:
 * the node's own sendWithRetry and RateControl (with a virtual clock) against the emulator's own
 * token bucket and fault draw. Not a benchmark: the real one is bench.ts.
 *
 * Predictive only with what the real bench has and an ideal model lacks (CALIBRATION): the client's
 * own work per request on the one event loop every execution shares (requests leave one after the
 * other), a slower first request per connection, and a jitter on every request (a busy machine). With
 * them two executions started together do not stay in lock-step, and the model shows the real
 * bench's failures. The rate control of f27f271 (the node's until 9fbd78e), over seeds 7-46: every quota
 * case and background met in all 40, except 100/s in 34 (up to 5.7% throttled); shared in 15 (e.g.
 * 66% min 25%; the real bench: 72% min 32%); faults in 8 (the real bench: 85%). Without the
 * calibration it said shared 97% min 48%. The real bench is one draw: a bar met in 30 of 40 seeds
 * here fails one run in four. The node's rate control of 9fbd78e: every quota case (the operations'
 * too) and background in 40, faults in 36, shared in 31, the queue suite's case in 15. With a climb that
 * regains the same absolute pace at every level up to 15/s and credit only on an account that errs
 * (fd031c7): the same, but shared in 33 and the queue case in 31 (seeds 47-86: shared 34 and queue 27,
 * against 27 and 11; faults 33 both); with a squeezed execution's climb as fast at a few per second
 * (a457724): shared 35, queue 35 (47-86: 37 and 33). The queue case fails on the split (one execution
 * under 40%): the one squeezed at the start can look like a lone low quota.
 *
 * What the traces (DEBUG=1 TRACE=1) showed of f27f271's rate control: (1) the start grows the pace per
 * accepted request, so of two executions started together the one whose first requests got tokens
 * races ahead (76/s against 15/s in the real bench's trace); (2) until a level is confirmed, every
 * throttle sets the level to the rate given since the start ended, measured over a few tokens: the
 * execution that meets the other's traffic falls (10.9 → 5.9/s) and so does an execution whose
 * throttles are random faults (20 → 9/s); (3) the climb takes CYCLE requests at the own level, so
 * a low level climbs slowly and stays low. Tried here without meeting every bar on most seeds: the
 * start growing per answer, a fixed or a start-given climb time, a floor on each fall, a background
 * share learned from the first drop (which lets 2/s sit 10% over its quota, 30% throttled).
 *
 *   node build/scripts/bench/sim.js suite            the bench's scenarios, one line per seed (seeds 7-46, or SEEDS=7,8,...),
 *                                                    then in how many seeds each bar is met
 *   RATE_CONTROL=build/…/candidate.js node build/scripts/bench/sim.js suite   a candidate instead of the node's
 *   node build/scripts/bench/sim.js queue [itemsEach...]   the queue suite's case over 640 runs per size
 *   node build/scripts/bench/sim.js [items] [perSecond] [burst] [latencyMs] [concurrency] [executions] [faults] [cap]
 *                                                    one run; JITTER, CPU, COLD (ms), SEED, STAGGER, TRACE=1, DEBUG=1
 */
import * as path from 'node:path';

import * as shipped from '../../nodes/AmazonConnect/transport/rateControl';
import type { Clock, RateControl } from '../../nodes/AmazonConnect/transport/rateControl';
import { sendWithRetry } from '../../nodes/AmazonConnect/transport/retry';
import { mulberry32, pickFault, TokenBucket } from '../../emulator/traffic';
import {
	BACKGROUND,
	BARS,
	FAULT_CASE,
	FAULTS,
	idealSeconds,
	OPERATION_CASES,
	QUOTA_CASES,
	requestsPerItem,
	SHARED,
} from './bench';

/**
 * The rate control the model runs: the node's, or a candidate's compiled module given as RATE_CONTROL=path
 * (it exports a RateControl with the same API), to try a design without editing the node.
 */
const RateControlClass: typeof RateControl = process.env.RATE_CONTROL
	? // eslint-disable-next-line @typescript-eslint/no-require-imports
		(require(path.resolve(process.env.RATE_CONTROL)) as typeof shipped).RateControl
	: shipped.RateControl;

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
	/** Another caller of the same bucket: this many requests per second from 2 s before the executions start. */
	backgroundPerSecond?: number;
	/**
	 * The client's own work per request (signing, HTTP), ms: one event loop for every execution of
	 * the process, so requests leave one after the other, and the first ones of a run later (a new
	 * connection each: `coldMs` more for the first `concurrency` requests of each execution).
	 */
	cpuMs?: number;
	coldMs?: number;
}

export interface SimResult {
	seconds: number[];
	perSecond: number[];
	throttles: number;
	failed: number;
	maxWindowRate: number;
	perExecThrottles: number[];
	/** Accepted requests of each execution until the first execution ended. */
	whileBoth: number[];
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
	const acceptTimes: number[][] = [];
	const trace: string[] = [];
	const finish: number[] = [];
	const rates: RateControl[] = [];

	let cpuFreeAt = 0;
	const server = async (cold = false): Promise<string> => {
		// The client's work (one at a time), ~1 ms to reach the server (plus jitter: a busy machine),
		// then the answer after the latency.
		const jitter = () => (o.jitterMs ? -o.jitterMs * Math.log(1 - jitterRandom()) : 0);
		cpuFreeAt = Math.max(cpuFreeAt, clock.now()) + (o.cpuMs ?? 0) + (cold ? (o.coldMs ?? 0) : 0);
		await clock.sleep(cpuFreeAt - clock.now() + 1 + jitter());
		const fault = pickFault(random(), faults);
		let outcome = 'ok';
		if (!bucket.take(clock.now())) outcome = 'throttle';
		else if (fault === 'throttle') outcome = 'throttle';
		else if (fault === 'internal') outcome = 'internal';
		else if (fault === 'dropAfterStore') outcome = 'drop';
		await clock.sleep(o.latencyMs + jitter());
		return outcome;
	};

	const background = async () => {
		const every = 1000 / o.backgroundPerSecond!;
		let t = 0;
		while (tracing) {
			await clock.sleep(t + every - clock.now());
			t += every;
			void server();
		}
	};
	const lead = o.backgroundPerSecond ? 2000 : 0;
	const execution = async (e: number) => {
		await clock.sleep(lead + e * (o.stagger ?? 0));
		const start = clock.now();
		const rate = new RateControlClass({ clock, maxPerSecond: o.cap });
		rates[e] = rate;
		if (process.env.DEBUG) {
			const original = rate.onThrottle.bind(rate);
			rate.onThrottle = (at?: number) => {
				const before = rate.measuredRate;
				original(at);
				console.log(
					`e${e} t=${(clock.now() / 1000).toFixed(3)} sent=${((at ?? 0) / 1000).toFixed(3)} level ${before.toFixed(2)} -> ${rate.measuredRate.toFixed(2)} pace ${rate.currentRate.toFixed(2)}`,
				);
			};
		}
		sendTimes[e] = [];
		acceptTimes[e] = [];
		let next = 0;
		const worker = async () => {
			while (next < o.items) {
				next++;
				try {
					const sent = await sendWithRetry(
						async () => {
							sendTimes[e].push(clock.now());
							const outcome = await server(sendTimes[e].length <= o.concurrency);
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
							acceptTimes[e].push(clock.now());
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
	if (o.backgroundPerSecond) void background();
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
		whileBoth: acceptTimes.map(
			(times) => times.filter((t) => t <= lead + 1000 * Math.min(...finish)).length,
		),
	};
}

/** The client's work and the machine's noise that make the model predict the real bench (see the header). */
export const CALIBRATION = { jitterMs: 10, cpuMs: 1, coldMs: 5 };

/** The queue suite's shared quota (test/queue: two workers, 1,500 items each, the emulator without latency). */
const QUEUE_SHARED = { quota: { perSecond: 20, burst: 5 }, latencyMs: 0, itemsEach: 1500 };

/**
 * Two executions on one quota, the second started `stagger` ms after the first: together (over the whole run), the
 * smaller one's share of what they got while both ran, throttled requests per item.
 */
async function twoExecutions(
	c: typeof SHARED,
	seed: number,
	calibration: typeof CALIBRATION,
	stagger = 0,
) {
	const r = await simulate({
		concurrency: 10,
		executions: 2,
		seed,
		...calibration,
		items: c.itemsEach,
		perSecond: c.quota.perSecond,
		burst: c.quota.burst,
		latencyMs: c.latencyMs,
		stagger,
	});
	const wall = Math.max(...r.seconds.map((s, i) => s + (i * stagger) / 1000));
	return {
		together: idealSeconds(2 * c.itemsEach, c.quota) / wall,
		minShare: Math.min(...r.whileBoth) / (r.whileBoth[0] + r.whileBoth[1]),
		throttled: r.throttles / (2 * c.itemsEach),
		failed: r.failed,
	};
}

/** Issue 14's bars for the queue suite's case: the shared quota's, and at most 10% of the items throttled. */
const queueMet = (q: Awaited<ReturnType<typeof twoExecutions>>) =>
	BARS.shared(q.together, q.minShare) && q.throttled <= 0.1;

/**
 * The queue suite's case at each size in `itemsEach`, over 80 seeds (7-86) × the second execution's start 0, 50, 100
 * or 200 ms later × an answer latency of 0 or 100 ms: in how many of the 640 runs a bar is missed. The split is a
 * convergence, so it depends on the size.
 */
async function queueSizes(itemsEach: number[]) {
	for (const items of itemsEach) {
		let missed = 0;
		const cells: string[] = [];
		for (const stagger of [0, 50, 100, 200]) {
			for (const latencyMs of [0, 100]) {
				const c = { ...QUEUE_SHARED, itemsEach: items, latencyMs };
				let cell = 0;
				for (let seed = 7; seed <= 86; seed++) {
					const q = await twoExecutions(c, seed, CALIBRATION, stagger);
					cell += Number(!queueMet(q) || q.failed > 0);
				}
				cells.push(`${stagger} ms/${latencyMs} ms ${cell}`);
				missed += cell;
			}
		}
		console.log(
			`${items} items each: a bar missed in ${missed} of 640 runs (stagger/latency: ${cells.join(', ')})`,
		);
	}
}

/**
 * The bench's own scenarios (its constants, not copies) in virtual time: the quota cases, shared,
 * background and faults, and the queue suite's shared quota (issue 14). Returns the bench's last line
 * for them, and whether each bar is met.
 */
export async function suite(seed: number, calibration = CALIBRATION) {
	const pct = (n: number) => `${Math.round(100 * n)}%`;
	const base = { concurrency: 10, executions: 1, seed, ...calibration };
	const line: string[] = [];
	/** Each bar of the bench: met in this seed? */
	const met: Record<string, boolean> = {};
	// The operations' cases run together in the bench (one API each: they share only the process).
	for (const c of [...QUOTA_CASES, ...OPERATION_CASES]) {
		const r = await simulate({
			...base,
			items: c.items,
			perSecond: c.quota.perSecond,
			burst: c.quota.burst,
			latencyMs: c.latencyMs,
		});
		const share = idealSeconds(c.items, c.quota) / r.seconds[0];
		line.push(`quota ${c.key}: ${pct(share)} throttled ${pct(r.throttles / c.items)}`);
		met[`quota ${c.key}`] =
			BARS.quotaShare(share) && BARS.quotaThrottled(r.throttles, c.items) && r.failed === 0;
	}
	const shared = await twoExecutions(SHARED, seed, calibration);
	line.push(`shared: ${pct(shared.together)} min ${pct(shared.minShare)}`);
	// Issue 14's case, as the queue suite runs it (test/queue): no latency; bars also ≤ 10% of the items throttled.
	const queue = await twoExecutions(QUEUE_SHARED, seed, calibration);
	line.push(
		`queue: ${pct(queue.together)} min ${pct(queue.minShare)} throttled ${pct(queue.throttled)}`,
	);
	const bg = await simulate({
		...base,
		items: BACKGROUND.items,
		perSecond: BACKGROUND.quota.perSecond,
		burst: BACKGROUND.quota.burst,
		latencyMs: BACKGROUND.latencyMs,
		backgroundPerSecond: BACKGROUND.share * BACKGROUND.quota.perSecond,
	});
	const left = {
		perSecond: (1 - BACKGROUND.share) * BACKGROUND.quota.perSecond,
		burst: BACKGROUND.quota.burst,
	};
	const background = idealSeconds(BACKGROUND.items, left) / bg.seconds[0];
	line.push(`background: ${pct(background)}`);
	const f = await simulate({
		...base,
		items: FAULT_CASE.items,
		perSecond: FAULT_CASE.quota.perSecond,
		burst: FAULT_CASE.quota.burst,
		latencyMs: FAULT_CASE.latencyMs,
		faults: FAULTS,
	});
	const faults =
		idealSeconds(FAULT_CASE.items * requestsPerItem(FAULTS), FAULT_CASE.quota) / f.seconds[0];
	line.push(`faults: ${pct(faults)}`);
	const failed = shared.failed + queue.failed + bg.failed + f.failed;
	line.push(`failed=${failed}`);
	met.shared = BARS.shared(shared.together, shared.minShare);
	met.queue = queueMet(queue);
	met.background = BARS.rateLeft(background);
	met.faults = BARS.rateLeft(faults);
	met.failed = failed === 0;
	return { line: line.join(' | '), met };
}

async function main() {
	if (process.argv[2] === 'queue') {
		const sizes = process.argv.slice(3).map(Number);
		await queueSizes(sizes.length ? sizes : [QUEUE_SHARED.itemsEach]);
		return;
	}
	if (process.argv[2] === 'suite') {
		// One line per seed (the seed draws the jitter, and the faults), 40 by default: the real bench is
		// one draw, and a bar met in a few seeds more or less is within the draw.
		const seeds = process.env.SEEDS
			? process.env.SEEDS.split(',').map(Number)
			: Array.from({ length: 40 }, (_, i) => 7 + i);
		const counts: Record<string, number> = {};
		for (const seed of seeds) {
			const r = await suite(seed);
			console.log(`seed ${seed}: ${r.line}`);
			for (const [bar, ok] of Object.entries(r.met)) counts[bar] = (counts[bar] ?? 0) + Number(ok);
		}
		const summary = Object.entries(counts).map(([bar, n]) => `${bar} ${n}`);
		console.log(
			`bars met in ${seeds.length} seeds: ${summary.join(', ')} (calibration ${JSON.stringify(CALIBRATION)})`,
		);
		return;
	}
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
		cpuMs: Number(process.env.CPU ?? 0),
		coldMs: Number(process.env.COLD ?? 0),
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
