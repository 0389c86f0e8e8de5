/**
 * Maps given in the form either as key/value rows or as one JSON object (e.g. a webhook's body by
 * expression): the form's two fields and the mapping to a plain object, shared by every operation
 * that takes attributes or references. Values are carried over as the expressions delivered them,
 * so the checks can name a wrong type with its fix instead of this code converting it silently.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { describeType, type InputProblem, problem } from './problem';

export type MapInputMode = 'keyValue' | 'json';

export const isBlank = (value: unknown): boolean =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Text fields: trimmed, and left out when empty, so an empty optional field is never sent. */
export function text(value: unknown): unknown {
	if (isBlank(value)) return undefined;
	return typeof value === 'string' ? value.trim() : value;
}

/** JSON.parse as a value: the parsed value, or the parser's message. */
function parseJson(json: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(json) };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/**
 * A JSON parameter: an object given by an expression is taken as is; a string is parsed. A parse error
 * (naming the field and the position) or a value that is no object is pushed to `problems`, and gives
 * no value.
 */
export function parseJsonObject(
	problems: InputProblem[],
	field: string,
	value: unknown,
): Record<string, unknown> | undefined {
	if (isBlank(value)) return undefined;
	let parsed = value;
	if (typeof value === 'string') {
		const result = parseJson(value);
		if ('error' in result) {
			problems.push(
				problem(
					field,
					`is not valid JSON (${result.error})`,
					'Give a JSON object such as {"key": "value"}, or an expression that returns an object, e.g. {{ $json.body }}',
				),
			);
			return undefined;
		}
		parsed = result.value;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		problems.push(
			problem(
				field,
				`must be a JSON object, not ${describeType(parsed)}`,
				'Give an object whose keys are the names, e.g. {"orderId": "1234"}',
			),
		);
		return undefined;
	}
	return parsed as Record<string, unknown>;
}

/** Adds a key as an own property, so that a key such as "__proto__" is kept like any other. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

/** An empty object sends nothing, as an empty list of rows does. */
export const orNothing = (map: Record<string, unknown> | undefined) =>
	map && Object.keys(map).length ? map : undefined;

/** Key/value rows → a map; a row without a key, or a key given twice, is a problem of that row (and no map). */
export function mapFromRows<Row extends { key?: unknown }>(
	problems: InputProblem[],
	field: string,
	rows: Row[],
	noKeyFix: string,
	valueOf: (row: Row) => unknown,
): Record<string, unknown> | undefined {
	if (rows.length === 0) return undefined;
	const map: Record<string, unknown> = {};
	for (const [index, row] of rows.entries()) {
		const key = typeof row.key === 'string' ? row.key.trim() : row.key;
		if (isBlank(key)) {
			problems.push(problem(`${field} › row ${index + 1}`, 'has no key', noKeyFix));
			return undefined;
		}
		if (Object.prototype.hasOwnProperty.call(map, String(key))) {
			problems.push(problem(`${field} › ${String(key)}`, 'is given twice', 'Keep one row per key'));
			return undefined;
		}
		setOwn(map, String(key), valueOf(row));
	}
	return map;
}

/** The "<Label> Input" choice between rows and one JSON object. */
export const keyValueModeField = (
	name: string,
	label: string,
	displayOptions: IDisplayOptions,
): INodeProperties => ({
	displayName: `${label} Input`,
	name,
	type: 'options',
	options: [
		{ name: 'Key/Value Rows', value: 'keyValue', description: 'One row per key' },
		{
			name: 'JSON Object',
			value: 'json',
			description: 'One object, e.g. the body of a webhook given by an expression',
		},
	],
	default: 'keyValue',
	displayOptions,
});

export const withMode = (
	displayOptions: IDisplayOptions,
	modeName: string,
	mode: string,
): IDisplayOptions => ({
	show: { ...displayOptions.show, [modeName]: [mode] },
});
