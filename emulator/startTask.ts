/**
 * StartTaskContact. The server has already validated the input against AWS's model. Here, in the
 * order the service applies them: IAM → instance lookup (404) → the documented rules below
 * (InvalidRequestException, the first broken rule) → flow, quick connect, template and contact
 * lookups (404) → quotas (ServiceQuotaExceededException 402) → idempotency → store. A started task
 * is stored with the contacts (api: 'StartTaskContact'), so the contact operations can find it.
 *
 * The rules are this emulator's own table, written from ../shared/reference/connect-operations.md
 * (cited per rule as A.3 / A.4, the StartTaskContact and UpdateContactTaskTemplate API references),
 * independently of the node's table.
 */
import { randomUUID } from 'node:crypto';

import { contactArn, requireInstance } from './directory';
import {
	invalidParameter,
	invalidRequest,
	resourceNotFound,
	serviceQuotaExceeded,
	validationMessage,
} from './errors';
import { newTokenRecord, replayOf, requestHashOf } from './idempotency';
import type { OperationContext, OperationHandler } from './operation';
import { findTemplate } from './taskDirectory';
import { isObject, utf8Bytes, type JsonObject } from './validate';

/** A.3: "include only one of these parameters: ContactFlowID, QuickConnectID, or TaskTemplateID". */
const ROUTE_MEMBERS = ['ContactFlowId', 'QuickConnectId', 'TaskTemplateId'] as const;
/** A.3 ScheduledTime: "cannot be in the past … within up to 6 days". */
const SCHEDULE_MAX_MS = 6 * 24 * 60 * 60 * 1000;
/** The request takes a moment between the caller's clock and ours. */
const CLOCK_TOLERANCE_MS = 5_000;
/** A.3 References at creation: "URL | NUMBER | STRING | DATE | EMAIL. ATTACHMENT is not supported". */
const REFERENCE_TYPES = ['URL', 'NUMBER', 'STRING', 'DATE', 'EMAIL'];
/** StartTaskContact Attributes: keys alphanumeric, dash and underscore; 32,768 UTF-8 bytes across all pairs. */
const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;
const ATTRIBUTES_MAX_BYTES = 32768;
/** A.3 PreviousContactId: at most 12 tasks per previous contact. */
const MAX_TASKS_PER_PREVIOUS_CONTACT = 12;
/** A.1: concurrent active tasks per instance, 2,500 by default. */
const DEFAULT_ACTIVE_TASKS = 2500;
/** A.3 QuickConnect: the flow "defined on agent or queue quick connect" (so USER and QUEUE). */
const TASK_QUICK_CONNECT_TYPES = ['USER', 'QUEUE'];
/** A task runs a contact flow (ListContactFlows type CONTACT_FLOW); queue, whisper or hold flows cannot start one. */
const TASK_FLOW_TYPE = 'CONTACT_FLOW';
/** A.4: template field type → the reference type a task must carry for it. */
const FIELD_REFERENCE_TYPE: Record<string, string> = {
	TEXT: 'STRING',
	TEXT_AREA: 'STRING',
	BOOLEAN: 'STRING',
	SINGLE_SELECT: 'STRING',
	NUMBER: 'NUMBER',
	DATE_TIME: 'DATE',
	URL: 'URL',
	EMAIL: 'EMAIL',
};
/** A.4: "TEXT < 512 characters, TEXT_AREA < 4,096. BOOLEAN must be true or false." */
const FIELD_MAX_LENGTH: Record<string, number> = { TEXT: 512, TEXT_AREA: 4096 };

