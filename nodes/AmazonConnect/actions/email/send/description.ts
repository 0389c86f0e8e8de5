/** The form of Email → Send. */
import type { INodeProperties } from 'n8n-workflow';

import { attributeFields } from '../../../shared/attributes';
import { contactIdField } from '../../../shared/contactReference';
import { clientTokenField } from '../../../shared/runnerOptions';

export const FIELD = {
	instance: 'Instance',
	contactId: 'Contact ID',
	from: 'From',
	fromDisplayName: 'From Display Name',
	to: 'To',
	toDisplayName: 'To Display Name',
	cc: 'CC',
	messageSource: 'Message',
	subject: 'Subject',
	body: 'Body',
	contentType: 'Content Type',
	knowledgeBaseId: 'Knowledge Base ID',
	messageTemplateId: 'Message Template ID',
	templateAttributes: 'Template Attributes',
	customerProfileAttributes: 'Customer Profile Attributes (JSON)',
	clientToken: 'Client Token',
} as const;

const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';
const whenSource = (source: string) => ({ show: { messageSource: [source] } });

export const sendEmailProperties: INodeProperties[] = [
	{
		displayName:
			'Sends an EMAIL contact that Contact → Create recorded with Initiation Method Outbound or Agent Reply (other contacts are refused by AWS). One contact is sent once: repeats get the first answer back.',
		name: 'sendEmailNotice',
		type: 'notice',
		default: '',
	},
	contactIdField(
		'The email contact to send (its ID or ARN); by default the contactId of the incoming item, e.g. from Contact → Create',
	),
	{
		displayName: FIELD.from,
		name: 'fromEmailAddress',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description:
			"One of the instance's email addresses; leave empty for the default of the contact's flow",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchEmailAddresses', searchable: true },
			},
			{
				displayName: 'By Address',
				name: 'address',
				type: 'string',
				placeholder: 'e.g. support@example.email.connect.aws',
				validation: [
					{
						type: 'regex',
						properties: { regex: EMAIL_PATTERN, errorMessage: 'Not an email address' },
					},
				],
			},
		],
	},
	{
		displayName: FIELD.to,
		name: 'toAddress',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		default: '',
		required: true,
		description: "The customer's email address",
	},
	{
		displayName: FIELD.toDisplayName,
		name: 'toDisplayName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Jane Doe',
		description: 'The name shown with the To address (at most 256 characters)',
	},
	{
		displayName: FIELD.cc,
		name: 'cc',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add CC Recipient',
		default: {},
		description: 'Copies to other addresses: at most 49, 50 recipients in all with the To address',
		options: [
			{
				displayName: 'Recipient',
				name: 'recipient',
				values: [
					{
						displayName: 'Address',
						name: 'address',
						type: 'string',
						placeholder: 'e.g. name@email.com',
						default: '',
					},
					{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: FIELD.messageSource,
		name: 'messageSource',
		type: 'options',
		options: [
			{ name: 'Raw', value: 'RAW', description: 'A subject and a body given here' },
			{
				name: 'Template',
				value: 'TEMPLATE',
				description: 'A message template of an Amazon Q in Connect knowledge base',
			},
		],
		default: 'RAW',
	},
	{
		displayName: FIELD.subject,
		name: 'subject',
		type: 'string',
		default: '',
		required: true,
		description: 'The subject (1 to 998 characters)',
		displayOptions: whenSource('RAW'),
	},
	{
		displayName: FIELD.body,
		name: 'body',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		description: 'The body, plain text or HTML as Content Type says (at most 5 MB)',
		displayOptions: whenSource('RAW'),
	},
	{
		displayName: FIELD.contentType,
		name: 'contentType',
		type: 'options',
		options: [
			{ name: 'Plain Text', value: 'text/plain' },
			{ name: 'HTML', value: 'text/html' },
		],
		default: 'text/plain',
		displayOptions: whenSource('RAW'),
	},
	{
		displayName: FIELD.knowledgeBaseId,
		name: 'knowledgeBaseId',
		type: 'string',
		default: '',
		required: true,
		description: 'The Amazon Q in Connect knowledge base that holds the template',
		displayOptions: whenSource('TEMPLATE'),
	},
	{
		displayName: FIELD.messageTemplateId,
		name: 'messageTemplateId',
		type: 'string',
		default: '',
		required: true,
		description: 'The message template (its ID or ARN)',
		displayOptions: whenSource('TEMPLATE'),
	},
	...attributeFields(
		FIELD.templateAttributes,
		whenSource('TEMPLATE'),
		"Values for the template's custom attributes (text values)",
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			clientTokenField('the node derives one from the contact, so a contact is sent once.'),
			{
				displayName: FIELD.customerProfileAttributes,
				name: 'customerProfileAttributes',
				type: 'string',
				default: '',
				description: 'Customer Profiles attributes for a template, as serialized JSON text',
			},
			{
				displayName: FIELD.fromDisplayName,
				name: 'fromDisplayName',
				type: 'string',
				default: '',
				description: 'The name shown with the From address',
			},
		],
	},
];
