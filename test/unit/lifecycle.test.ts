/**
 * Contact → Get, Update Attributes and Stop inside the process: the node's execute() with a fake n8n
 * context and the AWS client mocked. Asserts the exact requests, the output items and the errors.
 */
import {
	ConnectClient,
	ContactNotFoundException,
	DescribeContactCommand,
	GetContactAttributesCommand,
	InvalidActiveRegionException,
	ResourceNotFoundException,
	StopContactCommand,
	UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import type { INodeParameters } from 'n8n-workflow';

import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { OPERATIONS } from '../../nodes/AmazonConnect/actions/router';
import { fakeExecuteFunctions } from './helpers/fakeExecuteFunctions';

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const OTHER = '11111111-2222-4333-8444-555555555555';
const CONTACT = '4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d';
const CONTACT_ARN = `arn:aws:connect:us-east-1:123456789012:instance/${ID}/contact/${CONTACT}`;

const connect = mockClient(ConnectClient);
beforeEach(() => connect.reset());

function run(
	parameters: INodeParameters | ((i: number) => INodeParameters),
	options: { items?: number; continueOnFail?: boolean } = {},
) {
	const node = new AmazonConnect();
	const fake = fakeExecuteFunctions({ parameters, nodeType: node.description, ...options });
	return node.execute.call(fake);
}

async function runError(parameters: INodeParameters, options: { items?: number } = {}) {
	try {
		await run(parameters, options);
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected an error');
}

const base = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'contact',
	operation,
	instanceId: { __rl: true, mode: 'id', value: ID },
	contactId: CONTACT,
	...extra,
});

