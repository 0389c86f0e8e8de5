/**
 * Email → Send inside the process: the exact StartOutboundEmailContact requests, the token derived
 * from the contact, the documented rules, and outputs without personal data unless Full Response.
 */
import {
	ConnectClient,
	IdempotencyException,
	StartOutboundEmailContactCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import type { INodeParameters } from 'n8n-workflow';

import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { fakeExecuteFunctions, fakeToken } from './helpers/fakeExecuteFunctions';

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const CONTACT = '4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d';
const CONTACT_ARN = `arn:aws:connect:us-east-1:123456789012:instance/${ID}/contact/${CONTACT}`;

const connect = mockClient(ConnectClient);
beforeEach(() => {
	connect.reset();
	connect
		.on(StartOutboundEmailContactCommand)
		.callsFake((input: { ContactId: string }) => ({ ContactId: input.ContactId }));
});

function run(
	parameters: INodeParameters | ((i: number) => INodeParameters),
	options: { items?: number; continueOnFail?: boolean; executionId?: string } = {},
) {
	const node = new AmazonConnect();
	return node.execute.call(
		fakeExecuteFunctions({ parameters, nodeType: node.description, ...options }),
	);
}

const send = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'email',
	operation: 'send',
	instanceId: { __rl: true, mode: 'id', value: ID },
	contactId: CONTACT,
	toAddress: 'customer@example.com',
	subject: 'Your order',
	body: 'Hello Jane,\n\nyour order has shipped.',
	...extra,
});

const contactToken = (contactId = CONTACT) =>
	fakeToken({
		api: 'StartOutboundEmailContact',
		idempotencyKey: `StartOutboundEmailContact:${contactId}`,
		keyScope: 'operation',
		instanceId: ID,
		itemIndex: 0,
	});

const sent = () =>
	connect.commandCalls(StartOutboundEmailContactCommand).map((c) => c.args[0].input);

