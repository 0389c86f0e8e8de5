/**
 * CreateContact checks, in the order the service applies them:
 *  1. model constraints (types, required, lengths, enums, patterns) → InvalidParameterException,
 *     all violations reported together;
 *  2. documented rules (channel/method pairs, byte budgets, key alphabets, …) →
 *     InvalidRequestException, the first broken rule.
 * Numbers and enum lists come from the shared model facts; every decision about which
 * combination is allowed is made here, independently of the node's own rule table.
 */
import {
	ATTRIBUTE_KEY_PATTERN,
	ATTRIBUTES_MAX_BYTES,
	CHANNELS,
	CONTACT_EXPIRY_SEGMENT_ATTRIBUTE,
	CREATION_REFERENCE_TYPES,
	INITIATE_AS,
	INITIATION_METHODS,
	LENGTHS,
	REFERENCES_MAX_BYTES,
	REFERENCE_ARN_PATTERN,
	REFERENCE_STATUSES,
	REFERENCE_TYPES,
	type Channel,
	type InitiateAs,
	type InitiationMethod,
	type ReferenceType,
} from '../nodes/AmazonConnect/actions/contact/create/model';
import { invalidParameter, invalidRequest, validationMessage } from './errors';
import { isObject, memberPath, utf8Bytes, Violations, type Json, type JsonObject } from './validate';

export interface ReferenceInput {
	Type: ReferenceType;
	Value?: string;
	Status?: string;
	Arn?: string;
	StatusReason?: string;
}

export interface SegmentAttributeValueInput {
	ValueString?: string;
	ValueMap?: Record<string, SegmentAttributeValueInput>;
	ValueInteger?: number;
	ValueList?: SegmentAttributeValueInput[];
	ValueArn?: string;
}

/** The request after model validation: types are known to be right. */
export interface CreateContactInput {
	InstanceId: string;
	ClientToken?: string;
	RelatedContactId?: string;
	Attributes?: Record<string, string>;
	References?: Record<string, ReferenceInput>;
	Channel: Channel;
	InitiationMethod: InitiationMethod;
	ExpiryDurationInMinutes?: number;
	UserInfo?: { UserId?: string };
	InitiateAs?: InitiateAs;
	Name?: string;
	Description?: string;
	SegmentAttributes?: Record<string, SegmentAttributeValueInput>;
	PreviousContactId?: string;
}

const MEMBERS = [
	'InstanceId',
	'ClientToken',
	'RelatedContactId',
	'Attributes',
	'References',
	'Channel',
	'InitiationMethod',
	'ExpiryDurationInMinutes',
	'UserInfo',
	'InitiateAs',
	'Name',
	'Description',
	'SegmentAttributes',
	'PreviousContactId',
] as const;

/** Which initiation methods each channel accepts in CreateContact (API reference, "Only the VOICE, EMAIL, and TASK channels are supported"). */
const METHODS_BY_CHANNEL: Record<Channel, readonly InitiationMethod[]> = {
	VOICE: ['TRANSFER'],
	EMAIL: ['OUTBOUND', 'AGENT_REPLY', 'FLOW'],
	TASK: ['API'],
	CHAT: [],
};
/** EMAIL contacts started by us (not by a flow) must say which agent sends them. */
const EMAIL_METHODS_NEEDING_USER: readonly InitiationMethod[] = ['OUTBOUND', 'AGENT_REPLY'];
const USER_ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;
const SYSTEM_ATTRIBUTE_KEY = /^connect:[A-Za-z0-9_-]+$/;
const EPOCH_DIGITS = /^\d+$/;
/** Guards the recursive SegmentAttributeValue against absurd nesting. */
const MAX_SEGMENT_DEPTH = 10;

/** Treats JSON null like an absent member, as the service's JSON deserializer does. */
function present(v: Json | undefined): v is Json {
	return v !== undefined && v !== null;
}

function rangeText(r: { min: number; max: number }): string {
	return `[Member must have length less than or equal to ${r.max}, Member must have length greater than or equal to ${r.min}]`;
}

function checkMapKey(vs: Violations, path: string, key: string, range: { min: number; max: number }): void {
	if (key.length < range.min || key.length > range.max) vs.add(path, `Map keys must satisfy constraint: ${rangeText(range)}`);
}

