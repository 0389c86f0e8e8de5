/**
 * AWS answers → items the next node can use: plain JSON (the SDK's Date objects become ISO 8601
 * strings) and the answer's own members with a lower-case first letter (`InitiationTimestamp` →
 * `initiationTimestamp`). Only the top level is renamed: nested keys can be the user's own
 * (attribute names, segment attribute keys, tags) and are kept as they are.
 */
import type { IDataObject } from 'n8n-workflow';

export function plainJson(value: unknown): unknown {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
	if (Array.isArray(value)) return value.map(plainJson);
	if (typeof value === 'object' && value !== null) {
		const out: IDataObject = {};
		for (const [key, inner] of Object.entries(value))
			if (inner !== undefined) out[key] = plainJson(inner) as IDataObject;
		return out;
	}
	return value;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** Top-level members renamed to lower camel case, everything as plain JSON. */
export function plainMembers(value: object): IDataObject {
	const out: IDataObject = {};
	for (const [key, inner] of Object.entries(value)) {
		if (inner !== undefined) out[lowerFirst(key)] = plainJson(inner) as IDataObject;
	}
	return out;
}
