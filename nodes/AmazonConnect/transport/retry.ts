/**
 * Sends one request until it succeeds, fails for good, or runs out of attempts. The request is the
 * same object on every attempt, so it carries the same ClientToken: a repeat after a dropped
 * connection returns the contact the first attempt created. Every wait (the pace, the back-off)
 * ends at once when the signal aborts: the returned promise then rejects with the abort reason.
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
	/** Cancels the waits (and is given to `send`; the runner's client carries it to the SDK itself). */
	signal?: AbortSignal;
}

/** The answer, or the last error when the request failed for good or ran out of attempts; and the attempts made. */
export type Sent<T> =
	{ ok: true; result: T; attempts: number } | { ok: false; error: unknown; attempts: number };

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 20000;

export async function sendWithRetry<T>(
	send: (signal?: AbortSignal) => Promise<T>,
	options: RetryOptions,
): Promise<Sent<T>> {
	const clock = options.clock ?? realClock;
	const random = options.random ?? Math.random;
	const { signal, rate } = options;
	const maxThrottled = options.maxThrottledAttempts ?? Math.max(options.maxAttempts * 10, 50);
	let attempts = 0;
	let failures = 0;
	let throttled = 0;
	for (;;) {
		const sentAt = await rate.acquire(signal);
		attempts++;
		try {
			const result = await send(signal);
			rate.onSuccess(sentAt);
			return { ok: true, result, attempts };
		} catch (error) {
			signal?.throwIfAborted(); // cancelled: not a failure of the request
			const kind = classifyError(awsErrorDetails(error));
			if (kind === 'final') return { ok: false, error, attempts };
			if (kind === 'throttling') {
				rate.onThrottle(sentAt);
				if (++throttled >= maxThrottled) return { ok: false, error, attempts };
				continue; // the rate control spaces the next attempt
			}
			rate.onError(sentAt);
			if (++failures >= options.maxAttempts) return { ok: false, error, attempts };
			// The SDK corrected its clock from AWS's answer: signed again, the same request is accepted now.
			if (awsErrorDetails(error).clockSkewCorrected) continue;
			// Full jitter exponential backoff for server errors and dropped connections.
			await clock.sleep(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** failures), signal);
		}
	}
}
