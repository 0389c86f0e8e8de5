/**
 * Contact → Update (UpdateContact): a contact's name, description, references and segment
 * attributes; for external audio contacts (Channel VOICE, Initiation Method Transfer, made by Contact
 * → Create) also its queue, user and endpoints, which the documentation reserves for them. A repeat
 * sets the same values again: harmless.
 */
import {
	UpdateContactCommand,
	type UpdateContactCommandInput,
	type UpdateContactCommandOutput,
} from '@aws-sdk/client-connect';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { contactIdField, readContactTarget } from '../../../shared/contactReference';
import { checkRequest, definedMembers, type DocumentedRule } from '../../../shared/documentedRules';
import { orNothing, parseJsonObject, text } from '../../../shared/keyValueInput';
import { type InputProblem, problem } from '../../../shared/problem';
import { locatorValue } from '../../../shared/runOperation';
import { checkReferences, checkSegmentAttributes } from '../create/check';
import { referenceFieldsFor } from '../create/description';
import { type MapParameters, referencesFrom } from '../create/input';
import { defineOperation, type SendMeta, withFullResponse } from '../../operation';

export const FIELD = {
	instance: 'Instance',
	contactId: 'Contact ID',
	name: 'Name',
	description: 'Description',
	references: 'References',
	segmentAttributes: 'Segment Attributes (JSON)',
	externalAudio: 'External Audio Contact',
	queue: 'Queue',
	user: 'User',
	customerEndpoint: 'Customer Endpoint',
	systemEndpoint: 'System Endpoint',
} as const;

/** Reference types a contact can carry (UpdateContact API reference: "URL | NUMBER | STRING | DATE | EMAIL"). */
export const UPDATE_REFERENCE_TYPES = ['URL', 'NUMBER', 'STRING', 'DATE', 'EMAIL'] as const;
/** Members "only for external audio contacts" (UpdateContact API reference: QueueInfo, UserInfo, CustomerEndpoint, SystemEndpoint). */
export const EXTERNAL_AUDIO_MEMBERS = [
	'QueueInfo',
	'UserInfo',
	'CustomerEndpoint',
	'SystemEndpoint',
] as const;
const UPDATABLE_MEMBERS = [
	'Name',
	'Description',
	'References',
	'SegmentAttributes',
	...EXTERNAL_AUDIO_MEMBERS,
] as const;
const ENDPOINT_TYPES = [
	'TELEPHONE_NUMBER',
	'VOIP',
	'CONTACT_FLOW',
	'CONNECT_PHONENUMBER_ARN',
	'EMAIL_ADDRESS',
] as const;

const API_REFERENCE = 'UpdateContact API reference';

export const UPDATE_RULES: ReadonlyArray<DocumentedRule<UpdateContactCommandInput>> = [
	{
		rule: 'At least one member to update',
		source: `${API_REFERENCE}: the request updates the members it gives (connect-operations.md A.1: "plus at least one field")`,
		check: (input) =>
			UPDATABLE_MEMBERS.some((m) => input[m] !== undefined)
				? undefined
				: problem(
						'Contact',
						'has nothing to update',
						`Set at least one of ${FIELD.name}, ${FIELD.description}, ${FIELD.references} or ${FIELD.segmentAttributes}`,
					),
	},
	{
		// CreateContact's 4,096-byte total over all references is not stated for UpdateContact (neither
		// its API reference nor the model): not enforced here; AWS's answer is explained if it refuses.
		rule: 'References of the types URL, NUMBER, STRING, DATE and EMAIL',
		source: `${API_REFERENCE}, References`,
		check: (input) => {
			const problems: InputProblem[] = [];
			checkReferences(problems, input.References, UPDATE_REFERENCE_TYPES, {
				when: 'when updating a contact',
				budget: false,
			});
			return problems[0];
		},
	},
	{
		rule: 'Segment attributes: keys of letters, digits, - and _ (or connect: system keys); ValueList and ValueArn for system attributes only',
		source: `${API_REFERENCE}, SegmentAttributes`,
		check: (input) => {
			const problems: InputProblem[] = [];
			checkSegmentAttributes(problems, input.SegmentAttributes);
			return problems[0];
		},
	},
];

const externalAudio = { show: { externalAudio: [true] } };

function endpointFields(name: string, displayName: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'collection',
		placeholder: 'Set Endpoint',
		default: {},
		displayOptions: externalAudio,
		options: [
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: ENDPOINT_TYPES.map((value) => ({
					name: value
						.replace(/_/g, ' ')
						.toLowerCase()
						.replace(/^\w/, (c) => c.toUpperCase()),
					value,
				})),
				default: 'TELEPHONE_NUMBER',
			},
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				placeholder: 'e.g. +12065550100',
			},
		],
	};
}

