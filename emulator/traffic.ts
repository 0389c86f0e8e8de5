/**
 * Traffic shaping: the account-wide token bucket and the seeded PRNG that decides injected faults.
 */

/** mulberry32: tiny, fast and good enough to make fault sequences repeat for a given seed. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Connect's default API quota is a token bucket per account: `perSecond` refill, `burst` capacity. */
export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		readonly perSecond: number,
		readonly burst: number,
		now: number,
	) {
		this.tokens = burst;
		this.last = now;
	}

	take(now: number): boolean {
		const elapsed = Math.max(0, now - this.last);
		this.last = now;
		this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return true;
		}
		return false;
	}
}

export type Fault =
	'dropBefore' | 'throttle' | 'internal' | 'dropAfterStore' | 'hang' | 'hangAfterStore' | null;

export interface FaultShares {
	throttle: number;
	internalError: number;
	dropBeforeHandling: number;
	dropAfterStore: number;
	hang?: number;
	hangAfterStore?: number;
}

/**
 * One draw per API request, in arrival order, mapped onto consecutive slices of [0, 1): the n-th
 * request's fault depends only on the seed and n, whatever happens to the requests around it.
 */
export function pickFault(draw: number, s: FaultShares): Fault {
	let edge = s.dropBeforeHandling;
	if (draw < edge) return 'dropBefore';
	edge += s.throttle;
	if (draw < edge) return 'throttle';
	edge += s.internalError;
	if (draw < edge) return 'internal';
	edge += s.dropAfterStore;
	if (draw < edge) return 'dropAfterStore';
	edge += s.hang ?? 0;
	if (draw < edge) return 'hang';
	edge += s.hangAfterStore ?? 0;
	if (draw < edge) return 'hangAfterStore';
	return null;
}
