/**
 * One workflow per channel and initiation method (test/e2e/workflows/e2e{TaskApi,TaskCompleted,
 * EmailOutbound,EmailReply,EmailFlow,VoiceTransfer}.json), run by `n8n execute` in a real n8n with the
 * packed package. A Code node delivers webhook-like payloads; every optional CreateContact member is
 * set from an expression on them. Checked: the exact body the emulator received and stored for each
 * item (the mapping is written out below, independently of the node's code), and n8n's output items
 * with their pairedItem.
 */
import { nodeItems, nodeOutput } from '../../scripts/n8n/lib';
import type { EmulatorContact } from '../../scripts/n8n/emulator';
import {
	CONNECT,
	contactArn,
	createContactRequests,
	executeOk,
	keyedToken,
	newUserFolder,
	pairedIndexes,
	resetEmulator,
} from './support/e2e';

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const expiry = (minutes: number) => ({ ValueMap: { ExpiryDuration: { ValueInteger: minutes } } });
const arnInstance = (arn: string) => arn.split('/').pop()!;

interface Case {
	id: string;
	channel: string;
	method: string;
	/** The Code node that produced the payloads. */
	source: string;
	/** The exact CreateContact body this payload must produce. */
	body(p: Payload): Record<string, unknown>;
	fullResponse?: boolean;
}

const CASES: Case[] = [
	{
		id: 'e2eTaskApi',
		channel: 'TASK',
		method: 'API',
		source: 'Webhook payloads',
		fullResponse: true,
		body: ({ headers, body: b }) => ({
			InstanceId: b.instanceId,
			ClientToken: headers['x-delivery-id'],
			RelatedContactId: b.relatedContactId,
			Attributes: { customerId: b.customer.id, tier: b.customer.tier, amount: String(b.amount) },
			References: {
				Ticket: { Type: 'URL', Value: b.ticketUrl },
				Amount: { Type: 'NUMBER', Value: String(b.amount) },
				Due: { Type: 'DATE', Value: String(b.dueAt) },
				'Customer email': { Type: 'EMAIL', Value: b.customer.email },
				Note: { Type: 'STRING', Value: b.note },
			},
			Channel: 'TASK',
			InitiationMethod: 'API',
			ExpiryDurationInMinutes: b.expiryMinutes,
			InitiateAs: 'CONNECTED_TO_USER',
			Name: b.subject,
			Description: b.message,
			SegmentAttributes: { ...b.segments, 'connect:ContactExpiry': expiry(b.contactExpiryMinutes) },
		}),
	},
	{
		id: 'e2eTaskCompleted',
		channel: 'TASK',
		method: 'API',
		source: 'History records',
		body: (r) => ({
			InstanceId: arnInstance(r.instanceArn),
			ClientToken: keyedToken('e2eTaskCompleted', arnInstance(r.instanceArn), r.recordId),
			RelatedContactId: r.relatedContactId,
			Attributes: r.fields,
			References: r.links,
			Channel: 'TASK',
			InitiationMethod: 'API',
			ExpiryDurationInMinutes: r.expiryMinutes,
			InitiateAs: 'COMPLETED',
			Name: r.title,
			Description: r.summary,
			SegmentAttributes: r.segments,
		}),
	},
	{
		id: 'e2eEmailOutbound',
		channel: 'EMAIL',
		method: 'OUTBOUND',
		source: 'Webhook payloads',
		body: ({ headers, body: b }) => ({
			InstanceId: b.instanceId,
			ClientToken: keyedToken('e2eEmailOutbound', b.instanceId, headers['x-delivery-id']),
			RelatedContactId: b.inReplyTo,
			Attributes: { orderId: b.orderId, customerEmail: b.customerEmail },
			Channel: 'EMAIL',
			InitiationMethod: 'OUTBOUND',
			ExpiryDurationInMinutes: b.expiryMinutes,
			UserInfo: { UserId: b.agentId },
			InitiateAs: 'CONNECTED_TO_USER',
			Name: b.subject,
			Description: b.message,
			SegmentAttributes: { 'connect:ContactExpiry': expiry(b.contactExpiryMinutes) },
		}),
	},
	{
		id: 'e2eEmailReply',
		channel: 'EMAIL',
		method: 'AGENT_REPLY',
		source: 'Webhook payloads',
		body: ({ body: b }) => ({
			InstanceId: b.instanceId,
			ClientToken: `reply-${b.messageId}`,
			RelatedContactId: b.inboundContactId,
			Attributes: b.attributes,
			Channel: 'EMAIL',
			InitiationMethod: 'AGENT_REPLY',
			ExpiryDurationInMinutes: b.expiryMinutes,
			UserInfo: { UserId: b.agentId },
			InitiateAs: 'CONNECTED_TO_USER',
			Name: b.subject,
			Description: b.message,
			SegmentAttributes: { ...b.segments, 'connect:ContactExpiry': expiry(b.contactExpiryMinutes) },
		}),
	},
	{
		id: 'e2eEmailFlow',
		channel: 'EMAIL',
		method: 'FLOW',
		source: 'Webhook payloads',
		body: ({ headers, body: b }) => ({
			InstanceId: b.instanceId,
			ClientToken: keyedToken('e2eEmailFlow', b.instanceId, headers['x-delivery-id']),
			RelatedContactId: b.relatedContactId,
			Attributes: { campaign: b.campaign, mailbox: b.mailbox },
			Channel: 'EMAIL',
			InitiationMethod: 'FLOW',
			ExpiryDurationInMinutes: b.expiryMinutes,
			UserInfo: { UserId: b.agentId },
			InitiateAs: 'CONNECTED_TO_USER',
			Name: b.subject,
			Description: b.message,
			SegmentAttributes: b.segments,
		}),
	},
	{
		id: 'e2eVoiceTransfer',
		channel: 'VOICE',
		method: 'TRANSFER',
		source: 'Webhook payloads',
		body: ({ body: b }) => ({
			InstanceId: arnInstance(b.instanceArn),
			ClientToken: b.externalCallId,
			RelatedContactId: b.relatedContactId,
			Attributes: { callerNumber: b.callerNumber, queue: b.queue },
			Channel: 'VOICE',
			InitiationMethod: 'TRANSFER',
			ExpiryDurationInMinutes: b.expiryMinutes,
			InitiateAs: 'CONNECTED_TO_USER',
			Name: b.subject,
			Description: b.message,
			SegmentAttributes: { ...b.segments, 'connect:ContactExpiry': expiry(b.contactExpiryMinutes) },
			PreviousContactId: b.previousContactId,
		}),
	},
];

