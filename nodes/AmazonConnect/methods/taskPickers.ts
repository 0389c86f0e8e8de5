/**
 * The pickers of Task → Start: Flow (ListContactFlows, contact flows only, active and published
 * first), Quick Connect (ListQuickConnects, agent and queue quick connects), Task Template
 * (ListTaskTemplates, active ones), and the template's fields for the resource mapper
 * (GetTaskTemplate). These APIs run at 2 requests per second per account by default (ListQuickConnects
 * at 10), shared with production traffic: each list is read with the largest page AWS allows, and
 * kept for a minute per credential and instance, so typing a filter or reopening a list asks AWS nothing.
 */
import {
	type ContactFlowSummary,
	type ContactFlowType,
	GetTaskTemplateCommand,
	type GetTaskTemplateCommandOutput,
	ListContactFlowsCommand,
	ListQuickConnectsCommand,
	ListTaskTemplatesCommand,
	type QuickConnectSummary,
	type TaskTemplateMetadata,
} from '@aws-sdk/client-connect';
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	ResourceMapperFields,
} from 'n8n-workflow';

import { idFromArn } from '../actions/task/start/input';
import { TASK_FLOW_TYPE, TASK_QUICK_CONNECT_TYPES } from '../actions/task/start/rules';
import { templateSchema } from '../actions/task/start/templateFields';
import { regionOf } from '../transport/settings';
import { cached, cacheKey, listPicker } from './cachedList';
import { chosenInstance, listError, openPicker } from './listSearch';

/** The largest pages the APIs allow (model: MaxResult1000, MaxResult100). */
export const FLOWS_PER_REQUEST = 1000;
export const QUICK_CONNECTS_PER_REQUEST = 1000;
export const TEMPLATES_PER_REQUEST = 100;
const FLOW_NOTES = (flow: ContactFlowSummary): string[] => [
	...(flow.ContactFlowState === 'ARCHIVED' ? ['archived'] : []),
	...(flow.ContactFlowStatus === 'SAVED' ? ['saved, not published'] : []),
];

/** Active and published flows first (those can run a task), then by name. */
export function flowItems(flows: ContactFlowSummary[]): INodeListSearchItems[] {
	const rank = (flow: ContactFlowSummary) => FLOW_NOTES(flow).length;
	return flows
		.filter((flow) => flow.Id !== undefined)
		.sort((a, b) => rank(a) - rank(b) || (a.Name ?? '').localeCompare(b.Name ?? ''))
		.map((flow) => {
			const notes = FLOW_NOTES(flow);
			return {
				name: `${flow.Name ?? flow.Id}${notes.length ? ` – ${notes.join(', ')}` : ''}`,
				value: flow.Id as string,
			};
		});
}

const QUICK_CONNECT_WORDS: Record<string, string> = { USER: 'agent', QUEUE: 'queue' };

export function quickConnectItems(quickConnects: QuickConnectSummary[]): INodeListSearchItems[] {
	return quickConnects
		.filter((qc) => qc.Id !== undefined)
		.sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''))
		.map((qc) => ({
			name: `${qc.Name ?? qc.Id} (${QUICK_CONNECT_WORDS[qc.QuickConnectType ?? ''] ?? qc.QuickConnectType ?? 'quick connect'})`,
			value: qc.Id as string,
		}));
}

export function templateItems(templates: TaskTemplateMetadata[]): INodeListSearchItems[] {
	return templates
		.filter((t) => t.Id !== undefined)
		.sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''))
		.map((t) => ({ name: t.Name ?? (t.Id as string), value: t.Id as string }));
}

/** The instance's flows of the given types, active and published first (the flow pickers of Task Start and Transfer). */
export async function flowPicker(
	fn: ILoadOptionsFunctions,
	filter: string | undefined,
	paginationToken: string | undefined,
	types: ContactFlowType[],
): Promise<INodeListSearchResult> {
	return listPicker<ContactFlowSummary>(fn, filter, paginationToken, {
		name: `ListContactFlows:${types.join(',')}`,
		failure: {
			things: 'flows',
			permission: 'connect:ListContactFlows on the instance',
			field: 'Flow',
		},
		read: async (client, instanceId, token) => {
			const answer = await client.send(
				new ListContactFlowsCommand({
					InstanceId: instanceId,
					ContactFlowTypes: types,
					MaxResults: FLOWS_PER_REQUEST,
					NextToken: token,
				}),
			);
			return { items: answer.ContactFlowSummaryList ?? [], next: answer.NextToken };
		},
		toItems: flowItems,
	});
}

