/**
 * The form of Contact → Create. Which fields show for which channel and method is not written here:
 * it is derived from the table in rules.ts, the same table the checks use.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { attributeFields as sharedAttributeFields } from '../../../shared/attributes';
import { keyValueModeField, withMode } from '../../../shared/keyValueInput';
import {
	allChannelMethods,
	CHANNEL_RULES,
	type ChannelDependentMember,
	CONTACT_EXPIRY_SEGMENT_ATTRIBUTE,
	type InitiateAs,
	type MethodRule,
	type Presence,
	TASK_REFERENCE_TYPES,
} from './rules';
import { FIELD } from './fields';
import { clientTokenField } from '../../../shared/runnerOptions';

/** Shown under conditions of this operation's own fields (the router adds its resource and operation). */
const show = (extra: IDisplayOptions['show'] = {}): IDisplayOptions => ({ show: { ...extra } });

/**
 * Display options for the methods the predicate selects. Initiation methods belong to exactly one
 * channel each, so listing the methods (and their channels) selects exactly those pairs.
 */
function showForMethods(predicate: (method: MethodRule) => boolean): IDisplayOptions {
	const pairs = allChannelMethods().filter(({ method }) => predicate(method));
	const channels = [...new Set(pairs.map(({ channel }) => channel))];
	const channel = channels.map((rule) => rule.value);
	// When every method of the channels is selected, the channel alone decides: the field then shows
	// even while the method still holds a value left from another channel (n8n keeps it on a switch).
	if (channels.every((rule) => rule.methods.every((method) => predicate(method))))
		return show({ channel });
	return show({ channel, initiationMethod: pairs.map(({ method }) => method.value) });
}

const showWhere = (member: ChannelDependentMember, presence: Presence) =>
	showForMethods((method) => method[member] === presence);

/**
 * The canvas subtitle (an expression's body), e.g. "Create Email contact: Agent Reply": channel and method by their names
 * in the form, read from the table (a value the table does not know is shown as it is).
 */
export const createContactSubtitle = (() => {
	const channels = Object.fromEntries(CHANNEL_RULES.map((rule) => [rule.value, rule.name]));
	const methods = Object.fromEntries(
		allChannelMethods().map(({ method }) => [method.value, method.name]),
	);
	const named = (names: Record<string, string>, parameter: string) =>
		`(${JSON.stringify(names)}[$parameter["${parameter}"]] || $parameter["${parameter}"])`;
	return `"Create " + ${named(channels, 'channel')} + " contact: " + ${named(methods, 'initiationMethod')}`;
})();

const INITIATE_AS_OPTIONS: Record<InitiateAs, { name: string; description: string }> = {
	CONNECTED_TO_USER: {
		name: 'Connected to User',
		description: 'The contact starts connected to the user',
	},
	COMPLETED: {
		name: 'Completed',
		description: 'The task is created already completed (e.g. imported history)',
	},
};

const channelField: INodeProperties = {
	displayName: FIELD.channel,
	name: 'channel',
	type: 'options',
	options: CHANNEL_RULES.map((rule) => ({
		name: rule.name,
		value: rule.value,
		description: rule.description,
	})),
	default: 'TASK',
	required: true,
	description: 'The channel of the contact. Chat contacts cannot be created with this API.',
	displayOptions: show(),
};

const optionsOf = (rules: readonly MethodRule[]) =>
	rules.map(({ name, value, description }) => ({ name, value, description }));

/** One Initiation Method field per channel, each offering only that channel's methods. */
const initiationMethodFields: INodeProperties[] = CHANNEL_RULES.map((rule) => {
	const firstMethod = rule.methods[0].value;
	return {
		displayName: FIELD.initiationMethod,
		name: 'initiationMethod',
		type: 'options',
		options: optionsOf(rule.methods),
		default: firstMethod,
		required: true,
		description: `How the ${rule.name.toLowerCase()} contact was initiated`,
		displayOptions: show({ channel: [rule.value] }),
	};
});

const userField = (required: boolean): INodeProperties => ({
	displayName: FIELD.user,
	name: 'userId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required,
	description: required
		? 'The agent (user) the email contact belongs to; required for outbound and agent-reply emails'
		: 'The agent (user) the email contact belongs to',
	displayOptions: showWhere('userInfo', required ? 'required' : 'optional'),
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchUsers', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 2f6c1a7e-7d3b-4a61-9b6f-1c2d3e4f5a6b',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^[A-Za-z0-9-]{1,256}$', errorMessage: 'Not a valid user ID' },
				},
			],
		},
	],
});

/** "Initiate As" with the values each group of methods allows (only tasks may be created completed). */
function initiateAsFields(): INodeProperties[] {
	const groups = new Map<string, readonly InitiateAs[]>();
	for (const { method } of allChannelMethods())
		groups.set(method.initiateAs.join(','), method.initiateAs);
	return [...groups.values()].map((values) => ({
		displayName: FIELD.initiateAs,
		name: 'initiateAs',
		type: 'options',
		options: [
			{ name: 'Default (Not Sent)', value: '', description: 'Let Amazon Connect decide' },
			...values.map((value) => ({ value, ...INITIATE_AS_OPTIONS[value] })),
		],
		default: '',
		description: 'The state the contact is created in',
		displayOptions: showForMethods((method) => method.initiateAs.join(',') === values.join(',')),
	}));
}

