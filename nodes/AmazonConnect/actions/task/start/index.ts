/**
 * Task → Start (StartTaskContact) as a value: a task routed to agents by a flow, a quick connect or
 * a task template (with the template's fields), optionally scheduled and linked to other contacts.
 * The steps live beside it (input.ts, check.ts, description.ts, rules.ts); the runner does the rest.
 */
import {
	type ConnectClient,
	GetTaskTemplateCommand,
	StartTaskContactCommand,
	type StartTaskContactCommandInput,
	type StartTaskContactCommandOutput,
} from '@aws-sdk/client-connect';
import type { IDataObject } from 'n8n-workflow';

import { checkAgainstModel, type FieldNames } from '../../../shared/modelCheck';
import { INSTANCE_ARN_PATTERN } from '../../../shared/instance';
import { problem } from '../../../shared/problem';
import { locatorValue } from '../../../shared/runOperation';
import { awsErrorDetails } from '../../../transport/errors';
import {
	defineOperation,
	type ItemContext,
	type SendMeta,
	withFullResponse,
} from '../../operation';
import { findStartTaskProblems } from './check';
import { startTaskProperties, startTaskSubtitle } from './description';
import { FIELD } from './fields';
import {
	buildStartTaskInput,
	type StartTaskParameters,
	type UncheckedStartTaskInput,
} from './input';
import { ROUTES } from './rules';

export function readStartTaskParameters(item: ItemContext): StartTaskParameters {
	const get = (name: string, fallback: unknown = '') => item.parameter(name, fallback) as never;
	const routeBy = get('routeBy', 'flow') as string;
	return {
		instanceId: locatorValue(get('instanceId')) as string,
		routeBy,
		// Only the chosen route's fields are read: n8n keeps the others' values when the route changes.
		contactFlowId: routeBy === 'flow' ? (locatorValue(get('contactFlowId')) as string) : undefined,
		quickConnectId:
			routeBy === 'quickConnect' ? (locatorValue(get('quickConnectId')) as string) : undefined,
		taskTemplateId:
			routeBy === 'taskTemplate' ? (locatorValue(get('taskTemplateId')) as string) : undefined,
		templateFlowId:
			routeBy === 'taskTemplate' ? (locatorValue(get('templateFlowId')) as string) : undefined,
		templateFields: routeBy === 'taskTemplate' ? get('templateFields', null) : undefined,
		name: get('name'),
		description: get('description'),
		attributesMode: get('attributesMode', 'keyValue'),
		attributes: get('attributes', {}),
		attributesJson: get('attributesJson'),
		referencesMode: get('referencesMode', 'keyValue'),
		references: get('references', {}),
		referencesJson: get('referencesJson'),
		additionalFields: get('additionalFields', {}),
	};
}

/** The request's members as the form names them, for the model check's messages. */
function fieldNames(routeBy: string): FieldNames {
	return {
		InstanceId: FIELD.instance,
		ContactFlowId: routeBy === 'taskTemplate' ? FIELD.templateFlow : FIELD.flow,
		QuickConnectId: FIELD.quickConnect,
		TaskTemplateId: FIELD.taskTemplate,
		Name: FIELD.name,
		Description: FIELD.description,
		Attributes: FIELD.attributes,
		References: FIELD.references,
		ScheduledTime: FIELD.scheduledTime,
		PreviousContactId: FIELD.previousContactId,
		RelatedContactId: FIELD.relatedContactId,
		SegmentAttributes: FIELD.segmentAttributes,
		ClientToken: FIELD.clientToken,
	};
}

/** The instance ARN of a prepared request, when the user gave one: the contact's ARN is built from it. */
const instanceArns = new WeakMap<object, string>();

export function contactArnFor(
	input: StartTaskContactCommandInput,
	contactId: string | undefined,
): string | undefined {
	const instanceArn = instanceArns.get(input);
	return instanceArn && contactId
		? `${instanceArn.replace(/\/$/, '')}/contact/${contactId}`
		: undefined;
}

/**
 * Whether a template has its own flow, asked once per template and execution (the client is the
 * execution's). GetTaskTemplate runs at 2 requests per second per account: one call, not one per item.
 * undefined when it cannot be known (e.g. connect:GetTaskTemplate is not allowed): AWS then decides.
 */
