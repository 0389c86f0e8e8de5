/**
 * The pickers of Email → Send and Contact → Transfer: the instance's email addresses
 * (SearchEmailAddresses), its standard queues (ListQueues) and the flows a transfer can run
 * (ListContactFlows of the inbound, transfer-to-agent and transfer-to-queue types). Each list is read
 * whole with the largest page AWS allows and kept for a minute (cachedList.ts).
 */
import {
	type EmailAddressMetadata,
	ListQueuesCommand,
	type QueueSummary,
	SearchEmailAddressesCommand,
} from '@aws-sdk/client-connect';
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { TRANSFER_FLOW_TYPES } from '../actions/contact/transfer/rules';
import { listPicker } from './cachedList';
import { flowPicker } from './taskPickers';

/** The largest pages the APIs allow (model: MaxResult100, MaxResult1000). */
export const EMAIL_ADDRESSES_PER_REQUEST = 100;
export const QUEUES_PER_REQUEST = 1000;

export function emailAddressItems(addresses: EmailAddressMetadata[]): INodeListSearchItems[] {
	return addresses
		.filter((a) => a.EmailAddress !== undefined)
		.sort((a, b) => (a.EmailAddress ?? '').localeCompare(b.EmailAddress ?? ''))
		.map((a) => ({
			name: a.DisplayName ? `${a.DisplayName} <${a.EmailAddress}>` : (a.EmailAddress as string),
			value: a.EmailAddress as string,
		}));
}

export function queueItems(queues: QueueSummary[]): INodeListSearchItems[] {
	return queues
		.filter((q) => q.Id !== undefined)
		.sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''))
		.map((q) => ({ name: q.Name ?? (q.Id as string), value: q.Id as string }));
}

/** The instance's email addresses, shown as "Display Name <address>"; the address is the value. */
export async function searchEmailAddresses(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return listPicker<EmailAddressMetadata>(this, filter, paginationToken, {
		name: 'SearchEmailAddresses',
		failure: {
			things: 'email addresses',
			permission: 'connect:SearchEmailAddresses on the instance',
			field: 'From',
		},
		read: async (client, instanceId, token) => {
			const answer = await client.send(
				new SearchEmailAddressesCommand({
					InstanceId: instanceId,
					MaxResults: EMAIL_ADDRESSES_PER_REQUEST,
					NextToken: token,
				}),
			);
			return { items: answer.EmailAddresses ?? [], next: answer.NextToken };
		},
		toItems: emailAddressItems,
	});
}

/** The instance's standard queues (agent queues are reached by transferring to the user). */
export async function searchQueues(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return listPicker<QueueSummary>(this, filter, paginationToken, {
		name: 'ListQueues:STANDARD',
		failure: { things: 'queues', permission: 'connect:ListQueues on the instance', field: 'Queue' },
		read: async (client, instanceId, token) => {
			const answer = await client.send(
				new ListQueuesCommand({
					InstanceId: instanceId,
					QueueTypes: ['STANDARD'],
					MaxResults: QUEUES_PER_REQUEST,
					NextToken: token,
				}),
			);
			return { items: answer.QueueSummaryList ?? [], next: answer.NextToken };
		},
		toItems: queueItems,
	});
}

/** Flows a transfer can run: inbound, transfer-to-agent and transfer-to-queue flows. */
export async function searchTransferFlows(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await flowPicker(this, filter, paginationToken, [...TRANSFER_FLOW_TYPES]);
}
