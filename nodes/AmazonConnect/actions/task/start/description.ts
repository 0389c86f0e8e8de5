/**
 * The form of Task → Start. The routes and their wording come from the rule table (rules.ts); the
 * attribute and reference fields are Contact → Create's, with the reference types StartTaskContact takes.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import {
	attributeFields,
	contactExpiryField,
	referenceFieldsFor,
	segmentAttributesField,
} from '../../contact/create/description';
import { FIELD } from './fields';
import {
	MAX_TASKS_PER_PREVIOUS_CONTACT,
	type RouteBy,
	ROUTES,
	SCHEDULED_TIME_MAX_DAYS,
	START_REFERENCE_TYPES,
} from './rules';
import { clientTokenField } from '../../../shared/runnerOptions';

/** Shown under conditions of this operation's own fields (the router adds its resource and operation). */
const show = (extra: IDisplayOptions['show'] = {}): IDisplayOptions => ({ show: { ...extra } });
const onRoute = (...routes: RouteBy[]) => show({ routeBy: routes });

/** A resource locator with a searchable list and an ID (an ARN given there is accepted too). */
function locator(
	name: string,
	displayName: string,
	searchListMethod: string,
	options: {
		required: boolean;
		description: string;
		displayOptions: IDisplayOptions;
		placeholder: string;
	},
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required,
		description: options.description,
		displayOptions: options.displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.placeholder,
				hint: 'The ID at the end of the ARN; an ARN is accepted too',
			},
		],
	};
}

export const startTaskSubtitle = (() => {
	const names = Object.fromEntries(ROUTES.map((route) => [route.value, route.name]));
	return `"Start task by " + (${JSON.stringify(names)}[$parameter["routeBy"]] || $parameter["routeBy"])`;
})();

export const startTaskProperties: INodeProperties[] = [
	{
		displayName: FIELD.routeBy,
		name: 'routeBy',
		type: 'options',
		noDataExpression: true,
		options: ROUTES.map(({ name, value, description }) => ({ name, value, description })),
		default: 'flow',
		description:
			'How the task reaches an agent: exactly one of a flow, a quick connect or a task template',
		displayOptions: show(),
	},
	locator('contactFlowId', FIELD.flow, 'searchContactFlows', {
		required: true,
		description:
			'The contact flow that runs for the task (contact flows of the instance; active and published ones first)',
		displayOptions: onRoute('flow'),
		placeholder: 'e.g. 9c2b7f1e-3a4d-4e5f-8a6b-7c8d9e0f1a2b',
	}),
	locator('quickConnectId', FIELD.quickConnect, 'searchQuickConnects', {
		required: true,
		description: 'An agent or queue quick connect: the task runs the flow defined on it',
		displayOptions: onRoute('quickConnect'),
		placeholder: 'e.g. 5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c',
	}),
	locator('taskTemplateId', FIELD.taskTemplate, 'searchTaskTemplates', {
		required: true,
		description:
			'An active task template of the instance: its fields appear below once it is picked',
		displayOptions: onRoute('taskTemplate'),
		placeholder: 'e.g. 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
	}),
	{
		displayName:
			'A template without its own flow also needs a flow: set Flow (If the Template Has None). A template with a flow runs it; do not set another.',
		name: 'templateFlowNotice',
		type: 'notice',
		default: '',
		displayOptions: onRoute('taskTemplate'),
	},
	locator('templateFlowId', FIELD.templateFlow, 'searchContactFlows', {
		required: false,
		description:
			'Only for a template that has no flow of its own: the contact flow that runs for the task',
		displayOptions: onRoute('taskTemplate'),
		placeholder: 'e.g. 9c2b7f1e-3a4d-4e5f-8a6b-7c8d9e0f1a2b',
	}),
	{
		displayName: FIELD.templateFields,
		name: 'templateFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description: "The template's fields, sent as references named by the fields",
		displayOptions: onRoute('taskTemplate'),
		typeOptions: {
			loadOptionsDependsOn: ['instanceId.value', 'taskTemplateId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getTaskTemplateFields',
				mode: 'add',
				valuesLabel: FIELD.templateFields,
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
				noFieldsError:
					'This template has no fields that a task can set (read-only and invisible fields are not offered)',
			},
		},
	},
	{
		displayName: FIELD.name,
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Ticket 1234: refund request',
		description: 'The name of the task, shown to the agent (at most 1,024 characters)',
		displayOptions: show(),
	},
	{
		displayName: FIELD.description,
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'The description of the task (at most 4,096 characters)',
		displayOptions: show(),
	},
	...attributeFields,
	...referenceFieldsFor(show(), START_REFERENCE_TYPES),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(),
		options: [
			clientTokenField('the node derives one per item so retries never start a task twice.'),
			contactExpiryField('task'),
			{
				displayName: FIELD.previousContactId,
				name: 'previousContactId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d',
				description: `The contact this task continues (a chat, voice or task contact). Attribute updates then apply to every contact of the chain, and a chain holds at most ${MAX_TASKS_PER_PREVIOUS_CONTACT} tasks.`,
			},
			{
				displayName: FIELD.relatedContactId,
				name: 'relatedContactId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d',
				description:
					'A contact this task relates to: its attributes are copied to the task once, and there is no limit on how many tasks relate to one contact',
			},
			{
				displayName: FIELD.scheduledTime,
				name: 'scheduledTime',
				type: 'dateTime',
				default: '',
				description: `When the task starts: not in the past, at most ${SCHEDULED_TIME_MAX_DAYS} days ahead. Empty: now.`,
			},
			segmentAttributesField,
		],
	},
];
