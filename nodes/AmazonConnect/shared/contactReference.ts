/**
 * The contact an operation works on: its ID, by default the `contactId` of the incoming item (what
 * Contact → Create and Task → Start output), or its ARN, from which the ID is taken.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { ItemContext } from '../actions/operation';
import { checkInstanceReference, parseInstanceId } from './instance';
import { type InputProblem, problem } from './problem';
import { locatorValue } from './runOperation';

/** A contact ARN in any partition: region, instance ID, contact ID. */
export const CONTACT_ARN_PATTERN =
	/^arn:aws(?:-[a-z]+)*:connect:([a-z0-9-]+):\d{12}:instance\/([A-Za-z0-9-]+)\/contact\/([A-Za-z0-9-]+)$/;

export interface ContactReference {
	/** The ID to send (trimmed; taken from an ARN); anything that is not text is left for the checks. */
	id: unknown;
	/** The instance an ARN names, to compare with the Instance field. */
	arnInstanceId?: string;
}

export function parseContactReference(value: unknown): ContactReference {
	if (typeof value !== 'string') return { id: value };
	const trimmed = value.trim();
	const arn = CONTACT_ARN_PATTERN.exec(trimmed);
	return arn ? { id: arn[3], arnInstanceId: arn[2] } : { id: trimmed === '' ? undefined : trimmed };
}

/** A contact ARN of another instance than the Instance field's cannot be meant. */
export function checkContactReference(
	problems: InputProblem[],
	field: string,
	reference: ContactReference,
	instanceId: unknown,
): void {
	if (reference.arnInstanceId !== undefined && reference.arnInstanceId !== instanceId) {
		problems.push(
			problem(
				field,
				`the contact ARN is of the instance ${reference.arnInstanceId}, not of the Instance ${String(instanceId)}`,
				'Choose the instance of the contact, or give a contact of this instance',
			),
		);
	}
}

/** The Contact ID field: the incoming item's contactId unless mapped otherwise. */
export function contactIdField(description: string, displayName = 'Contact ID'): INodeProperties {
	return {
		displayName,
		name: 'contactId',
		type: 'string',
		default: '={{ $json.contactId }}',
		required: true,
		placeholder: 'e.g. 4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d',
		description,
	};
}

/**
 * The Instance and Contact ID fields of an item, as every operation on an existing contact reads them:
 * the IDs to send (taken from ARNs, for the model check to judge) and the problems of the two references.
 */
export function readContactTarget(
	item: Pick<ItemContext, 'parameter' | 'credentialRegion'>,
	problems: InputProblem[],
	fields: { instance: string; contactId: string },
): { InstanceId: unknown; ContactId: unknown } {
	const instanceReference = locatorValue(item.parameter('instanceId', ''));
	const InstanceId = parseInstanceId(instanceReference);
	const contact = parseContactReference(item.parameter('contactId', ''));
	checkInstanceReference(
		problems,
		fields.instance,
		InstanceId,
		instanceReference,
		item.credentialRegion,
	);
	checkContactReference(problems, fields.contactId, contact, InstanceId);
	return { InstanceId, ContactId: contact.id };
}
