/**
 * Small helpers for model-level (Coral-style) validation: each check appends a violation
 * "Value ... at 'path' failed to satisfy constraint: ..." and the caller throws them all at once
 * as InvalidParameterException, the way the real front end reports constraint violations.
 */

import { invalidParameter, invalidRequest, validationMessage } from './errors';
import type { ModelOperation, ServiceModel, SmithyShape } from './model';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class Violations {
	readonly list: string[] = [];

	add(path: string, constraint: string, value?: unknown, sensitive = false): void {
		this.list.push(
			`${describe(value, sensitive)} at '${path}' failed to satisfy constraint: ${constraint}`,
		);
	}

	/** Checks a string's type and length range; returns the string when its type is right. */
	string(
		path: string,
		v: unknown,
		range: { min: number; max: number },
		sensitive = false,
	): string | undefined {
		if (typeof v !== 'string') {
			this.add(path, 'Member must be a string', v, sensitive);
			return undefined;
		}
		if (v.length < range.min)
			this.add(path, `Member must have length greater than or equal to ${range.min}`, v, sensitive);
		if (v.length > range.max)
			this.add(path, `Member must have length less than or equal to ${range.max}`, v, sensitive);
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

// ---------------------------------------------------------------- generic model validation

/** Guards the recursive shapes (SegmentAttributeValue) against a stack overflow; far deeper than any real request. */
const MAX_DEPTH = 64;

const INTEGER_RANGES: Record<string, [number, number]> = {
	byte: [-128, 127],
	short: [-32768, 32767],
	integer: [-2147483648, 2147483647],
	long: [-9223372036854775808, 9223372036854775807],
};

/** Smithy counts a string's length in Unicode code points, not UTF-16 units. */
export function codePoints(s: string): number {
	let n = 0;
	for (const ch of s) {
		void ch;
		n++;
	}
	return n;
}

const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
	let re = patterns.get(source);
	if (!re) {
		// Java-style \u10000 (beyond U+FFFF) in AWS's models means the code point, i.e. \u{10000}.
		re = new RegExp(source.replace(/\\u([0-9A-Fa-f]{5,6})/g, '\\u{$1}'), 'u');
		patterns.set(source, re);
	}
	return re;
}

interface LengthTrait {
	min?: number;
	max?: number;
}

function lengthConstraints(
	length: LengthTrait | undefined,
	size: number,
	unit = 'length',
): string[] {
	const out: string[] = [];
	if (length?.max !== undefined && size > length.max)
		out.push(`Member must have ${unit} less than or equal to ${length.max}`);
	if (length?.min !== undefined && size < length.min)
		out.push(`Member must have ${unit} greater than or equal to ${length.min}`);
	return out;
}

function shapeName(id: string): string {
	return id.slice(id.indexOf('#') + 1);
}

/**
 * Validates a JSON value against a model shape the way AWS's front end reports it: each broken
 * constraint is a Coral-style violation at a lowerCamel member path (`references.r.member.type`).
 * Returns the value with null structure members and unknown members removed (the service's
 * deserializer ignores both), or undefined where the value's type was wrong.
 */
export function validateShape(
	service: ServiceModel,
	shapeId: string,
	value: Json | undefined,
	path: string,
	vs: Violations,
	depth = 0,
): Json | undefined {
	if (value === undefined || value === null) return undefined;
	const shape = service.shape(shapeId);
	const traits = shape.traits ?? {};
	const sensitive = 'smithy.api#sensitive' in traits;
	if (depth > MAX_DEPTH) {
		vs.add(path, `Member must not be nested more than ${MAX_DEPTH} levels deep`);
		return undefined;
	}
	switch (shape.type) {
		case 'structure':
		case 'union': {
			if (!isObject(value)) return (vs.add(path, 'Member must be a structure', value), undefined);
			const out: JsonObject = {};
			for (const [name, member] of Object.entries(shape.members ?? {})) {
				const memberPath = path ? `${path}.${lowerCamel(name)}` : lowerCamel(name);
				const given = value[name];
				if (given === undefined || given === null) {
					if (member.traits && 'smithy.api#required' in member.traits)
						vs.add(memberPath, 'Member must not be null');
					continue;
				}
				const checked = validateShape(service, member.target, given, memberPath, vs, depth + 1);
				if (checked !== undefined) out[name] = checked;
			}
			if (shape.type === 'union' && Object.keys(out).length !== 1)
				vs.add(path, 'Member must have exactly one member set', undefined);
			return out;
		}
		case 'list':
		case 'set': {
			if (!Array.isArray(value)) return (vs.add(path, 'Member must be a list', value), undefined);
			for (const c of lengthConstraints(traits['smithy.api#length'] as LengthTrait, value.length))
				vs.add(path, c, undefined);
			return value.map((item, i) => {
				const itemPath = `${path}.${i + 1}.member`;
				if (item === null) vs.add(itemPath, 'Member must not be null');
				return validateShape(service, shape.member!.target, item, itemPath, vs, depth + 1) ?? null;
			});
		}
		case 'map': {
			const valueShape = service.shape(shape.value!.target);
			const simple =
				valueShape.type !== 'structure' &&
				valueShape.type !== 'union' &&
				valueShape.type !== 'list' &&
				valueShape.type !== 'map';
			if (!isObject(value)) {
				return (
					vs.add(
						path,
						`Member must be a map of ${simple ? `${valueShape.type}s` : `${shapeName(shape.value!.target)} structures`}`,
						value,
					),
					undefined
				);
			}
			const entries = Object.entries(value);
			for (const c of lengthConstraints(
				traits['smithy.api#length'] as LengthTrait,
				entries.length,
				'size',
			))
				vs.add(path, c, undefined);
			const keyShape = service.shape(shape.key!.target);
			const out: JsonObject = {};
			for (const [key, entry] of entries) {
				const keyProblems = stringConstraints(keyShape, key);
				if (keyProblems.length)
					vs.add(path, `Map keys must satisfy constraint: [${keyProblems.join(', ')}]`, undefined);
				if (entry === null) {
					vs.add(`${path}.${key}`, 'Member must not be null');
					continue;
				}
				if (
					simple &&
					(valueShape.type === 'string' || valueShape.type === 'enum') &&
					typeof entry === 'string'
				) {
					const valueProblems = stringConstraints(valueShape, entry);
					if (valueProblems.length)
						vs.add(
							path,
							`Map value must satisfy constraint: [${valueProblems.join(', ')}]`,
							undefined,
						);
					out[key] = entry;
					continue;
				}
				const checked = validateShape(
					service,
					shape.value!.target,
					entry,
					simple ? `${path}.${key}` : `${path}.${key}.member`,
					vs,
					depth + 1,
				);
				if (checked !== undefined) out[key] = checked;
			}
			return out;
		}
		case 'string':
		case 'enum': {
			if (typeof value !== 'string')
				return (vs.add(path, 'Member must be a string', value, sensitive), undefined);
			for (const c of stringConstraints(shape, value)) vs.add(path, c, value, sensitive);
			return value;
		}
		case 'integer':
		case 'long':
		case 'short':
		case 'byte': {
			const [min, max] = INTEGER_RANGES[shape.type];
			if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
				return (
					vs.add(
						path,
						`Member must be an ${shape.type === 'integer' ? 'integer' : shape.type} between ${min} and ${max}`,
						value,
					),
					undefined
				);
			}
			rangeConstraints(traits['smithy.api#range'] as LengthTrait, value).forEach((c) =>
				vs.add(path, c, value),
			);
			return value;
		}
		case 'float':
		case 'double':
			if (typeof value !== 'number')
				return (vs.add(path, 'Member must be a number', value), undefined);
			rangeConstraints(traits['smithy.api#range'] as LengthTrait, value).forEach((c) =>
				vs.add(path, c, value),
			);
			return value;
		case 'boolean':
			if (typeof value !== 'boolean')
				return (vs.add(path, 'Member must be a boolean', value), undefined);
			return value;
		case 'timestamp':
			// restJson1 sends body timestamps as epoch seconds.
			if (typeof value !== 'number' || !Number.isFinite(value))
				return (vs.add(path, 'Member must be a timestamp in epoch seconds', value), undefined);
			return value;
		default:
			return value;
	}
}

