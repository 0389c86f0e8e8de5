/**
 * CreateContact. The server has already validated the input against AWS's model (types, required,
 * lengths, enums, patterns → InvalidParameterException, all violations at once). Here, in the order
 * the service applies them: IAM → instance lookup (404) → documented rules (InvalidRequestException,
 * the first broken rule) → user and related-contact lookups (404) → idempotency (409) → store.
 *
 * The documented rules are this emulator's own table, written from ../shared/reference/connect-createcontact.md
 * (cited per row as §2 <member>), independently of the node's rules. Only what AWS's documentation
 * states is enforced: the rest is AWS's model.
 */
import { randomUUID } from 'node:crypto';

import { contactArn, instanceArn, requireInstance } from './directory';
import { invalidRequest, resourceNotFound } from './errors';
import { newTokenRecord, replayOf, requestHashOf } from './idempotency';
import type { OperationContext, OperationResult } from './operation';
import { isObject, utf8Bytes, type Json, type JsonObject } from './validate';

/** §2 Channel, InitiationMethod: "Only the VOICE, EMAIL, and TASK channels are supported", each with these methods. */
const METHODS_BY_CHANNEL: Record<string, readonly string[]> = {
	VOICE: ['TRANSFER'],
	EMAIL: ['OUTBOUND', 'AGENT_REPLY', 'FLOW'],
	TASK: ['API'],
};
/** §2 UserInfo: required for EMAIL with OUTBOUND or AGENT_REPLY. */
const EMAIL_METHODS_NEEDING_USER = ['OUTBOUND', 'AGENT_REPLY'];
/** §2 References: at creation, tasks may use these types. */
const TASK_REFERENCE_TYPES = ['URL', 'NUMBER', 'STRING', 'DATE', 'EMAIL', 'ATTACHMENT'];
/** §2 Attributes: keys only alphanumeric, '-' and '_'; at most 32,768 UTF-8 bytes across keys and values. */
const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;
const ATTRIBUTES_MAX_BYTES = 32768;
/** §2 References: at most 4,096 UTF-8 bytes across all references (keys and values). */
const REFERENCES_MAX_BYTES = 4096;
/** §2 SegmentAttributes: keys alphanumeric, '-', '_'; system-defined keys are connect:<name>. */
const SEGMENT_USER_KEY = /^[A-Za-z0-9_-]+$/;
const SEGMENT_SYSTEM_KEY = /^connect:[A-Za-z0-9_-]+$/;

type Input = JsonObject;

const present = (v: Json | undefined): boolean => v !== undefined && v !== null;

/** §2 SegmentAttributeValue: ValueList and ValueArn are for system-defined attributes only, at any depth. */
function usesSystemOnlyValues(v: Json): boolean {
	if (!isObject(v)) return false;
	if (present(v.ValueList) || present(v.ValueArn)) return true;
	return isObject(v.ValueMap) && Object.values(v.ValueMap).some(usesSystemOnlyValues);
}