function checkRules(input: JsonObject, context: OperationContext, instanceId: string): void {
	const given = ROUTE_MEMBERS.filter((m) => input[m] !== undefined);
	if (given.length === 0)
		throw invalidRequest('One of ContactFlowId, QuickConnectId or TaskTemplateId is required.');
	const template =
		typeof input.TaskTemplateId === 'string'
			? findTemplate(context.config, instanceId, input.TaskTemplateId)
			: undefined;
	const templateWithoutFlow = template !== undefined && !template.contactFlowId;
	const allowedPair =
		given.length === 2 &&
		given.includes('TaskTemplateId') &&
		given.includes('ContactFlowId') &&
		templateWithoutFlow;
	if (given.length > 1 && !allowedPair) {
		throw invalidRequest(
			`Only one of ContactFlowId, QuickConnectId or TaskTemplateId may be given (got ${given.join(', ')}); a ContactFlowId goes with a TaskTemplateId only when the template has no flow.`,
		);
	}
	if (given.length === 1 && templateWithoutFlow) {
		throw invalidRequest(
			`The task template ${template.id} has no flow: give a ContactFlowId as well.`,
		);
	}

	if (typeof input.ScheduledTime === 'number') {
		const at = input.ScheduledTime * 1000;
		if (at < context.now - CLOCK_TOLERANCE_MS)
			throw invalidRequest('ScheduledTime cannot be in the past.');
		if (at > context.now + SCHEDULE_MAX_MS + CLOCK_TOLERANCE_MS)
			throw invalidRequest('ScheduledTime must be within up to 6 days in the future.');
	}

	if (isObject(input.Attributes)) {
		let bytes = 0;
		for (const [k, v] of Object.entries(input.Attributes)) {
			if (!ATTRIBUTE_KEY.test(k))
				throw invalidRequest(
					`Attributes key '${k.slice(0, 128)}' is not valid: keys can include only alphanumeric, dash, and underscore characters.`,
				);
			bytes += utf8Bytes(k) + utf8Bytes(String(v));
		}
		if (bytes > ATTRIBUTES_MAX_BYTES)
			throw invalidRequest(
				`Attributes are ${bytes} UTF-8 bytes across all keys and values; the limit is ${ATTRIBUTES_MAX_BYTES}.`,
			);
	}
	if (isObject(input.References)) {
		for (const [k, ref] of Object.entries(input.References)) {
			const type = isObject(ref) ? String(ref.Type) : '';
			if (!REFERENCE_TYPES.includes(type)) {
				throw invalidRequest(
					`References '${k.slice(0, 128)}' has Type '${type}', which StartTaskContact does not support; supported: ${REFERENCE_TYPES.join(', ')}.`,
				);
			}
		}
	}
}

/** The flow, quick connect and template must exist, be of a kind that routes a task, and be active. */
function checkRoute(input: JsonObject, context: OperationContext, instanceId: string): void {
	const { config } = context;
	if (typeof input.ContactFlowId === 'string' && input.ContactFlowId !== '') {
		const flow = (config.flows?.[instanceId] ?? []).find((f) => f.id === input.ContactFlowId);
		if (!flow)
			throw resourceNotFound(`Contact flow not found for ContactFlowId: ${input.ContactFlowId}`);
		if (flow.type !== TASK_FLOW_TYPE)
			throw invalidRequest(
				`The flow ${flow.id} is of type ${flow.type}; a task needs a flow of type ${TASK_FLOW_TYPE}.`,
			);
	}
	if (typeof input.QuickConnectId === 'string') {
		const qc = (config.quickConnects?.[instanceId] ?? []).find(
			(q) => q.id === input.QuickConnectId,
		);
		if (!qc)
			throw resourceNotFound(`Quick connect not found for QuickConnectId: ${input.QuickConnectId}`);
		if (!TASK_QUICK_CONNECT_TYPES.includes(qc.type))
			throw invalidRequest(
				`The quick connect ${qc.id} is of type ${qc.type}; a task can be sent only to a USER or QUEUE quick connect.`,
			);
	}
	if (typeof input.TaskTemplateId === 'string') {
		const template = findTemplate(config, instanceId, input.TaskTemplateId);
		if (!template)
			throw resourceNotFound(`Task template not found for TaskTemplateId: ${input.TaskTemplateId}`);
		if ((template.status ?? 'ACTIVE') !== 'ACTIVE')
			throw invalidRequest(`The task template ${template.id} is not active.`);
		const references = isObject(input.References) ? input.References : {};
		for (const field of template.fields) {
			const wanted = FIELD_REFERENCE_TYPE[field.type];
			const ref = references[field.name];
			if (!isObject(ref)) {
				if ((template.required ?? []).includes(field.name))
					throw invalidRequest(
						`The task template requires the field '${field.name}': add a reference with that name.`,
					);
				continue;
			}
			if (wanted === undefined) continue;
			if (ref.Type !== wanted)
				throw invalidRequest(
					`The reference '${field.name}' has Type '${String(ref.Type)}'; the template's ${field.type} field needs ${wanted}.`,
				);
			const value = typeof ref.Value === 'string' ? ref.Value : '';
			const max = FIELD_MAX_LENGTH[field.type];
			if (max !== undefined && value.length >= max)
				throw invalidRequest(
					`The reference '${field.name}' is ${value.length} characters; a ${field.type} field takes fewer than ${max}.`,
				);
			if (field.type === 'BOOLEAN' && value !== 'true' && value !== 'false')
				throw invalidRequest(`The reference '${field.name}' must be true or false.`);
		}
	}
}

