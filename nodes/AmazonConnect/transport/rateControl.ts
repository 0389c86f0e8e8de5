/**
 * Client-side pacing shared by all requests of one execution. Nothing is kept between executions:
 * each execution (and each queue-mode worker) finds the account's rate by itself.
 *
 * Until AWS throttles, requests go as fast as concurrency allows. On a throttle the allowed rate
 * drops to what AWS has just been accepting, then creeps back up on successes, so the node settles
 * just under the account's quota instead of oscillating far below it. A fixed cap (Max Requests per
 * Second) is never exceeded.
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

/** The window over which the accepted rate is measured. */
const WINDOW_MS = 2000;
/** Lowest rate the control falls to: Connect's smallest default quota is 2/s, keep well under it. */
const MIN_RATE = 0.5;

export class RateControl {
	private readonly clock: Clock;
	private readonly cap: number;
	/** Current allowed rate; Infinity until the first throttle. */
	private rate = Infinity;
	/** Earliest time the next request may start. */
	private nextSlot = 0;
	private successTimes: number[] = [];
	throttles = 0;

	constructor(options: RateControlOptions = {}) {
		this.clock = options.clock ?? realClock;
		this.cap = options.maxPerSecond && options.maxPerSecond > 0 ? options.maxPerSecond : Infinity;
	}

	get currentRate(): number {
		return Math.min(this.rate, this.cap);
	}

	/** Waits for this request's slot. */
	async acquire(): Promise<void> {
		const rate = this.currentRate;
		if (rate === Infinity) return;
		const now = this.clock.now();
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + 1000 / rate;
		if (slot > now) await this.clock.sleep(slot - now);
	}

	onSuccess(): void {
		const now = this.clock.now();
		this.successTimes.push(now);
		this.trim(now);
		// Additive increase: about one more request per second every few seconds at steady state.
		if (this.rate !== Infinity) this.rate += 1 / Math.max(this.rate, 1) / 2;
	}

	onThrottle(): void {
		this.throttles++;
		const now = this.clock.now();
		this.trim(now);
		const accepted = this.successTimes.length / (WINDOW_MS / 1000);
		const current = this.rate === Infinity ? accepted : this.rate;
		this.rate = Math.max(MIN_RATE, Math.min(current, accepted) * 0.95);
		this.nextSlot = Math.max(this.nextSlot, now + 1000 / this.rate);
	}

	private trim(now: number): void {
		while (this.successTimes.length && this.successTimes[0] < now - WINDOW_MS) this.successTimes.shift();
	}
}