export const attributeFields: INodeProperties[] = sharedAttributeFields(
	FIELD.attributes,
	show(),
	'Contact attributes (text values; keys only letters, digits, - and _; at most 32,768 UTF-8 bytes in all)',
);

function referenceFields(): INodeProperties[] {
	return referenceFieldsFor(showWhere('references', 'optional'), TASK_REFERENCE_TYPES);
}

/** The References fields (rows or JSON) offering the given reference types, shown where `where` says. */
export function referenceFieldsFor(
	where: IDisplayOptions,
	types: ReadonlyArray<(typeof TASK_REFERENCE_TYPES)[number]>,
): INodeProperties[] {
	return [
		keyValueModeField('referencesMode', FIELD.references, where),
		{
			displayName: FIELD.references,
			name: 'references',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Reference',
			default: {},
			description:
				'Links and values shown to the agent with the task (at most 4,096 UTF-8 bytes in all)',
			displayOptions: withMode(where, 'referencesMode', 'keyValue'),
			options: [
				{
					displayName: 'Reference',
					name: 'reference',
					values: [
						{
							displayName: 'Key',
							name: 'key',
							type: 'string',
							default: '',
							placeholder: 'e.g. Ticket',
						},
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: types
								.map((type) => ({ name: REFERENCE_TYPE_NAMES[type], value: type }))
								.sort((a, b) => a.name.localeCompare(b.name)),
							default: 'URL',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: 'e.g. https://crm.example.com/tickets/1234',
							description:
								'URL: a link; Number: a number; Date: an epoch timestamp; Email: an address',
						},
					],
				},
			],
		},
		{
			displayName: `${FIELD.references} (JSON)`,
			name: 'referencesJson',
			type: 'json',
			default: '{}',
			description:
				'E.g. {"Ticket": {"Type": "URL", "Value": "https://crm.example.com/tickets/1234"}}.',
			displayOptions: withMode(where, 'referencesMode', 'json'),
		},
	];
}

const REFERENCE_TYPE_NAMES: Record<(typeof TASK_REFERENCE_TYPES)[number], string> = {
	ATTACHMENT: 'Attachment',
	DATE: 'Date',
	EMAIL: 'Email',
	NUMBER: 'Number',
	STRING: 'String',
	URL: 'URL',
};

const notice = (
	name: string,
	displayName: string,
	displayOptions: IDisplayOptions,
): INodeProperties => ({
	displayName,
	name,
	type: 'notice',
	default: '',
	displayOptions,
});

/** Contact Expiry (Minutes) of the Additional Fields, read by segmentAttributesFrom (Create, Task Start). */
export function contactExpiryField(subject: string): INodeProperties {
	return {
		displayName: FIELD.contactExpiryMinutes,
		name: 'contactExpiryMinutes',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 1440,
		description: `Minutes until the ${subject} expires, sent as the ${CONTACT_EXPIRY_SEGMENT_ATTRIBUTE} segment attribute`,
	};
}

/** Segment Attributes of the Additional Fields, read by segmentAttributesFrom (Create, Task Start). */
export const segmentAttributesField: INodeProperties = {
	displayName: FIELD.segmentAttributes,
	name: 'segmentAttributesJson',
	type: 'json',
	default: '{}',
	description:
		'System-defined segment attributes, e.g. {"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 135}}}}',
};

export const createContactProperties: INodeProperties[] = [
	channelField,
	...initiationMethodFields,
	notice(
		'emailNotSentNotice',
		'CreateContact records an email contact but does not send the email: the StartOutboundEmailContact API sends it',
		showForMethods((method) => ['OUTBOUND', 'AGENT_REPLY'].includes(method.value)),
	),
	notice(
		'voiceTransferNotice',
		'Voice Transfer creates an external audio contact, used with Contact Lens for external voice systems',
		showForMethods((method) => method.value === 'TRANSFER'),
	),
	userField(true),
	userField(false),
	{
		displayName: FIELD.previousContactId,
		name: 'previousContactId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d',
		description: 'The contact this external audio contact continues',
		displayOptions: showWhere('previousContactId', 'optional'),
	},
	...initiateAsFields(),
	notice(
		'completedBulkNotice',
		'Creating many completed tasks needs a raised CreateContact quota from AWS Support; without it requests are throttled (the node slows down and retries)',
		show({ channel: ['TASK'], initiateAs: ['COMPLETED'] }),
	),
	{
		displayName: FIELD.name,
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Call back customer about order 1234',
		description: 'The name of the contact, shown to the agent (at most 1,024 characters)',
		displayOptions: show(),
	},
	{
		displayName: FIELD.description,
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'The description of the contact (at most 4,096 characters)',
		displayOptions: show(),
	},
	...attributeFields,
	...referenceFields(),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(),
		options: [
			clientTokenField(
				'the node derives one per item, the same on Retry On Fail and on a Retry of the execution, so those never create a contact twice (a new run of the workflow does: use Options › Idempotency Key).',
			),
			contactExpiryField('contact'),
			{
				displayName: FIELD.expiryDurationInMinutes,
				name: 'expiryDurationInMinutes',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 60,
				description: 'Minutes the contact stays active before it expires (ExpiryDurationInMinutes)',
			},
			{
				displayName: FIELD.relatedContactId,
				name: 'relatedContactId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d',
				description:
					'A contact in this instance that this contact relates to (e.g. the email being replied to)',
			},
			segmentAttributesField,
		],
	},
];
