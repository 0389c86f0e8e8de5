/**
 * The pace of one execution's requests to one AWS API. Each API has its own account quota, so the
 * runner keeps one RateControl per execution for its operation's API (executionPaces.ts); nothing is shared between
 * executions (each queue-mode worker and each execution finds its share by itself).
 *
 * The model. AWS meters an API of an account with a token bucket (a rate r and a burst); a request
 * is throttled when the bucket is empty as it arrives. The control keeps a pace p (requests spaced
 * 1/p apart) and a level L, the pace at which the bucket last ran empty:
 * - Start: the first START_BURST requests go at once, then p starts at START_RATE and doubles every
 *   START_DOUBLING_MS of time (executions started together grow alike) until throttles are dense
 *   (at least 3, a quarter of the answers since the first throttle).
 * - Coming down from the start's overshoot (until a climb back reaches L with an answer that got
 *   through): each throttle of the pace sets L from that pace and drops p by DROP, or, while at most
 *   THROUGH_LOW of the last RING answers got through, to that share (a start several times over a
 *   low quota costs a few throttles, not one per 10%). Two exceptions: shortly after the start, far
 *   under its last pace (the rate its last requests actually left at, when a serial loop or a low
 *   concurrency could not follow it), a pace at which few get through is held, not lowered: there a
 *   lone quota lets about half through, so fewer says another execution started with this one holds the tokens
 *   (a paced sender under the token rate takes each one as it comes), and going on down would starve
 *   this one; and a sparse throttle while climbing back, among few since the start, is likely a fault
 *   and lowers L by SPREAD_STEP at most.
 * - Then p climbs back to L along a cubic that flattens at L in K seconds, stays there, and probes above L:
 *   about one throttle per K. K = L / CLIMB_RATE (K_TOP from 15/s up), so the climb regains DROP · CLIMB_RATE
 *   requests/s per second whatever L: executions sharing a quota gain alike while each throttle takes DROP of
 *   its own level (additive increase, multiplicative decrease: the larger yields more, they even out); only at
 *   a few per second K is longer (CYCLE_Q / L⁴, up to K_MAX), so a low quota sees few throttles, unless
 *   another caller was seen taking the tokens (contended: the hold held a throttle; coming down, a throttle
 *   well under L and under the least rate after many answers got through; settled, a throttle while
 *   climbing back; or L is under the least rate the account has given since the bucket first ran empty,
 *   for a lone bucket gives at most its rate times the time since, plus a token): a lone low quota shows
 *   none of these, and a squeezed execution must not climb back for a minute. Once settled, throttles on DENSE_SETTLED of the answers since take `contended` back:
 *   that level is over the quota, and the fast climb would hold it there (each throttle lowering it by about 1%).
 * - Once settled, on an account that errs (ERRORS_SEEN server errors or dropped connections: a faulty
 *   account throttles at random too), a throttle while climbing back is not the pace's, and the share of
 *   them is the background's (once some were seen, so is a throttle share of 7–10%
 *   since settling: climbs sample it slowly): each answer credits that share, and a throttle the
 *   credit covers, at a pace not far over L, is expected. Any other throttle drops p to (1 − DROP)·L
 *   and sets L to its pace, or, once a background was seen and the throttle is a single one, leaves
 *   L where it is. Without errors seen every throttle counts (none is borne, L is not kept): they are
 *   contention with another caller (an execution), and bearing them would let the faster one keep its
 *   share (and the throttles) for good.
 * - The account's given rate: between two moments the bucket was empty, it gave exactly its rate (alone). Used only
 *   on alone-like evidence, a big start (at least BIG_START answers got through before the bucket first ran empty:
 *   executions sharing a quota get few each): coming down, once GIVEN_MS after that first throttle the pace is still
 *   over GIVEN_FAR times the rate given since it, L jumps to GIVEN_DESCENT times that rate (once); once settled, with
 *   no background throttle seen, a throttle that sets L caps it at GIVEN_OVER times the rate given since an earlier
 *   such throttle at least GIVEN_SPAN answers back, and the climb back takes at least GIVEN_CYCLE / L seconds.
 * - A throttle's pace is the rate the last requests actually left at when that is far under the pace: a serial
 *   loop (Loop Over Items of one item) or a low concurrency against a long latency cannot keep a high pace.
 * - A fixed cap (Max Requests per Second) is never exceeded.
 * Every wait takes the execution's AbortSignal: a cancel ends it at once.
 */
