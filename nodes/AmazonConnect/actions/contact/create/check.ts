/**
 * Every rule of CreateContact that a user can break, checked per item before anything is sent. The
 * JS SDK validates nothing, so whatever passes here is what reaches AWS. Two sources, nothing else:
 *  - AWS's model (types, required members, lengths, enums, patterns, integer ranges), through the
 *    generic checkAgainstModel with its safe conversions (shared/modelCheck.ts);
 *  - the documented rules in rules.ts, each citing the document.
 * Where the table narrows one of the model's enums (channel, method, Initiate As), its message (with
 * the choices for this channel) is the one shown.
 */
import type { CreateContactCommandInput } from '@aws-sdk/client-connect';

import { checkAttributes as checkSharedAttributes } from '../../../shared/attributes';
import { type FieldNames, checkAgainstModel, modelShape } from '../../../shared/modelCheck';
import { checkInstanceReference } from '../../../shared/instance';
import { type InputProblem, problem } from '../../../shared/problem';
import { FIELD } from './fields';
import type { UncheckedInput } from './input';
import {
	CHANNEL_RULES,
	type ChannelDependentMember,
	channelRule,
	CONTACT_EXPIRY_SEGMENT_ATTRIBUTE,
	type MethodRule,
	type Presence,
	REFERENCES_MAX_BYTES,
	SEGMENT_ATTRIBUTE_KEY_PATTERN,
	SYSTEM_ONLY_SEGMENT_VALUES,
	SYSTEM_SEGMENT_ATTRIBUTE_PREFIX,
	TASK_REFERENCE_TYPES,
} from './rules';

export interface CheckContext {
	/** The region of the credential: an instance ARN from another region cannot be reached with it. */
	credentialRegion?: string;
	/** The instance as the user gave it (ID or ARN), before the ID was taken from it. */
	instanceReference?: unknown;
}

export type CheckResult =
	{ ok: true; input: CreateContactCommandInput } | { ok: false; problems: InputProblem[] };

/** The request's members as the form calls them (see modelCheck.ts for the path syntax). */
export const CREATE_CONTACT_FIELDS: FieldNames = {
	InstanceId: FIELD.instance,
	ClientToken: FIELD.clientToken,
	RelatedContactId: FIELD.relatedContactId,
	Attributes: FIELD.attributes,
	References: FIELD.references,
	Channel: FIELD.channel,
	InitiationMethod: FIELD.initiationMethod,
	ExpiryDurationInMinutes: FIELD.expiryDurationInMinutes,
	UserInfo: FIELD.user,
	'UserInfo.UserId': FIELD.user,
	InitiateAs: FIELD.initiateAs,
	Name: FIELD.name,
	Description: FIELD.description,
	SegmentAttributes: FIELD.segmentAttributes,
	[`SegmentAttributes.${CONTACT_EXPIRY_SEGMENT_ATTRIBUTE}.ValueMap.ExpiryDuration.ValueInteger`]:
		FIELD.contactExpiryMinutes,
	PreviousContactId: FIELD.previousContactId,
};

const bytes = (value: string): number => Buffer.byteLength(value, 'utf8');
const list = (values: readonly string[]): string => values.join(', ');
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The one format check beyond the documents: the Instance field takes an instance ID or an instance
 * ARN, and the node must tell them apart to send the ID; an instance ARN must be in the credential's
 * region, or the request could not reach it. Absence and length are the model's.
 */
export function checkInstance(
	problems: InputProblem[],
	input: { InstanceId?: unknown },
	context: CheckContext,
): void {
	checkInstanceReference(
		problems,
		FIELD.instance,
		input.InstanceId,
		context.instanceReference,
		context.credentialRegion,
	);
}

