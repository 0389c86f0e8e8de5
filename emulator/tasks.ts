/**
 * The routes of StartTaskContact and of the lists its fields are picked from (ListQuickConnects,
 * ListTaskTemplates, GetTaskTemplate; ListContactFlows is lifecycle.ts's), their model checks
 * (InvalidParameterException, all violations at once: lengths, ranges and enums of AWS's model,
 * model/connect.json), and the dispatch to the handlers in startTask.ts and taskDirectory.ts.
 */
import type { EmulatorConfig } from './config';
import { firstOf, queryInt } from './directory';
import { invalidParameter, validationMessage } from './errors';
import type { StoredContact, TokenRecord } from './index';
import { startTaskContact } from './startTask';
import { getTaskTemplate, listQuickConnects, listTaskTemplates } from './taskDirectory';
import { isObject, memberPath, Violations, type Json, type JsonObject } from './validate';

/** What the task operations need of the emulator. */
export interface TaskContext {
	config: EmulatorConfig;
	state: { contacts: StoredContact[]; tokens: Record<string, TokenRecord> };
	/** Throws AccessDeniedException when the key is denied `action` on the instance. */
	authorize(action: string, instanceId: string): void;
	/** Epoch ms at arrival. */
	now: number;
}

export const TASK_OPERATIONS = [
	'StartTaskContact',
	'ListQuickConnects',
	'ListTaskTemplates',
	'GetTaskTemplate',
] as const;
export type TaskOperation = (typeof TASK_OPERATIONS)[number];

export interface TaskRoute {
	operation: TaskOperation;
	action: string;
	labels: Record<string, string>;
}

const decode = (s: string) => {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
};

/** The model's HTTP bindings of these operations. */
const ROUTES: Array<{ method: string; path: RegExp; operation: TaskOperation; labels: string[] }> =
	[
		{ method: 'PUT', path: /^\/contact\/task$/, operation: 'StartTaskContact', labels: [] },
		{
			method: 'GET',
			path: /^\/quick-connects\/([^/]+)$/,
			operation: 'ListQuickConnects',
			labels: ['InstanceId'],
		},
		{
			method: 'GET',
			path: /^\/instance\/([^/]+)\/task\/template$/,
			operation: 'ListTaskTemplates',
			labels: ['InstanceId'],
		},
		{
			method: 'GET',
			path: /^\/instance\/([^/]+)\/task\/template\/([^/]+)$/,
			operation: 'GetTaskTemplate',
			labels: ['InstanceId', 'TaskTemplateId'],
		},
	];

export function taskRoute(method: string, rawPath: string): TaskRoute | undefined {
	for (const r of ROUTES) {
		const m = r.method === method ? r.path.exec(rawPath) : null;
		if (!m) continue;
		return {
			operation: r.operation,
			action: `connect:${r.operation}`,
			labels: Object.fromEntries(r.labels.map((name, i) => [name, decode(m[i + 1])])),
		};
	}
	return undefined;
}

// ---------------------------------------------------------------- model checks (model/connect.json)

const LENGTH = {
	InstanceId: { min: 1, max: 100 },
	ContactId: { min: 1, max: 256 },
	ContactFlowId: { min: 0, max: 500 },
	TaskTemplateId: { min: 1, max: 500 },
	Name: { min: 0, max: 1024 },
	Description: { min: 0, max: 4096 },
	ClientToken: { min: 0, max: 500 },
	AttributeName: { min: 1, max: 32767 },
	AttributeValue: { min: 0, max: 32767 },
	ReferenceKey: { min: 1, max: 4096 },
	ReferenceValue: { min: 0, max: 4096 },
	SegmentAttributeName: { min: 1, max: 128 },
	TaskTemplateName: { min: 1, max: 100 },
};
const REFERENCE_TYPES = [
	'URL',
	'ATTACHMENT',
	'CONTACT_ANALYSIS',
	'NUMBER',
	'STRING',
	'DATE',
	'EMAIL',
	'EMAIL_MESSAGE',
	'EMAIL_MESSAGE_PLAIN_TEXT',
	'EMAIL_MESSAGE_PLAIN_TEXT_REDACTED',
	'EMAIL_MESSAGE_REDACTED',
];
const QUICK_CONNECT_TYPES = ['USER', 'QUEUE', 'PHONE_NUMBER', 'FLOW'];
const TEMPLATE_STATUSES = ['ACTIVE', 'INACTIVE'];
const present = (v: Json | undefined): v is Json => v !== undefined && v !== null;

function done(vs: Violations): void {
	if (vs.list.length > 0) throw invalidParameter(validationMessage(vs.list));
}

