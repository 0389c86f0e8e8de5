/**
 * One item's parameters → the CreateContact input. Pure: no n8n, no AWS. Values are carried over as
 * the expressions delivered them (a number stays a number), so that check.ts can name every wrong
 * type with its fix instead of this code silently converting it.
 */
import type { CreateContactCommandInput } from '@aws-sdk/client-connect';

import { describeType, InputProblemError, problem } from '../../../shared/problem';
import { parseInstanceId } from '../../../shared/instance';
import { CONTACT_EXPIRY_SEGMENT_ATTRIBUTE } from './model';
import { FIELD } from './fields';

export type MapInputMode = 'keyValue' | 'json';

/** The node's parameters for one item, as `getNodeParameter` returns them (see description.ts). */
export interface CreateContactParameters {
	instanceId: string;
	channel: string;
	initiationMethod: string;
	userId?: string;
	previousContactId?: string;
	initiateAs?: string;
	name?: string;
	description?: string;
	attributesMode?: MapInputMode;
	attributes?: { attribute?: Array<{ key?: unknown; value?: unknown }> };
	attributesJson?: unknown;
	referencesMode?: MapInputMode;
	references?: { reference?: Array<{ key?: unknown; type?: unknown; value?: unknown }> };
	referencesJson?: unknown;
	additionalFields?: {
		relatedContactId?: string;
		expiryDurationInMinutes?: number;
		contactExpiryMinutes?: number;
		segmentAttributesJson?: unknown;
	};
}

/** The parameters of the map fields every contact operation shares (attributes, references, segment attributes). */
export type MapParameters = Pick<
	CreateContactParameters,
	'attributesMode' | 'attributes' | 'attributesJson' | 'referencesMode' | 'references' | 'referencesJson'
> & { additionalFields?: Pick<NonNullable<CreateContactParameters['additionalFields']>, 'contactExpiryMinutes' | 'segmentAttributesJson'> };

/**
 * The input as built from parameters, before the checks: same members as the SDK's input, but
 * values may still have the wrong type (check.ts narrows it to CreateContactCommandInput).
 */
export type UncheckedInput = { [K in keyof CreateContactCommandInput]?: unknown };

export const isBlank = (value: unknown): boolean =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Text fields: trimmed, and left out when empty, so an empty optional field is never sent. */
export function text(value: unknown): unknown {
	if (isBlank(value)) return undefined;
	return typeof value === 'string' ? value.trim() : value;
}

/**
 * A JSON parameter: an object given by an expression is taken as is; a string is parsed, and a parse
 * error names the field and the position.
 */
export function parseJsonObject(field: string, value: unknown): Record<string, unknown> | undefined {
	if (isBlank(value)) return undefined;
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new InputProblemError(
				problem(
					field,
					`is not valid JSON (${(error as Error).message})`,
					'Give a JSON object such as {"key": "value"}, or an expression that returns an object, e.g. {{ $json.body }}',
				),
			);
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new InputProblemError(
			problem(
				field,
				`must be a JSON object, not ${describeType(parsed)}`,
				'Give an object whose keys are the names, e.g. {"orderId": "1234"}',
			),
		);
	}
	return parsed as Record<string, unknown>;
}

/** Adds a key as an own property, so that a key such as "__proto__" is kept like any other. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An empty object sends nothing, as an empty list of rows does. */
const orNothing = (map: Record<string, unknown> | undefined) => (map && Object.keys(map).length ? map : undefined);

/** Key/value rows → a map; a row without a key, or a key given twice, is a problem of that row. */
function mapFromRows<Row extends { key?: unknown }>(
	field: string,
	rows: Row[],
	noKeyFix: string,
	valueOf: (row: Row) => unknown,
): Record<string, unknown> | undefined {
	if (rows.length === 0) return undefined;
	const map: Record<string, unknown> = {};
	for (const [index, row] of rows.entries()) {
		const key = typeof row.key === 'string' ? row.key.trim() : row.key;
		if (isBlank(key)) throw new InputProblemError(problem(`${field} › row ${index + 1}`, 'has no key', noKeyFix));
		if (Object.prototype.hasOwnProperty.call(map, String(key))) {
			throw new InputProblemError(problem(`${field} › ${String(key)}`, 'is given twice', 'Keep one row per key'));
		}
		setOwn(map, String(key), valueOf(row));
	}
	return map;
}

export function attributesFrom(params: MapParameters): Record<string, unknown> | undefined {
	if (params.attributesMode === 'json') return orNothing(parseJsonObject(FIELD.attributes, params.attributesJson));
	return mapFromRows(
		FIELD.attributes,
		params.attributes?.attribute ?? [],
		'Give every attribute a key, or remove the row',
		(row) => row.value ?? '',
	);
}

export function referencesFrom(params: MapParameters): Record<string, unknown> | undefined {
	if (params.referencesMode === 'json') return orNothing(parseJsonObject(FIELD.references, params.referencesJson));
	return mapFromRows(
		FIELD.references,
		params.references?.reference ?? [],
		'Give every reference a key (its name), or remove the row',
		(row) => ({ Type: row.type, Value: row.value ?? '' }),
	);
}

export function segmentAttributesFrom(params: MapParameters): Record<string, unknown> | undefined {
	const extra = params.additionalFields ?? {};
	const raw = orNothing(parseJsonObject(FIELD.segmentAttributes, extra.segmentAttributesJson));
	const minutes = extra.contactExpiryMinutes;
	if (isBlank(minutes)) return raw;
	if (raw && CONTACT_EXPIRY_SEGMENT_ATTRIBUTE in raw) {
		throw new InputProblemError(
			problem(
				FIELD.contactExpiryMinutes,
				`is set and ${FIELD.segmentAttributes} also has "${CONTACT_EXPIRY_SEGMENT_ATTRIBUTE}"`,
				`Set the expiry in one place: remove "${CONTACT_EXPIRY_SEGMENT_ATTRIBUTE}" from the JSON or clear ${FIELD.contactExpiryMinutes}`,
			),
		);
	}
	return {
		...raw,
		[CONTACT_EXPIRY_SEGMENT_ATTRIBUTE]: { ValueMap: { ExpiryDuration: { ValueInteger: minutes } } },
	};
}

/**
 * Builds the request for one item. `clientToken` is decided by the caller (see clientToken.ts), since
 * it depends on the execution, not only on the parameters.
 */
export function buildCreateContactInput(params: CreateContactParameters, clientToken?: unknown): UncheckedInput {
	const extra = params.additionalFields ?? {};
	const userId = text(params.userId);
	const input: UncheckedInput = {
		InstanceId: parseInstanceId(params.instanceId),
		// Sent exactly as given (clientToken.ts decides it); only an absent token is left out.
		ClientToken: clientToken === '' || clientToken === null ? undefined : clientToken,
		RelatedContactId: text(extra.relatedContactId),
		Attributes: attributesFrom(params),
		References: referencesFrom(params),
		Channel: text(params.channel),
		InitiationMethod: text(params.initiationMethod),
		ExpiryDurationInMinutes: isBlank(extra.expiryDurationInMinutes) ? undefined : extra.expiryDurationInMinutes,
		UserInfo: userId === undefined ? undefined : { UserId: userId },
		InitiateAs: text(params.initiateAs),
		Name: text(params.name),
		Description: text(params.description),
		SegmentAttributes: segmentAttributesFrom(params),
		PreviousContactId: text(params.previousContactId),
	};
	// Members left undefined are not part of the request: drop them so the input equals what is sent.
	for (const key of Object.keys(input) as Array<keyof UncheckedInput>) {
		if (input[key] === undefined) delete input[key];
	}
	return input;
}
