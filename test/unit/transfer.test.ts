/**
 * Contact → Transfer inside the process: exact TransferContact requests (queue or user, flow, token),
 * the output naming the new contact, and the checks before sending.
 */
import {
	ConnectClient,
	InvalidRequestException,
	TransferContactCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import type { INodeParameters } from 'n8n-workflow';

import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { fakeExecuteFunctions, fakeToken } from './helpers/fakeExecuteFunctions';

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const CONTACT = '4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d';
const NEXT = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';

const connect = mockClient(ConnectClient);
beforeEach(() => {
	connect.reset();
	connect.on(TransferContactCommand).resolves({
		ContactId: NEXT,
		ContactArn: `arn:aws:connect:us-east-1:123456789012:instance/${ID}/contact/${NEXT}`,
	});
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

const rl = (value: string, mode = 'list') => ({ __rl: true, mode, value });
const transfer = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'contact',
	operation: 'transfer',
	instanceId: rl(ID, 'id'),
	contactId: CONTACT,
	queueId: rl('queue-1'),
	contactFlowId: rl('flow-1'),
	...extra,
});
const derived = (itemIndex: number) =>
	fakeToken({ api: 'TransferContact', instanceId: ID, itemIndex });
const sent = () => connect.commandCalls(TransferContactCommand).map((c) => c.args[0].input);

test('the form: Transfer is idempotent (Idempotency Key offered); pickers for queues, users and transfer flows', () => {
	const desc = new AmazonConnect().description;
	const scoped = (name: string) =>
		desc.properties.filter(
			(p) => p.name === name && p.displayOptions?.show?.operation?.[0] === 'transfer',
		);
	expect(scoped('queueId')[0].modes?.[0].typeOptions?.searchListMethod).toBe('searchQueues');
	expect(scoped('userId')[0].modes?.[0].typeOptions?.searchListMethod).toBe('searchUsers');
	expect(scoped('contactFlowId')[0].modes?.[0].typeOptions?.searchListMethod).toBe(
		'searchTransferFlows',
	);
	expect((scoped('options')[0].options ?? []).map((o) => o.name)).toContain('idempotencyKey');
});

test('to a queue and to a user: the exact requests; the output names the new contact and the transferred one', async () => {
	const [out] = await run(
		(i) => [transfer(), transfer({ transferTarget: 'user', userId: rl('user-1', 'id') })][i],
		{ items: 2 },
	);
	expect(sent()).toEqual([
		{
			InstanceId: ID,
			ContactId: CONTACT,
			QueueId: 'queue-1',
			ContactFlowId: 'flow-1',
			ClientToken: derived(0),
		},
		{
			InstanceId: ID,
			ContactId: CONTACT,
			UserId: 'user-1',
			ContactFlowId: 'flow-1',
			ClientToken: derived(1),
		},
	]);
	expect(out[0].json).toEqual({
		contactId: NEXT,
		contactArn: `arn:aws:connect:us-east-1:123456789012:instance/${ID}/contact/${NEXT}`,
		previousContactId: CONTACT,
		queueId: 'queue-1',
		clientToken: derived(0),
	});
	expect(out[1].json).toMatchObject({ userId: 'user-1', previousContactId: CONTACT });
});

test('a missing queue or flow is named before anything is sent; wrong-channel transfers are explained from AWS', async () => {
	const [out] = await run(
		(i) => [transfer({ queueId: rl('') }), transfer({ contactFlowId: rl('') })][i],
		{ items: 2, continueOnFail: true },
	);
	expect(out.map((o) => o.json.error)).toEqual([
		'Item 0: Queue: is required',
		'Item 1: Flow: is required',
	]);
	expect(sent()).toHaveLength(0);
	connect.on(TransferContactCommand).rejects(
		new InvalidRequestException({
			message: 'TransferContact supports only TASK and EMAIL contacts',
			$metadata: { httpStatusCode: 400 },
		}),
	);
	const error = await run(transfer()).catch((e: Error) => e);
	expect((error as Error).message).toBe(
		'Item 0: InvalidRequestException: TransferContact supports only TASK and EMAIL contacts (HTTP 400)',
	);
});
