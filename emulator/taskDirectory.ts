/**
 * The lists StartTaskContact's fields are picked from: ListQuickConnects, ListTaskTemplates and
 * GetTaskTemplate, from the config's quick connects and templates (ListContactFlows: lifecycle.ts).
 * Wire shapes follow the model (ContactFlowSummary, QuickConnectSummary, TaskTemplateMetadata,
 * GetTaskTemplateResponse); timestamps are epoch seconds. Inputs arrive validated against the model.
 */
import type { EmulatorConfig, EmulatorTaskTemplate } from './config';
import { decodeToken, epochSeconds, instanceArn, page, requireInstance } from './directory';
import { invalidParameter, resourceNotFound } from './errors';
import type { OperationContext, OperationHandler } from './operation';
import type { JsonObject } from './validate';

/** Default page sizes of the APIs (reference/connect-operations.md A.2: ListContactFlows default 100). */
const DEFAULT_PAGE = 100;

const quickConnectArn = (config: EmulatorConfig, instanceId: string, id: string) =>
	`${instanceArn(config, instanceId)}/transfer-destination/${id}`;
const templateArn = (config: EmulatorConfig, instanceId: string, id: string) =>
	`${instanceArn(config, instanceId)}/task-template/${id}`;

function listed<T>(
	input: JsonObject,
	op: string,
	scope: string,
	all: T[],
): { items: T[]; nextToken?: string } {
	const instanceId = input.InstanceId as string;
	const max = (input.MaxResults as number | undefined) ?? DEFAULT_PAGE;
	const token = input.NextToken as string | undefined;
	const offset =
		token === undefined
			? 0
			: decodeToken(token, op, `${instanceId}/${scope}`, () =>
					invalidParameter('The nextToken is not valid.'),
				);
	return page(all, offset, max, op, `${instanceId}/${scope}`);
}

/** IAM (the operation's own action on the instance), then the instance. */
function open(input: JsonObject, context: OperationContext): string {
	const instanceId = input.InstanceId as string;
	context.authorizeInstance(instanceId);
	requireInstance(context.config, instanceId);
	return instanceId;
}

export const listQuickConnects: OperationHandler = (input, context) => {
	const instanceId = open(input, context);
	const types = (input.QuickConnectTypes as string[] | undefined) ?? [];
	const all = (context.config.quickConnects?.[instanceId] ?? [])
		.filter((q) => types.length === 0 || types.includes(q.type))
		.map((q) => ({
			Id: q.id,
			Arn: quickConnectArn(context.config, instanceId, q.id),
			Name: q.name,
			QuickConnectType: q.type,
			LastModifiedTime: epochSeconds(q.lastModifiedTime, '2025-01-01T00:00:00Z'),
			LastModifiedRegion: context.config.region,
		}));
	const p = listed(input, 'ListQuickConnects', types.join(','), all);
	return {
		body: { QuickConnectSummaryList: p.items, ...(p.nextToken ? { NextToken: p.nextToken } : {}) },
		outcome: 'ok',
	};
};

export const listTaskTemplates: OperationHandler = (input, context) => {
	const instanceId = open(input, context);
	const status = input.Status as string | undefined;
	const name = input.Name as string | undefined;
	const all = (context.config.taskTemplates?.[instanceId] ?? [])
		.filter(
			(t) =>
				(status === undefined || (t.status ?? 'ACTIVE') === status) &&
				(name === undefined || t.name === name),
		)
		.map((t) => ({
			Id: t.id,
			Arn: templateArn(context.config, instanceId, t.id),
			Name: t.name,
			...(t.description ? { Description: t.description } : {}),
			Status: t.status ?? 'ACTIVE',
			CreatedTime: epochSeconds(t.createdTime, '2025-01-01T00:00:00Z'),
			LastModifiedTime: epochSeconds(t.createdTime, '2025-01-01T00:00:00Z'),
		}));
	const p = listed(input, 'ListTaskTemplates', `${status ?? ''}/${name ?? ''}`, all);
	return {
		body: { TaskTemplates: p.items, ...(p.nextToken ? { NextToken: p.nextToken } : {}) },
		outcome: 'ok',
	};
};

export function findTemplate(
	config: EmulatorConfig,
	instanceId: string,
	templateId: string,
): EmulatorTaskTemplate | undefined {
	return (config.taskTemplates?.[instanceId] ?? []).find((t) => t.id === templateId);
}

export const getTaskTemplate: OperationHandler = (input, context) => {
	const instanceId = open(input, context);
	const template = findTemplate(context.config, instanceId, input.TaskTemplateId as string);
	if (!template)
		throw resourceNotFound(
			`Task template not found for TaskTemplateId: ${String(input.TaskTemplateId)}`,
		);
	const ids = (names: string[] | undefined) => (names ?? []).map((n) => ({ Id: { Name: n } }));
	return {
		body: {
			InstanceId: instanceId,
			Id: template.id,
			Arn: templateArn(context.config, instanceId, template.id),
			Name: template.name,
			...(template.description ? { Description: template.description } : {}),
			...(template.contactFlowId ? { ContactFlowId: template.contactFlowId } : {}),
			Constraints: {
				RequiredFields: ids(template.required),
				ReadOnlyFields: ids(template.readOnly),
				InvisibleFields: ids(template.invisible),
			},
			Defaults: {
				DefaultFieldValues: Object.entries(template.defaults ?? {}).map(([n, v]) => ({
					Id: { Name: n },
					DefaultValue: v,
				})),
			},
			Fields: template.fields.map((f) => ({
				Id: { Name: f.name },
				Type: f.type,
				...(f.description ? { Description: f.description } : {}),
				...(f.singleSelectOptions ? { SingleSelectOptions: f.singleSelectOptions } : {}),
			})),
			Status: template.status ?? 'ACTIVE',
			CreatedTime: epochSeconds(template.createdTime, '2025-01-01T00:00:00Z'),
			LastModifiedTime: epochSeconds(template.createdTime, '2025-01-01T00:00:00Z'),
		},
		outcome: 'ok',
	};
};