function stringConstraints(shape: SmithyShape, value: string): string[] {
	const traits = shape.traits ?? {};
	if (shape.type === 'enum') {
		const values = Object.values(shape.members ?? {}).map(
			(m) => m.traits?.['smithy.api#enumValue'] as string,
		);
		return values.includes(value)
			? []
			: [`Member must satisfy enum value set: [${values.join(', ')}]`];
	}
	const out = lengthConstraints(traits['smithy.api#length'] as LengthTrait, codePoints(value));
	const pattern = traits['smithy.api#pattern'] as string | undefined;
	if (pattern !== undefined && !patternOf(pattern).test(value))
		out.push(`Member must satisfy regular expression pattern: ${pattern}`);
	return out;
}

function rangeConstraints(range: LengthTrait | undefined, value: number): string[] {
	const out: string[] = [];
	if (range?.min !== undefined && value < range.min)
		out.push(`Member must have value greater than or equal to ${range.min}`);
	if (range?.max !== undefined && value > range.max)
		out.push(`Member must have value less than or equal to ${range.max}`);
	return out;
}

function lowerCamel(name: string): string {
	return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * An operation's input as the service assembles it: URI labels, query parameters (typed from the
 * model: integers, booleans, repeated parameters for lists) and the JSON body; then validated.
 * Throws the operation's modeled validation error (InvalidParameterException, or InvalidRequestException
 * for operations that model only that) with every violation.
 */
