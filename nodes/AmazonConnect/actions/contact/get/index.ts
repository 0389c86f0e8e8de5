/**
 * Contact → Get (DescribeContact, and GetContactAttributes when asked): the contact as the next node
 * needs it, plain JSON with ISO 8601 timestamps. Reading changes nothing, so a repeat reads again.
 */
import {
	type DescribeContactCommandOutput,
	DescribeContactCommand,
	GetContactAttributesCommand,
} from '@aws-sdk/client-connect';
import type { IDataObject } from 'n8n-workflow';

import { contactIdField, readContactTarget } from '../../../shared/contactReference';
import { checkRequest } from '../../../shared/documentedRules';
import type { InputProblem } from '../../../shared/problem';
import { plainMembers } from '../../../shared/plainOutput';
import { defineOperation, type SendMeta, withFullResponse } from '../../operation';

export const FIELD = {
	instance: 'Instance',
	contactId: 'Contact ID',
	includeAttributes: 'Include Attributes',
} as const;

export interface GetContactInput {
	InstanceId: string;
	ContactId: string;
	/** Not a member of DescribeContact: whether GetContactAttributes is called too. */
	readonly includeAttributes: boolean;
}

export type GetContactResponse = DescribeContactCommandOutput & {
	attributes?: Record<string, string>;
};

export function outputFor(
	input: GetContactInput,
	response: GetContactResponse,
	meta: SendMeta,
): IDataObject {
	const { Id, Arn, Attributes, ...rest } = response.Contact ?? {};
	const simple: IDataObject = {
		contactId: Id ?? input.ContactId,
		contactArn: Arn,
		...plainMembers(rest),
		...(input.includeAttributes && { attributes: response.attributes ?? Attributes ?? {} }),
	};
	return withFullResponse(simple, input, meta);
}

export const getContact = defineOperation<GetContactInput, GetContactResponse>({
	resource: 'contact',
	operation: 'get',
	name: 'Get',
	description:
		'Read a contact with the DescribeContact API, and its attributes with GetContactAttributes',
	action: 'Get a contact',
	api: 'DescribeContact',
	idempotent: false,
	subtitle: '"Get contact"',
	properties: [
		contactIdField(
			'The contact to read (its ID or ARN); by default the contactId of the incoming item',
		),
		{
			displayName: FIELD.includeAttributes,
			name: 'includeAttributes',
			type: 'boolean',
			default: true,
			description:
				"Whether to read the contact's attributes too (GetContactAttributes), as the attributes member",
		},
	],
	prepare(item) {
		const problems: InputProblem[] = [];
		const { InstanceId, ContactId } = readContactTarget(item, problems, FIELD);
		// DescribeContact states no rule beyond its model.
		const checked = checkRequest<{ InstanceId: string; ContactId: string }>(
			'DescribeContact',
			{ InstanceId, ContactId },
			{ InstanceId: FIELD.instance, ContactId: FIELD.contactId },
			[],
			problems,
		);
		if (!checked.ok) return checked;
		return {
			ok: true,
			input: {
				...checked.input,
				includeAttributes: item.parameter('includeAttributes', true) === true,
			},
		};
	},
	async send(client, input) {
		const { InstanceId, ContactId } = input;
		const described = await client.send(new DescribeContactCommand({ InstanceId, ContactId }));
		if (!input.includeAttributes) return described;
		// Attributes belong to the first contact of a chain (a transfer makes a new contact with the same attributes).
		const InitialContactId = described.Contact?.InitialContactId ?? ContactId;
		const read = await client.send(
			new GetContactAttributesCommand({ InstanceId, InitialContactId }),
		);
		return { ...described, attributes: read.Attributes ?? {} };
	},
	output: outputFor,
});