function contactExists(context: OperationContext, instanceId: string, contactId: string): boolean {
	return (
		context.state.contacts.some((c) => c.instanceId === instanceId && c.contactId === contactId) ||
		(context.config.contacts?.[instanceId] ?? []).includes(contactId)
	);
}

export const startTaskContact: OperationHandler = (input, context) => {
	const { config, state, now } = context;
	// Not AWS's rule: this emulator does not fetch attachments, so it refuses them rather than pretend.
	if (input.Attachments !== undefined)
		throw invalidParameter(
			validationMessage([
				"Value null at 'attachments' failed to satisfy constraint: Attachments are not supported by this emulator",
			]),
		);
	const instanceId = input.InstanceId as string;
	context.authorizeInstance(instanceId);
	requireInstance(config, instanceId);
	checkRules(input, context, instanceId);
	checkRoute(input, context, instanceId);
	for (const member of ['RelatedContactId', 'PreviousContactId'] as const) {
		const id = input[member];
		if (typeof id === 'string' && !contactExists(context, instanceId, id))
			throw resourceNotFound(`Contact not found for ${member}: ${id}`);
	}

	const token = input.ClientToken as string | undefined;
	const requestHash = requestHashOf(input);
	// Tokens are per API: the same token given to CreateContact is another request.
	const tokenKey = token === undefined ? undefined : `StartTaskContact/${instanceId}:${token}`;
	const seen = replayOf(
		tokenKey === undefined ? undefined : state.tokens[tokenKey],
		requestHash,
		'StartTaskContact',
		token,
	);
	if (seen) {
		seen.lastAt = now;
		return { body: { ContactId: seen.contactId }, outcome: 'replay' };
	}

	const tasks = state.contacts.filter(
		(c) => c.instanceId === instanceId && c.operation === 'StartTaskContact',
	);
	if (tasks.length >= (config.quotas?.activeTasksPerInstance ?? DEFAULT_ACTIVE_TASKS)) {
		throw serviceQuotaExceeded('The number of active tasks in the instance has reached its quota.');
	}
	const previous = input.PreviousContactId;
	if (typeof previous === 'string') {
		const linked = tasks.filter(
			(c) => isObject(c.request) && c.request.PreviousContactId === previous,
		).length;
		if (linked >= MAX_TASKS_PER_PREVIOUS_CONTACT) {
			throw serviceQuotaExceeded(
				`The previous contact ${previous} already has ${MAX_TASKS_PER_PREVIOUS_CONTACT} linked tasks.`,
			);
		}
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
		operation: 'StartTaskContact',
		channel: 'TASK',
	});
	if (tokenKey !== undefined && token !== undefined) {
		state.tokens[tokenKey] = newTokenRecord(
			{ instanceId, clientToken: token, contactId, contactArn: arn, requestHash },
			now,
		);
	}
	return { body: { ContactId: contactId }, outcome: 'ok' };
};
