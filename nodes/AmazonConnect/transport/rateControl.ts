/**
 * The pace of one execution's requests to one AWS API. Each API has its own account quota, so the
 * runner makes one RateControl per execution for its operation's API; nothing is shared between
 * executions (each queue-mode worker and each execution finds its share by itself).
 *
 * The model. AWS meters an API of an account with a token bucket (a rate r and a burst); a request
 * is throttled when the bucket is empty as it arrives. The control keeps a pace p (requests spaced
 * 1/p apart) and a level L, the pace at which the bucket last ran empty:
 * - Start: the first START_BURST requests go at once (a burst the account allows), then p starts
 *   at START_RATE and grows by half with each accepted request: the quota is found within a few
 *   round trips, without a wave of throttles, and executions started together go alike. The start
 *   ends when throttles are dense.
 * - A throttle of a request sent at the current pace sets L to the pace it was sent at, or, when
 *   throttles were dense since the last one (over the quota by far: at the start, or when another
 *   caller took a share), to the rate the account gave: the requests that used a token between the
 *   two empty moments of the bucket, over the time between them. The pace drops to (1 − DROP)·L.
 * - Then p climbs back to L along a cubic that flattens near L (in about CYCLE requests at L), stays
 *   there, and only then probes above L. Under L the bucket refills by DROP·CYCLE/4 tokens at most
 *   (less than any burst), so no token is wasted, and about one request in CYCLE is throttled.
 * - A throttle while climbing back, among few, is not this pace's: another caller's burst, or a
 *   fault. It changes nothing.
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
	/** Cancels every wait at once (the wait rejects with the signal's reason). */
	signal?: AbortSignal;
}

/**
 * The first START_BURST requests go at once (as concurrency allows; Connect's smallest burst); their
 * throttles say nothing of a pace. Then the pace starts at START_RATE and grows by START_GROWTH with
 * each paced request accepted.
 */
const START_BURST = 5;
const START_RATE = 10;
const START_GROWTH = 1.5;
/** After a throttle the pace drops to (1 − DROP) of the level, and climbs back in about CYCLE requests. */
const DROP = 0.1;
const CYCLE = 100;
/** Throttles at least this share of the requests since the last drop say the pace is far over the quota. */
const DENSE = 0.25;
/** Lowest pace: Connect's smallest quotas are a few requests per second. */
const MIN_RATE = 0.5;

export class RateControl {
	private readonly clock: Clock;
	private readonly signal?: AbortSignal;
	private readonly cap: number;
	/** Still starting: throttles are not yet dense. */
	private starting = true;
	private startRate = START_RATE;
	/** Pace at which the bucket last ran empty; Infinity during the start. */
	private level = Infinity;
	/** The level found by the last long measurement (CYCLE/2 tokens); until one, every throttle of the pace counts. */
	private confirmed = 0;
	/** When the pace last dropped; requests sent before it were sent at the old pace. */
	private droppedAt = -Infinity;
	/** Since the last drop: requests answered, and how many were throttled. */
	private sinceDrop = 0;
	private throttledSinceDrop = 0;
	/** Share of throttles that are not the pace's (seen while climbing back): a fault rate, another caller. */
	private background = { sent: 0, throttled: 0 };
	/** The throttle that began the current measurement (the bucket was empty then), and the tokens used since. */
	private emptyAt: number;
	private usedSinceEmpty = 0;
	/** When the last request was let go (on the pace's schedule), and how many were. */
	private lastSent = -Infinity;
	private sent = 0;
	/** Throttled requests, whatever the cause. */
	throttles = 0;

