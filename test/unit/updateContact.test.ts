/**
 * Contact → Update inside the process: the exact UpdateContact requests, external-audio members only
 * when asked for, and the documented rules before anything is sent.
 */
import { ConnectClient, UpdateContactCommand } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import type { INodeParameters } from 'n8n-workflow';

import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { fakeExecuteFunctions } from './helpers/fakeExecuteFunctions';

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const CONTACT = '4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d';

const connect = mockClient(ConnectClient);
beforeEach(() => {
	connect.reset();
	connect.on(UpdateContactCommand).resolves({});
});

function run(
	parameters: INodeParameters | ((i: number) => INodeParameters),
	options: { items?: number; continueOnFail?: boolean } = {},
) {
	const node = new AmazonConnect();
	return node.execute.call(
		fakeExecuteFunctions({ parameters, nodeType: node.description, ...options }),
	);
}

const update = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'contact',
	operation: 'update',
	instanceId: { __rl: true, mode: 'id', value: ID },
	contactId: CONTACT,
	...extra,
});
const sent = () => connect.commandCalls(UpdateContactCommand).map((c) => c.args[0].input);

test('name, description, references and segment attributes: the exact request; the output lists what was updated', async () => {
	const [[item]] = await run(
		update({
			name: 'Ticket 42 (escalated)',
			description: 'Customer called twice',
			references: {
				reference: [{ key: 'Ticket', type: 'URL', value: 'https://crm.example.com/42' }],
			},
			segmentAttributesJson: '{"priority": {"ValueString": "high"}}',
			// Hidden unless External Audio Contact is on: never sent for other contacts.
			queueId: { __rl: true, mode: 'id', value: 'q-1' },
		}),
	);
	expect(sent()).toEqual([
		{
			InstanceId: ID,
			ContactId: CONTACT,
			Name: 'Ticket 42 (escalated)',
			Description: 'Customer called twice',
			References: { Ticket: { Type: 'URL', Value: 'https://crm.example.com/42' } },
			SegmentAttributes: { priority: { ValueString: 'high' } },
		},
	]);
	expect(item.json).toEqual({
		contactId: CONTACT,
		updated: ['name', 'description', 'references', 'segmentAttributes'],
	});
});

test('an external audio contact: queue, user and endpoints', async () => {
	await run(
		update({
			externalAudio: true,
			queueId: { __rl: true, mode: 'id', value: 'q-1' },
			userId: { __rl: true, mode: 'list', value: 'u-1' },
			customerEndpoint: { type: 'TELEPHONE_NUMBER', address: '+12065550100' },
		}),
	);
	expect(sent()).toEqual([
		{
			InstanceId: ID,
			ContactId: CONTACT,
			QueueInfo: { Id: 'q-1' },
			UserInfo: { UserId: 'u-1' },
			CustomerEndpoint: { Type: 'TELEPHONE_NUMBER', Address: '+12065550100' },
		},
	]);
});

test('documented rules per item: something to update, reference types and value shapes', async () => {
	const cases = [
		update(),
		update({ references: { reference: [{ key: 'Doc', type: 'ATTACHMENT', value: 'x' }] } }),
		// No document gives a DATE value's format: it is sent, and AWS's answer explained.
		update({ references: { reference: [{ key: 'When', type: 'DATE', value: 'tomorrow' }] } }),
		update({ name: 'ok' }),
	];
	const [out] = await run((i) => cases[i], { items: cases.length, continueOnFail: true });
	expect(out.map((o) => o.json.error ?? 'sent')).toEqual([
		'Item 0: Contact: has nothing to update',
		'Item 1: References › Doc: type "ATTACHMENT" cannot be used when updating a contact',
		'sent',
		'sent',
	]);
	expect(sent()).toEqual([
		{
			InstanceId: ID,
			ContactId: CONTACT,
			References: { When: { Type: 'DATE', Value: 'tomorrow' } },
		},
		{ InstanceId: ID, ContactId: CONTACT, Name: 'ok' },
	]);
});

test("references over CreateContact's 4,096-byte total are sent: AWS states that budget for CreateContact, not for UpdateContact", async () => {
	// Two references of 2,500 bytes each (keys and values 5,000+ bytes in all), each value within the model's 0-4096.
	const reference = [
		{ key: 'Notes1', type: 'STRING', value: 'a'.repeat(2500) },
		{ key: 'Notes2', type: 'STRING', value: 'b'.repeat(2500) },
	];
	const [[item]] = await run(update({ references: { reference } }));
	expect(item.json).toEqual({ contactId: CONTACT, updated: ['references'] });
	expect(sent()).toEqual([
		{
			InstanceId: ID,
			ContactId: CONTACT,
			References: {
				Notes1: { Type: 'STRING', Value: 'a'.repeat(2500) },
				Notes2: { Type: 'STRING', Value: 'b'.repeat(2500) },
			},
		},
	]);
});