function checkSegmentValue(vs: Violations, path: string, v: Json, depth: number): void {
	const value = vs.object(path, v);
	if (!value) return;
	if (depth > MAX_SEGMENT_DEPTH) {
		vs.add(path, `Member must not be nested more than ${MAX_SEGMENT_DEPTH} levels deep`);
		return;
	}
	if (present(value.ValueString)) vs.string(`${path}.valueString`, value.ValueString, LENGTHS.SegmentAttributeValueString);
	if (present(value.ValueArn)) vs.string(`${path}.valueArn`, value.ValueArn, LENGTHS.SegmentAttributeValueArn);
	if (present(value.ValueInteger)) vs.integer(`${path}.valueInteger`, value.ValueInteger);
	if (present(value.ValueMap)) {
		const map = vs.object(`${path}.valueMap`, value.ValueMap, 'a map');
		if (map) {
			for (const [k, inner] of Object.entries(map)) {
				checkMapKey(vs, `${path}.valueMap`, k, LENGTHS.SegmentAttributeKey);
				checkSegmentValue(vs, `${path}.valueMap.${k}`, inner, depth + 1);
			}
		}
	}
	if (present(value.ValueList)) {
		if (!Array.isArray(value.ValueList)) vs.add(`${path}.valueList`, 'Member must be a list', value.ValueList);
		else value.ValueList.forEach((item, i) => checkSegmentValue(vs, `${path}.valueList.${i + 1}.member`, item, depth + 1));
	}
}

/** Model-level validation; throws InvalidParameterException listing every violation. */
export function checkCreateContactModel(body: JsonObject): CreateContactInput {
	const vs = new Violations();
	const required = (name: string) => {
		if (!present(body[name])) vs.add(memberPath(name), 'Member must not be null');
		return present(body[name]);
	};

	if (required('InstanceId')) vs.string('instanceId', body.InstanceId, LENGTHS.InstanceId);
	if (required('Channel')) vs.enumValue('channel', body.Channel, CHANNELS);
	if (required('InitiationMethod')) vs.enumValue('initiationMethod', body.InitiationMethod, INITIATION_METHODS);
	if (present(body.ClientToken)) vs.string('clientToken', body.ClientToken, LENGTHS.ClientToken);
	if (present(body.RelatedContactId)) vs.string('relatedContactId', body.RelatedContactId, LENGTHS.RelatedContactId);
	if (present(body.PreviousContactId)) vs.string('previousContactId', body.PreviousContactId, LENGTHS.PreviousContactId);
	if (present(body.Name)) vs.string('name', body.Name, LENGTHS.Name, true);
	if (present(body.Description)) vs.string('description', body.Description, LENGTHS.Description, true);
	if (present(body.InitiateAs)) vs.enumValue('initiateAs', body.InitiateAs, INITIATE_AS);
	if (present(body.ExpiryDurationInMinutes)) vs.integer('expiryDurationInMinutes', body.ExpiryDurationInMinutes);

	if (present(body.UserInfo)) {
		const userInfo = vs.object('userInfo', body.UserInfo);
		if (userInfo && present(userInfo.UserId)) vs.string('userInfo.userId', userInfo.UserId, LENGTHS.UserId);
	}

	if (present(body.Attributes)) {
		const attributes = vs.object('attributes', body.Attributes, 'a map of strings');
		if (attributes) {
			for (const [k, v] of Object.entries(attributes)) {
				checkMapKey(vs, 'attributes', k, LENGTHS.AttributeKey);
				if (typeof v !== 'string') vs.add(`attributes.${k}`, 'Member must be a string', v);
				else if (v.length > LENGTHS.AttributeValue.max) {
					vs.add('attributes', `Map value must satisfy constraint: [Member must have length less than or equal to ${LENGTHS.AttributeValue.max}]`);
				}
			}
		}
	}

	if (present(body.References)) {
		const references = vs.object('references', body.References, 'a map of Reference structures');
		if (references) {
			for (const [k, v] of Object.entries(references)) {
				checkMapKey(vs, 'references', k, LENGTHS.ReferenceKey);
				const path = `references.${k}.member`;
				const ref = vs.object(path, v);
				if (!ref) continue;
				if (!present(ref.Type)) vs.add(`${path}.type`, 'Member must not be null');
				else vs.enumValue(`${path}.type`, ref.Type, REFERENCE_TYPES);
				if (present(ref.Value)) vs.string(`${path}.value`, ref.Value, LENGTHS.ReferenceValue);
				if (present(ref.Status)) vs.enumValue(`${path}.status`, ref.Status, REFERENCE_STATUSES);
				if (present(ref.StatusReason)) vs.string(`${path}.statusReason`, ref.StatusReason, LENGTHS.ReferenceStatusReason);
				if (present(ref.Arn)) {
					const arn = vs.string(`${path}.arn`, ref.Arn, LENGTHS.ReferenceArn);
					if (arn !== undefined && !REFERENCE_ARN_PATTERN.test(arn)) {
						vs.add(`${path}.arn`, `Member must satisfy regular expression pattern: ${REFERENCE_ARN_PATTERN.source}`, arn);
					}
				}
			}
		}
	}

	if (present(body.SegmentAttributes)) {
		const segments = vs.object('segmentAttributes', body.SegmentAttributes, 'a map of SegmentAttributeValue structures');
		if (segments) {
			for (const [k, v] of Object.entries(segments)) {
				checkMapKey(vs, 'segmentAttributes', k, LENGTHS.SegmentAttributeKey);
				checkSegmentValue(vs, `segmentAttributes.${k}.member`, v, 1);
			}
		}
	}

	if (vs.list.length > 0) throw invalidParameter(validationMessage(vs.list));

	// Types are right from here on; keep only modeled members (unknown ones are ignored, like the
	// service's deserializer does) and drop nulls so the typed view has only real members.
	const input: Record<string, unknown> = {};
	for (const member of MEMBERS) if (present(body[member])) input[member] = body[member];
	return input as unknown as CreateContactInput;
}