describe('one workflow per channel and initiation method, every optional member from expressions', () => {
	const { env } = newUserFolder('channels');

	it('covers every channel and method the node offers', () => {
		expect(CASES.map((c) => `${c.channel}/${c.method}`).sort()).toEqual(
			[
				'EMAIL/AGENT_REPLY',
				'EMAIL/FLOW',
				'EMAIL/OUTBOUND',
				'TASK/API',
				'TASK/API',
				'VOICE/TRANSFER',
			].sort(),
		);
	});

	it.each(CASES)('$id: $channel / $method', async (c) => {
		const emu = await resetEmulator();
		const result = await executeOk(env, c.id);

		const payloads = nodeOutput(result.run, c.source);
		expect(payloads).toHaveLength(2);
		const expectedBodies = payloads.map((p) => c.body(p));
		// Every optional member is present (InstanceId, Channel and InitiationMethod are required).
		for (const body of expectedBodies) {
			const optional = [
				'ClientToken',
				'RelatedContactId',
				'Attributes',
				'ExpiryDurationInMinutes',
				'InitiateAs',
				'Name',
				'Description',
				'SegmentAttributes',
			];
			if (c.channel === 'TASK') optional.push('References');
			if (c.channel === 'EMAIL') optional.push('UserInfo');
			if (c.channel === 'VOICE') optional.push('PreviousContactId');
			expect(Object.keys(body).sort()).toEqual(
				['InstanceId', 'Channel', 'InitiationMethod', ...optional].sort(),
			);
		}

		// What the emulator received: one CreateContact per item, answered 200, stored exactly as expected.
		const state = await emu.state();
		const requests = createContactRequests(state);
		expect(requests.map((r) => [r.status, r.outcome])).toEqual([
			[200, 'ok'],
			[200, 'ok'],
		]);
		expect(requests.map((r) => r.body)).toEqual(expect.arrayContaining(expectedBodies));
		expect(state.contacts).toHaveLength(2);
		const stored = expectedBodies.map(
			(body) => state.contacts.find((x) => x.clientToken === body.ClientToken) as EmulatorContact,
		);
		expect(stored.map((s) => s?.request)).toEqual(expectedBodies);

		// n8n's output: one item per input, in order, paired to it.
		const items = nodeItems(result.run, 'Amazon Connect');
		expect(pairedIndexes(items)).toEqual([0, 1]);
		expect(items.map((i) => i.json)).toEqual(
			stored.map((s, i) => ({
				contactId: s.contactId,
				contactArn: contactArn(s.instanceId, s.contactId),
				channel: c.channel,
				initiationMethod: c.method,
				clientToken: expectedBodies[i].ClientToken,
				...(c.fullResponse && {
					instanceId: expectedBodies[i].InstanceId,
					requestId: requests.find(
						(r) =>
							(r.body as { ClientToken?: string }).ClientToken === expectedBodies[i].ClientToken,
					)!.requestId,
					attempts: 1,
					request: expectedBodies[i],
				}),
			})),
		);
		expect(stored.map((s) => s.contactArn)).toEqual(
			stored.map((s) => contactArn(s.instanceId, s.contactId)),
		);
		if (c.id === 'e2eVoiceTransfer')
			expect(stored.map((s) => s.instanceId)).toEqual([CONNECT.emeaInstance, CONNECT.emeaInstance]);
	});
});
