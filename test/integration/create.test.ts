/**
 * Contact → Create end to end: the node's execute() with the real SDK against the emulator. Every
 * channel and method, every optional member at least once; the assertions are on what the emulator
 * stored and on the node's exact output items.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	ACCOUNT_ID,
	byId,
	contactArnOf,
	createContactRequests,
	DEMO,
	DEMO_CONTACT,
	DEMO_CONTACT_2,
	DEMO_USER,
	DEMO_USER_2,
	EMEA,
	executionToken,
	REGION,
	runNode,
	storedContactByToken,
	taskParameters,
	useTestEmulator,
	UUID,
} from './helpers';

const emulator = useTestEmulator();

const WORKFLOW = 'wf-create';

interface Case {
	title: string;
	parameters: INodeParameters;
	/** The CreateContact body the emulator must have stored, without ClientToken (added per case). */
	expected: Record<string, unknown>;
	/** An explicit token: the body and the output carry exactly this. */
	explicitToken?: string;
}

const CASES: Case[] = [
	{
		title: 'TASK / API with only the required members and a name',
		parameters: taskParameters(),
		expected: {
			InstanceId: DEMO,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: 'Call back customer',
		},
	},
	{
		title:
			'TASK / API created COMPLETED, with References rows of every creation type and Attributes rows',
		parameters: taskParameters({
			initiateAs: 'COMPLETED',
			name: '  Imported ticket 1234  ',
			description: 'Closed in the old system',
			attributesMode: 'keyValue',
			attributes: {
				attribute: [
					{ key: 'orderId', value: '1234' },
					{ key: 'customer-tier', value: ' gold ' },
					{ key: 'empty_value', value: '' },
				],
			},
			referencesMode: 'keyValue',
			references: {
				reference: [
					{ key: 'Ticket', type: 'URL', value: 'https://crm.example.com/tickets/1234' },
					{ key: 'Amount', type: 'NUMBER', value: '42.5' },
					{ key: 'Summary', type: 'STRING', value: 'Refund requested' },
					{ key: 'Opened', type: 'DATE', value: '1767225600' },
					{ key: 'Customer', type: 'EMAIL', value: 'customer@example.com' },
					{ key: 'Invoice', type: 'ATTACHMENT', value: 'invoice-1234.pdf' },
				],
			},
		}),
		expected: {
			InstanceId: DEMO,
			Channel: 'TASK',
			InitiationMethod: 'API',
			InitiateAs: 'COMPLETED',
			Name: 'Imported ticket 1234',
			Description: 'Closed in the old system',
			Attributes: { orderId: '1234', 'customer-tier': ' gold ', empty_value: '' },
			References: {
				Ticket: { Type: 'URL', Value: 'https://crm.example.com/tickets/1234' },
				Amount: { Type: 'NUMBER', Value: '42.5' },
				Summary: { Type: 'STRING', Value: 'Refund requested' },
				Opened: { Type: 'DATE', Value: '1767225600' },
				Customer: { Type: 'EMAIL', Value: 'customer@example.com' },
				Invoice: { Type: 'ATTACHMENT', Value: 'invoice-1234.pdf' },
			},
		},
	},
	{
		title:
			'TASK / API CONNECTED_TO_USER, Attributes and References as JSON objects (as an expression gives them)',
		parameters: taskParameters({
			initiateAs: 'CONNECTED_TO_USER',
			attributesMode: 'json',
			attributesJson: { orderId: '1234', source: 'webhook' } as unknown as string,
			referencesMode: 'json',
			referencesJson: {
				Ticket: { Type: 'URL', Value: 'https://crm.example.com/tickets/1234' },
				Due: { Type: 'DATE', Value: '1767225600', Status: 'AVAILABLE' },
			} as unknown as string,
		}),
		expected: {
			InstanceId: DEMO,
			Channel: 'TASK',
			InitiationMethod: 'API',
			InitiateAs: 'CONNECTED_TO_USER',
			Name: 'Call back customer',
			Attributes: { orderId: '1234', source: 'webhook' },
			References: {
				Ticket: { Type: 'URL', Value: 'https://crm.example.com/tickets/1234' },
				Due: { Type: 'DATE', Value: '1767225600', Status: 'AVAILABLE' },
			},
		},
	},
	{
		title: 'TASK / API with Attributes and References as JSON text, and every additional field',
		explicitToken: 'crm-ticket-1234-attempt-1',
		parameters: taskParameters({
			attributesMode: 'json',
			attributesJson: '{"orderId": "1234", "language": "de-DE"}',
			referencesMode: 'json',
			referencesJson:
				'{"Ticket": {"Type": "URL", "Value": "https://crm.example.com/tickets/1234"}}',
			additionalFields: {
				clientToken: 'crm-ticket-1234-attempt-1',
				relatedContactId: DEMO_CONTACT,
				expiryDurationInMinutes: 90,
				contactExpiryMinutes: 135,
				segmentAttributesJson:
					'{"connect:Subtype": {"ValueString": "connect:ExternalTask"}, "priority": {"ValueInteger": 3}}',
			},
		}),
		expected: {
			InstanceId: DEMO,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: 'Call back customer',
			RelatedContactId: DEMO_CONTACT,
			ExpiryDurationInMinutes: 90,
			Attributes: { orderId: '1234', language: 'de-DE' },
			References: { Ticket: { Type: 'URL', Value: 'https://crm.example.com/tickets/1234' } },
			SegmentAttributes: {
				'connect:Subtype': { ValueString: 'connect:ExternalTask' },
				priority: { ValueInteger: 3 },
				'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 135 } } },
			},
		},
	},
	{
		title:
			'TASK / API with the instance given as an ARN and the contact expiry given only in the raw JSON',
		parameters: taskParameters({
			instanceId: {
				__rl: true,
				mode: 'arn',
				value: `arn:aws:connect:${REGION}:${ACCOUNT_ID}:instance/${EMEA}`,
			},
			additionalFields: {
				segmentAttributesJson: {
					'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 2880 } } },
				} as unknown as string,
			},
		}),
		expected: {
			InstanceId: EMEA,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: 'Call back customer',
			SegmentAttributes: {
				'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 2880 } } },
			},
		},
	},
	{
		title: 'EMAIL / OUTBOUND with a user picked from the list',
		parameters: {
			instanceId: {
				__rl: true,
				mode: 'list',
				value: DEMO,
				cachedResultName: 'demo-contact-center',
			},
			channel: 'EMAIL',
			initiationMethod: 'OUTBOUND',
			userId: { __rl: true, mode: 'list', value: DEMO_USER, cachedResultName: 'Jane Doe (jdoe)' },
			name: 'Order 1234 shipped',
			description: 'Tell the customer the parcel left the warehouse',
		},
		expected: {
			InstanceId: DEMO,
			Channel: 'EMAIL',
			InitiationMethod: 'OUTBOUND',
			UserInfo: { UserId: DEMO_USER },
			Name: 'Order 1234 shipped',
			Description: 'Tell the customer the parcel left the warehouse',
		},
	},
	{
		title: 'EMAIL / AGENT_REPLY with a user by ID and the inbound email as Related Contact ID',
		parameters: {
			instanceId: byId(DEMO),
			channel: 'EMAIL',
			initiationMethod: 'AGENT_REPLY',
			userId: byId(DEMO_USER_2),
			attributes: { attribute: [{ key: 'thread', value: 'T-77' }] },
			additionalFields: { relatedContactId: DEMO_CONTACT_2 },
		},
		expected: {
			InstanceId: DEMO,
			Channel: 'EMAIL',
			InitiationMethod: 'AGENT_REPLY',
			UserInfo: { UserId: DEMO_USER_2 },
			RelatedContactId: DEMO_CONTACT_2,
			Attributes: { thread: 'T-77' },
		},
	},
	{
		title: 'EMAIL / FLOW with the optional user',
		parameters: {
			instanceId: byId(DEMO),
			channel: 'EMAIL',
			initiationMethod: 'FLOW',
			userId: byId(DEMO_USER),
			name: 'Newsletter reply',
		},
		expected: {
			InstanceId: DEMO,
			Channel: 'EMAIL',
			InitiationMethod: 'FLOW',
			UserInfo: { UserId: DEMO_USER },
			Name: 'Newsletter reply',
		},
	},
	{
		title: 'EMAIL / FLOW without a user (the empty locator is not sent)',
		parameters: { instanceId: byId(DEMO), channel: 'EMAIL', initiationMethod: 'FLOW' },
		expected: { InstanceId: DEMO, Channel: 'EMAIL', InitiationMethod: 'FLOW' },
	},
	{
		title: 'VOICE / TRANSFER with Previous Contact ID and an expiry',
		parameters: {
			instanceId: byId(DEMO),
			channel: 'VOICE',
			initiationMethod: 'TRANSFER',
			previousContactId: DEMO_CONTACT,
			name: 'External call 5551234',
			additionalFields: { expiryDurationInMinutes: 30 },
		},
		expected: {
			InstanceId: DEMO,
			Channel: 'VOICE',
			InitiationMethod: 'TRANSFER',
			PreviousContactId: DEMO_CONTACT,
			Name: 'External call 5551234',
			ExpiryDurationInMinutes: 30,
		},
	},
	{
		title:
			'TASK / API after switching from EMAIL and VOICE: the fields the form now hides are not sent',
		parameters: taskParameters({
			userId: byId(DEMO_USER),
			previousContactId: DEMO_CONTACT,
			initiationMethod: 'API',
		}),
		expected: {
			InstanceId: DEMO,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: 'Call back customer',
		},
	},
	{
		title: 'EMAIL / FLOW after switching from TASK: the hidden references are not sent',
		parameters: {
			instanceId: byId(DEMO),
			channel: 'EMAIL',
			initiationMethod: 'FLOW',
			referencesMode: 'json',
			referencesJson:
				'{"Ticket": {"Type": "URL", "Value": "https://crm.example.com/tickets/1234"}}',
			references: {
				reference: [{ key: 'Ticket', type: 'URL', value: 'https://crm.example.com/tickets/1234' }],
			},
		},
		expected: { InstanceId: DEMO, Channel: 'EMAIL', InitiationMethod: 'FLOW' },
	},
	{
		title: 'VOICE / TRANSFER chosen by channel only: the method takes its default',
		parameters: { instanceId: byId(DEMO), channel: 'VOICE' },
		expected: { InstanceId: DEMO, Channel: 'VOICE', InitiationMethod: 'TRANSFER' },
	},
];

