/**
 * Pickers over a whole list: the list is read with the largest page AWS allows and kept for a minute
 * per credential and instance, so typing a filter or reopening a list asks AWS nothing (the list APIs
 * run at a few requests per second per account, shared with production traffic). The picker's pages
 * and its filter are cut from the kept list.
 */
import type { ConnectClient } from '@aws-sdk/client-connect';
import { createHash } from 'crypto';
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { AmazonConnectCredentials } from '../transport/client';
import { regionOf } from '../transport/settings';
import {
	chosenInstance,
	collect,
	containsAll,
	type ListFailure,
	listError,
	openPicker,
	type Page,
	words,
} from './listSearch';

/** How many entries a picker shows per page (n8n asks for more with the pagination token). */
export const PICKER_PAGE = 100;
/** How long a list read from AWS is reused. */
export const LIST_CACHE_MS = 60_000;
const CACHE_ENTRIES = 50;

interface Cached<T> {
	at: number;
	value: Promise<T>;
}

const cache = new Map<string, Cached<unknown>>();

/** A key of the credential (every field, hashed: no secret is kept in clear), the instance and what was listed. */
export function cacheKey(credentials: AmazonConnectCredentials, parts: string[]): string {
	const fields = Object.entries(credentials).sort(([a], [b]) => a.localeCompare(b));
	return createHash('sha256')
		.update(JSON.stringify([fields, ...parts]))
		.digest('hex');
}

/** The cached value, or `load()` (a failed load is not kept). */
export function cached<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
	const hit = cache.get(key);
	if (hit && now - hit.at < LIST_CACHE_MS) return hit.value as Promise<T>;
	const value = load();
	cache.set(key, { at: now, value });
	value.catch(() => cache.delete(key));
	if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
	return value;
}

/** Forgets every list read (for tests). */
export function clearListCache(): void {
	cache.clear();
}

/** One page of the picker from the whole (cached) list: filtered by every word, paged by an offset. */
function pageOf(
	items: INodeListSearchItems[],
	filter: string | undefined,
	paginationToken: string | undefined,
): INodeListSearchResult {
	const needles = words(filter);
	const matching = items.filter((item) =>
		containsAll(`${item.name} ${String(item.value)}`, needles),
	);
	const start = Number(paginationToken) || 0;
	const end = start + PICKER_PAGE;
	return {
		results: matching.slice(start, end),
		paginationToken: end < matching.length ? String(end) : undefined,
	};
}

export async function listPicker<T>(
	fn: ILoadOptionsFunctions,
	filter: string | undefined,
	paginationToken: string | undefined,
	spec: {
		name: string;
		failure: Omit<ListFailure, 'instanceId'>;
		read: (
			client: ConnectClient,
			instanceId: string,
			token: string | undefined,
		) => Promise<Page<T>>;
		toItems: (items: T[]) => INodeListSearchItems[];
	},
): Promise<INodeListSearchResult> {
	const { client, credentials, target } = await openPicker(fn);
	try {
		const instanceId = chosenInstance(fn, regionOf(credentials), {
			things: spec.failure.things,
			field: spec.failure.field,
		});
		try {
			const items = await cached(cacheKey(credentials, [spec.name, instanceId]), async () =>
				spec.toItems(
					(
						await collect(
							(token) => spec.read(client, instanceId, token),
							() => true,
							Infinity,
							undefined,
						)
					).items,
				),
			);
			return pageOf(items, filter, paginationToken);
		} catch (error) {
			throw listError(fn.getNode(), error, target, { ...spec.failure, instanceId });
		}
	} finally {
		client.destroy();
	}
}