const templateFlows = new WeakMap<ConnectClient, Map<string, Promise<boolean | undefined>>>();

async function templateHasFlow(client: ConnectClient, instanceId: string, templateId: string) {
	let cache = templateFlows.get(client);
	if (!cache) templateFlows.set(client, (cache = new Map()));
	const key = `${instanceId}/${templateId}`;
	let answer = cache.get(key);
	if (!answer) {
		answer = client
			.send(new GetTaskTemplateCommand({ InstanceId: instanceId, TaskTemplateId: templateId }))
			.then(
				(template) => Boolean(template.ContactFlowId),
				(error: unknown) => {
					if (awsErrorDetails(error).name === 'AccessDeniedException') return undefined;
					cache.delete(key); // a throttled or failed look-up is asked again on the retry
					throw error;
				},
			);
		cache.set(key, answer);
	}
	return answer;
}

export function startTaskOutput(
	input: StartTaskContactCommandInput,
	response: StartTaskContactCommandOutput,
	meta: SendMeta,
): IDataObject {
	const route =
		ROUTES.find((r) => r.member !== 'ContactFlowId' && input[r.member] !== undefined) ?? ROUTES[0];
	const simple: IDataObject = {
		contactId: response.ContactId,
		...(contactArnFor(input, response.ContactId) !== undefined && {
			contactArn: contactArnFor(input, response.ContactId),
		}),
		route: route.value,
		...(input.ContactFlowId !== undefined && { contactFlowId: input.ContactFlowId }),
		...(input.QuickConnectId !== undefined && { quickConnectId: input.QuickConnectId }),
		...(input.TaskTemplateId !== undefined && { taskTemplateId: input.TaskTemplateId }),
		clientToken: input.ClientToken,
	};
	return withFullResponse(simple, input, meta, {
		...input,
		ScheduledTime: input.ScheduledTime?.toISOString(),
	});
}

export const startTask = defineOperation<
	StartTaskContactCommandInput,
	StartTaskContactCommandOutput
>({
	resource: 'task',
	operation: 'start',
	name: 'Start',
	description:
		'Start a task routed to agents by a flow, a quick connect or a task template (StartTaskContact)',
	action: 'Start a task',
	api: 'StartTaskContact',
	idempotent: true,
	subtitle: startTaskSubtitle,
	properties: startTaskProperties,
	prepare(item) {
		const params = readStartTaskParameters(item);
		const built = buildStartTaskInput(params, item.clientToken);
		if (built.problems.length) return { ok: false, problems: built.problems };
		const model = checkAgainstModel<UncheckedStartTaskInput>(
			'StartTaskContact',
			built.input,
			fieldNames(params.routeBy),
		);
		const problems = [
			...model.problems,
			...findStartTaskProblems(model.input, {
				credentialRegion: item.credentialRegion,
				instanceReference: params.instanceId,
				routeBy: params.routeBy,
				templateFields: params.templateFields,
				now: Date.now(),
			}),
		];
		if (problems.length) return { ok: false, problems };
		const input = model.input as StartTaskContactCommandInput;
		const arn =
			typeof params.instanceId === 'string' && INSTANCE_ARN_PATTERN.test(params.instanceId.trim())
				? params.instanceId.trim()
				: undefined;
		if (arn) instanceArns.set(input, arn);
		return { ok: true, input };
	},
	async send(client, input, inputProblem) {
		if (input.TaskTemplateId !== undefined && input.ContactFlowId === undefined) {
			const hasFlow = await templateHasFlow(
				client,
				input.InstanceId as string,
				input.TaskTemplateId,
			);
			if (hasFlow === false) {
				throw inputProblem(
					problem(
						FIELD.templateFlow,
						`is required: the task template ${input.TaskTemplateId} has no flow of its own`,
						`Pick the flow that should run for these tasks in ${FIELD.templateFlow}, or give the template a flow in Amazon Connect`,
					),
				);
			}
		}
		return client.send(new StartTaskContactCommand(input));
	},
	output: startTaskOutput,
});