export const updateContactProperties: INodeProperties[] = [
	contactIdField(
		'The contact to update (its ID or ARN); by default the contactId of the incoming item',
	),
	{
		displayName: FIELD.name,
		name: 'name',
		type: 'string',
		default: '',
		description: 'A new name (at most 1,024 characters); empty keeps the name',
	},
	{
		displayName: FIELD.description,
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'A new description (at most 4,096 characters); empty keeps it',
	},
	...referenceFieldsFor({ show: {} }, UPDATE_REFERENCE_TYPES),
	{
		displayName: FIELD.segmentAttributes,
		name: 'segmentAttributesJson',
		type: 'json',
		default: '{}',
		description:
			'Segment attributes to set, e.g. {"connect:Subtype": {"ValueString": "connect:ExternalTask"}}',
	},
	{
		displayName: FIELD.externalAudio,
		name: 'externalAudio',
		type: 'boolean',
		default: false,
		description:
			'Whether the contact is an external audio contact (Voice, Transfer): only those can change queue, user and endpoints',
	},
	{
		displayName: FIELD.queue,
		name: 'queueId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		displayOptions: externalAudio,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchQueues', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string' },
		],
	},
	{
		displayName: FIELD.user,
		name: 'userId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		displayOptions: externalAudio,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string' },
		],
	},
	endpointFields('customerEndpoint', FIELD.customerEndpoint),
	endpointFields('systemEndpoint', FIELD.systemEndpoint),
];

const endpoint = (value: IDataObject | undefined) => {
	const address = text(value?.address);
	return address === undefined ? undefined : { Type: value?.type, Address: address };
};

export function outputFor(
	input: UpdateContactCommandInput,
	_response: object,
	meta: SendMeta,
): IDataObject {
	const updated = UPDATABLE_MEMBERS.filter((m) => input[m] !== undefined).map(
		(m) => m.charAt(0).toLowerCase() + m.slice(1),
	);
	const simple: IDataObject = { contactId: input.ContactId, updated };
	return withFullResponse(simple, input, meta, input);
}

export const updateContact = defineOperation<UpdateContactCommandInput, UpdateContactCommandOutput>(
	{
		resource: 'contact',
		operation: 'update',
		name: 'Update',
		description:
			"Change a contact's name, description, references or segment attributes with the UpdateContact API",
		action: 'Update a contact',
		api: 'UpdateContact',
		idempotent: false,
		subtitle: '"Update contact"',
		properties: updateContactProperties,
		prepare(item) {
			const get = <T>(name: string, fallback: T) => item.parameter<T>(name, fallback);
			const problems: InputProblem[] = [];
			const { InstanceId, ContactId } = readContactTarget(item, problems, FIELD);
			const References = referencesFrom(problems, {
				referencesMode: get('referencesMode', 'keyValue'),
				references: get('references', {}),
				referencesJson: get('referencesJson', ''),
			} as MapParameters);
			const SegmentAttributes = orNothing(
				parseJsonObject(problems, FIELD.segmentAttributes, get('segmentAttributesJson', '')),
			);
			const audio = get<unknown>('externalAudio', false) === true;
			const queueId = audio ? text(locatorValue(get('queueId', ''))) : undefined;
			const userId = audio ? text(locatorValue(get('userId', ''))) : undefined;
			const request = definedMembers({
				InstanceId,
				ContactId,
				Name: text(get('name', '')),
				Description: text(get('description', '')),
				References,
				SegmentAttributes,
				QueueInfo: queueId === undefined ? undefined : { Id: queueId },
				UserInfo: userId === undefined ? undefined : { UserId: userId },
				CustomerEndpoint: audio ? endpoint(get<IDataObject>('customerEndpoint', {})) : undefined,
				SystemEndpoint: audio ? endpoint(get<IDataObject>('systemEndpoint', {})) : undefined,
			});
			return checkRequest<UpdateContactCommandInput>(
				'UpdateContact',
				request,
				{
					InstanceId: FIELD.instance,
					ContactId: FIELD.contactId,
					Name: FIELD.name,
					Description: FIELD.description,
					References: FIELD.references,
					SegmentAttributes: FIELD.segmentAttributes,
					QueueInfo: FIELD.queue,
					UserInfo: FIELD.user,
					CustomerEndpoint: FIELD.customerEndpoint,
					SystemEndpoint: FIELD.systemEndpoint,
				},
				UPDATE_RULES,
				problems,
			);
		},
		send: (client, input) => client.send(new UpdateContactCommand(input)),
		output: outputFor,
	},
);