export function operationInput(
	service: ServiceModel,
	operation: ModelOperation,
	labels: Record<string, string>,
	query: Record<string, string | string[]>,
	body: JsonObject,
): JsonObject {
	const input = service.shape(operation.input);
	const assembled: JsonObject = {};
	const vs = new Violations();
	for (const [name, member] of Object.entries(input.members ?? {})) {
		const traits = member.traits ?? {};
		if ('smithy.api#httpLabel' in traits) {
			if (labels[name] !== undefined) assembled[name] = labels[name];
		} else if ('smithy.api#httpQuery' in traits) {
			const raw = query[traits['smithy.api#httpQuery'] as string];
			if (raw === undefined) continue;
			const target = service.shape(member.target);
			const values = Array.isArray(raw) ? raw : [raw];
			if (target.type === 'list') assembled[name] = values;
			else assembled[name] = queryScalar(target.type, values[0], lowerCamel(name), vs);
		} else if (body[name] !== undefined) {
			assembled[name] = body[name];
		}
	}
	const checked = validateShape(service, operation.input, assembled, '', vs) as JsonObject;
	if (vs.list.length > 0) {
		const message = validationMessage(vs.list);
		throw 'InvalidParameterException' in operation.errors
			? invalidParameter(message)
			: invalidRequest(message);
	}
	return checked;
}

function queryScalar(type: string, text: string, path: string, vs: Violations): Json {
	if (['integer', 'long', 'short', 'byte'].includes(type)) {
		if (!/^-?\d+$/.test(text)) {
			vs.add(path, 'Member must be an integer', text);
			return null;
		}
		return Number(text);
	}
	if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
	return text;
}

/**
 * An awsQuery form (`RoleArn=…&Tags.member.1.Key=…`) read into the JSON shape of the model's input,
 * members typed from the model (integers, booleans), lists from their `.member.N` entries.
 */
export function queryFormInput(
	service: ServiceModel,
	shapeId: string,
	form: Record<string, string>,
	prefix = '',
): Json | undefined {
	const shape = service.shape(shapeId);
	switch (shape.type) {
		case 'structure':
		case 'union': {
			const out: JsonObject = {};
			for (const [name, member] of Object.entries(shape.members ?? {})) {
				const value = queryFormInput(
					service,
					member.target,
					form,
					prefix === '' ? name : `${prefix}.${name}`,
				);
				if (value !== undefined) out[name] = value;
			}
			return prefix === '' || Object.keys(out).length > 0 ? out : undefined;
		}
		case 'list':
		case 'set': {
			const items: Json[] = [];
			for (let i = 1; ; i++) {
				const item = queryFormInput(service, shape.member!.target, form, `${prefix}.member.${i}`);
				if (item === undefined) break;
				items.push(item);
			}
			return items.length > 0 || form[prefix] === '' ? items : undefined;
		}
		default: {
			const raw = form[prefix];
			if (raw === undefined) return undefined;
			if (['integer', 'long', 'short', 'byte'].includes(shape.type))
				return /^-?\d+$/.test(raw) ? Number(raw) : raw;
			if (shape.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
			return raw;
		}
	}
}