/** StartTaskContactRequest: types, required members and lengths; nulls dropped (AWS's JSON reader ignores them). */
function startTaskInput(body: JsonObject): JsonObject {
	const vs = new Violations();
	const input: JsonObject = {};
	for (const [k, v] of Object.entries(body)) if (present(v)) input[k] = v;
	for (const name of ['InstanceId', 'Name'] as const)
		if (!present(input[name])) vs.add(memberPath(name), 'Member must not be null');
	const strings: Array<[string, { min: number; max: number }]> = [
		['InstanceId', LENGTH.InstanceId],
		['PreviousContactId', LENGTH.ContactId],
		['RelatedContactId', LENGTH.ContactId],
		['ContactFlowId', LENGTH.ContactFlowId],
		['TaskTemplateId', LENGTH.TaskTemplateId],
		['Name', LENGTH.Name],
		['Description', LENGTH.Description],
		['ClientToken', LENGTH.ClientToken],
	];
	for (const [name, range] of strings)
		if (present(input[name]))
			vs.string(memberPath(name), input[name], range, name === 'Name' || name === 'Description');
	if (present(input.QuickConnectId) && typeof input.QuickConnectId !== 'string')
		vs.add('quickConnectId', 'Member must be a string', input.QuickConnectId);
	if (
		present(input.ScheduledTime) &&
		(typeof input.ScheduledTime !== 'number' || !Number.isFinite(input.ScheduledTime))
	) {
		vs.add('scheduledTime', 'Member must be a timestamp in epoch seconds', input.ScheduledTime);
	}
	if (present(input.Attributes)) {
		const map = vs.object('attributes', input.Attributes, 'a map of strings');
		for (const [k, v] of Object.entries(map ?? {})) {
			if (k.length < LENGTH.AttributeName.min || k.length > LENGTH.AttributeName.max)
				vs.add(
					'attributes',
					'Map keys must satisfy constraint: [Member must have length between 1 and 32767]',
				);
			vs.string(`attributes.${k}`, v, LENGTH.AttributeValue);
		}
	}
	if (present(input.References)) {
		const map = vs.object('references', input.References, 'a map of references');
		for (const [k, ref] of Object.entries(map ?? {})) {
			if (k.length < LENGTH.ReferenceKey.min || k.length > LENGTH.ReferenceKey.max)
				vs.add(
					'references',
					'Map keys must satisfy constraint: [Member must have length between 1 and 4096]',
				);
			const r = vs.object(`references.${k}`, ref);
			if (!r) continue;
			vs.enumValue(`references.${k}.type`, r.Type, REFERENCE_TYPES);
			if (present(r.Value)) vs.string(`references.${k}.value`, r.Value, LENGTH.ReferenceValue);
		}
	}
	if (present(input.SegmentAttributes)) {
		const map = vs.object(
			'segmentAttributes',
			input.SegmentAttributes,
			'a map of segment attribute values',
		);
		for (const [k, v] of Object.entries(map ?? {})) {
			if (k.length < LENGTH.SegmentAttributeName.min || k.length > LENGTH.SegmentAttributeName.max)
				vs.add(
					'segmentAttributes',
					'Map keys must satisfy constraint: [Member must have length between 1 and 128]',
				);
			vs.object(`segmentAttributes.${k}`, v);
		}
	}
	if (present(input.Attachments))
		vs.add('attachments', 'Attachments are not supported by this emulator');
	done(vs);
	return input;
}

/** The list operations' labels and query: MaxResults ranges and enums of the model. */
function listInput(route: TaskRoute, query: Record<string, string | string[]>): JsonObject {
	const vs = new Violations();
	const input: JsonObject = { ...route.labels };
	vs.string('instanceId', route.labels.InstanceId, LENGTH.InstanceId);
	const token = firstOf(query.nextToken);
	if (token !== undefined) input.NextToken = token;
	if (route.operation === 'ListQuickConnects') {
		const max = queryInt(vs, 'maxResults', query.maxResults, 1, 1000);
		if (max !== undefined) input.MaxResults = max;
		const types =
			query.QuickConnectTypes === undefined ? [] : ([] as string[]).concat(query.QuickConnectTypes);
		if (types.length > 4)
			vs.add('quickConnectTypes', 'Member must have length less than or equal to 4');
		types.forEach((t) => vs.enumValue('quickConnectTypes', t, QUICK_CONNECT_TYPES));
		if (types.length) input.QuickConnectTypes = types;
	}
	if (route.operation === 'ListTaskTemplates') {
		const max = queryInt(vs, 'maxResults', query.maxResults, 1, 100);
		if (max !== undefined) input.MaxResults = max;
		const status = firstOf(query.status);
		if (status !== undefined)
			input.Status = vs.enumValue('status', status, TEMPLATE_STATUSES) ?? status;
		const name = firstOf(query.name);
		if (name !== undefined) input.Name = vs.string('name', name, LENGTH.TaskTemplateName) ?? name;
	}
	if (route.operation === 'GetTaskTemplate')
		vs.string('taskTemplateId', route.labels.TaskTemplateId, LENGTH.TaskTemplateId);
	done(vs);
	return input;
}

export function operateTask(
	ctx: TaskContext,
	route: TaskRoute,
	query: Record<string, string | string[]>,
	body: JsonObject,
): { body: JsonObject; outcome: string } {
	switch (route.operation) {
		case 'StartTaskContact':
			return startTaskContact(startTaskInput(isObject(body) ? body : {}), body, ctx);
		case 'ListQuickConnects':
			return listQuickConnects(listInput(route, query), ctx);
		case 'ListTaskTemplates':
			return listTaskTemplates(listInput(route, query), ctx);
		case 'GetTaskTemplate':
			return getTaskTemplate(listInput(route, query), ctx);
	}
}