	constructor(options: RateControlOptions = {}) {
		this.clock = options.clock ?? realClock;
		this.signal = options.signal;
		this.cap = options.maxPerSecond && options.maxPerSecond > 0 ? options.maxPerSecond : Infinity;
		this.emptyAt = this.clock.now();
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
	 */
	async acquire(): Promise<number> {
		for (;;) {
			this.signal?.throwIfAborted();
			const now = this.clock.now();
			const rate = this.currentRate;
			const interval = 1000 / rate;
			// Within a millisecond is now: clocks and timers count in whole milliseconds.
			const next =
				this.starting && this.sent < START_BURST && this.cap === Infinity
					? now
					: this.lastSent + interval;
			if (next < now + 1) {
				if (++this.sent === START_BURST && this.starting) this.droppedAt = now + 1; // the burst is before any pace
				// A late wake-up keeps to the schedule (up to one interval behind), except under the cap.
				this.lastSent = rate >= this.cap ? now : Math.max(next, now - interval);
				return now;
			}
			await this.clock.sleep(next - now, this.signal);
		}
	}

	/** An accepted request; `sentAt` is the time acquire() gave it. */
	onSuccess(sentAt = this.clock.now()): void {
		this.used(sentAt);
		if (this.starting && sentAt >= this.droppedAt) this.startRate *= START_GROWTH;
	}

	/** A request that got past the throttle but failed (a server error, a dropped connection): it used a token. */
	onError(sentAt = this.clock.now()): void {
		this.used(sentAt);
	}

	/** A throttled request; `sentAt` is the time acquire() gave it. */
	onThrottle(sentAt = this.clock.now()): void {
		this.throttles++;
		if (sentAt < this.droppedAt) return; // sent at the old pace, which was already dropped
		this.sinceDrop++;
		this.throttledSinceDrop++;
		const pace = this.paceAt(sentAt);
		const dense =
			this.throttledSinceDrop >= DENSE * this.sinceDrop &&
			(this.throttledSinceDrop >= 3 ||
				(!this.starting &&
					!this.confirmed &&
					(this.sinceDrop === 1 || this.throttledSinceDrop >= 2)));
		const climbing = this.confirmed > 0 && pace < (1 - DROP / 2) * this.level;
		if (!dense && (this.starting || climbing || !this.overBackground())) {
			// Not this pace's throttle: few, while starting or climbing back, or no more than the
			// background share. It may have used a token: it counts as one.
			if (climbing) this.learnBackground(true);
			if (sentAt > this.emptyAt) this.usedSinceEmpty++;
			return;
		}

		// The rate the account gave since the bucket was last empty: an upper bound (one token either way).
		const span = Math.max(sentAt - this.emptyAt, 1);
		const given = ((this.usedSinceEmpty + 1) * 1000) / span;
		// Over the quota by far, the rate given is the level; near it, the pace the bucket ran empty at,
		// unless that was well over what the account gave (a reserve in the bucket let it climb too far).
		this.level = Math.max(MIN_RATE, Math.min(pace, dense ? given : (1 + DROP / 2) * given));
		// The first drop, or a long span (a measurement done): the next measurement starts here.
		if (this.starting || this.usedSinceEmpty >= CYCLE / 2) {
			if (!this.starting) this.confirmed = Math.max(this.confirmed, this.level);
			this.emptyAt = sentAt;
			this.usedSinceEmpty = 0;
		}
		this.starting = false;
		this.droppedAt = this.clock.now();
		this.sinceDrop = 0;
		this.throttledSinceDrop = 0;
	}

	private used(sentAt: number): void {
		if (sentAt > this.emptyAt) this.usedSinceEmpty++;
		if (sentAt < this.droppedAt) return;
		this.sinceDrop++;
		if (this.confirmed > 0 && this.paceAt(sentAt) < (1 - DROP / 2) * this.level)
			this.learnBackground(false);
	}

	private learnBackground(throttled: boolean): void {
		const b = this.background;
		b.sent++;
		if (throttled) b.throttled++;
		if (b.sent > 400) {
			b.sent /= 2;
			b.throttled /= 2;
		}
	}

	/** More throttles since the last drop than the background share explains (two standard deviations). */
	private overBackground(): boolean {
		const p = this.background.throttled / Math.max(this.background.sent, 50);
		const n = this.sinceDrop;
		return this.throttledSinceDrop > p * n + 2 * Math.sqrt(p * (1 - p) * n);
	}

	/**
	 * The pace at time t: during the start, the start pace; then a cubic from (1 − DROP)·L back to L
	 * in K seconds, flat around K, rising above L after. K is CYCLE requests at the highest level
	 * measured, the same for executions that share the account: they climb alike and stay even.
	 */
	private paceAt(t: number): number {
		if (this.starting) return this.startRate;
		const k = CYCLE / (this.confirmed || this.level);
		const x = (t - this.droppedAt) / 1000 / k - 1;
		return Math.max(MIN_RATE, this.level * (1 + DROP * x * x * x));
	}
}