describe('one contact per item, stored exactly as mapped', () => {
	test.each(CASES.map((c, i) => [c.title, c, i] as const))('%s', async (_title, c, n) => {
		const executionId = `exec-case-${n}`;
		const { items, hints } = await runNode(emulator, {
			parameters: c.parameters,
			workflowId: WORKFLOW,
			executionId,
		});

		const token =
			c.explicitToken ??
			executionToken(
				WORKFLOW,
				executionId,
				'Amazon Connect',
				0,
				0,
				c.expected.InstanceId as string,
			);
		if (c.explicitToken === undefined) expect(token).toMatch(/^n8ne-[0-9a-f]{64}$/);
		expect(emulator.state.contacts).toHaveLength(1);
		const stored = storedContactByToken(emulator, token);
		expect(stored.request).toStrictEqual({ ...c.expected, ClientToken: token });
		expect(stored.contactId).toMatch(UUID);
		expect(stored.contactArn).toBe(contactArnOf(c.expected.InstanceId as string, stored.contactId));

		expect(items).toStrictEqual([
			{
				json: {
					contactId: stored.contactId,
					contactArn: `arn:aws:connect:us-east-1:123456789012:instance/${String(c.expected.InstanceId)}/contact/${stored.contactId}`,
					channel: c.expected.Channel,
					initiationMethod: c.expected.InitiationMethod,
					clientToken: token,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(hints).toStrictEqual([]);
		const requests = createContactRequests(emulator);
		expect(requests.map((r) => [r.outcome, r.status, r.accessKeyId])).toStrictEqual([
			['ok', 200, 'AKIAEMULATOREXAMPLE1'],
		]);
		expect(requests[0].body).toStrictEqual(stored.request);
	});
});

describe('many items in one execution', () => {
	test('every channel in one run: one contact per item, outputs in input order and paired', async () => {
		const executionId = 'exec-mixed';
		const { items } = await runNode(emulator, {
			items: CASES.length,
			parameters: (i) => CASES[i].parameters,
			workflowId: WORKFLOW,
			executionId,
		});

		expect(emulator.state.contacts).toHaveLength(CASES.length);
		const expectedItems = CASES.map((c, i) => {
			const token =
				c.explicitToken ??
				executionToken(
					WORKFLOW,
					executionId,
					'Amazon Connect',
					i,
					0,
					c.expected.InstanceId as string,
				);
			const stored = storedContactByToken(emulator, token);
			expect(stored.request).toStrictEqual({ ...c.expected, ClientToken: token });
			return {
				json: {
					contactId: stored.contactId,
					contactArn: contactArnOf(c.expected.InstanceId as string, stored.contactId),
					channel: c.expected.Channel,
					initiationMethod: c.expected.InitiationMethod,
					clientToken: token,
				},
				pairedItem: { item: i },
			};
		});
		expect(items).toStrictEqual(expectedItems);
		// Every item got its own contact.
		expect(new Set(items.map((item) => item.json.contactId)).size).toBe(CASES.length);
	});

	test('per-item values (as expressions give them) go to their own item', async () => {
		const { items } = await runNode(emulator, {
			items: 3,
			parameters: (i) =>
				taskParameters({
					name: `Ticket ${i}`,
					attributes: { attribute: [{ key: 'row', value: String(i) }] },
					options: { concurrency: 2 },
				}),
			workflowId: WORKFLOW,
			executionId: 'exec-per-item',
		});
		expect(items.map((item) => item.pairedItem)).toStrictEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		for (const [i, item] of items.entries()) {
			const stored = storedContactByToken(
				emulator,
				executionToken(WORKFLOW, 'exec-per-item', 'Amazon Connect', i),
			);
			expect(item.json.contactId).toBe(stored.contactId);
			expect(stored.request).toStrictEqual({
				InstanceId: DEMO,
				Channel: 'TASK',
				InitiationMethod: 'API',
				Name: `Ticket ${i}`,
				Attributes: { row: String(i) },
				ClientToken: executionToken(WORKFLOW, 'exec-per-item', 'Amazon Connect', i),
			});
		}
	});
});

describe('Full Response', () => {
	test('adds the instance, the request ID the emulator answered, the attempts and the request sent', async () => {
		const { items } = await runNode(emulator, {
			parameters: taskParameters({
				description: 'With the full response',
				options: { fullResponse: true },
			}),
			workflowId: WORKFLOW,
			executionId: 'exec-full',
		});
		const token = executionToken(WORKFLOW, 'exec-full', 'Amazon Connect', 0);
		const stored = storedContactByToken(emulator, token);
		const [request] = createContactRequests(emulator);
		const body = {
			InstanceId: DEMO,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: 'Call back customer',
			Description: 'With the full response',
			ClientToken: token,
		};
		expect(stored.request).toStrictEqual(body);
		expect(request.requestId).toMatch(UUID);
		expect(items).toStrictEqual([
			{
				json: {
					contactId: stored.contactId,
					contactArn: contactArnOf(DEMO, stored.contactId),
					channel: 'TASK',
					initiationMethod: 'API',
					clientToken: token,
					instanceId: DEMO,
					requestId: request.requestId,
					attempts: 1,
					request: body,
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
