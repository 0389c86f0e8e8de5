/**
 * Small helpers for model-level (Coral-style) validation: each check appends a violation
 * "Value ... at 'path' failed to satisfy constraint: ..." and the caller throws them all at once
 * as InvalidParameterException, the way the real front end reports constraint violations.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class Violations {
	readonly list: string[] = [];

	add(path: string, constraint: string, value?: unknown, sensitive = false): void {
		this.list.push(`${describe(value, sensitive)} at '${path}' failed to satisfy constraint: ${constraint}`);
	}

	/** Checks a string's type and length range; returns the string when its type is right. */
	string(path: string, v: unknown, range: { min: number; max: number }, sensitive = false): string | undefined {
		if (typeof v !== 'string') {
			this.add(path, 'Member must be a string', v, sensitive);
			return undefined;
		}
		if (v.length < range.min) this.add(path, `Member must have length greater than or equal to ${range.min}`, v, sensitive);
		if (v.length > range.max) this.add(path, `Member must have length less than or equal to ${range.max}`, v, sensitive);
		return v;
	}

	enumValue<T extends string>(path: string, v: unknown, values: readonly T[]): T | undefined {
		if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
			this.add(path, `Member must satisfy enum value set: [${values.join(', ')}]`, v);
			return undefined;
		}
		return v as T;
	}

	/** A 32-bit integer, the Smithy `integer` type. */
	integer(path: string, v: unknown): number | undefined {
		if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
			this.add(path, 'Member must be an integer between -2147483648 and 2147483647', v);
			return undefined;
		}
		return v;
	}

	object(path: string, v: unknown, what = 'a structure'): JsonObject | undefined {
		if (!isObject(v)) {
			this.add(path, `Member must be ${what}`, v);
			return undefined;
		}
		return v;
	}
}

/** Coral echoes short values; long or sensitive ones are left out so nothing big or secret is reflected. */
function describe(value: unknown, sensitive: boolean): string {
	if (value === undefined || value === null) return 'Value null';
	if (sensitive) return 'Value';
	if (typeof value === 'string') return value.length <= 128 ? `Value '${value}'` : 'Value';
	if (typeof value === 'number' || typeof value === 'boolean') return `Value '${String(value)}'`;
	return 'Value';
}

/** lowerCamel member name, as Coral writes member paths ("InstanceId" → "instanceId"). */
export function memberPath(name: string): string {
	return name.charAt(0).toLowerCase() + name.slice(1);
}

export function utf8Bytes(s: string): number {
	return Buffer.byteLength(s, 'utf8');
}

/** JSON with object keys sorted at every level: equal requests hash equally whatever the key order. */
export function canonicalJson(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
	if (isObject(v)) {
		return `{${Object.keys(v)
			.sort()
			.filter((k) => v[k] !== undefined)
			.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(v);
}
