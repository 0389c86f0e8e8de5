/**
 * Client-side pacing shared by all requests of one execution. Nothing is kept between executions:
 * each execution (and each queue-mode worker) finds the account's rate by itself, so concurrent
 * executions each back off on their own.
 *
 * AWS meters an account with a token bucket (a rate and a burst). A throttle says the bucket was
 * empty when that request arrived; between two throttled requests, every request that got past
 * the throttle used a token refilled in between. So "requests that used a token between two
 * throttles / time between them" is the rate the account gives this execution, to within a
 * request, however far over it we were: one measurement instead of a slow search.
 *
 * - Until the first throttle, requests go as fast as concurrency allows. Then, until measured, at
 *   30% of the rate they went at. The first requests, all sent at once, reach AWS in any order:
 *   spans start after them when they can, and a span that starts among them counts them all.
 * - A throttle of a request sent at the current rate drops the rate to 95% of the measured rate
 *   (of an upper bound of it: a short span does not undershoot), or of the current rate when no
 *   earlier throttle is near enough to measure. Throttles of requests sent before a drop belong to
 *   the old rate and change nothing: one burst, one drop.
 * - Then the rate climbs back: 40% a second until a span of a second or more has measured the
 *   rate, then slowly (about 1% a second at 20 requests/s, faster the longer nothing is throttled):
 *   it settles just under the quota instead of hammering it, and finds a raised quota or a share
 *   another caller freed.
 * - Throttles that come while the rate is under 97% of the measured rate, at no more than 15% of
 *   the recent requests (or the share learnt so, at most 10%), are background: another caller's
 *   burst, a throttle not caused by this rate. They do not lower the rate; up to 110% of the
 *   measured rate, throttles within the learnt share do not stop the climb either (the measured
 *   rate may be low). More than that means the account's rate for us fell (another execution
 *   started): drop.
 * - Only a span with many throttles (30%) lowers the measured rate freely; a sparse one by at most 1%.
 * - A fixed cap (Max Requests per Second) is never exceeded: requests are spaced at least 1/rate
 *   apart, and the rate is never above the cap.
 */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RateControlOptions {
	/** Fixed cap in requests per second; 0 or undefined for none. */
	maxPerSecond?: number;
	clock?: Clock;
}

/** How far back a throttle is looked for to measure the account's rate: this long, or this many requests at the measured rate. */
const LOOKBACK_MS = 4000;
const LOOKBACK_REQUESTS = 60;
/** Outcomes are kept this long at most. */
const KEEP_MS = 120_000;
/** Two throttles closer than this say too little about the rate (one request either way). */
const MIN_SPAN_MS = 100;
/** At the first throttles, the rate becomes this share of the rate the first requests went at, until measured. */
const FIRST_GUESS = 0.3;
/** Until a span this long measured the rate, the rate grows by STARTUP_GROWTH a second after a drop. */
const CONFIDENT_SPAN_MS = 1000;
const STARTUP_GROWTH = 1.4;
/** After a drop, the rate is this share of the measured (or current) rate: the bucket refills a little, other callers get room. */
const BACKOFF = 0.95;
/** A span with this share of throttles says the account's rate fell; a sparser one lowers the measured rate by at most 1 - STICKY. */
const DENSE_SHARE = 0.3;
const STICKY = 0.99;
/**
 * Growth after a drop: the rate set by the drop times (1 + LINEAR·s + CUBIC·s³), s in seconds at
 * REFERENCE_RATE (counted in requests, since a slow account's burst hides an overshoot for longer),
 * plus MIN_GROWTH requests per second each second, so that a small share grows too.
 */
const LINEAR = 0.01;
const CUBIC = 0.0001;
const REFERENCE_RATE = 20;
const MIN_GROWTH = 0.03;
/** Under this share of the measured rate, throttles are background while their recent share is at most BACKGROUND_SHARE. */
const PROTECTED = 0.97;
const BACKGROUND_SHARE = 0.15;
/** The background share learnt is at most this: more is not background, it is the account's rate falling. */
const MAX_BACKGROUND_SHARE = 0.1;
/** Up to this multiple of the measured rate, throttles within the learnt background share do not stop the climb. */
const PROBE_SLACK = 1.1;
/** The recent share: requests sent since the last drop, at most this far back, with a prior of a few clean ones. */
const RECENT_MS = 2000;
const PRIOR_CLEAN = 4;
/** Lowest rate the control falls to: Connect's smallest default quota is 2/s, keep well under it. */
const MIN_RATE = 0.5;

/** ok: used a token (accepted, or failed past the throttle); background: throttled, but not by our rate (counted neither way). */
type Kind = 'ok' | 'throttled' | 'background';

interface Outcome {
	/** When the request was sent (its slot), ms. */
	at: number;
	kind: Kind;
}