import { sleep } from '../shared/sleep'; // n8n-workflow's cancellable wait, in n8n 1.x too

export interface Clock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => await sleep(ms, signal),
};

export interface RateControlOptions {
	/** Fixed cap in requests per second; 0 or undefined for none. */
	maxPerSecond?: number;
	clock?: Clock;
}

/** The first START_BURST requests go at once (Connect's smallest burst); then the start pace doubles in time. */
const START_BURST = 5;
const START_RATE = 4;
const START_DOUBLING_MS = 400;
/**
 * A throttle drops the pace to (1 − DROP) of the level; it climbs back in K = max(min(K_TOP, L / CLIMB_RATE), CYCLE_Q / L⁴)
 * ≤ K_MAX seconds (long only at a few per second), then probes above L on the time scale min(K, K_UP).
 */
const DROP = 0.1;
const CLIMB_RATE = 5;
const CYCLE_Q = 8000;
const K_TOP = 3;
const K_MAX = 60;
const K_UP = 3;
/** Coming down from the start: at most THROUGH_LOW of the last RING answers through takes the pace to that share (at most DESCENT_MAX less). */
const RING = 12;
const THROUGH_LOW = 0.4;
const DESCENT_MAX = 0.4;
/** Throttles at least this share of the answers (and at least 3) say the pace is far over the quota. */
const DENSE = 0.25;
/**
 * Coming down, once the pace is under HOLD_BELOW of the start's last pace (and for HOLD_MS after the start): a throttle
 * is acted on only after HOLD_WINDOW answers sent since the last drop, and not while at most HOLD_THROUGH of them got
 * through: so few through at a pace far under the start's says another execution holds the tokens (a paced sender
 * under the quota wins the race for them), not that this pace is over the quota.
 */
const HOLD_BELOW = 0.4;
const HOLD_MS = 3000;
const HOLD_WINDOW = 4;
const HOLD_THROUGH = 0.4;
/** Lowest pace: Connect's smallest quotas are a few requests per second. */
const MIN_RATE = 0.5;
/** Throttles are borne (while climbing back, by credit, with the level kept) only once this many answers were server errors or dropped connections. */
const ERRORS_SEEN = 3;
/** The background share is throttles over at least this many answers; credit for expected throttles is capped. */
const PRIOR = 50;
const CREDIT_MAX = 6;
/** Once this many background throttles were seen, a single throttle at the level does not lower it (only the pace drops). */
const BACKGROUND_SEEN = 3;
/**
 * Once BACKGROUND_SEEN background throttles were seen and SETTLED_MIN answers came since settling, a throttle share
 * since settling of at least SETTLED_SHARE is the background's too (capped at SETTLED_CAP): the climbs sample it slowly.
 * Credit covers a throttle only at a pace up to CREDIT_ABOVE times the level.
 */
const SETTLED_MIN = 30;
const SETTLED_SHARE = 0.07;
const SETTLED_CAP = 0.1;
const CREDIT_ABOVE = 1.3;
/** Coming down: a sparse throttle while climbing lowers L by at most SPREAD_STEP when at most SPREAD_SHARE of the (≥ SPREAD_MIN) answers since the start's first throttle were throttled. */
const SPREAD_MIN = 20;
const SPREAD_SHARE = 0.2;
const SPREAD_STEP = 0.02;
/** Coming down: a throttle while climbing under CONTENDED_BELOW of L, after CONTENDED_AFTER answers since the drop with none throttled, says another caller. */
const CONTENDED_BELOW = 0.93;
const CONTENDED_AFTER = 10;

/**
 * A lone bucket gives at most its rate times the time since it was empty, plus the token it may have held: so
 * (answers through to requests sent since the first throttled one − LEAST_SLACK) over at least LEAST_SPAN_MS is
 * the least rate the account has (a second token of slack for the jitter of send times against arrivals).
 */
