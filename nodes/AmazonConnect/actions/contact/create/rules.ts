/**
 * The channel rules of CreateContact, written once as data. The form (description.ts) and the
 * per-item checks (check.ts) both read this table, so the form can never offer what the checks reject.
 */
import type { Channel, InitiateAs, InitiationMethod } from './model';

/** How a member that depends on the channel and method may appear in a request. */
export type Presence = 'required' | 'optional' | 'forbidden';

export interface MethodRule {
	readonly value: InitiationMethod;
	readonly name: string;
	readonly description: string;
	/** UserInfo.UserId: documented as required for EMAIL OUTBOUND and AGENT_REPLY; offered for EMAIL only. */
	readonly userInfo: Presence;
	/** Documented as only for external audio contacts (VOICE / TRANSFER). */
	readonly previousContactId: Presence;
	/** Creation-time references are documented for tasks. */
	readonly references: Presence;
	/** The InitiateAs values the method accepts; only TASK may be created COMPLETED. */
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
	userInfo: 'forbidden',
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
	references: 'forbidden',
	initiateAs: ['CONNECTED_TO_USER'],
});

/** Channels in the order the form lists them. CHAT is absent: CreateContact does not support it. */
export const CHANNEL_RULES: readonly ChannelRule[] = [
	{
		value: 'TASK',
		name: 'Task',
		description: 'A task for an agent, optionally created already completed (e.g. imported from another system)',
		methods: [TASK_API],
	},
	{
		value: 'EMAIL',
		name: 'Email',
		description: 'An email contact; CreateContact records it, StartOutboundEmailContact sends it',
		methods: [
			emailMethod('AGENT_REPLY', 'Agent Reply', 'An agent replying to an inbound email; needs a user', 'required'),
			emailMethod('FLOW', 'Flow', 'An email contact started by a flow', 'optional'),
			emailMethod('OUTBOUND', 'Outbound', 'An outbound email from an agent; needs a user', 'required'),
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
				userInfo: 'forbidden',
				previousContactId: 'optional',
				references: 'forbidden',
				initiateAs: ['CONNECTED_TO_USER'],
			},
		],
	},
];

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
