/**
 * Facts about the CreateContact API, from the Connect service model and its documentation
 * (see the README's "CreateContact at a glance"). Both the node's checks and the emulator read
 * these numbers; each keeps its own decisions in its own code.
 */

export const CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'] as const;
export type Channel = (typeof CHANNELS)[number];

export const INITIATION_METHODS = [
	'INBOUND',
	'OUTBOUND',
	'TRANSFER',
	'QUEUE_TRANSFER',
	'CALLBACK',
	'API',
	'DISCONNECT',
	'MONITOR',
	'EXTERNAL_OUTBOUND',
	'WEBRTC_API',
	'AGENT_REPLY',
	'FLOW',
] as const;
export type InitiationMethod = (typeof INITIATION_METHODS)[number];

export const INITIATE_AS = ['CONNECTED_TO_USER', 'COMPLETED'] as const;
export type InitiateAs = (typeof INITIATE_AS)[number];

export const REFERENCE_TYPES = [
	'URL',
	'ATTACHMENT',
	'CONTACT_ANALYSIS',
	'NUMBER',
	'STRING',
	'DATE',
	'EMAIL',
	'EMAIL_MESSAGE',
	'EMAIL_MESSAGE_PLAIN_TEXT',
	'EMAIL_MESSAGE_PLAIN_TEXT_REDACTED',
	'EMAIL_MESSAGE_REDACTED',
] as const;
export type ReferenceType = (typeof REFERENCE_TYPES)[number];

/** The reference types a contact may carry when it is created (documentation). */
export const CREATION_REFERENCE_TYPES = ['URL', 'NUMBER', 'STRING', 'DATE', 'EMAIL', 'ATTACHMENT'] as const;

export const REFERENCE_STATUSES = ['AVAILABLE', 'DELETED', 'APPROVED', 'REJECTED', 'PROCESSING', 'FAILED'] as const;

/** Length ranges of the model, inclusive, in characters. */
export const LENGTHS = {
	InstanceId: { min: 1, max: 100 },
	ClientToken: { min: 0, max: 500 },
	RelatedContactId: { min: 1, max: 256 },
	AttributeKey: { min: 1, max: 32767 },
	AttributeValue: { min: 0, max: 32767 },
	ReferenceKey: { min: 1, max: 4096 },
	ReferenceValue: { min: 0, max: 4096 },
	ReferenceArn: { min: 20, max: 256 },
	ReferenceStatusReason: { min: 0, max: 100 },
	UserId: { min: 1, max: 256 },
	Name: { min: 0, max: 1024 },
	Description: { min: 0, max: 4096 },
	SegmentAttributeKey: { min: 1, max: 128 },
	SegmentAttributeValueString: { min: 0, max: 1024 },
	SegmentAttributeValueArn: { min: 0, max: 1024 },
	PreviousContactId: { min: 1, max: 256 },
} as const;

/** Documented byte budgets, counted in UTF-8 bytes across all keys and values. */
export { ATTRIBUTES_MAX_BYTES, ATTRIBUTE_KEY_PATTERN } from '../../../shared/attributes';
export const REFERENCES_MAX_BYTES = 4096;

/** Reference ARNs (model pattern). */
export const REFERENCE_ARN_PATTERN = /^[-:/A-Za-z0-9]+$/;

/** The segment attribute that sets a contact's expiry. */
export const CONTACT_EXPIRY_SEGMENT_ATTRIBUTE = 'connect:ContactExpiry';