const LEAST_SPAN_MS = 1000;
const LEAST_SLACK = 2;
/** A throttle's pace is the rate the last SENT_WINDOW requests left at when that is under REACHED_FAR of the pace. */
const SENT_WINDOW = 8;
const REACHED_FAR = 0.5;
/** The start's last pace (what the hold compares with) is the rate its last requests left at when under EXIT_REACHED of the pace. */
const EXIT_REACHED = 0.7;
/** Once settled, at least DENSE_SETTLED of the (≥ RING) answers since throttled says the level is over the quota, not squeezed. */
const DENSE_SETTLED = 0.3;

/** The given rate (answers that got through between two empty moments of the bucket), on a big start only. */
const BIG_START = 20;
const GIVEN_MS = 900;
const GIVEN_MIN = 10;
const GIVEN_FAR = 1.3;
const GIVEN_DESCENT = 1.05;
const GIVEN_SPAN = 30;
const GIVEN_OVER = 1.03;
const GIVEN_CYCLE = 60;

export class RateControl {
	private readonly clock: Clock;
	private readonly cap: number;
	private starting = true;
	/** Until a climb back reaches the level without a throttle, the level may still be over the account's rate. */
	private settled = false;
	/** The last RING answers to paced requests since the start's first throttle (1 = throttled). */
	private readonly ring: number[] = [];
	/** Answers to paced requests since the start's first throttle, and how many were throttled. */
	private sinceFirst = 0;
	private throttledSinceFirst = 0;
	/** Answers to paced requests since settling, and how many were throttled. */
	private sinceSettled = 0;
	private throttledSinceSettled = 0;
	/** The level rose at the last drop (a probe found room, or a reserve in the bucket let the pace run over). */
	private rose = false;
	/** When the paced start began (the burst had gone). */
	private pacedFrom = Infinity;
	/** The pace at which the bucket last ran empty; Infinity during the start. */
	private level = Infinity;
	/** When the pace last dropped; requests sent before it were sent at the old pace. */
	private droppedAt = -Infinity;
	/** Since the last drop: answers, and how many were throttles. */
	private sinceDrop = 0;
	private throttledSinceDrop = 0;
	/** Throttle share seen while climbing back (the background's), and the current climb's, counted when it ends. */
	private background = { sent: 0, throttled: 0 };
	private climb = { sent: 0, throttled: 0 };
	/** Throttles the background share leads to expect, not yet seen. */
	private credit = 0;
	private lastSent = -Infinity;
	/** When the start ended, and its last pace. */
	private exitAt = -Infinity;
	private exitPace = 0;
	private sent = 0;
	/** Answers that got through; when the start's bucket first ran empty and how many had got through then. */
	private got = 0;
	private firstEmpty: [number, number] = [0, 0];
	private jumped = false;
	/** Once settled: recent throttles that set the level (empty moments), [time, got]; whether the given rate capped L. */
	private empties: Array<[number, number]> = [];
	private alone = false;
	/** Another caller was seen taking the tokens: the climb is not slowed at a low level. */
	private contended = false;
	/** The send time of the first throttled request, answers through to requests sent after it, and the least rate they show. */
	private emptySince = Infinity;
	private throughSinceEmpty = 0;
	private leastRate = 0;
	/** When the last SENT_WINDOW requests left. */
	private readonly sends: number[] = [];
	/** Answers that got past the throttle but failed (server errors, dropped connections). */
	private errors = 0;
	/** Throttled requests, whatever the cause. */
	throttles = 0;

	constructor(options: RateControlOptions = {}) {
		this.clock = options.clock ?? realClock;
		this.cap = options.maxPerSecond && options.maxPerSecond > 0 ? options.maxPerSecond : Infinity;
	}

	/** The pace now, in requests per second (at most the cap). */
	get currentRate(): number {
		return Math.min(this.paceAt(this.clock.now()), this.cap);
	}

	/** The level the pace settles at, the account's rate for this execution as last found; Infinity before any throttle. */
	get measuredRate(): number {
		return Math.min(this.level, this.cap);
	}