/** Channel and method against the table (§2 Channel, InitiationMethod); returns the method's rule when both are valid. */
function checkChannelAndMethod(
	problems: InputProblem[],
	input: UncheckedInput,
): MethodRule | undefined {
	const channels = CHANNEL_RULES.map((rule) => rule.value);
	const channel = input.Channel;
	if (channel === undefined) {
		problems.push(problem(FIELD.channel, 'is required', `Choose one of ${list(channels)}`));
		return undefined;
	}
	const rule = channelRule(String(channel));
	if (!rule) {
		const why =
			channel === 'CHAT'
				? 'CHAT contacts cannot be created with CreateContact'
				: `"${String(channel)}" is not a channel`;
		problems.push(problem(FIELD.channel, why, `Choose one of ${list(channels)}`));
		return undefined;
	}
	const methods = rule.methods.map((m) => m.value);
	const method = input.InitiationMethod;
	if (method === undefined) {
		problems.push(
			problem(
				FIELD.initiationMethod,
				'is required',
				`For ${rule.value}, choose one of ${list(methods)}`,
			),
		);
		return undefined;
	}
	const found = rule.methods.find((m) => m.value === method);
	if (!found) {
		problems.push(
			problem(
				FIELD.initiationMethod,
				`${String(method)} is not allowed for ${rule.value} contacts`,
				`For ${rule.value}, choose one of ${list(methods)}`,
			),
		);
	}
	return found;
}

const CHANNEL_DEPENDENT: Array<{
	member: ChannelDependentMember;
	given: (input: UncheckedInput) => boolean;
	field: string;
}> = [
	{
		member: 'userInfo',
		given: (input) => isPlainObject(input.UserInfo) && input.UserInfo.UserId !== undefined,
		field: FIELD.user,
	},
	{
		member: 'previousContactId',
		given: (input) => input.PreviousContactId !== undefined,
		field: FIELD.previousContactId,
	},
	{
		member: 'references',
		given: (input) => input.References !== undefined,
		field: FIELD.references,
	},
];

/** Where the table accepts a member, for the fix of a message ("only for VOICE TRANSFER"). */
function whereAccepted(member: ChannelDependentMember): string {
	const accepted: Presence[] = ['required', 'optional', 'hidden'];
	const places = CHANNEL_RULES.flatMap((c) =>
		c.methods.filter((m) => accepted.includes(m[member])).map((m) => `${c.value} ${m.value}`),
	);
	return places.length ? list(places) : 'no channel';
}

function checkChannelDependent(
	problems: InputProblem[],
	input: UncheckedInput,
	method: MethodRule,
): void {
	const where = `${String(input.Channel)} ${method.value}`;
	for (const { member, given, field } of CHANNEL_DEPENDENT) {
		const presence = method[member];
		if (presence === 'required' && !given(input)) {
			problems.push(problem(field, `is required for ${where} contacts`, `Set ${field}`));
		} else if (presence === 'forbidden' && given(input)) {
			problems.push(
				problem(
					field,
					`cannot be set for ${where} contacts`,
					`Remove ${field}; it is accepted only for ${whereAccepted(member)}`,
				),
			);
		}
	}
	const initiateAs = input.InitiateAs;
	if (initiateAs === undefined) return;
	const all = ['CONNECTED_TO_USER', 'COMPLETED'];
	if (!all.includes(String(initiateAs))) {
		problems.push(
			problem(
				FIELD.initiateAs,
				`"${String(initiateAs)}" is not a valid value`,
				`Choose one of ${list(method.initiateAs)}`,
			),
		);
	} else if (!(method.initiateAs as readonly unknown[]).includes(initiateAs)) {
		problems.push(
			problem(
				FIELD.initiateAs,
				`${String(initiateAs)} is not allowed for ${where} contacts (only tasks can be created completed)`,
				`Choose one of ${list(method.initiateAs)}, or create the contact as a TASK`,
			),
		);
	}
}

/** §2 Attributes: the key alphabet and the 32,768-byte budget (shared/attributes.ts). Types and lengths are the model's. */
export function checkAttributes(problems: InputProblem[], attributes: unknown): void {
	checkSharedAttributes(problems, FIELD.attributes, attributes);
}

const REFERENCE_TYPE_VALUES = ((shape) => (shape.type === 'enum' ? shape.values : []))(
	modelShape('CreateContact', 'References.*.Type'),
);

/**
 * §2 References: the types `allowedTypes` (e.g. what a task may carry at creation), and the 4,096-byte
 * budget over keys and values, which AWS states for CreateContact (`budget: false` where it does not,
 * e.g. UpdateContact). A type outside the model's enum is the model check's to report.
 */