test('the form: Email → Send, idempotent, Contact ID from the incoming item, From picker over email addresses', () => {
	const desc = new AmazonConnect().description;
	const resource = desc.properties.find((p) => p.name === 'resource');
	expect(resource?.options).toContainEqual({ name: 'Email', value: 'email' });
	const ops = desc.properties.find(
		(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'email',
	);
	expect(ops?.options).toEqual([
		expect.objectContaining({ name: 'Send', value: 'send', action: 'Send an email' }),
	]);
	const scoped = (name: string) =>
		desc.properties.find(
			(p) => p.name === name && p.displayOptions?.show?.resource?.[0] === 'email',
		);
	expect(scoped('contactId')?.default).toBe('={{ $json.contactId }}');
	expect(scoped('fromEmailAddress')?.modes?.[0].typeOptions?.searchListMethod).toBe(
		'searchEmailAddresses',
	);
	expect((scoped('options')?.options ?? []).map((o) => o.name)).toContain('idempotencyKey');
	expect(desc.sensitiveOutputFields).toEqual(
		expect.arrayContaining(['request.DestinationEmailAddress', 'request.EmailMessage']),
	);
});

test('a raw message with To, CC and From: the exact request; the token derives from the contact; no addresses in the output', async () => {
	const [[item]] = await run(
		send({
			toDisplayName: 'Jane Doe',
			fromEmailAddress: { __rl: true, mode: 'list', value: 'support@demo.email.connect.aws' },
			cc: {
				recipient: [
					{ address: 'boss@example.com', displayName: 'Boss' },
					{ address: ' team@example.com ' },
				],
			},
			contentType: 'text/html',
			additionalFields: { fromDisplayName: 'Support' },
		}),
	);
	expect(sent()).toEqual([
		{
			InstanceId: ID,
			ContactId: CONTACT,
			FromEmailAddress: { EmailAddress: 'support@demo.email.connect.aws', DisplayName: 'Support' },
			DestinationEmailAddress: { EmailAddress: 'customer@example.com', DisplayName: 'Jane Doe' },
			AdditionalRecipients: {
				CcEmailAddresses: [
					{ EmailAddress: 'boss@example.com', DisplayName: 'Boss' },
					{ EmailAddress: 'team@example.com' },
				],
			},
			EmailMessage: {
				MessageSourceType: 'RAW',
				RawMessage: {
					Subject: 'Your order',
					Body: 'Hello Jane,\n\nyour order has shipped.',
					ContentType: 'text/html',
				},
			},
			ClientToken: contactToken(),
		},
	]);
	expect(item.json).toEqual({ contactId: CONTACT, sent: true, clientToken: contactToken() });
});

test('the same contact gives the same token in any execution, by ID or by ARN; an Idempotency Key or a Client Token wins', async () => {
	await run(send(), { executionId: 'exec-1' });
	await run(send({ contactId: CONTACT_ARN }), { executionId: 'exec-2' });
	await run(send({ options: { idempotencyKey: 'ticket-9' } }));
	await run(send({ additionalFields: { clientToken: 'mine' } }));
	const tokens = sent().map((input) => input.ClientToken);
	expect(tokens[0]).toBe(contactToken());
	expect(tokens[1]).toBe(contactToken());
	expect(tokens[2]).toBe(
		fakeToken({
			api: 'StartOutboundEmailContact',
			idempotencyKey: 'ticket-9',
			instanceId: ID,
			itemIndex: 0,
		}),
	);
	expect(tokens[3]).toBe('mine');
});

test('a template message: knowledge base, template and its attributes', async () => {
	await run(
		send({
			messageSource: 'TEMPLATE',
			knowledgeBaseId: 'kb-1',
			messageTemplateId: 'tpl-1',
			attributesMode: 'json',
			attributesJson: { firstName: 'Jane', orderId: 1234 },
			additionalFields: { customerProfileAttributes: '{"FirstName":"Jane"}' },
		}),
	);
	expect(sent()[0].EmailMessage).toEqual({
		MessageSourceType: 'TEMPLATE',
		TemplatedMessageConfig: {
			KnowledgeBaseId: 'kb-1',
			MessageTemplateId: 'tpl-1',
			TemplateAttributes: {
				CustomAttributes: { firstName: 'Jane', orderId: '1234' },
				CustomerProfileAttributes: '{"FirstName":"Jane"}',
			},
		},
	});
});

test('per item: the model (address pattern, required subject) and the documented rules (content type, 50 recipients); nothing bad is sent', async () => {
	const cc = Array.from({ length: 50 }, (_, i) => ({ address: `cc${i}@example.com` }));
	const cases: INodeParameters[] = [
		send(),
		send({ toAddress: 'not-an-address' }),
		send({ subject: '' }),
		send({ contentType: 'text/markdown' }),
		send({ cc: { recipient: cc } }),
	];
	const [out] = await run((i) => cases[i], { items: cases.length, continueOnFail: true });
	expect(out.map((o) => o.json.error ?? 'sent')).toEqual([
		'sent',
		"Item 1: To: does not have the form AWS's model requires (^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$)",
		'Item 2: Subject: is required',
		'Item 3: Content Type: "text/markdown" is not an email content type',
		'Item 4: CC: has 50 addresses; with the To address an email has at most 50 recipients',
	]);
	// The address itself is not repeated in the error (errors are stored with the execution).
	expect(JSON.stringify(out[1].json)).not.toContain('not-an-address');
	expect(sent()).toHaveLength(1);
});

test('Full Response adds the request (its addresses and message are listed as sensitive output); AWS refusing other content names the fix', async () => {
	const [[item]] = await run(send({ options: { fullResponse: true } }));
	expect(item.json.request).toMatchObject({
		DestinationEmailAddress: { EmailAddress: 'customer@example.com' },
	});
	connect.reset();
	connect
		.on(StartOutboundEmailContactCommand)
		.rejects(
			new IdempotencyException({ message: 'token reused', $metadata: { httpStatusCode: 409 } }),
		);
	const error = await run(send()).catch((e: Error & { description?: string }) => e);
	expect((error as Error).message).toBe('Item 0: IdempotencyException: token reused (HTTP 409)');
	expect((error as { description?: string }).description).toMatch(
		/^This contact's email was already sent with other content/,
	);
});