	/**
	 * Waits until the pace allows the next request; resolves with its send time, to give back to
	 * onSuccess / onError / onThrottle. Waiters look again when they wake: a drop meanwhile spaces them further.
	 * `signal` (the run's cancel) ends the wait at once: the pace is kept across the node's runs, the cancel is each run's.
	 */
	async acquire(signal?: AbortSignal): Promise<number> {
		for (;;) {
			signal?.throwIfAborted();
			const now = this.clock.now();
			const rate = this.currentRate;
			const interval = 1000 / rate;
			// Within a millisecond is now: clocks and timers count in whole milliseconds.
			const next =
				this.starting && this.sent < START_BURST && this.cap === Infinity
					? now
					: this.lastSent + interval;
			if (next < now + 1) {
				// The paced start begins after the burst (or at once under a cap).
				if (this.sent++ === 0 || (this.sent === START_BURST && this.starting)) {
					this.pacedFrom = now + 1;
					this.droppedAt = now + 1;
				}
				// A late wake-up keeps to the schedule (up to one interval behind), except under the cap.
				this.lastSent = rate >= this.cap ? now : Math.max(next, now - interval);
				this.sends.push(now);
				if (this.sends.length > SENT_WINDOW) this.sends.shift();
				return now;
			}
			await this.clock.sleep(next - now, signal);
		}
	}

	/** An accepted request; `sentAt` is the time acquire() gave it. */
	onSuccess(sentAt = this.clock.now()): void {
		this.got++;
		this.countThrough(sentAt);
		this.answered(sentAt, false);
	}

	/** A request that got past the throttle but failed (a server error, a dropped connection). */
	onError(sentAt = this.clock.now()): void {
		this.got++;
		this.errors++;
		this.countThrough(sentAt);
		this.answered(sentAt, false);
	}

