/**
 * Email → Send (StartOutboundEmailContact): sends the email of an EMAIL contact that Contact → Create
 * recorded (Initiation Method Outbound or Agent Reply), as a raw message or from a message template.
 *
 * Exactly once: the API takes a ClientToken. Unless an Idempotency Key or a Client Token is given, the
 * token derives from the contact (one contact is one email), so whatever repeats the item (Retry On
 * Fail, a Retry of the execution, a new execution with the same contact) gets the first answer back
 * and sends nothing twice; other content for an already sent contact is refused by AWS
 * (IdempotencyException).
 */
import {
	StartOutboundEmailContactCommand,
	type StartOutboundEmailContactCommandInput,
	type StartOutboundEmailContactCommandOutput,
} from '@aws-sdk/client-connect';
import type { IDataObject } from 'n8n-workflow';

import { attributesFrom, type AttributeParameters } from '../../../shared/attributes';
import { parseContactReference, readContactTarget } from '../../../shared/contactReference';
import { checkRequest, definedMembers, type DocumentedRule } from '../../../shared/documentedRules';
import { text } from '../../../shared/keyValueInput';
import { type InputProblem, problem } from '../../../shared/problem';
import { locatorValue } from '../../../shared/runOperation';
import {
	defineOperation,
	type ItemContext,
	type SendMeta,
	withFullResponse,
} from '../../operation';
import { FIELD, sendEmailProperties } from './description';

/** "AdditionalRecipients … up to 49 CC recipients: 50 in all with the To address" (connect-operations.md, A.2). */
export const MAX_RECIPIENTS = 50;
/** RawMessage.ContentType: "text/plain | text/html" (StartOutboundEmailContact API reference, OutboundRawMessage). */
export const CONTENT_TYPES = ['text/plain', 'text/html'] as const;

const API_REFERENCE = 'StartOutboundEmailContact API reference';

/** The rules AWS's documentation states for StartOutboundEmailContact beyond its model. */
export const SEND_EMAIL_RULES: ReadonlyArray<
	DocumentedRule<StartOutboundEmailContactCommandInput>
> = [
	{
		rule: 'A raw message has a subject, a body and a content type; a template message names a knowledge base and a template',
		source: `${API_REFERENCE}, OutboundEmailContent: RawMessage for MessageSourceType RAW, TemplatedMessageConfig for TEMPLATE`,
		check: (input) => {
			const message = input.EmailMessage;
			if (message?.MessageSourceType === 'RAW' && !message.RawMessage)
				return problem(
					FIELD.subject,
					'is required for a raw message',
					`Set ${FIELD.subject} and ${FIELD.body}`,
				);
			if (message?.MessageSourceType === 'TEMPLATE' && !message.TemplatedMessageConfig)
				return problem(
					FIELD.messageTemplateId,
					'is required for a template message',
					`Set ${FIELD.knowledgeBaseId} and ${FIELD.messageTemplateId}`,
				);
			return undefined;
		},
	},
	{
		rule: 'The content type is text/plain or text/html',
		source: `${API_REFERENCE}, OutboundRawMessage.ContentType: "text/plain | text/html"`,
		check: (input) => {
			const type = input.EmailMessage?.RawMessage?.ContentType;
			return type !== undefined && !(CONTENT_TYPES as readonly string[]).includes(type)
				? problem(
						FIELD.contentType,
						`"${type}" is not an email content type`,
						`Choose ${CONTENT_TYPES.join(' or ')}`,
					)
				: undefined;
		},
	},
	{
		rule: `At most ${MAX_RECIPIENTS} recipients in all (the To address and the CC addresses)`,
		source: `${API_REFERENCE}, AdditionalRecipients.CcEmailAddresses (connect-operations.md A.2: 49 CC + 1 To)`,
		check: (input) => {
			const cc = input.AdditionalRecipients?.CcEmailAddresses?.length ?? 0;
			return 1 + cc > MAX_RECIPIENTS
				? problem(
						FIELD.cc,
						`has ${cc} addresses; with the To address an email has at most ${MAX_RECIPIENTS} recipients`,
						`Keep at most ${MAX_RECIPIENTS - 1} CC addresses`,
					)
				: undefined;
		},
	},
];

interface Recipient {
	address?: unknown;
	displayName?: unknown;
}

const addressInfo = (address: unknown, displayName: unknown) => {
	const EmailAddress = text(address);
	if (EmailAddress === undefined) return undefined;
	return definedMembers({ EmailAddress, DisplayName: text(displayName) });
};