/** The documented rules; throws InvalidRequestException naming the member at fault. */
export function checkCreateContactRules(input: Input): void {
	const channel = input.Channel as string;
	const method = input.InitiationMethod as string;
	if (channel === 'CHAT') {
		throw invalidRequest(
			"Channel 'CHAT' is not supported by CreateContact; only VOICE, EMAIL and TASK contacts can be created.",
		);
	}
	const allowed = METHODS_BY_CHANNEL[channel];
	if (!allowed.includes(method)) {
		throw invalidRequest(
			`InitiationMethod '${method}' is not supported for Channel '${channel}' in CreateContact; supported: ${allowed.join(', ')}.`,
		);
	}
	const userInfo = input.UserInfo as JsonObject | undefined;
	if (channel === 'EMAIL' && EMAIL_METHODS_NEEDING_USER.includes(method) && !userInfo?.UserId) {
		throw invalidRequest(
			`UserInfo.UserId is required for Channel 'EMAIL' with InitiationMethod '${method}'.`,
		);
	}
	if (input.InitiateAs === 'COMPLETED' && channel !== 'TASK') {
		throw invalidRequest(
			`InitiateAs 'COMPLETED' is only supported for Channel 'TASK', not '${channel}'.`,
		);
	}
	if (input.PreviousContactId !== undefined && !(channel === 'VOICE' && method === 'TRANSFER')) {
		throw invalidRequest(
			`PreviousContactId can only be provided for external audio contacts (Channel 'VOICE' with InitiationMethod 'TRANSFER'), not Channel '${channel}' with InitiationMethod '${method}'.`,
		);
	}

	if (isObject(input.Attributes)) {
		let bytes = 0;
		for (const [k, v] of Object.entries(input.Attributes)) {
			if (!ATTRIBUTE_KEY.test(k)) {
				throw invalidRequest(
					`Attributes key '${k.slice(0, 128)}' is not valid: attribute keys can include only alphanumeric, dash, and underscore characters.`,
				);
			}
			bytes += utf8Bytes(k) + utf8Bytes(String(v));
		}
		if (bytes > ATTRIBUTES_MAX_BYTES) {
			throw invalidRequest(
				`Attributes are ${bytes} UTF-8 bytes across all keys and values; the limit is ${ATTRIBUTES_MAX_BYTES}.`,
			);
		}
	}

	if (isObject(input.References)) {
		let bytes = 0;
		for (const [k, ref] of Object.entries(input.References)) {
			const type = isObject(ref) ? String(ref.Type) : '';
			if (channel === 'TASK' && !TASK_REFERENCE_TYPES.includes(type)) {
				throw invalidRequest(
					`References '${k.slice(0, 128)}' has Type '${type}', which a task cannot carry when it is created; allowed: ${TASK_REFERENCE_TYPES.join(', ')}.`,
				);
			}
			bytes +=
				utf8Bytes(k) + utf8Bytes(isObject(ref) && typeof ref.Value === 'string' ? ref.Value : '');
		}
		if (bytes > REFERENCES_MAX_BYTES) {
			throw invalidRequest(
				`References are ${bytes} UTF-8 bytes across all keys and values; the limit is ${REFERENCES_MAX_BYTES}.`,
			);
		}
	}

	if (isObject(input.SegmentAttributes)) {
		for (const [k, v] of Object.entries(input.SegmentAttributes)) {
			const system = SEGMENT_SYSTEM_KEY.test(k);
			if (!system && !SEGMENT_USER_KEY.test(k)) {
				throw invalidRequest(
					`SegmentAttributes key '${k}' is not valid: keys can include only alphanumeric, dash, and underscore characters, or be a system-defined 'connect:' key.`,
				);
			}
			if (!system && usesSystemOnlyValues(v)) {
				throw invalidRequest(
					`SegmentAttributes '${k}': ValueList and ValueArn are supported only for system-defined attributes.`,
				);
			}
		}
	}
}

function contactExists(context: OperationContext, instanceId: string, contactId: string): boolean {
	return (
		context.state.contacts.some((c) => c.instanceId === instanceId && c.contactId === contactId) ||
		(context.config.contacts?.[instanceId] ?? []).includes(contactId)
	);
}

export function createContact(input: Input, context: OperationContext): OperationResult {
	const { config, state, now } = context;
	const instanceId = input.InstanceId as string;
	context.authorize(instanceArn(config, instanceId));
	requireInstance(config, instanceId);
	checkCreateContactRules(input);
	const userId = (input.UserInfo as JsonObject | undefined)?.UserId;
	if (userId !== undefined && !(config.users[instanceId] ?? []).some((u) => u.id === userId)) {
		throw resourceNotFound(`User not found for UserInfo.UserId: ${String(userId)}`);
	}
	for (const member of ['RelatedContactId', 'PreviousContactId'] as const) {
		const id = input[member];
		if (typeof id === 'string' && !contactExists(context, instanceId, id))
			throw resourceNotFound(`Contact not found for ${member}: ${id}`);
	}

	const token = input.ClientToken as string | undefined;
	const requestHash = requestHashOf(input);
	const tokenKey = token === undefined ? undefined : `${instanceId}:${token}`;
	const seen = replayOf(
		tokenKey === undefined ? undefined : state.tokens[tokenKey],
		requestHash,
		'CreateContact',
		token,
	);
	if (seen) {
		seen.lastAt = now;
		return { body: { ContactId: seen.contactId, ContactArn: seen.contactArn }, outcome: 'replay' };
	}
	const contactId = randomUUID();
	const arn = contactArn(config, instanceId, contactId);
	state.contacts.push({
		contactId,
		contactArn: arn,
		instanceId,
		clientToken: token,
		request: context.body,
		createdAt: now,
	});
	if (tokenKey !== undefined && token !== undefined) {
		state.tokens[tokenKey] = newTokenRecord(
			{ instanceId, clientToken: token, contactId, contactArn: arn, requestHash },
			now,
		);
	}
	return { body: { ContactId: contactId, ContactArn: arn }, outcome: 'ok' };
}
