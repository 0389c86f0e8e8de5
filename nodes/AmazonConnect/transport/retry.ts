/**
 * Sends one request until it succeeds, fails for good, or runs out of attempts. The request is the
 * same object on every attempt, so it carries the same ClientToken: a repeat after a dropped
 * connection returns the contact the first attempt created.
 */
import { awsErrorDetails, classifyError } from './errors';
import type { Clock, RateControl } from './rateControl';
import { realClock } from './rateControl';

export interface RetryOptions {
	/** Attempts for server errors and dropped connections. */
	maxAttempts: number;
	/** Throttled attempts do not count against maxAttempts up to this many (throttling is expected). */
	maxThrottledAttempts?: number;
	rate: RateControl;
	clock?: Clock;
	/** Random source for jitter; injectable for tests. */
	random?: () => number;
}

export interface Sent<T> {
	result: T;
	attempts: number;
}

export class RetriesExhaustedError extends Error {
	constructor(
		readonly lastError: unknown,
		readonly attempts: number,
	) {
		super(awsErrorDetails(lastError).message);
	}
}

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 20000;

export async function sendWithRetry<T>(send: () => Promise<T>, options: RetryOptions): Promise<Sent<T>> {
	const clock = options.clock ?? realClock;
	const random = options.random ?? Math.random;
	const maxThrottled = options.maxThrottledAttempts ?? Math.max(options.maxAttempts * 10, 50);
	let attempts = 0;
	let failures = 0;
	let throttled = 0;
	for (;;) {
		const sentAt = await options.rate.acquire();
		attempts++;
		try {
			const result = await send();
			options.rate.onSuccess(sentAt);
			return { result, attempts };
		} catch (error) {
			const kind = classifyError(awsErrorDetails(error));
			if (kind === 'final') throw new RetriesExhaustedError(error, attempts);
			if (kind === 'throttling') {
				options.rate.onThrottle(sentAt);
				if (++throttled >= maxThrottled) throw new RetriesExhaustedError(error, attempts);
				continue; // the rate control spaces the next attempt
			}
			options.rate.onError(sentAt);
			if (++failures >= options.maxAttempts) throw new RetriesExhaustedError(error, attempts);
			// Full jitter exponential backoff for server errors and dropped connections.
			await clock.sleep(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** failures));
		}
	}
}
