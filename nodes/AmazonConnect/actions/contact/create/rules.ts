/**
 * The documented rules of CreateContact, written once as data. Each row cites the document it
 * comes from (../shared/reference/connect-createcontact.md §2 <member>, "the reference" below); the
 * model's own constraints (lengths, enums, patterns, types) are not here: they come from AWS's model
 * through shared/modelCheck.ts. The form (description.ts) and the per-item checks (check.ts) both read
 * this table, so the form never offers what the checks refuse.
 */
import type {
	Channel,
	ContactInitiationMethod as InitiationMethod,
	InitiateAs,
} from '@aws-sdk/client-connect';

export type { Channel, InitiateAs, InitiationMethod };

/**
 * How a member that depends on the channel and method may appear:
 * - required: the documentation requires it (the form asks for it, the check refuses its absence);
 * - optional: the form offers it;
 * - hidden: the form does not offer it, but no document forbids it, so a request that has it is sent;
 * - forbidden: the documentation forbids it (the form hides it, the check refuses it).
 */
export type Presence = 'required' | 'optional' | 'hidden' | 'forbidden';

export interface MethodRule {
	readonly value: InitiationMethod;
	readonly name: string;
	readonly description: string;
	/** UserInfo.UserId: the reference (§2 UserInfo) requires it for EMAIL OUTBOUND and AGENT_REPLY; nothing forbids it elsewhere. */
	readonly userInfo: Presence;
	/** The reference (§2 PreviousContactId): "only for external audio (VOICE/TRANSFER) contacts". */
	readonly previousContactId: Presence;
	/** The reference (§2 References) documents creation-time references for tasks; nothing forbids them elsewhere. */
	readonly references: Presence;
	/** The reference (§2 InitiateAs): only TASK may be created COMPLETED. */
	readonly initiateAs: readonly InitiateAs[];
}

export interface ChannelRule {
	readonly value: Exclude<Channel, 'CHAT'>;
	readonly name: string;
	readonly description: string;
	readonly methods: readonly MethodRule[];
}

const TASK_API: MethodRule = {
	value: 'API',
	name: 'API',
	description: 'A task created through the API (subtype connect:ExternalTask)',
	userInfo: 'hidden',
	previousContactId: 'forbidden',
	references: 'optional',
	initiateAs: ['CONNECTED_TO_USER', 'COMPLETED'],
};

const emailMethod = (
	value: InitiationMethod,
	name: string,
	description: string,
	userInfo: Presence,
): MethodRule => ({
	value,
	name,
	description,
	userInfo,
	previousContactId: 'forbidden',
	references: 'hidden',
	initiateAs: ['CONNECTED_TO_USER'],
});

/**
 * Channels in the order the form lists them, each with the initiation methods the reference allows
 * (§2 InitiationMethod: VOICE: TRANSFER; EMAIL: OUTBOUND, AGENT_REPLY, FLOW; TASK: API). CHAT is
 * absent: the reference (§2 Channel) says CreateContact does not support it.
 */
export const CHANNEL_RULES: readonly ChannelRule[] = [
	{
		value: 'TASK',
		name: 'Task',
		description:
			'A task for an agent, optionally created already completed (e.g. imported from another system)',
		methods: [TASK_API],
	},
	{
		value: 'EMAIL',
		name: 'Email',
		description: 'An email contact; CreateContact records it, StartOutboundEmailContact sends it',
		methods: [
			emailMethod(
				'AGENT_REPLY',
				'Agent Reply',
				'An agent replying to an inbound email; needs a user',
				'required',
			),
			emailMethod('FLOW', 'Flow', 'An email contact started by a flow', 'optional'),
			emailMethod(
				'OUTBOUND',
				'Outbound',
				'An outbound email from an agent; needs a user',
				'required',
			),
		],
	},
	{
		value: 'VOICE',
		name: 'Voice',
		description: 'An external audio contact (Contact Lens with an external voice system)',
		methods: [
			{
				value: 'TRANSFER',
				name: 'Transfer',
				description: 'External audio contact (subtype connect:ExternalAudio)',
				userInfo: 'hidden',
				previousContactId: 'optional',
				references: 'hidden',
				initiateAs: ['CONNECTED_TO_USER'],
			},
		],
	},
];

/** The reference, §2 References: "at creation tasks may use types URL, NUMBER, STRING, DATE, EMAIL, ATTACHMENT". */
export const TASK_REFERENCE_TYPES = [
	'URL',
	'NUMBER',
	'STRING',
	'DATE',
	'EMAIL',
	'ATTACHMENT',
] as const;

/** The reference, §2 Attributes: the key alphabet and byte budget are shared/attributes.ts's (UpdateContactAttributes has the same). */

/** The reference, §2 References: "at most 4,096 UTF-8 bytes across all references" (keys and values). */
export const REFERENCES_MAX_BYTES = 4096;

/**
 * The reference, §2 SegmentAttributes: keys "alphanumeric, -, _", and system-defined keys are
 * connect:<name> (e.g. connect:ContactExpiry); §2 SegmentAttributeValue: ValueList and ValueArn are
 * for system attributes only.
 */
export const SEGMENT_ATTRIBUTE_KEY_PATTERN = /^(connect:)?[A-Za-z0-9_-]+$/;
export const SYSTEM_SEGMENT_ATTRIBUTE_PREFIX = 'connect:';
export const SYSTEM_ONLY_SEGMENT_VALUES = ['ValueList', 'ValueArn'] as const;

/** The segment attribute that sets a contact's expiry (§2 SegmentAttributes). */
export const CONTACT_EXPIRY_SEGMENT_ATTRIBUTE = 'connect:ContactExpiry';

export type ChannelDependentMember = 'userInfo' | 'previousContactId' | 'references';

export function channelRule(channel: string): ChannelRule | undefined {
	return CHANNEL_RULES.find((rule) => rule.value === channel);
}

export function methodRule(channel: string, method: string): MethodRule | undefined {
	return channelRule(channel)?.methods.find((rule) => rule.value === method);
}

/** Every (channel, method) pair the table allows, e.g. for enumerating test cases. */
export function allChannelMethods(): Array<{ channel: ChannelRule; method: MethodRule }> {
	return CHANNEL_RULES.flatMap((channel) => channel.methods.map((method) => ({ channel, method })));
}