export class RateControl {
	private readonly clock: Clock;
	private readonly cap: number;
	/** Rate set at the last drop; Infinity until the first one. */
	private base = Infinity;
	/** The account's rate for this execution, as last measured (Infinity: not yet). */
	private measured = Infinity;
	/** When the last drop happened; requests sent before it were paced at the old rate. */
	private dropAt = -Infinity;
	/** Whether a span long enough to trust has measured the rate. */
	private confident = false;
	/** When the first throttle came back: requests sent before it were sent at once, at no rate. */
	private measureFrom = -Infinity;
	/** Requests sent, and when the first was. */
	private sent = 0;
	private firstSentAt = 0;
	/** Earliest time the next request may start. */
	private nextSlot = -Infinity;
	/** Outcomes by send time, oldest first (roughly: answers arrive in about the order sent). */
	private outcomes: Outcome[] = [];
	private head = 0;
	/** Requests (decayed counts) sent under the measured rate, and how many of them were throttled. */
	private quietSent = 0;
	private quietThrottled = 0;
	/** Throttled requests, whatever the cause. */
	throttles = 0;

	constructor(options: RateControlOptions = {}) {
		this.clock = options.clock ?? realClock;
		this.cap = options.maxPerSecond && options.maxPerSecond > 0 ? options.maxPerSecond : Infinity;
	}

	/** The allowed rate now, in requests per second; Infinity when nothing limits it. */
	get currentRate(): number {
		return Math.min(this.rateAt(this.clock.now()), this.cap);
	}

	/**
	 * The account's rate for this execution as last measured between throttles (at most the cap);
	 * Infinity when nothing was measured. Steadier than currentRate, which climbs between drops.
	 */
	get measuredRate(): number {
		return Math.min(this.measured, this.cap);
	}

	/** Waits for this request's slot; resolves with the slot's time, to give back to onSuccess / onThrottle. */
	async acquire(): Promise<number> {
		const now = this.clock.now();
		if (this.sent++ === 0) this.firstSentAt = now;
		const rate = this.currentRate;
		if (rate === Infinity) return now;
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + 1000 / rate;
		if (slot > now) await this.clock.sleep(slot - now);
		return slot;
	}

	/** An accepted request; `sentAt` is the time acquire() gave it (default: now). */
	onSuccess(sentAt?: number): void {
		const now = this.clock.now();
		const at = sentAt ?? now;
		this.record({ at, kind: 'ok' });
		if (at > this.dropAt && this.isQuiet(now)) this.learnBackground(false);
	}

	/** A request that got past the throttle but failed (a server error, a dropped connection): it used a token. */
	onError(sentAt?: number): void {
		this.record({ at: sentAt ?? this.clock.now(), kind: 'ok' });
	}

	/** A throttled request; `sentAt` is the time acquire() gave it (default: now). */
	onThrottle(sentAt?: number): void {
		this.throttles++;
		const now = this.clock.now();
		const at = sentAt ?? now;
		const outcome: Outcome = { at, kind: 'throttled' };
		this.record(outcome);
		if (at <= this.dropAt) return; // sent at the old rate: that rate was already dropped

		const current = Math.min(this.rateAt(now), this.cap);
		const recent = this.recentThrottleShare(at);
		if (this.isQuiet(now)) {
			this.learnBackground(true);
			if (recent.throttled / (recent.sent + PRIOR_CLEAN) <= BACKGROUND_SHARE || this.withinBackground(recent)) {
				outcome.kind = 'background'; // counted neither as a used token nor as a throttle of our rate
				return;
			}
		} else if (current < PROBE_SLACK * this.measured && this.withinBackground(recent)) {
			// A little over the measured rate, and no more throttles than the background share: keep
			// probing, the measured rate may be low.
			outcome.kind = 'background';
			return;
		}

		const span = this.measureSpan(at);
		if (span === undefined) {
			if (current === Infinity) {
				// The first throttles: nothing to measure yet. Mark the moment, so the throttles of the
				// requests already in flight do not count, and measure on the next ones.
				if (this.measureFrom === -Infinity) {
					this.measureFrom = now;
					// Meanwhile, a share of the rate the first requests went at (more than the account took).
					if (this.sent > 0) {
						const firstRate = (this.sent * 1000) / Math.max(MIN_SPAN_MS, now - this.firstSentAt);
						this.base = Math.max(MIN_RATE, FIRST_GUESS * firstRate);
					}
				}
				this.dropAt = now;
				return;
			}
			// A lone throttle: step down from the current rate; the next one, if any, measures.
			this.base = Math.max(MIN_RATE, BACKOFF * current);
		} else {
			// Tokens used between two empty moments of the bucket: the account's rate for this
			// execution. The drop goes to 95% of an upper bound (+2 requests: one at each end, and the
			// send times are the client's), so a short span does not undershoot.
			const scale = 1000 / span.ms;
			const estimate = Math.min(current, span.used * scale);
			const dense = span.throttled >= DENSE_SHARE * (span.throttled + span.used);
			// Only many throttles say the account's rate fell; a few lower the measured rate a little.
			this.measured = dense || this.measured === Infinity ? estimate : Math.max(estimate, STICKY * this.measured);
			this.base = Math.max(MIN_RATE, BACKOFF * Math.min(current, (span.bound + 2) * scale));
			if (span.ms >= CONFIDENT_SPAN_MS) this.confident = true;
		}
		this.dropAt = now;
		this.nextSlot = Math.max(this.nextSlot, now);
	}

