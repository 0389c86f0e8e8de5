/**
 * The form's names for the fields, as errors show them. The README's member table lists the same
 * names beside the parameter paths in description.ts.
 */
export const FIELD = {
	instance: 'Instance',
	channel: 'Channel',
	initiationMethod: 'Initiation Method',
	user: 'User',
	previousContactId: 'Previous Contact ID',
	initiateAs: 'Initiate As',
	name: 'Name',
	description: 'Description',
	attributes: 'Attributes',
	references: 'References',
	clientToken: 'Client Token',
	relatedContactId: 'Related Contact ID',
	expiryDurationInMinutes: 'Expiry Duration (Minutes)',
	contactExpiryMinutes: 'Contact Expiry (Minutes)',
	segmentAttributes: 'Segment Attributes (JSON)',
	idempotencyKey: 'Idempotency Key',
} as const;