function hasAnyValue(v: SegmentAttributeValueInput): boolean {
	return ['ValueString', 'ValueMap', 'ValueInteger', 'ValueList', 'ValueArn'].some(
		(m) => (v as Record<string, unknown>)[m] !== undefined && (v as Record<string, unknown>)[m] !== null,
	);
}

/** ValueList and ValueArn are for system-defined attributes only, at any depth of a user attribute. */
function usesSystemOnlyValues(v: SegmentAttributeValueInput): boolean {
	if (present(v.ValueList as Json) || present(v.ValueArn as Json)) return true;
	return isObject(v.ValueMap) && Object.values(v.ValueMap).some((inner) => isObject(inner) && usesSystemOnlyValues(inner));
}

function isPositiveContactExpiry(v: SegmentAttributeValueInput): boolean {
	const others = ['ValueString', 'ValueInteger', 'ValueList', 'ValueArn'].some((m) => present((v as Record<string, Json>)[m]));
	if (others || !isObject(v.ValueMap)) return false;
	const keys = Object.keys(v.ValueMap);
	const duration = v.ValueMap.ExpiryDuration;
	return (
		keys.length === 1 &&
		keys[0] === 'ExpiryDuration' &&
		isObject(duration) &&
		Object.keys(duration).filter((k) => present((duration as Record<string, Json>)[k])).length === 1 &&
		typeof duration.ValueInteger === 'number' &&
		duration.ValueInteger >= 1
	);
}

