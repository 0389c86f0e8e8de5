/**
 * Contact attributes, as every operation that sets them takes them (Contact → Create, Contact →
 * Update Attributes): the form's fields (rows or one JSON object), the mapping, and the documented
 * rules: keys of letters, digits, '-' and '_', and at most 32,768 UTF-8 bytes over all
 * keys and values (CreateContact and UpdateContactAttributes API references, "Attributes").
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import {
	keyValueModeField,
	mapFromRows,
	type MapInputMode,
	orNothing,
	parseJsonObject,
	withMode,
} from './keyValueInput';
import { type InputProblem, problem } from './problem';

/** Documented byte budget, counted in UTF-8 bytes across all keys and values. */
export const ATTRIBUTES_MAX_BYTES = 32768;
/** Attribute keys: only alphanumeric characters, dash and underscore (documentation). */
export const ATTRIBUTE_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

export interface AttributeParameters {
	attributesMode?: MapInputMode;
	attributes?: { attribute?: Array<{ key?: unknown; value?: unknown }> };
	attributesJson?: unknown;
}

/** The form's fields: the input mode, the rows and the JSON object. `field` is the form's name for them. */
export function attributeFields(
	field: string,
	displayOptions: IDisplayOptions,
	description: string,
): INodeProperties[] {
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
						{
							displayName: 'Key',
							name: 'key',
							type: 'string',
							default: '',
							placeholder: 'e.g. orderId',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: 'e.g. 1234',
						},
					],
				},
			],
		},
		{
			displayName: `${field} (JSON)`,
			name: 'attributesJson',
			type: 'json',
			default: '{}',
			description:
				'An object of text values, e.g. {"orderId": "1234"}, or an expression that returns one',
			displayOptions: withMode(displayOptions, 'attributesMode', 'json'),
		},
	];
}

/** The attributes of one item as a map (undefined when none are given, or when `problems` got why). */
export function attributesFrom(
	problems: InputProblem[],
	field: string,
	params: AttributeParameters,
): Record<string, unknown> | undefined {
	if (params.attributesMode === 'json')
		return orNothing(parseJsonObject(problems, field, params.attributesJson));
	return mapFromRows(
		problems,
		field,
		params.attributes?.attribute ?? [],
		'Give every attribute a key, or remove the row',
		(row) => row.value ?? '',
	);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkAttributes(
	problems: InputProblem[],
	field: string,
	attributes: unknown,
): void {
	// Types and lengths are the model check's (shared/modelCheck.ts), which runs first on every operation.
	if (!isPlainObject(attributes)) return;
	let total = 0;
	for (const [key, value] of Object.entries(attributes)) {
		if (key.length > 0 && !ATTRIBUTE_KEY_PATTERN.test(key)) {
			problems.push(
				problem(
					`${field} › ${key}`,
					`the key "${key}" has characters that are not allowed`,
					"Keys may contain only letters, digits, '-' and '_': e.g. replace spaces and dots with '_'",
				),
			);
		}
		total +=
			Buffer.byteLength(key, 'utf8') +
			(typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
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
