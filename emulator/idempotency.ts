/**
 * ClientToken idempotency as AWS describes it, for every API of the emulator that takes a token: the
 * same token with the same request gets the first answer again; with another request,
 * IdempotencyException. Each API keeps its tokens under its own keys (per instance).
 */
import { createHash } from 'node:crypto';

import { idempotency } from './errors';
import type { TokenRecord } from './state';
import { canonicalJson, type JsonObject } from './validate';

export interface TokenUse {
	/** sha256 of the canonical JSON of the request's modeled members. */
	requestHash: string;
	hits: number;
	conflicts: number;
}

/** What "the same request" means: the canonical JSON of its modeled members, hashed. */
export function requestHashOf(input: JsonObject): string {
	return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

/**
 * A token seen before: its record, counted as one more hit, when the request is the same, or an
 * IdempotencyException (counted as a conflict) when it is another. Undefined for a new token.
 */
export function replayOf<T extends TokenUse>(
	seen: T | undefined,
	requestHash: string,
	api: string,
	token: string | undefined,
): T | undefined {
	if (seen === undefined) return undefined;
	if (seen.requestHash !== requestHash) {
		seen.conflicts++;
		throw idempotency(
			`ClientToken '${token}' was already used for a ${api} request with different parameters in this instance.`,
		);
	}
	seen.hits++;
	return seen;
}

/** The record of a token whose request just made a contact. */
export function newTokenRecord(
	made: Pick<
		TokenRecord,
		'instanceId' | 'clientToken' | 'contactId' | 'contactArn' | 'requestHash'
	>,
	now: number,
): TokenRecord {
	return { ...made, hits: 1, conflicts: 0, firstAt: now, lastAt: now };
}