	/** A throttled request; `sentAt` is the time acquire() gave it. */
	onThrottle(sentAt = this.clock.now()): void {
		this.throttles++;
		this.emptySince = Math.min(this.emptySince, sentAt);
		if (sentAt < this.droppedAt) return; // sent at the old pace, which was already dropped
		const climbing = this.answered(sentAt, true);
		this.throttledSinceDrop++;
		const pace = this.reachedAt(sentAt);
		const dense = this.throttledSinceDrop >= 3 && this.throttledSinceDrop >= DENSE * this.sinceDrop;
		if (this.starting) {
			// The share through counts from the first throttle (the bucket ran empty there).
			if (this.throttledSinceDrop === 1 || this.throttledSinceDrop < DENSE * this.sinceDrop) {
				this.ring.splice(0, this.ring.length - 1);
				this.sinceFirst = 1;
				this.throttledSinceFirst = 1;
				this.firstEmpty = [this.clock.now(), this.got];
			}
			if (dense) {
				// A serial loop or a low concurrency against a long latency does not follow the doubling start.
				this.exitPace = this.reachedAt(sentAt, EXIT_REACHED);
				this.level = this.descend(pace);
				this.starting = false;
				this.exitAt = this.clock.now();
				this.drop();
			} else if (this.throttledSinceDrop < DENSE * this.sinceDrop) {
				// Throttles spread among many answers (a fault, another caller): count afresh from this one.
				this.sinceDrop = 1;
				this.throttledSinceDrop = 1;
			}
			return;
		}
		if (this.settled && !dense) {
			// Under the level: a fault, once the account erred; else another caller's, and contention is shared.
			if (climbing && this.erring) return;
			if (this.credit >= 1 && pace <= CREDIT_ABOVE * this.level) {
				this.credit--; // one the background share leads to expect
				return;
			}
		}
		if (!this.settled && this.holding(pace)) {
			// Far under the start's pace: wait for a few answers at this pace; hold while few get through.
			if (this.sinceDrop < HOLD_WINDOW) return;
			if (1 - this.throttledSinceDrop / this.sinceDrop <= HOLD_THROUGH) {
				this.contended = true;
				return;
			}
		}
		// Throttles this dense since settling: the level is over the quota, not squeezed, and the fast climb of a
		// squeezed execution would keep it there.
		if (
			this.settled &&
			this.sinceSettled >= RING &&
			this.throttledSinceSettled >= DENSE_SETTLED * this.sinceSettled
		)
			this.contended = false;
		this.rose = this.settled && pace > this.level;
		if (this.settled) {
			// With a background seen, a single throttle at the level may be one more of it: L stays (the pace drops).
			const keep = !dense && this.erring && this.background.throttled >= BACKGROUND_SEEN;
			this.level = Math.max(MIN_RATE, pace, keep ? this.level : 0);
			if (this.background.throttled === 0 && this.firstEmpty[1] >= BIG_START) {
				// Alone-like: L at most a little over the rate the account gave since an earlier empty moment.
				for (let i = this.empties.length - 1; i >= 0; i--) {
					if (this.got - this.empties[i][1] >= GIVEN_SPAN) {
						const given = this.givenSince(this.empties[i]);
						this.level = Math.max(MIN_RATE, Math.min(this.level, GIVEN_OVER * given));
						this.alone = true;
						break;
					}
				}
				this.empties.push([this.clock.now(), this.got]);
				if (this.empties.length > 20) this.empties.shift();
			}
		} else {
			// Well under the level after many answers got through since the drop, and under the least rate: another
			// caller took the tokens (alone, a climb back from over the quota runs the bucket's reserve out between the
			// quota and L, never under the rate the account has given).
			if (
				climbing &&
				pace < CONTENDED_BELOW * this.level &&
				pace < this.leastRate &&
				this.sinceDrop >= CONTENDED_AFTER &&
				this.throttledSinceDrop <= 1
			)
				this.contended = true;
			// Coming down: a sparse throttle while climbing, with few throttled since the start's first, is likely a fault.
			const spread =
				!dense &&
				climbing &&
				this.sinceFirst >= SPREAD_MIN &&
				this.throttledSinceFirst <= SPREAD_SHARE * this.sinceFirst;
			this.level = spread
				? Math.max(this.descend(pace), (1 - SPREAD_STEP) * this.level)
				: this.descend(pace);
			// A big start far over the rate given since its first throttle: jump to that rate (once).
			const [t0, g0] = this.firstEmpty;
			const now = this.clock.now();
			if (!this.jumped && g0 >= BIG_START && now - t0 >= GIVEN_MS && this.got - g0 >= GIVEN_MIN) {
				const given = this.givenSince(this.firstEmpty);
				if (GIVEN_FAR * given < this.level) {
					this.level = Math.max(MIN_RATE, GIVEN_DESCENT * given);
					this.jumped = true;
				}
			}
		}
		this.drop();
	}

	/** The account has answered with server errors or dropped connections: it may throttle at random too. */
	private get erring(): boolean {
		return this.errors >= ERRORS_SEEN;
	}

	/** An answer got past the throttle: the least rate the account has, once the bucket was seen empty. */
	private countThrough(sentAt: number): void {
		if (sentAt <= this.emptySince) return;
		this.throughSinceEmpty++;
		const span = sentAt - this.emptySince;
		if (span >= LEAST_SPAN_MS)
			this.leastRate = Math.max(
				this.leastRate,
				((this.throughSinceEmpty - LEAST_SLACK) * 1000) / span,
			);
	}

	/**
	 * The pace a request was sent at, or the rate the last SENT_WINDOW requests actually left at when that is under
	 * `far` times it: a serial loop, or a low concurrency against a long latency, cannot keep a high pace, and the
	 * bucket ran empty at the rate they reached.
	 */
	private reachedAt(sentAt: number, far = REACHED_FAR): number {
		const paced = this.paceAt(sentAt);
		const n = this.sends.length;
		if (n < SENT_WINDOW) return paced;
		const reached = ((n - 1) * 1000) / Math.max(1, this.sends[n - 1] - this.sends[0]);
		return reached < far * paced ? reached : paced;
	}