	private rateAt(now: number): number {
		if (this.base === Infinity) return Infinity;
		const seconds = Math.max(0, now - this.dropAt) / 1000;
		// Until a span of a second or more measured the rate, a short one may have been far off: climb fast.
		if (!this.confident) return this.base * STARTUP_GROWTH ** seconds;
		const s = (seconds * this.base) / REFERENCE_RATE;
		return this.base * (1 + LINEAR * s + CUBIC * s * s * s) + MIN_GROWTH * seconds;
	}

	/** Under the measured rate: a throttle now is not explained by this execution's rate. */
	private isQuiet(now: number): boolean {
		return this.measured !== Infinity && Math.min(this.rateAt(now), this.cap) < PROTECTED * this.measured;
	}

	private learnBackground(throttled: boolean): void {
		this.quietSent++;
		if (throttled) this.quietThrottled++;
		if (this.quietSent > 400) {
			this.quietSent /= 2;
			this.quietThrottled /= 2;
		}
	}

	/** Share of throttles seen while quiet (over at least 20 requests, at most MAX_BACKGROUND_SHARE); 0 until some were seen. */
	private backgroundShare(): number {
		return Math.min(MAX_BACKGROUND_SHARE, this.quietThrottled / Math.max(this.quietSent, 20));
	}

	/** The recent throttles are within two standard deviations of the background share. */
	private withinBackground(recent: { sent: number; throttled: number }): boolean {
		const p = this.backgroundShare();
		if (p === 0) return false;
		return recent.throttled <= p * recent.sent + 2 * Math.sqrt(p * (1 - p) * recent.sent) + 1;
	}

	/** Requests sent since the last drop, over the last RECENT_MS, and how many were throttled. */
	private recentThrottleShare(at: number): { sent: number; throttled: number } {
		const from = Math.max(this.dropAt, at - RECENT_MS);
		let sent = 0;
		let throttled = 0;
		for (let i = this.head; i < this.outcomes.length; i++) {
			const o = this.outcomes[i];
			if (o.at <= from || o.at > at) continue;
			sent++;
			if (o.kind !== 'ok') throttled++;
		}
		return { sent, throttled };
	}

	/**
	 * Requests that used a token and requests throttled, sent between the earliest throttle kept and
	 * the one sent at `at`; undefined when those are too close together. `bound` also counts, when
	 * the span starts among the first requests (sent at once, reaching AWS in any order), every
	 * request that used a token since the start: an upper bound, since some of those came after.
	 */
	private measureSpan(at: number): { used: number; bound: number; throttled: number; ms: number } | undefined {
		// The earliest throttle in the look-back, preferring one sent after the first requests.
		let first = Infinity;
		let firstAfter = Infinity;
		for (let i = this.head; i < this.outcomes.length; i++) {
			const o = this.outcomes[i];
			if (o.kind !== 'throttled' || o.at < at - this.lookbackMs()) continue;
			if (o.at < first) first = o.at;
			if (o.at > this.measureFrom && o.at < firstAfter) firstAfter = o.at;
		}
		if (at - firstAfter >= MIN_SPAN_MS) first = firstAfter;
		const ms = at - first;
		if (!(ms >= MIN_SPAN_MS)) return undefined;
		const early = first <= this.measureFrom;
		let used = 0;
		let before = 0;
		let throttled = 0;
		for (let i = this.head; i < this.outcomes.length; i++) {
			const o = this.outcomes[i];
			if (o.at > at) continue;
			if (o.at <= first) {
				if (early && o.kind === 'ok') before++;
				continue;
			}
			if (o.kind === 'throttled') throttled++;
			else if (o.kind === 'ok') used++;
		}
		return { used, bound: used + before, throttled, ms };
	}

	private lookbackMs(): number {
		const byRequests = this.measured === Infinity ? 0 : (LOOKBACK_REQUESTS * 1000) / this.measured;
		return Math.min(KEEP_MS / 2, Math.max(LOOKBACK_MS, byRequests));
	}

	private record(outcome: Outcome): void {
		this.outcomes.push(outcome);
		// Forget what is older than twice the look-back (answers come back roughly in send order).
		const horizon = outcome.at - 2 * this.lookbackMs();
		while (this.head < this.outcomes.length && this.outcomes[this.head].at < horizon) this.head++;
		if (this.head > 1024 && this.head * 2 > this.outcomes.length) {
			this.outcomes = this.outcomes.slice(this.head);
			this.head = 0;
		}
	}
}
