/**
 * One item's parameters → the CreateContact input. Pure: no n8n, no AWS. Values are carried over as
 * the expressions delivered them (a number stays a number), so that check.ts can name every wrong
 * type with its fix instead of this code silently converting it. What cannot be built (invalid JSON,
 * a row without a key) is returned as problems, as the checks return theirs.
 */
import type { CreateContactCommandInput } from '@aws-sdk/client-connect';

import { attributesFrom as sharedAttributesFrom } from '../../../shared/attributes';
import { type InputProblem, problem } from '../../../shared/problem';
import { parseInstanceId } from '../../../shared/instance';
import {
	isBlank,
	mapFromRows,
	type MapInputMode,
	orNothing,
	parseJsonObject,
	text,
} from '../../../shared/keyValueInput';
import { CONTACT_EXPIRY_SEGMENT_ATTRIBUTE } from './rules';
import { FIELD } from './fields';

export { isBlank, parseJsonObject, text, type MapInputMode };

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
	| 'attributesMode'
	| 'attributes'
	| 'attributesJson'
	| 'referencesMode'
	| 'references'
	| 'referencesJson'
> & {
	additionalFields?: Pick<
		NonNullable<CreateContactParameters['additionalFields']>,
		'contactExpiryMinutes' | 'segmentAttributesJson'
	>;
};

/**
 * The input as built from parameters, before the checks: same members as the SDK's input, but
 * values may still have the wrong type (check.ts narrows it to CreateContactCommandInput).
 */
export type UncheckedInput = { [K in keyof CreateContactCommandInput]?: unknown };

export function attributesFrom(
	problems: InputProblem[],
	params: MapParameters,
): Record<string, unknown> | undefined {
	return sharedAttributesFrom(problems, FIELD.attributes, params);
}

export function referencesFrom(
	problems: InputProblem[],
	params: MapParameters,
): Record<string, unknown> | undefined {
	if (params.referencesMode === 'json')
		return orNothing(parseJsonObject(problems, FIELD.references, params.referencesJson));
	return mapFromRows(
		problems,
		FIELD.references,
		params.references?.reference ?? [],
		'Give every reference a key (its name), or remove the row',
		(row) => ({ Type: row.type, Value: row.value ?? '' }),
	);
}

export function segmentAttributesFrom(
	problems: InputProblem[],
	params: MapParameters,
): Record<string, unknown> | undefined {
	const extra = params.additionalFields ?? {};
	const raw = orNothing(
		parseJsonObject(problems, FIELD.segmentAttributes, extra.segmentAttributesJson),
	);
	const minutes = extra.contactExpiryMinutes;
	if (isBlank(minutes)) return raw;
	if (raw && CONTACT_EXPIRY_SEGMENT_ATTRIBUTE in raw) {
		problems.push(
			problem(
				FIELD.contactExpiryMinutes,
				`is set and ${FIELD.segmentAttributes} also has "${CONTACT_EXPIRY_SEGMENT_ATTRIBUTE}"`,
				`Set the expiry in one place: remove "${CONTACT_EXPIRY_SEGMENT_ATTRIBUTE}" from the JSON or clear ${FIELD.contactExpiryMinutes}`,
			),
		);
		return undefined;
	}
	return {
		...raw,
		[CONTACT_EXPIRY_SEGMENT_ATTRIBUTE]: { ValueMap: { ExpiryDuration: { ValueInteger: minutes } } },
	};
}

/** A request built from one item's parameters, and what kept members out of it (nothing is sent then). */
export interface Built<Input> {
	input: Input;
	problems: InputProblem[];
}

/**
 * Builds the request for one item. `clientToken` is decided by the caller (see clientToken.ts), since
 * it depends on the execution, not only on the parameters.
 */
export function buildCreateContactInput(
	params: CreateContactParameters,
	clientToken?: unknown,
): Built<UncheckedInput> {
	const problems: InputProblem[] = [];
	const extra = params.additionalFields ?? {};
	const userId = text(params.userId);
	const input: UncheckedInput = {
		InstanceId: parseInstanceId(params.instanceId),
		// Sent exactly as given (clientToken.ts decides it); only an absent token is left out.
		ClientToken: clientToken === '' || clientToken === null ? undefined : clientToken,
		RelatedContactId: text(extra.relatedContactId),
		Attributes: attributesFrom(problems, params),
		References: referencesFrom(problems, params),
		Channel: text(params.channel),
		InitiationMethod: text(params.initiationMethod),
		ExpiryDurationInMinutes: isBlank(extra.expiryDurationInMinutes)
			? undefined
			: extra.expiryDurationInMinutes,
		UserInfo: userId === undefined ? undefined : { UserId: userId },
		InitiateAs: text(params.initiateAs),
		Name: text(params.name),
		Description: text(params.description),
		SegmentAttributes: segmentAttributesFrom(problems, params),
		PreviousContactId: text(params.previousContactId),
	};
	// Members left undefined are not part of the request: drop them so the input equals what is sent.
	for (const key of Object.keys(input) as Array<keyof UncheckedInput>) {
		if (input[key] === undefined) delete input[key];
	}
	return { input, problems };
}
