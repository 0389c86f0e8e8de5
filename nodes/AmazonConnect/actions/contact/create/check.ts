/**
 * Every rule of CreateContact that a user can break, checked per item before anything is sent.
 * The JS SDK validates nothing, so whatever passes here is what reaches AWS. The channel-dependent
 * rules come from the table in rules.ts; lengths, enums and budgets from model.ts.
 */
import type { CreateContactCommandInput } from '@aws-sdk/client-connect';

import { describeType, type InputProblem, problem } from '../../../shared/problem';
import { checkAttributes as checkSharedAttributes } from '../../../shared/attributes';
import { checkInstanceReference } from '../../../shared/instance';
import { FIELD } from './fields';
import type { UncheckedInput } from './input';
import {
	CONTACT_EXPIRY_SEGMENT_ATTRIBUTE,
	CREATION_REFERENCE_TYPES,
	INITIATE_AS,
	LENGTHS,
	REFERENCE_ARN_PATTERN,
	REFERENCE_STATUSES,
	REFERENCES_MAX_BYTES,
} from './model';
import { CHANNEL_RULES, type ChannelDependentMember, channelRule, type MethodRule, type Presence } from './rules';

export interface CheckContext {
	/** The region of the credential: an instance ARN from another region cannot be reached with it. */
	credentialRegion?: string;
	/** The instance as the user gave it (ID or ARN), before the ID was taken from it. */
	instanceReference?: unknown;
}

export type CheckResult =
	| { ok: true; input: CreateContactCommandInput }
	| { ok: false; problems: InputProblem[] };

const bytes = (value: string): number => Buffer.byteLength(value, 'utf8');
const list = (values: readonly string[]): string => values.join(', ');
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

type Length = { min: number; max: number };

/** A string member within the model's length range; problems are pushed, nothing is thrown. */
export function checkString(problems: InputProblem[], field: string, value: unknown, length: Length, required = false): void {
	if (value === undefined) {
		if (required) problems.push(problem(field, 'is required', `Set ${field}`));
		return;
	}
	if (typeof value !== 'string') {
		problems.push(
			problem(field, `must be text, not ${describeType(value)}`, `Convert it to text, e.g. {{ String(value) }}`),
		);
		return;
	}
	if (value.length === 0 && length.min > 0) {
		problems.push(problem(field, 'is empty', required ? `Give ${field} a value` : `Give ${field} a value, or leave the field out`));
	} else if (value.length < length.min) {
		problems.push(
			problem(field, `is ${value.length} characters long; the minimum is ${length.min}`, `Give the whole value of ${field}`),
		);
	} else if (value.length > length.max) {
		problems.push(
			problem(
				field,
				`is ${value.length} characters long; the limit is ${length.max}`,
				`Shorten ${field} to at most ${length.max} characters`,
			),
		);
	}
}

export function checkInstance(problems: InputProblem[], input: { InstanceId?: unknown }, context: CheckContext): void {
	checkString(problems, FIELD.instance, input.InstanceId, LENGTHS.InstanceId, true);
	checkInstanceReference(problems, FIELD.instance, input.InstanceId, context.instanceReference, context.credentialRegion);
}

/** Channel and method against the table; returns the method's rule when both are valid. */
function checkChannelAndMethod(problems: InputProblem[], input: UncheckedInput): MethodRule | undefined {
	const channels = CHANNEL_RULES.map((rule) => rule.value);
	const channel = input.Channel;
	if (channel === undefined) {
		problems.push(problem(FIELD.channel, 'is required', `Choose one of ${list(channels)}`));
		return undefined;
	}
	const rule = channelRule(String(channel));
	if (!rule || typeof channel !== 'string') {
		const why = channel === 'CHAT' ? 'CHAT contacts cannot be created with CreateContact' : `"${String(channel)}" is not a channel`;
		problems.push(problem(FIELD.channel, why, `Choose one of ${list(channels)}`));
		return undefined;
	}
	const methods = rule.methods.map((m) => m.value);
	const method = input.InitiationMethod;
	if (method === undefined) {
		problems.push(problem(FIELD.initiationMethod, 'is required', `For ${channel}, choose one of ${list(methods)}`));
		return undefined;
	}
	const found = rule.methods.find((m) => m.value === method);
	if (!found) {
		problems.push(
			problem(
				FIELD.initiationMethod,
				`${String(method)} is not allowed for ${channel} contacts`,
				`For ${channel}, choose one of ${list(methods)}`,
			),
		);
	}
	return found;
}