export function checkReferences(
	problems: InputProblem[],
	references: unknown,
	allowedTypes?: readonly string[],
	{ when = 'when creating a contact', budget = true }: { when?: string; budget?: boolean } = {},
): void {
	if (!isPlainObject(references)) return;
	let total = 0;
	for (const [key, reference] of Object.entries(references)) {
		total += bytes(key);
		if (!isPlainObject(reference)) continue;
		const type = reference.Type;
		if (
			allowedTypes &&
			REFERENCE_TYPE_VALUES.includes(type as string) &&
			!allowedTypes.includes(type as string)
		) {
			problems.push(
				problem(
					`${FIELD.references} › ${key}`,
					`type "${String(type)}" cannot be used ${when}`,
					`Choose one of ${list(allowedTypes)}`,
				),
			);
		}
		if (typeof reference.Value === 'string') total += bytes(reference.Value);
	}
	if (budget && total > REFERENCES_MAX_BYTES) {
		problems.push(
			problem(
				FIELD.references,
				`take ${total} bytes (UTF-8, keys and values); the limit is ${REFERENCES_MAX_BYTES}`,
				'Send fewer or shorter references',
			),
		);
	}
}

/** Any ValueList or ValueArn in a segment attribute value, at any depth. */
function usesSystemOnlyValues(value: unknown): boolean {
	if (!isPlainObject(value)) return false;
	if (
		SYSTEM_ONLY_SEGMENT_VALUES.some(
			(member) => value[member] !== undefined && value[member] !== null,
		)
	)
		return true;
	return isPlainObject(value.ValueMap) && Object.values(value.ValueMap).some(usesSystemOnlyValues);
}

/** §2 SegmentAttributes: the key alphabet (or a connect: system key); ValueList and ValueArn for system attributes only. */
export function checkSegmentAttributes(problems: InputProblem[], segmentAttributes: unknown): void {
	if (!isPlainObject(segmentAttributes)) return;
	for (const [key, value] of Object.entries(segmentAttributes)) {
		const field = `${FIELD.segmentAttributes} › ${key}`;
		if (key.length > 0 && !SEGMENT_ATTRIBUTE_KEY_PATTERN.test(key)) {
			problems.push(
				problem(
					field,
					'the key has characters that are not allowed',
					"Use letters, digits, '-' and '_', or a system key such as connect:ContactExpiry",
				),
			);
		} else if (!key.startsWith(SYSTEM_SEGMENT_ATTRIBUTE_PREFIX) && usesSystemOnlyValues(value)) {
			problems.push(
				problem(
					field,
					'ValueList and ValueArn are only for system (connect:) attributes',
					'Use ValueString, ValueInteger or ValueMap',
				),
			);
		}
	}
}

const NARROWED_ENUMS: string[] = [FIELD.channel, FIELD.initiationMethod, FIELD.initiateAs];

/** All problems of one item's input (empty when it may be sent), and the input as it will be sent. */
export function checkProblems(
	input: UncheckedInput,
	context: CheckContext = {},
): { input: CreateContactCommandInput; problems: InputProblem[] } {
	const model = checkAgainstModel<CreateContactCommandInput>(
		'CreateContact',
		input,
		CREATE_CONTACT_FIELDS,
	);
	const converted = model.input as UncheckedInput;

	const first: InputProblem[] = [];
	checkInstance(first, converted, context);
	const method = checkChannelAndMethod(first, converted);
	if (method) checkChannelDependent(first, converted, method);
	const last: InputProblem[] = [];
	checkAttributes(last, converted.Attributes);
	checkReferences(
		last,
		converted.References,
		converted.Channel === 'TASK' ? TASK_REFERENCE_TYPES : undefined,
	);
	checkSegmentAttributes(last, converted.SegmentAttributes);

	// Channel, method and Initiate As are enums the table narrows per channel: its message (with the
	// choices for this channel) replaces the model's about the same field.
	const ruled = new Set(
		first.map((p) => p.field).filter((field) => NARROWED_ENUMS.includes(field)),
	);
	const problems = [...first, ...model.problems.filter((p) => !ruled.has(p.field)), ...last];
	return { input: model.input, problems };
}

export function findProblems(input: UncheckedInput, context: CheckContext = {}): InputProblem[] {
	return checkProblems(input, context).problems;
}

export function checkCreateContactInput(
	input: UncheckedInput,
	context: CheckContext = {},
): CheckResult {
	const { input: converted, problems } = checkProblems(input, context);
	return problems.length ? { ok: false, problems } : { ok: true, input: converted };
}
