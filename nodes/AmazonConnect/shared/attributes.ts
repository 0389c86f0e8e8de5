/**
 * Contact attributes, as every operation that sets them takes them (Contact → Create, Contact →
 * Update Attributes): the form's fields (rows or one JSON object), the mapping, and the documented
 * rules: keys of letters, digits, '-' and '_', text values, and at most 32,768 UTF-8 bytes over all
 * keys and values (CreateContact and UpdateContactAttributes API references, "Attributes").
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { keyValueModeField, mapFromRows, type MapInputMode, orNothing, parseJsonObject, withMode } from './keyValueInput';
import { describeType, type InputProblem, problem } from './problem';

/** Documented byte budget, counted in UTF-8 bytes across all keys and values. */
export const ATTRIBUTES_MAX_BYTES = 32768;
/** Attribute keys: only alphanumeric characters, dash and underscore (documentation). */
export const ATTRIBUTE_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;
/** Model lengths of keys and values (AttributeName, AttributeValue). */
const KEY_MAX = 32767;
const VALUE_MAX = 32767;

export interface AttributeParameters {
	attributesMode?: MapInputMode;
	attributes?: { attribute?: Array<{ key?: unknown; value?: unknown }> };
	attributesJson?: unknown;
}

/** The form's fields: the input mode, the rows and the JSON object. `field` is the form's name for them. */
export function attributeFields(field: string, displayOptions: IDisplayOptions, description: string): INodeProperties[] {
	return [
		keyValueModeField('attributesMode', field, displayOptions),
		{
			displayName: field,
			name: 'attributes',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Attribute',
			default: {},
			description,
			displayOptions: withMode(displayOptions, 'attributesMode', 'keyValue'),
			options: [
				{
					displayName: 'Attribute',
					name: 'attribute',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. orderId' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. 1234' },
					],
				},
			],
		},
		{
			displayName: `${field} (JSON)`,
			name: 'attributesJson',
			type: 'json',
			default: '{}',
			description: 'An object of text values, e.g. {"orderId": "1234"}, or an expression that returns one',
			displayOptions: withMode(displayOptions, 'attributesMode', 'json'),
		},
	];
}

/** The attributes of one item as a map (undefined when none are given, or when `problems` got why). */
export function attributesFrom(problems: InputProblem[], field: string, params: AttributeParameters): Record<string, unknown> | undefined {
	if (params.attributesMode === 'json') return orNothing(parseJsonObject(problems, field, params.attributesJson));
	return mapFromRows(problems, field, params.attributes?.attribute ?? [], 'Give every attribute a key, or remove the row', (row) => row.value ?? '');
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function stringValueFix(value: unknown): string {
	if (value === null || value === undefined) {
		return 'Attribute values must be text: give a value (an empty text "" is allowed), or remove the key';
	}
	return typeof value === 'object'
		? 'Attribute values must be text: turn the object into text with {{ JSON.stringify(value) }}, or give its parts as separate attributes'
		: 'Attribute values must be text: convert it with {{ String(value) }} (or .toString()) in the expression';
}

/** The documented rules of an attribute map; problems are pushed under `field` (e.g. "Attributes › orderId"). */
export function checkAttributes(problems: InputProblem[], field: string, attributes: unknown): void {
	if (attributes === undefined) return;
	if (!isPlainObject(attributes)) {
		problems.push(problem(field, `must be an object of text values, not ${describeType(attributes)}`, 'Give key/value pairs, e.g. {"orderId": "1234"}'));
		return;
	}
	let total = 0;
	for (const [key, value] of Object.entries(attributes)) {
		const keyField = `${field} › ${key}`;
		if (key.length > KEY_MAX) {
			problems.push(problem(keyField, `the key is longer than ${KEY_MAX} characters`, 'Use a shorter key'));
		} else if (!ATTRIBUTE_KEY_PATTERN.test(key)) {
			problems.push(
				problem(
					keyField,
					`the key "${key}" has characters that are not allowed`,
					"Keys may contain only letters, digits, '-' and '_': e.g. replace spaces and dots with '_'",
				),
			);
		}
		if (typeof value !== 'string') {
			problems.push(problem(keyField, `the value is ${describeType(value)}, not text`, stringValueFix(value)));
			continue;
		}
		if (value.length > VALUE_MAX) {
			problems.push(problem(keyField, `the value is longer than ${VALUE_MAX} characters`, 'Shorten the value'));
		}
		total += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
	}
	if (total > ATTRIBUTES_MAX_BYTES) {
		problems.push(
			problem(
				field,
				`take ${total} bytes (UTF-8, keys and values); the limit is ${ATTRIBUTES_MAX_BYTES}`,
				'Send fewer or shorter attributes; keep large data in your own system and pass a link or an ID',
			),
		);
	}
}
