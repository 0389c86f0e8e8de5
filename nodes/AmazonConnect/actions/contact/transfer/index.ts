/**
 * Contact → Transfer (TransferContact): moves an active TASK or EMAIL contact to a queue or to a user,
 * through a flow of a transfer type. The transfer continues the contact in a new one (its ID is the
 * output's contactId; the transferred one is previousContactId). The API takes a ClientToken: the
 * runner derives one per item, so a repeat of the item gets the same transfer back.
 */
import {
	TransferContactCommand,
	type TransferContactCommandInput,
	type TransferContactCommandOutput,
} from '@aws-sdk/client-connect';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { contactIdField, readContactTarget } from '../../../shared/contactReference';
import { checkRequest, definedMembers, type DocumentedRule } from '../../../shared/documentedRules';
import { text } from '../../../shared/keyValueInput';
import { type InputProblem, problem } from '../../../shared/problem';
import { locatorValue } from '../../../shared/runOperation';
import { defineOperation, type SendMeta, withFullResponse } from '../../operation';
import { TRANSFERABLE_CHANNELS } from './rules';
import { clientTokenField } from '../../../shared/runnerOptions';

export const FIELD = {
	instance: 'Instance',
	contactId: 'Contact ID',
	target: 'Transfer To',
	queue: 'Queue',
	user: 'User',
	flow: 'Flow',
	clientToken: 'Client Token',
} as const;

const API_REFERENCE = 'TransferContact API reference';

/** The rules AWS's documentation states for TransferContact that a request shows. */
export const TRANSFER_RULES: ReadonlyArray<DocumentedRule<TransferContactCommandInput>> = [
	{
		rule: 'A queue or a user, not both',
		source: `${API_REFERENCE}: "Do not use both QueueId and UserId in the same call."`,
		check: (input) =>
			input.QueueId !== undefined && input.UserId !== undefined
				? problem(FIELD.target, 'names both a queue and a user', 'Transfer to a queue or to a user')
				: undefined,
	},
	// "Transfer is supported for only TASK and EMAIL contacts", only active ones, at most 11 times: these
	// depend on the contact's state, which the request does not show; AWS's refusal is explained.
];

/** Locator of a queue, user or flow: from a list or by ID (an ARN given by an expression is accepted too). */
function locator(
	name: string,
	displayName: string,
	method: string,
	description: string,
	show?: IDataObject,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		...(show && { displayOptions: { show } }),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: method, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 2f6c1a7e-7d3b-4a61-9b6f-1c2d3e4f5a6b',
			},
		],
	} as INodeProperties;
}

export const transferProperties: INodeProperties[] = [
	{
		displayName: `Transfers active ${TRANSFERABLE_CHANNELS.join(' and ')} contacts only (at most 11 times each). The output's contactId is the new contact that continues it.`,
		name: 'transferNotice',
		type: 'notice',
		default: '',
	},
	contactIdField(
		'The task or email contact to transfer (its ID or ARN); by default the contactId of the incoming item',
	),
	{
		displayName: FIELD.target,
		name: 'transferTarget',
		type: 'options',
		options: [
			{ name: 'Queue', value: 'queue', description: 'A queue of the instance' },
			{ name: 'User', value: 'user', description: 'An agent of the instance' },
		],
		default: 'queue',
	},
	locator('queueId', FIELD.queue, 'searchQueues', 'The queue to transfer the contact to', {
		transferTarget: ['queue'],
	}),
	locator('userId', FIELD.user, 'searchUsers', 'The agent (user) to transfer the contact to', {
		transferTarget: ['user'],
	}),
	locator(
		'contactFlowId',
		FIELD.flow,
		'searchTransferFlows',
		'The flow that takes the contact to the queue or user: an inbound, transfer-to-queue or transfer-to-agent flow',
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [clientTokenField('the node derives one per item.')],
	},
];

export function outputFor(
	input: TransferContactCommandInput,
	response: TransferContactCommandOutput,
	meta: SendMeta,
): IDataObject {
	const simple: IDataObject = {
		contactId: response.ContactId,
		contactArn: response.ContactArn,
		previousContactId: input.ContactId,
		...(input.QueueId !== undefined && { queueId: input.QueueId }),
		...(input.UserId !== undefined && { userId: input.UserId }),
		clientToken: input.ClientToken,
	};
	return withFullResponse(simple, input, meta, input);
}

export const transferContact = defineOperation<
	TransferContactCommandInput,
	TransferContactCommandOutput
>({
	resource: 'contact',
	operation: 'transfer',
	name: 'Transfer',
	description:
		'Transfer an active task or email contact to a queue or a user with the TransferContact API',
	action: 'Transfer a contact',
	api: 'TransferContact',
	idempotent: true,
	subtitle: '"Transfer contact to " + ($parameter["transferTarget"] === "user" ? "user" : "queue")',
	properties: transferProperties,
	prepare(item) {
		const problems: InputProblem[] = [];
		const { InstanceId, ContactId } = readContactTarget(item, problems, FIELD);
		const toUser = item.parameter<string>('transferTarget', 'queue') === 'user';
		const request = definedMembers({
			InstanceId,
			ContactId,
			QueueId: toUser ? undefined : text(locatorValue(item.parameter('queueId', ''))),
			UserId: toUser ? text(locatorValue(item.parameter('userId', ''))) : undefined,
			ContactFlowId: text(locatorValue(item.parameter('contactFlowId', ''))),
			ClientToken:
				item.clientToken === '' || item.clientToken === null ? undefined : item.clientToken,
		});
		if (!toUser && request.QueueId === undefined)
			problems.push(problem(FIELD.queue, 'is required', 'Pick the queue, or give its ID'));
		if (toUser && request.UserId === undefined)
			problems.push(problem(FIELD.user, 'is required', 'Pick the user, or give its ID'));
		return checkRequest<TransferContactCommandInput>(
			'TransferContact',
			request,
			{
				InstanceId: FIELD.instance,
				ContactId: FIELD.contactId,
				QueueId: FIELD.queue,
				UserId: FIELD.user,
				ContactFlowId: FIELD.flow,
				ClientToken: FIELD.clientToken,
			},
			TRANSFER_RULES,
			problems,
		);
	},
	send: (client, input) => client.send(new TransferContactCommand(input)),
	output: outputFor,
});