/** One item's parameters → the request (unchecked: the model and the rules judge it). */
export function buildSendEmailRequest(
	item: ItemContext,
	problems: InputProblem[],
): Record<string, unknown> {
	const get = <T>(name: string, fallback: T) => item.parameter<T>(name, fallback);
	const { InstanceId, ContactId } = readContactTarget(item, problems, FIELD);
	const extra = get<IDataObject>('additionalFields', {});
	const ccRows = get<{ recipient?: Recipient[] }>('cc', {}).recipient ?? [];
	const cc = ccRows
		.map((row) => addressInfo(row.address, row.displayName))
		.filter((info) => info !== undefined);
	const source = get<string>('messageSource', 'RAW');
	let EmailMessage: Record<string, unknown>;
	if (source === 'TEMPLATE') {
		const CustomAttributes = attributesFrom(problems, FIELD.templateAttributes, {
			attributesMode: get('attributesMode', 'keyValue'),
			attributes: get('attributes', {}),
			attributesJson: get('attributesJson', ''),
		} as AttributeParameters);
		EmailMessage = {
			MessageSourceType: 'TEMPLATE',
			TemplatedMessageConfig: {
				KnowledgeBaseId: text(get('knowledgeBaseId', '')),
				MessageTemplateId: text(get('messageTemplateId', '')),
				TemplateAttributes: definedMembers({
					CustomAttributes,
					CustomerProfileAttributes: text(extra.customerProfileAttributes),
				}),
			},
		};
	} else {
		EmailMessage = {
			MessageSourceType: source,
			// The body is sent as given (leading spaces can matter in a plain-text email); the subject is trimmed.
			RawMessage: {
				Subject: text(get('subject', '')),
				Body: get('body', '') === '' ? undefined : get('body', ''),
				ContentType: get('contentType', 'text/plain'),
			},
		};
	}
	return definedMembers({
		InstanceId,
		ContactId,
		FromEmailAddress: addressInfo(locatorValue(get('fromEmailAddress', '')), extra.fromDisplayName),
		DestinationEmailAddress: addressInfo(get('toAddress', ''), get('toDisplayName', '')) ?? {},
		AdditionalRecipients: cc.length ? { CcEmailAddresses: cc } : undefined,
		EmailMessage,
		ClientToken:
			item.clientToken === '' || item.clientToken === null ? undefined : item.clientToken,
	});
}

/** No addresses or message in the simple output: they are personal data, and the next node rarely needs them again. */
export function outputFor(
	input: StartOutboundEmailContactCommandInput,
	response: StartOutboundEmailContactCommandOutput,
	meta: SendMeta,
): IDataObject {
	const simple: IDataObject = {
		contactId: response.ContactId ?? input.ContactId,
		sent: true,
		clientToken: input.ClientToken,
	};
	return withFullResponse(simple, input, meta, input);
}

/** The output members with email addresses and content (Full Response), for n8n's redaction of sensitive output. */
export const SEND_EMAIL_SENSITIVE_OUTPUT = [
	'request.FromEmailAddress',
	'request.DestinationEmailAddress',
	'request.AdditionalRecipients',
	'request.EmailMessage',
];

export const sendEmail = defineOperation<
	StartOutboundEmailContactCommandInput,
	StartOutboundEmailContactCommandOutput
>({
	resource: 'email',
	operation: 'send',
	name: 'Send',
	description:
		'Send the email of an outbound or agent-reply email contact with the StartOutboundEmailContact API',
	action: 'Send an email',
	api: 'StartOutboundEmailContact',
	idempotent: true,
	// One contact is one email: the contact is the natural idempotency key.
	idempotencyKey: (item) => {
		const contact = parseContactReference(item.parameter('contactId', '')).id;
		return contact === undefined ? undefined : `StartOutboundEmailContact:${String(contact)}`;
	},
	subtitle: '"Send email"',
	properties: sendEmailProperties,
	prepare(item) {
		const problems: InputProblem[] = [];
		const request = buildSendEmailRequest(item, problems);
		return checkRequest<StartOutboundEmailContactCommandInput>(
			'StartOutboundEmailContact',
			request,
			{
				InstanceId: FIELD.instance,
				ContactId: FIELD.contactId,
				FromEmailAddress: FIELD.from,
				'FromEmailAddress.DisplayName': FIELD.fromDisplayName,
				DestinationEmailAddress: FIELD.to,
				'DestinationEmailAddress.EmailAddress': FIELD.to,
				'DestinationEmailAddress.DisplayName': FIELD.toDisplayName,
				AdditionalRecipients: FIELD.cc,
				'EmailMessage.RawMessage.Subject': FIELD.subject,
				'EmailMessage.RawMessage.Body': FIELD.body,
				'EmailMessage.RawMessage.ContentType': FIELD.contentType,
				'EmailMessage.TemplatedMessageConfig.KnowledgeBaseId': FIELD.knowledgeBaseId,
				'EmailMessage.TemplatedMessageConfig.MessageTemplateId': FIELD.messageTemplateId,
				'EmailMessage.TemplatedMessageConfig.TemplateAttributes.CustomAttributes':
					FIELD.templateAttributes,
				'EmailMessage.TemplatedMessageConfig.TemplateAttributes.CustomerProfileAttributes':
					FIELD.customerProfileAttributes,
				ClientToken: FIELD.clientToken,
			},
			SEND_EMAIL_RULES,
			problems,
		);
	},
	send: (client, input) => client.send(new StartOutboundEmailContactCommand(input)),
	output: outputFor,
});