const CHANNEL_DEPENDENT: Array<{ member: ChannelDependentMember; key: keyof UncheckedInput; field: string }> = [
	{ member: 'userInfo', key: 'UserInfo', field: FIELD.user },
	{ member: 'previousContactId', key: 'PreviousContactId', field: FIELD.previousContactId },
	{ member: 'references', key: 'References', field: FIELD.references },
];

/** Where the table allows a member, for the fix of a message ("only for EMAIL with OUTBOUND or AGENT_REPLY"). */
function whereAllowed(member: ChannelDependentMember, presence: Presence[]): string {
	const places = CHANNEL_RULES.flatMap((c) =>
		c.methods.filter((m) => presence.includes(m[member])).map((m) => `${c.value} ${m.value}`),
	);
	return places.length ? list(places) : 'no channel';
}

function checkChannelDependent(problems: InputProblem[], input: UncheckedInput, method: MethodRule): void {
	const where = `${String(input.Channel)} ${method.value}`;
	for (const { member, key, field } of CHANNEL_DEPENDENT) {
		const presence = method[member];
		const given = input[key] !== undefined;
		if (presence === 'required' && !given) {
			problems.push(problem(field, `is required for ${where} contacts`, `Set ${field}`));
		} else if (presence === 'forbidden' && given) {
			problems.push(
				problem(
					field,
					`cannot be set for ${where} contacts`,
					`Remove ${field}; it is accepted only for ${whereAllowed(member, ['required', 'optional'])}`,
				),
			);
		}
	}
	const initiateAs = input.InitiateAs;
	if (initiateAs === undefined) return;
	if (!(INITIATE_AS as readonly unknown[]).includes(initiateAs)) {
		problems.push(problem(FIELD.initiateAs, `"${String(initiateAs)}" is not a valid value`, `Choose one of ${list(method.initiateAs)}`));
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

/** A documented byte budget over all keys and values, counted in UTF-8 bytes. */
function checkBudget(problems: InputProblem[], field: string, bytesUsed: number, limit: number, fix: string): void {
	if (bytesUsed > limit) {
		problems.push(problem(field, `take ${bytesUsed} bytes (UTF-8, keys and values); the limit is ${limit}`, fix));
	}
}

export function checkAttributes(problems: InputProblem[], attributes: unknown): void {
	checkSharedAttributes(problems, FIELD.attributes, attributes);
}

/** Value shapes per reference type, as the Connect console and agents read them. */
const REFERENCE_VALUE_SHAPES: Partial<Record<string, { test: (value: string) => boolean; expected: string }>> = {
	URL: { test: (v) => /^https?:\/\/\S+$/i.test(v), expected: 'a URL starting with http:// or https://' },
	NUMBER: { test: (v) => v.trim() !== '' && Number.isFinite(Number(v)), expected: 'a number, e.g. 42 or 3.5' },
	DATE: { test: (v) => /^\d{1,13}$/.test(v), expected: 'an epoch timestamp, e.g. 1767225600 (use {{ $now.toSeconds() }} or Date.now())' },
	EMAIL: { test: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), expected: 'an email address' },
};

export function checkReferences(
	problems: InputProblem[],
	references: unknown,
	allowedTypes: readonly string[] = CREATION_REFERENCE_TYPES,
): void {
	if (references === undefined) return;
	if (!isPlainObject(references)) {
		problems.push(problem(FIELD.references, `must be an object, not ${describeType(references)}`, 'Give {"name": {"Type": "URL", "Value": "https://..."}}'));
		return;
	}
	let total = 0;
	for (const [key, reference] of Object.entries(references)) {
		const field = `${FIELD.references} › ${key}`;
		total += bytes(key);
		if (key.length > LENGTHS.ReferenceKey.max) {
			problems.push(problem(field, `the key is longer than ${LENGTHS.ReferenceKey.max} characters`, 'Use a shorter key'));
		}
		if (!isPlainObject(reference)) {
			problems.push(problem(field, `must be an object with Type and Value, not ${describeType(reference)}`, 'Give {"Type": "URL", "Value": "https://..."}'));
			continue;
		}
		const unknown = Object.keys(reference).filter((k) => !['Type', 'Value', 'Status', 'Arn', 'StatusReason'].includes(k));
		if (unknown.length) {
			problems.push(problem(field, `has unknown members: ${list(unknown)}`, 'A reference has Type and Value (and optionally Status, Arn, StatusReason)'));
		}
		const type = reference.Type;
		if (!(allowedTypes as readonly unknown[]).includes(type)) {
			const why = type === undefined ? 'has no type' : `type "${String(type)}" cannot be used when creating a contact`;
			problems.push(problem(field, why, `Choose one of ${list(allowedTypes)}`));
		}
		const value = reference.Value;
		if (value !== undefined && typeof value !== 'string') {
			problems.push(problem(field, `the value is ${describeType(value)}, not text`, 'Reference values must be text: convert it with {{ String(value) }}'));
		} else if (typeof value === 'string') {
			total += bytes(value);
			const shape = REFERENCE_VALUE_SHAPES[String(type)];
			if (value.length > LENGTHS.ReferenceValue.max) {
				problems.push(problem(field, `the value is longer than ${LENGTHS.ReferenceValue.max} characters`, 'Shorten the value'));
			} else if (shape && !shape.test(value)) {
				problems.push(problem(field, `"${value.slice(0, 80)}" is not ${shape.expected}`, `A ${String(type)} reference needs ${shape.expected}`));
			}
		}
		if (reference.Arn !== undefined) {
			checkString(problems, `${field} › Arn`, reference.Arn, LENGTHS.ReferenceArn);
			if (typeof reference.Arn === 'string' && !REFERENCE_ARN_PATTERN.test(reference.Arn)) {
				problems.push(problem(`${field} › Arn`, 'is not an ARN', 'Give an ARN such as arn:aws:connect:...'));
			}
		}
		if (reference.Status !== undefined && !(REFERENCE_STATUSES as readonly unknown[]).includes(reference.Status)) {
			problems.push(problem(`${field} › Status`, `"${String(reference.Status)}" is not a status`, `Choose one of ${list(REFERENCE_STATUSES)}`));
		}
		if (reference.StatusReason !== undefined) {
			checkString(problems, `${field} › StatusReason`, reference.StatusReason, LENGTHS.ReferenceStatusReason);
		}
	}
	checkBudget(problems, FIELD.references, total, REFERENCES_MAX_BYTES, 'Send fewer or shorter references');
}

const SEGMENT_VALUE_MEMBERS = ['ValueString', 'ValueMap', 'ValueInteger', 'ValueList', 'ValueArn'];
const SEGMENT_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

function checkSegmentValue(problems: InputProblem[], field: string, value: unknown, system: boolean): void {
	if (!isPlainObject(value)) {
		problems.push(problem(field, `must be an object such as {"ValueString": "..."}, not ${describeType(value)}`, `Use one of ${list(SEGMENT_VALUE_MEMBERS)}`));
		return;
	}
	const members = Object.keys(value);
	const unknown = members.filter((m) => !SEGMENT_VALUE_MEMBERS.includes(m));
	if (unknown.length || members.length === 0) {
		problems.push(problem(field, unknown.length ? `has unknown members: ${list(unknown)}` : 'is empty', `Use one of ${list(SEGMENT_VALUE_MEMBERS)}`));
	}
	if (value.ValueString !== undefined) checkString(problems, `${field} › ValueString`, value.ValueString, LENGTHS.SegmentAttributeValueString);
	if (value.ValueInteger !== undefined && !Number.isInteger(value.ValueInteger)) {
		problems.push(problem(`${field} › ValueInteger`, `must be a whole number, not ${describeType(value.ValueInteger)}`, 'Give an integer, e.g. 60'));
	}
	if ((value.ValueList !== undefined || value.ValueArn !== undefined) && !system) {
		problems.push(problem(field, 'ValueList and ValueArn are only for system (connect:) attributes', 'Use ValueString, ValueInteger or ValueMap'));
	}
	if (value.ValueArn !== undefined) checkString(problems, `${field} › ValueArn`, value.ValueArn, LENGTHS.SegmentAttributeValueArn);
	if (value.ValueList !== undefined) {
		if (!Array.isArray(value.ValueList)) {
			problems.push(problem(`${field} › ValueList`, `must be a list, not ${describeType(value.ValueList)}`, 'Give a list of values'));
		} else {
			value.ValueList.forEach((item, i) => checkSegmentValue(problems, `${field} › ValueList[${i}]`, item, system));
		}
	}
	if (value.ValueMap !== undefined) checkSegmentMap(problems, `${field} › ValueMap`, value.ValueMap, system);
}

function checkSegmentMap(problems: InputProblem[], field: string, map: unknown, system: boolean): void {
	if (!isPlainObject(map)) {
		problems.push(problem(field, `must be an object, not ${describeType(map)}`, 'Give {"key": {"ValueString": "..."}}'));
		return;
	}
	for (const [key, value] of Object.entries(map)) {
		const keyField = `${field} › ${key}`;
		if (key.length < LENGTHS.SegmentAttributeKey.min || key.length > LENGTHS.SegmentAttributeKey.max) {
			problems.push(problem(keyField, `the key must be 1 to ${LENGTHS.SegmentAttributeKey.max} characters`, 'Use a shorter key'));
		}
		checkSegmentValue(problems, keyField, value, system);
	}
}

export function checkSegmentAttributes(problems: InputProblem[], segmentAttributes: unknown): void {
	if (segmentAttributes === undefined) return;
	if (!isPlainObject(segmentAttributes)) {
		problems.push(problem(FIELD.segmentAttributes, `must be an object, not ${describeType(segmentAttributes)}`, 'Give {"connect:ContactExpiry": {...}}'));
		return;
	}
	for (const [key, value] of Object.entries(segmentAttributes)) {
		const field = `${FIELD.segmentAttributes} › ${key}`;
		const system = key.startsWith('connect:');
		// The documentation says keys are alphanumeric, - and _, yet system keys contain ':'.
		if (!system && !SEGMENT_KEY_PATTERN.test(key)) {
			problems.push(problem(field, 'the key has characters that are not allowed', "Use letters, digits, '-' and '_', or a system key such as connect:ContactExpiry"));
		}
		if (key.length > LENGTHS.SegmentAttributeKey.max) {
			problems.push(problem(field, `the key is longer than ${LENGTHS.SegmentAttributeKey.max} characters`, 'Use a shorter key'));
		}
		checkSegmentValue(problems, field, value, system);
	}
	const expiry = segmentAttributes[CONTACT_EXPIRY_SEGMENT_ATTRIBUTE];
	if (expiry !== undefined) {
		const minutes = isPlainObject(expiry) && isPlainObject(expiry.ValueMap) && isPlainObject(expiry.ValueMap.ExpiryDuration)
			? expiry.ValueMap.ExpiryDuration.ValueInteger
			: undefined;
		// A ValueInteger that is not a whole number is already reported with its path.
		if (minutes === undefined || (Number.isInteger(minutes) && (minutes as number) < 1)) {
			problems.push(
				problem(
					FIELD.contactExpiryMinutes,
					`the contact expiry must be a whole number of minutes of at least 1, not ${describeType(minutes)}`,
					'Set Contact Expiry (Minutes) to e.g. 1440, or give {"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 1440}}}}',
				),
			);
		}
	}
}

function checkExpiryDuration(problems: InputProblem[], minutes: unknown): void {
	if (minutes === undefined) return;
	if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1) {
		problems.push(
			problem(
				FIELD.expiryDurationInMinutes,
				`must be a whole number of minutes of at least 1, not ${describeType(minutes)}`,
				'Give e.g. 60; in an expression, convert with {{ Number(value) }}',
			),
		);
	}
}