describe('the form', () => {
	test('Contact offers Create, Get, Update Attributes and Stop with their public values and actions', () => {
		const contact = OPERATIONS.filter((op) => op.resource === 'contact').map((op) => [
			op.operation,
			op.name,
			op.action,
			op.api,
			op.idempotent,
		]);
		expect(contact).toEqual(
			expect.arrayContaining([
				['get', 'Get', 'Get a contact', 'DescribeContact', false],
				[
					'updateAttributes',
					'Update Attributes',
					'Update contact attributes',
					'UpdateContactAttributes',
					false,
				],
				['stop', 'Stop', 'Stop a contact', 'StopContact', false],
			]),
		);
	});

	test("Contact ID defaults to the incoming item's contactId; non-idempotent operations have no Idempotency Key", () => {
		const props = new AmazonConnect().description.properties;
		for (const operation of ['get', 'updateAttributes', 'stop']) {
			const contactId = props.find(
				(p) => p.name === 'contactId' && p.displayOptions?.show?.operation?.includes(operation),
			);
			expect(contactId?.default).toBe('={{ $json.contactId }}');
			const options = props.find(
				(p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes(operation),
			);
			expect((options?.options ?? []).map((o) => o.name)).not.toContain('idempotencyKey');
		}
	});
});

describe('Contact → Get', () => {
	test('DescribeContact then GetContactAttributes of the initial contact; timestamps as ISO strings, members in lower camel case', async () => {
		connect.on(DescribeContactCommand).resolves({
			Contact: {
				Id: CONTACT,
				Arn: CONTACT_ARN,
				InitialContactId: 'initial-1',
				Channel: 'TASK',
				InitiationMethod: 'API',
				Name: 'Ticket 42',
				InitiationTimestamp: new Date('2026-01-02T03:04:05Z'),
				QueueInfo: { Id: 'q-1', EnqueueTimestamp: new Date('2026-01-02T03:04:06Z') },
				SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:ExternalTask' } },
			},
		});
		connect.on(GetContactAttributesCommand).resolves({ Attributes: { ticket: '42' } });
		const [[item]] = await run(base('get', { contactId: CONTACT_ARN }));
		expect(connect.commandCalls(DescribeContactCommand)[0].args[0].input).toEqual({
			InstanceId: ID,
			ContactId: CONTACT,
		});
		expect(connect.commandCalls(GetContactAttributesCommand)[0].args[0].input).toEqual({
			InstanceId: ID,
			InitialContactId: 'initial-1',
		});
		expect(item).toEqual({
			json: {
				contactId: CONTACT,
				contactArn: CONTACT_ARN,
				initialContactId: 'initial-1',
				channel: 'TASK',
				initiationMethod: 'API',
				name: 'Ticket 42',
				initiationTimestamp: '2026-01-02T03:04:05.000Z',
				queueInfo: { Id: 'q-1', EnqueueTimestamp: '2026-01-02T03:04:06.000Z' },
				segmentAttributes: { 'connect:Subtype': { ValueString: 'connect:ExternalTask' } },
				attributes: { ticket: '42' },
			},
			pairedItem: { item: 0 },
		});
	});

	test('Include Attributes off: one call, no attributes member', async () => {
		connect.on(DescribeContactCommand).resolves({ Contact: { Id: CONTACT, Channel: 'EMAIL' } });
		const [[item]] = await run(base('get', { includeAttributes: false }));
		expect(connect.commandCalls(GetContactAttributesCommand)).toHaveLength(0);
		expect(item.json).toEqual({ contactId: CONTACT, channel: 'EMAIL' });
	});

	test('a contact ARN of another instance is refused before anything is sent', async () => {
		const error = await runError(
			base('get', { instanceId: { __rl: true, mode: 'id', value: OTHER }, contactId: CONTACT_ARN }),
		);
		expect(error.message).toBe(
			`Item 0: Contact ID: the contact ARN is of the instance ${ID}, not of the Instance ${OTHER}`,
		);
		expect(connect.calls()).toHaveLength(0);
	});

	test('ResourceNotFound is reported with the item, the API and what to check', async () => {
		connect.on(DescribeContactCommand).rejects(
			new ResourceNotFoundException({
				message: 'Contact not found',
				$metadata: { httpStatusCode: 404 },
			}),
		);
		const error = await runError(base('get'));
		expect(error.message).toBe('Item 0: ResourceNotFoundException: Contact not found (HTTP 404)');
		expect(error.description).toContain(
			'the contact (and the queue, user, flow or email address the request names) must also exist in that instance',
		);
	});
});

describe('Contact → Update Attributes', () => {
	test('rows become the Attributes map; the output says what was set', async () => {
		connect.on(UpdateContactAttributesCommand).resolves({});
		const [[item]] = await run(
			base('updateAttributes', {
				attributes: {
					attribute: [
						{ key: 'status', value: 'closed' },
						{ key: 'closedBy', value: 'crm' },
					],
				},
			}),
		);
		expect(connect.commandCalls(UpdateContactAttributesCommand)[0].args[0].input).toEqual({
			InstanceId: ID,
			InitialContactId: CONTACT,
			Attributes: { status: 'closed', closedBy: 'crm' },
		});
		expect(item.json).toEqual({
			contactId: CONTACT,
			attributes: { status: 'closed', closedBy: 'crm' },
			updated: true,
		});
	});

	test('a JSON object given by expression; the same key and budget rules as Create, per item under Continue On Fail', async () => {
		connect.on(UpdateContactAttributesCommand).resolves({});
		const params = (i: number) =>
			base('updateAttributes', {
				attributesMode: 'json',
				attributesJson: [
					{ ok: 'yes', n: 5 },
					{ 'bad key': 'x' },
					{ o: { nested: 1 } },
					{ big: 'é'.repeat(16384) },
				][i],
			});
		const [out] = await run(params, { items: 4, continueOnFail: true });
		expect(out.map((o) => o.json.error ?? 'sent')).toEqual([
			'sent',
			'Item 1: Attributes › bad key: the key "bad key" has characters that are not allowed',
			'Item 2: Attributes › o: the value is an object, not text',
			'Item 3: Attributes: take 32771 bytes (UTF-8, keys and values); the limit is 32768',
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		// A number is sent as its text (the model check's safe conversion).
		expect(
			connect.commandCalls(UpdateContactAttributesCommand).map((c) => c.args[0].input.Attributes),
		).toEqual([{ ok: 'yes', n: '5' }]);
	});

	test('InvalidActiveRegion is explained', async () => {
		connect.on(UpdateContactAttributesCommand).rejects(
			new InvalidActiveRegionException({
				message: 'not active',
				$metadata: { httpStatusCode: 400 },
			}),
		);
		const error = await runError(
			base('updateAttributes', { attributes: { attribute: [{ key: 'a', value: 'b' }] } }),
		);
		expect(error.message).toBe('Item 0: InvalidActiveRegionException: not active (HTTP 400)');
		expect(error.description).toContain('Global Resiliency');
	});
});

describe('Contact → Stop', () => {
	test('stops; an already stopped contact (ContactNotFound, 410) is output as stopped, not as a failure', async () => {
		connect
			.on(StopContactCommand, { ContactId: CONTACT })
			.resolves({})
			.on(StopContactCommand, { ContactId: 'gone' })
			.rejects(
				new ContactNotFoundException({
					message: 'The contact with the specified ID is not active or does not exist.',
					$metadata: { httpStatusCode: 410 },
				}),
			);
		const [out] = await run((i) => base('stop', { contactId: [CONTACT, 'gone'][i] }), { items: 2 });
		expect(connect.commandCalls(StopContactCommand).map((c) => c.args[0].input)).toEqual([
			{ InstanceId: ID, ContactId: CONTACT },
			{ InstanceId: ID, ContactId: 'gone' },
		]);
		expect(out.map((o) => o.json)).toEqual([
			{ contactId: CONTACT, stopped: true, alreadyStopped: false },
			{
				contactId: 'gone',
				stopped: true,
				alreadyStopped: true,
				note: 'Amazon Connect: The contact with the specified ID is not active or does not exist.',
			},
		]);
	});

	test('other errors stay errors', async () => {
		connect.on(StopContactCommand).rejects(
			new ResourceNotFoundException({
				message: 'Instance not found',
				$metadata: { httpStatusCode: 404 },
			}),
		);
		const error = await runError(base('stop'));
		expect(error.message).toBe('Item 0: ResourceNotFoundException: Instance not found (HTTP 404)');
	});
});