/** Contact flows of the instance (the type that can start a task). */
export async function searchContactFlows(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await flowPicker(this, filter, paginationToken, [TASK_FLOW_TYPE]);
}

/** Agent and queue quick connects of the instance. */
export async function searchQuickConnects(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return listPicker<QuickConnectSummary>(this, filter, paginationToken, {
		name: 'ListQuickConnects',
		failure: {
			things: 'quick connects',
			permission: 'connect:ListQuickConnects on the instance',
			field: 'Quick Connect',
		},
		read: async (client, instanceId, token) => {
			const answer = await client.send(
				new ListQuickConnectsCommand({
					InstanceId: instanceId,
					QuickConnectTypes: [...TASK_QUICK_CONNECT_TYPES],
					MaxResults: QUICK_CONNECTS_PER_REQUEST,
					NextToken: token,
				}),
			);
			return { items: answer.QuickConnectSummaryList ?? [], next: answer.NextToken };
		},
		toItems: quickConnectItems,
	});
}

/** Active task templates of the instance. */
export async function searchTaskTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return listPicker<TaskTemplateMetadata>(this, filter, paginationToken, {
		name: 'ListTaskTemplates',
		failure: {
			things: 'task templates',
			permission: 'connect:ListTaskTemplates on the instance',
			field: 'Task Template',
		},
		read: async (client, instanceId, token) => {
			const answer = await client.send(
				new ListTaskTemplatesCommand({
					InstanceId: instanceId,
					Status: 'ACTIVE',
					MaxResults: TEMPLATES_PER_REQUEST,
					NextToken: token,
				}),
			);
			return { items: answer.TaskTemplates ?? [], next: answer.NextToken };
		},
		toItems: templateItems,
	});
}

/** The chosen template's ID, or undefined while none is chosen (or it comes from an expression). */
function chosenTemplate(fn: ILoadOptionsFunctions): string | undefined {
	let reference: unknown;
	try {
		reference = fn.getNodeParameter('taskTemplateId', undefined, { extractValue: true });
	} catch {
		return undefined;
	}
	if (typeof reference === 'object' && reference !== null && 'value' in reference)
		reference = (reference as { value: unknown }).value;
	const id = idFromArn(reference);
	return typeof id === 'string' && id !== '' && !id.startsWith('=') ? id : undefined;
}

/** The resource mapper's fields: the chosen template's fields that a task can set (templateFields.ts). */
export async function getTaskTemplateFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const templateId = chosenTemplate(this);
	if (templateId === undefined)
		return { fields: [], emptyFieldsNotice: 'Pick a Task Template first: its fields appear here' };
	const { client, credentials, target } = await openPicker(this);
	try {
		const instanceId = chosenInstance(this, regionOf(credentials), {
			things: 'template fields',
			field: 'Task Template',
		});
		try {
			const template = await cached<GetTaskTemplateCommandOutput>(
				cacheKey(credentials, ['GetTaskTemplate', instanceId, templateId]),
				() =>
					client.send(
						new GetTaskTemplateCommand({ InstanceId: instanceId, TaskTemplateId: templateId }),
					),
			);
			const fields = templateSchema(template);
			return {
				fields,
				...(fields.length === 0 && {
					emptyFieldsNotice:
						'This template has no fields a task can set (read-only and invisible fields are not offered)',
				}),
			};
		} catch (error) {
			throw listError(this.getNode(), error, target, {
				things: 'fields of the task template',
				permission: 'connect:GetTaskTemplate on the instance',
				field: 'Task Template',
				instanceId,
			});
		}
	} finally {
		client.destroy();
	}
}
