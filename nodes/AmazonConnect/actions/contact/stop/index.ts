/**
 * Contact → Stop (StopContact): ends a contact, e.g. closes the task of a ticket closed in the CRM.
 * A contact that is already stopped answers ContactNotFoundException (410): that is reported as
 * stopped, not as a failure, so running the workflow again is harmless.
 */
import {
	StopContactCommand,
	type StopContactCommandInput,
	type StopContactCommandOutput,
} from '@aws-sdk/client-connect';
import type { IDataObject } from 'n8n-workflow';

import { contactIdField, readContactTarget } from '../../../shared/contactReference';
import { checkRequest } from '../../../shared/documentedRules';
import type { InputProblem } from '../../../shared/problem';
import { awsErrorDetails } from '../../../transport/errors';
import { defineOperation, type SendMeta, withFullResponse } from '../../operation';

export const FIELD = { instance: 'Instance', contactId: 'Contact ID' } as const;

/** The answer of StopContact, or the note that the contact was no longer active. */
export type StopResponse = StopContactCommandOutput & { alreadyStopped?: { message: string } };

export function outputFor(
	input: StopContactCommandInput,
	response: StopResponse,
	meta: SendMeta,
): IDataObject {
	const simple: IDataObject = {
		contactId: input.ContactId,
		stopped: true,
		alreadyStopped: response.alreadyStopped !== undefined,
		...(response.alreadyStopped && { note: `Amazon Connect: ${response.alreadyStopped.message}` }),
	};
	return withFullResponse(simple, input, meta);
}

export const stopContact = defineOperation<StopContactCommandInput, StopResponse>({
	resource: 'contact',
	operation: 'stop',
	name: 'Stop',
	description: 'End a contact (e.g. close the task of a closed ticket) with the StopContact API',
	action: 'Stop a contact',
	api: 'StopContact',
	idempotent: false,
	subtitle: '"Stop contact"',
	properties: [
		contactIdField(
			'The contact to end (its ID or ARN); by default the contactId of the incoming item',
		),
		{
			displayName:
				'Tasks and chats can be stopped in any state. A contact that is already stopped is output as stopped (alreadyStopped: true), so a re-run is harmless.',
			name: 'stopNotice',
			type: 'notice',
			default: '',
		},
	],
	prepare(item) {
		const problems: InputProblem[] = [];
		const { InstanceId, ContactId } = readContactTarget(item, problems, FIELD);
		// DisconnectReason is left out: "only Amazon Connect outbound campaigns can provide" it (StopContact API reference).
		return checkRequest<StopContactCommandInput>(
			'StopContact',
			{ InstanceId, ContactId },
			{ InstanceId: FIELD.instance, ContactId: FIELD.contactId },
			[],
			problems,
		);
	},
	async send(client, input) {
		// "The contact with the specified ID is not active or does not exist" (StopContact API reference,
		// ContactNotFoundException): already stopped. Other errors go on to the runner, which words them.
		return await client.send(new StopContactCommand(input)).catch((error: unknown) => {
			const details = awsErrorDetails(error);
			if (details.name === 'ContactNotFoundException')
				return { $metadata: {}, alreadyStopped: { message: details.message } };
			throw error;
		});
	},
	output: outputFor,
});