	/** The level coming down from the start: by DROP, or to the share through of late when it is low. */
	private descend(pace: number): number {
		const through = this.ring.length
			? 1 - this.ring.reduce((a, b) => a + b, 0) / this.ring.length
			: 1;
		const f =
			through > THROUGH_LOW ? 1 - DROP : Math.max(1 - DESCENT_MAX, Math.min(1 - DROP, through));
		return Math.max(MIN_RATE, (pace * f) / (1 - DROP)); // the pace drops to (1 − DROP)·L = f·pace
	}

	/** The rate the account gave since an empty moment [time, answers through then]: answers through per second. */
	private givenSince([t, got]: [number, number]): number {
		return ((this.got - got) * 1000) / (this.clock.now() - t);
	}

	/** Shortly after the start, at a pace far under the start's last pace. */
	private holding(pace: number): boolean {
		return this.clock.now() - this.exitAt <= HOLD_MS && pace < HOLD_BELOW * this.exitPace;
	}

	private drop(): void {
		this.droppedAt = this.clock.now();
		this.sinceDrop = 0;
		this.throttledSinceDrop = 0;
	}

	/** The share of answers the background throttles (what each answer credits), from climbs and, once settled, since settling. */
	private backgroundShare(): number {
		const fromClimbs = this.background.throttled / Math.max(this.background.sent, PRIOR);
		const settledShare = this.throttledSinceSettled / Math.max(this.sinceSettled, 1);
		return this.settled &&
			this.background.throttled >= BACKGROUND_SEEN &&
			this.sinceSettled >= SETTLED_MIN &&
			settledShare >= SETTLED_SHARE
			? Math.max(fromClimbs, Math.min(SETTLED_CAP, settledShare))
			: fromClimbs;
	}

	/** Counts an answer to a request sent at the current pace; returns whether it was sent while climbing back. */
	private answered(sentAt: number, throttled: boolean): boolean {
		if (sentAt >= this.pacedFrom) {
			this.ring.push(throttled ? 1 : 0);
			if (this.ring.length > RING) this.ring.shift();
			this.sinceFirst++;
			if (throttled) this.throttledSinceFirst++;
			if (this.settled) {
				this.sinceSettled++;
				if (throttled) this.throttledSinceSettled++;
			}
		}
		if (sentAt < this.droppedAt) return false;
		this.sinceDrop++;
		if (this.starting) return false;
		if (this.erring) this.credit = Math.min(CREDIT_MAX, this.credit + this.backgroundShare());
		const climbing = this.paceAt(sentAt) < (1 - DROP / 2) * this.level;
		if (climbing) {
			this.climb.sent++;
			if (throttled) this.climb.throttled++;
		} else if (!this.settled) {
			// Back at the level: settled if this one got through; what the climb saw was over the quota.
			if (!throttled && !this.holding(this.paceAt(sentAt))) this.settled = true;
			this.climb = { sent: 0, throttled: 0 };
		} else if (this.climb.sent > 0 && this.rose) {
			this.climb = { sent: 0, throttled: 0 }; // the level had risen: the climb may have been over the quota
		} else if (this.climb.sent > 0) {
			const b = this.background;
			b.sent += this.climb.sent;
			b.throttled += this.climb.throttled;
			this.climb = { sent: 0, throttled: 0 };
			if (b.sent > 400) {
				b.sent /= 2;
				b.throttled /= 2;
			}
		}
		return climbing;
	}

	/**
	 * The pace at time t: during the start, the start pace; then a cubic from (1 − DROP)·L back to L
	 * in K seconds, flat around K, rising above L after.
	 */
	private paceAt(t: number): number {
		if (this.starting)
			return START_RATE * 2 ** (Math.max(0, t - this.pacedFrom) / START_DOUBLING_MS);
		const k = Math.min(
			K_MAX,
			Math.max(
				Math.min(K_TOP, this.level / CLIMB_RATE),
				this.contended || this.background.throttled > 0 || this.level < this.leastRate
					? 0
					: CYCLE_Q / this.level ** 4,
				this.alone ? GIVEN_CYCLE / this.level : 0,
			),
		);
		const s = (t - this.droppedAt) / 1000;
		const x = s < k ? s / k - 1 : (s - k) / Math.min(k, K_UP);
		return Math.max(MIN_RATE, this.level * (1 + DROP * x * x * x));
	}
}