/** Documented service rules; throws InvalidRequestException naming the member at fault. */
export function checkCreateContactRules(input: CreateContactInput): void {
	const { Channel: channel, InitiationMethod: method } = input;
	if (channel === 'CHAT') {
		throw invalidRequest("Channel 'CHAT' is not supported by CreateContact; only VOICE, EMAIL and TASK contacts can be created.");
	}
	const allowed = METHODS_BY_CHANNEL[channel];
	if (!allowed.includes(method)) {
		throw invalidRequest(
			`InitiationMethod '${method}' is not supported for Channel '${channel}' in CreateContact; supported: ${allowed.join(', ')}.`,
		);
	}
	if (channel === 'EMAIL' && EMAIL_METHODS_NEEDING_USER.includes(method) && !input.UserInfo?.UserId) {
		throw invalidRequest(`UserInfo.UserId is required for Channel 'EMAIL' with InitiationMethod '${method}'.`);
	}
	if (input.InitiateAs === 'COMPLETED' && channel !== 'TASK') {
		throw invalidRequest(`InitiateAs 'COMPLETED' is only supported for Channel 'TASK', not '${channel}'.`);
	}
	if (input.PreviousContactId !== undefined && !(channel === 'VOICE' && method === 'TRANSFER')) {
		throw invalidRequest(
			`PreviousContactId can only be provided for external audio contacts (Channel 'VOICE' with InitiationMethod 'TRANSFER'), not Channel '${channel}' with InitiationMethod '${method}'.`,
		);
	}
	// [inferred] the model has no range; a contact that expires after zero or fewer minutes is meaningless.
	if (input.ExpiryDurationInMinutes !== undefined && input.ExpiryDurationInMinutes < 1) {
		throw invalidRequest(`ExpiryDurationInMinutes must be a positive number of minutes, got ${input.ExpiryDurationInMinutes}.`);
	}

	if (input.Attributes) {
		let bytes = 0;
		for (const [k, v] of Object.entries(input.Attributes)) {
			if (!ATTRIBUTE_KEY_PATTERN.test(k)) {
				throw invalidRequest(
					`Attributes key '${k.slice(0, 128)}' is not valid: attribute keys can include only alphanumeric, dash, and underscore characters.`,
				);
			}
			bytes += utf8Bytes(k) + utf8Bytes(v);
		}
		if (bytes > ATTRIBUTES_MAX_BYTES) {
			throw invalidRequest(`Attributes are ${bytes} UTF-8 bytes across all keys and values; the limit is ${ATTRIBUTES_MAX_BYTES}.`);
		}
	}

	if (input.References) {
		let bytes = 0;
		for (const [k, ref] of Object.entries(input.References)) {
			if (!(CREATION_REFERENCE_TYPES as readonly string[]).includes(ref.Type)) {
				throw invalidRequest(
					`References '${k.slice(0, 128)}' has Type '${ref.Type}', which cannot be set when a contact is created; allowed: ${CREATION_REFERENCE_TYPES.join(', ')}.`,
				);
			}
			if (ref.Type === 'DATE' && !EPOCH_DIGITS.test(ref.Value ?? '')) {
				throw invalidRequest(`References '${k.slice(0, 128)}' has Type 'DATE', so its Value must be an epoch timestamp (digits only).`);
			}
			bytes += utf8Bytes(k) + utf8Bytes(ref.Value ?? '');
		}
		if (bytes > REFERENCES_MAX_BYTES) {
			throw invalidRequest(`References are ${bytes} UTF-8 bytes across all keys and values; the limit is ${REFERENCES_MAX_BYTES}.`);
		}
	}

	if (input.SegmentAttributes) {
		for (const [k, v] of Object.entries(input.SegmentAttributes)) {
			const system = SYSTEM_ATTRIBUTE_KEY.test(k);
			if (!system && !USER_ATTRIBUTE_KEY.test(k)) {
				throw invalidRequest(
					`SegmentAttributes key '${k}' is not valid: keys can include only alphanumeric, dash, and underscore characters, or be a system-defined 'connect:' key.`,
				);
			}
			// [inferred] an attribute without any value carries nothing; the service would not store it silently.
			if (!hasAnyValue(v)) throw invalidRequest(`SegmentAttributes '${k}' must set one of ValueString, ValueMap, ValueInteger, ValueList, ValueArn.`);
			if (!system && usesSystemOnlyValues(v)) {
				throw invalidRequest(`SegmentAttributes '${k}': ValueList and ValueArn are supported only for system-defined attributes.`);
			}
			if (k === CONTACT_EXPIRY_SEGMENT_ATTRIBUTE && !isPositiveContactExpiry(v)) {
				throw invalidRequest(
					`SegmentAttributes '${CONTACT_EXPIRY_SEGMENT_ATTRIBUTE}' must be {"ValueMap": {"ExpiryDuration": {"ValueInteger": <positive integer of minutes>}}}.`,
				);
			}
		}
	}
}
