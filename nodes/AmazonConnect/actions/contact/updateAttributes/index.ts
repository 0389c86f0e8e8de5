/**
 * Contact → Update Attributes (UpdateContactAttributes): sets attributes of a contact, ongoing or
 * completed, with the same input (rows or one JSON object), key rules and byte budget as Contact →
 * Create. Keys not given keep their values. A repeat sets the same values again: harmless.
 */
import {
	UpdateContactAttributesCommand,
	type UpdateContactAttributesCommandInput,
	type UpdateContactAttributesCommandOutput,
} from '@aws-sdk/client-connect';
import type { IDataObject } from 'n8n-workflow';

import {
	type AttributeParameters,
	attributeFields,
	attributesFrom,
	checkAttributes,
} from '../../../shared/attributes';
import { contactIdField, readContactTarget } from '../../../shared/contactReference';
import { checkRequest, type DocumentedRule } from '../../../shared/documentedRules';
import type { InputProblem } from '../../../shared/problem';
import { defineOperation, type SendMeta, withFullResponse } from '../../operation';

export const FIELD = {
	instance: 'Instance',
	contactId: 'Contact ID',
	attributes: 'Attributes',
} as const;

const API_REFERENCE = 'UpdateContactAttributes API reference (Attributes; InitialContactId)';

/** The rules AWS's documentation states for UpdateContactAttributes. */
export const UPDATE_ATTRIBUTES_RULES: ReadonlyArray<
	DocumentedRule<UpdateContactAttributesCommandInput>
> = [
	{
		rule: "Keys only letters, digits, '-' and '_'; text values; at most 32,768 UTF-8 bytes over all keys and values",
		source: `${API_REFERENCE}: "There can be up to 32,768 UTF-8 bytes across all key-value pairs per contact. Attribute keys can include only alphanumeric, dash, and underscore characters."`,
		check: (input) => {
			const problems: InputProblem[] = [];
			checkAttributes(problems, FIELD.attributes, input.Attributes);
			return problems[0];
		},
	},
];

export function outputFor(
	input: UpdateContactAttributesCommandInput,
	_response: object,
	meta: SendMeta,
): IDataObject {
	const simple: IDataObject = {
		contactId: input.InitialContactId,
		attributes: input.Attributes as IDataObject,
		updated: true,
	};
	return withFullResponse(simple, input, meta);
}

export const updateContactAttributes = defineOperation<
	UpdateContactAttributesCommandInput,
	UpdateContactAttributesCommandOutput
>({
	resource: 'contact',
	operation: 'updateAttributes',
	name: 'Update Attributes',
	description:
		'Set attributes of a contact (ongoing or completed) with the UpdateContactAttributes API',
	action: 'Update contact attributes',
	api: 'UpdateContactAttributes',
	idempotent: false,
	subtitle: '"Update contact attributes"',
	properties: [
		contactIdField(
			'The contact whose attributes to set: the ID of its first contact (for a task or email created by this node, its own ID); by default the contactId of the incoming item',
		),
		...attributeFields(
			FIELD.attributes,
			{ show: {} },
			'Attributes to set (text values; keys only letters, digits, - and _; at most 32,768 UTF-8 bytes in all). Keys not given keep their values.',
		),
	],
	prepare(item) {
		const problems: InputProblem[] = [];
		const { InstanceId, ContactId } = readContactTarget(item, problems, FIELD);
		const Attributes = attributesFrom(problems, FIELD.attributes, {
			attributesMode: item.parameter('attributesMode', 'keyValue'),
			attributes: item.parameter('attributes', {}),
			attributesJson: item.parameter('attributesJson', ''),
		} as AttributeParameters);
		return checkRequest<UpdateContactAttributesCommandInput>(
			'UpdateContactAttributes',
			{ InstanceId, InitialContactId: ContactId, Attributes: Attributes ?? {} },
			{
				InstanceId: FIELD.instance,
				InitialContactId: FIELD.contactId,
				Attributes: FIELD.attributes,
			},
			UPDATE_ATTRIBUTES_RULES,
			problems,
		);
	},
	send: (client, input) => client.send(new UpdateContactAttributesCommand(input)),
	output: outputFor,
});
