/**
 * Contact → Create (CreateContact) as a value: n8n parameters → checked input → sent → output item.
 * The steps live beside it (input.ts, check.ts, description.ts); the runner does the rest.
 */
import {
	CreateContactCommand,
	type CreateContactCommandInput,
	type CreateContactCommandOutput,
} from '@aws-sdk/client-connect';
import type { IDataObject } from 'n8n-workflow';

import { locatorValue } from '../../../shared/runOperation';
import {
	defineOperation,
	type ItemContext,
	type SendMeta,
	withFullResponse,
} from '../../operation';
import { checkCreateContactInput } from './check';
import { createContactProperties, createContactSubtitle } from './description';
import { buildCreateContactInput, type CreateContactParameters } from './input';

export function readParameters(item: ItemContext): CreateContactParameters {
	const get = (name: string, fallback: unknown = '') => item.parameter(name, fallback) as never;
	return {
		instanceId: locatorValue(get('instanceId')) as string,
		channel: get('channel'),
		initiationMethod: get('initiationMethod'),
		userId: locatorValue(get('userId')) as string,
		previousContactId: get('previousContactId'),
		initiateAs: get('initiateAs'),
		name: get('name'),
		description: get('description'),
		attributesMode: get('attributesMode', 'keyValue'),
		attributes: get('attributes', {}),
		// Hidden parameters are absent in n8n, and an undefined fallback would make n8n throw.
		attributesJson: get('attributesJson'),
		referencesMode: get('referencesMode', 'keyValue'),
		references: get('references', {}),
		referencesJson: get('referencesJson'),
		additionalFields: get('additionalFields', {}),
	};
}

export function outputFor(
	input: CreateContactCommandInput,
	response: CreateContactCommandOutput,
	meta: SendMeta,
): IDataObject {
	const simple: IDataObject = {
		contactId: response.ContactId,
		contactArn: response.ContactArn,
		channel: input.Channel,
		initiationMethod: input.InitiationMethod,
		clientToken: input.ClientToken,
	};
	return withFullResponse(simple, input, meta, input);
}

export const createContact = defineOperation<CreateContactCommandInput, CreateContactCommandOutput>(
	{
		resource: 'contact',
		operation: 'create',
		name: 'Create',
		description: 'Create a contact with the CreateContact API',
		action: 'Create a contact',
		api: 'CreateContact',
		idempotent: true,
		subtitle: createContactSubtitle,
		properties: createContactProperties,
		prepare(item) {
			const params = readParameters(item);
			const built = buildCreateContactInput(params, item.clientToken);
			if (built.problems.length) return { ok: false, problems: built.problems };
			return checkCreateContactInput(built.input, {
				credentialRegion: item.credentialRegion,
				instanceReference: params.instanceId,
			});
		},
		send: (client, input) => client.send(new CreateContactCommand(input)),
		output: outputFor,
	},
);