const KNOWN_MEMBERS = [
	'InstanceId', 'ClientToken', 'RelatedContactId', 'Attributes', 'References', 'Channel', 'InitiationMethod',
	'ExpiryDurationInMinutes', 'UserInfo', 'InitiateAs', 'Name', 'Description', 'SegmentAttributes', 'PreviousContactId',
];

/** All problems of one item's input (empty when it may be sent). */
export function findProblems(input: UncheckedInput, context: CheckContext = {}): InputProblem[] {
	const problems: InputProblem[] = [];
	checkInstance(problems, input, context);
	const method = checkChannelAndMethod(problems, input);
	if (method) checkChannelDependent(problems, input, method);
	checkString(problems, FIELD.clientToken, input.ClientToken, LENGTHS.ClientToken);
	checkString(problems, FIELD.relatedContactId, input.RelatedContactId, LENGTHS.RelatedContactId);
	checkAttributes(problems, input.Attributes);
	checkReferences(problems, input.References);
	checkExpiryDuration(problems, input.ExpiryDurationInMinutes);
	if (input.UserInfo !== undefined) {
		if (isPlainObject(input.UserInfo)) {
			checkString(problems, FIELD.user, input.UserInfo.UserId, LENGTHS.UserId, true);
		} else {
			problems.push(problem(FIELD.user, `must be {"UserId": "..."}, not ${describeType(input.UserInfo)}`, 'Pick the user from the list or give its ID'));
		}
	}
	checkString(problems, FIELD.name, input.Name, LENGTHS.Name);
	checkString(problems, FIELD.description, input.Description, LENGTHS.Description);
	checkSegmentAttributes(problems, input.SegmentAttributes);
	checkString(problems, FIELD.previousContactId, input.PreviousContactId, LENGTHS.PreviousContactId);
	const unknown = Object.keys(input).filter((key) => !KNOWN_MEMBERS.includes(key));
	if (unknown.length) problems.push(problem('Request', `has unknown members: ${list(unknown)}`, 'Remove them'));
	return problems;
}

export function checkCreateContactInput(input: UncheckedInput, context: CheckContext = {}): CheckResult {
	const problems = findProblems(input, context);
	return problems.length ? { ok: false, problems } : { ok: true, input: input as CreateContactCommandInput };
}
