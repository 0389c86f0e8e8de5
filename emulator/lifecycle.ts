/**
 * The contact's life after CreateContact: DescribeContact, GetContactAttributes,
 * UpdateContactAttributes, UpdateContact, StopContact, TransferContact, StartOutboundEmailContact,
 * and the lists their forms pick from (SearchEmailAddresses, ListQueues, ListContactFlows).
 *
 * Contacts keep their state across calls (active or stopped, attributes, transfers, emails sent), so
 * a workflow's sequence can be checked end to end. The server has already validated each input
 * against AWS's model (types, required members, lengths, patterns, ranges, enums); here, in the
 * order the service applies them: IAM → instance lookup (404) → contact lookup and the documented
 * rules (InvalidRequestException, the first broken rule) → idempotency → state. The rules are
 * written here independently of the node's own tables.
 */
import { randomUUID } from 'node:crypto';

import { contactArn, decodeToken, instanceArn, page, requireInstance } from './directory';
import { ApiError, invalidRequest, resourceNotFound } from './errors';
import { replayOf, requestHashOf } from './idempotency';
import type { OperationContext, OperationHandler, OperationResult } from './operation';
import { isObject, type Json, type JsonObject, utf8Bytes } from './validate';

const present = (v: Json | undefined): v is Json => v !== undefined && v !== null;

export interface EmulatorQueue {
	id: string;
	name: string;
	type?: 'STANDARD' | 'AGENT';
}

export interface EmulatorEmailAddress {
	id: string;
	address: string;
	displayName?: string;
	description?: string;
}

export interface EmulatorFlow {
	id: string;
	name: string;
	/** CONTACT_FLOW, CUSTOMER_QUEUE, AGENT_TRANSFER, QUEUE_TRANSFER, … */
	type: string;
	state?: 'ACTIVE' | 'ARCHIVED';
	status?: 'PUBLISHED' | 'SAVED';
}

/** What the lifecycle reads of the emulator's config (all optional: a config without them has none). */
export interface LifecycleConfig {
	queues?: Record<string, EmulatorQueue[]>;
	emailAddresses?: Record<string, EmulatorEmailAddress[]>;
	flows?: Record<string, EmulatorFlow[]>;
}

/** The state of one contact, kept across calls. */
export interface ContactLife {
	instanceId: string;
	contactId: string;
	initialContactId: string;
	channel: string;
	initiationMethod: string;
	/** How the contact came to be: CreateContact, StartTaskContact, TransferContact, or config. */
	createdBy: string;
	state: 'ACTIVE' | 'STOPPED';
	name?: string;
	description?: string;
	references?: JsonObject;
	segmentAttributes?: JsonObject;
	attributes: Record<string, string>;
	queueId?: string;
	userId?: string;
	previousContactId?: string;
	relatedContactId?: string;
	/** Epoch ms. */
	initiatedAt: number;
	disconnectedAt?: number;
	lastUpdatedAt: number;
	/** Transfers made of this contact (each makes a new contact in the chain). */
	transfers: number;
	customerEndpoint?: JsonObject;
	systemEndpoint?: JsonObject;
}

/** A StartOutboundEmailContact that was sent: what a test reads to know what went out. */
export interface SentEmail {
	instanceId: string;
	contactId: string;
	clientToken?: string;
	/** The request as received. */
	request: JsonObject;
	at: number;
}

interface TokenUse {
	requestHash: string;
	body: JsonObject;
	hits: number;
	conflicts: number;
}

export interface LifecycleState {
	/** By contact ID. */
	lives: Record<string, ContactLife>;
	emails: SentEmail[];
	/** Idempotency of TransferContact and StartOutboundEmailContact, by `${api}:${instanceId}:${token}`. */
	lifecycleTokens: Record<string, TokenUse>;
}

export function emptyLifecycleState(): LifecycleState {
	return { lives: {}, emails: [], lifecycleTokens: {} };
}

export function resetLifecycleState(state: LifecycleState): void {
	for (const k of Object.keys(state.lives)) delete state.lives[k];
	state.emails.length = 0;
	for (const k of Object.keys(state.lifecycleTokens)) delete state.lifecycleTokens[k];
}

// ---------------------------------------------------------------- contacts

/** The contact's life, created on first use from what CreateContact (or StartTaskContact) stored. */
function lifeOf(
	ctx: OperationContext,
	instanceId: string,
	contactId: string,
): ContactLife | undefined {
	const known = ctx.state.lives[contactId];
	if (known) return known.instanceId === instanceId ? known : undefined;
	const stored = ctx.state.contacts.find(
		(c) => c.instanceId === instanceId && c.contactId === contactId,
	);
	if (stored) {
		const request = (isObject(stored.request as Json) ? stored.request : {}) as JsonObject;
		const str = (v: Json | undefined) => (typeof v === 'string' ? v : undefined);
		// StartTaskContact requests carry no Channel: they make tasks.
		const channel = stored.channel ?? str(request.Channel) ?? 'TASK';
		const completed = request.InitiateAs === 'COMPLETED';
		const life: ContactLife = {
			instanceId,
			contactId,
			initialContactId: contactId,
			channel,
			initiationMethod: str(request.InitiationMethod) ?? 'API',
			createdBy:
				stored.operation ?? (present(request.Channel) ? 'CreateContact' : 'StartTaskContact'),
			state: completed ? 'STOPPED' : 'ACTIVE',
			name: str(request.Name),
			description: str(request.Description),
			references: isObject(request.References) ? request.References : undefined,
			segmentAttributes: isObject(request.SegmentAttributes)
				? request.SegmentAttributes
				: undefined,
			attributes: {
				...((isObject(request.Attributes) ? request.Attributes : {}) as Record<string, string>),
			},
			userId: isObject(request.UserInfo) ? str(request.UserInfo.UserId) : undefined,
			previousContactId: str(request.PreviousContactId),
			relatedContactId: str(request.RelatedContactId),
			initiatedAt: stored.createdAt,
			...(completed && { disconnectedAt: stored.createdAt }),
			lastUpdatedAt: stored.createdAt,
			transfers: 0,
		};
		ctx.state.lives[contactId] = life;
		return life;
	}
	if ((ctx.config.contacts?.[instanceId] ?? []).includes(contactId)) {
		// Contacts the config says exist: inbound voice calls, still active.
		const at = Date.parse('2026-01-01T00:00:00Z');
		const life: ContactLife = {
			instanceId,
			contactId,
			initialContactId: contactId,
			channel: 'VOICE',
			initiationMethod: 'INBOUND',
			createdBy: 'config',
			state: 'ACTIVE',
			attributes: {},
			initiatedAt: at,
			lastUpdatedAt: at,
			transfers: 0,
		};
		ctx.state.lives[contactId] = life;
		return life;
	}
	return undefined;
}

function requireContact(
	ctx: OperationContext,
	instanceId: string,
	contactId: string,
	member = 'ContactId',
): ContactLife {
	const life = lifeOf(ctx, instanceId, contactId);
	if (!life) throw resourceNotFound(`Contact not found for ${member}: ${contactId}`);
	return life;
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.floor(ms / 1000));

function describe(ctx: OperationContext, life: ContactLife): JsonObject {
	const contact: Record<string, Json | undefined> = {
		Arn: contactArn(ctx.config, life.instanceId, life.contactId),
		Id: life.contactId,
		InitialContactId: life.initialContactId,
		PreviousContactId: life.previousContactId,
		InitiationMethod: life.initiationMethod,
		Name: life.name,
		Description: life.description,
		Channel: life.channel,
		QueueInfo: life.queueId
			? { Id: life.queueId, EnqueueTimestamp: seconds(life.lastUpdatedAt) as number }
			: undefined,
		AgentInfo: life.userId ? { Id: life.userId } : undefined,
		InitiationTimestamp: seconds(life.initiatedAt),
		DisconnectTimestamp: seconds(life.disconnectedAt),
		LastUpdateTimestamp: seconds(life.lastUpdatedAt),
		RelatedContactId: life.relatedContactId,
		SegmentAttributes: life.segmentAttributes,
		CustomerEndpoint: life.customerEndpoint,
		SystemEndpoint: life.systemEndpoint,
	};
	return {
		Contact: Object.fromEntries(
			Object.entries(contact).filter(([, v]) => v !== undefined),
		) as JsonObject,
	};
}

/** Attribute keys and the per-contact budget (CreateContact and UpdateContactAttributes API references). */
const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;
const ATTRIBUTES_BUDGET = 32768;

function checkAttributeRules(attributes: Record<string, string>, what: string): void {
	let bytes = 0;
	for (const [k, v] of Object.entries(attributes)) {
		if (!ATTRIBUTE_KEY.test(k)) {
			throw invalidRequest(
				`${what} key '${k.slice(0, 128)}' is not valid: attribute keys can include only alphanumeric, dash, and underscore characters.`,
			);
		}
		bytes += utf8Bytes(k) + utf8Bytes(v);
	}
	if (bytes > ATTRIBUTES_BUDGET) {
		throw invalidRequest(
			`${what} would be ${bytes} UTF-8 bytes across all key-value pairs of the contact; the limit is ${ATTRIBUTES_BUDGET}.`,
		);
	}
}

/**
 * Idempotency of the APIs that take a ClientToken: same token and request (its modeled members, as
 * CreateContact compares them) → the first answer; another request → 409.
 */
function withToken(
	ctx: OperationContext,
	api: string,
	instanceId: string,
	token: string | undefined,
	input: JsonObject,
	act: () => JsonObject,
): OperationResult {
	if (token === undefined) return { body: act(), outcome: 'ok' };
	const key = `${api}:${instanceId}:${token}`;
	const requestHash = requestHashOf(input);
	const seen = replayOf(ctx.state.lifecycleTokens[key], requestHash, api, token);
	if (seen) return { body: seen.body, outcome: 'replay' };
	const answer = act();
	ctx.state.lifecycleTokens[key] = { requestHash, body: answer, hits: 1, conflicts: 0 };
	return { body: answer, outcome: 'ok' };
}

// ---------------------------------------------------------------- operations

const ok = (body: JsonObject): OperationResult => ({ body, outcome: 'ok' });

/** IAM, then the instance: what every operation here does first. */
function open(context: OperationContext, instanceId: string): string {
	context.authorizeInstance(instanceId);
	requireInstance(context.config, instanceId);
	return instanceId;
}

const describeContact: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	return ok(describe(ctx, requireContact(ctx, instanceId, input.ContactId as string)));
};

const getContactAttributes: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	const life = requireContact(
		ctx,
		instanceId,
		input.InitialContactId as string,
		'InitialContactId',
	);
	return ok({ Attributes: { ...life.attributes } });
};

const updateContactAttributes: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	const life = requireContact(
		ctx,
		instanceId,
		input.InitialContactId as string,
		'InitialContactId',
	);
	// Works on ongoing and completed contacts (API reference); the budget is per contact.
	const merged = { ...life.attributes, ...(input.Attributes as Record<string, string>) };
	checkAttributeRules(merged, 'Attributes');
	life.attributes = merged;
	life.lastUpdatedAt = ctx.now;
	return ok({});
};

/** StopContact: "voice contacts with DISCONNECT, TRANSFER, QUEUE_TRANSFER, EXTERNAL_OUTBOUND or MONITOR cannot" be stopped. */
const VOICE_NOT_STOPPABLE = [
	'DISCONNECT',
	'TRANSFER',
	'QUEUE_TRANSFER',
	'EXTERNAL_OUTBOUND',
	'MONITOR',
];

const stopContact: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	const life = requireContact(ctx, instanceId, input.ContactId as string);
	if (life.state === 'STOPPED') {
		throw new ApiError(
			410,
			'ContactNotFoundException',
			'The contact with the specified ID is not active or does not exist.',
			'notFound',
		);
	}
	if (life.channel === 'VOICE' && VOICE_NOT_STOPPABLE.includes(life.initiationMethod)) {
		throw invalidRequest(
			`Voice contacts with InitiationMethod '${life.initiationMethod}' cannot be stopped with StopContact.`,
		);
	}
	if (input.DisconnectReason !== undefined) {
		throw invalidRequest(
			'DisconnectReason can only be provided by Amazon Connect outbound campaigns.',
		);
	}
	life.state = 'STOPPED';
	life.disconnectedAt = ctx.now;
	life.lastUpdatedAt = ctx.now;
	return ok({});
};

/** UpdateContact: queue, agent and endpoints are "for external audio contacts" (VOICE, TRANSFER) only. */
const EXTERNAL_AUDIO_ONLY = ['QueueInfo', 'UserInfo', 'CustomerEndpoint', 'SystemEndpoint'];
const UPDATABLE = [
	'Name',
	'Description',
	'References',
	'SegmentAttributes',
	...EXTERNAL_AUDIO_ONLY,
];

const updateContact: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	const life = requireContact(ctx, instanceId, input.ContactId as string);
	const given = UPDATABLE.filter((m) => input[m] !== undefined);
	if (given.length === 0)
		throw invalidRequest(
			'At least one of Name, Description, References, SegmentAttributes, QueueInfo, UserInfo, CustomerEndpoint or SystemEndpoint must be provided.',
		);
	const externalAudio = life.channel === 'VOICE' && life.initiationMethod === 'TRANSFER';
	const audioOnly = given.filter((m) => EXTERNAL_AUDIO_ONLY.includes(m));
	if (audioOnly.length && !externalAudio) {
		throw invalidRequest(
			`${audioOnly.join(', ')} can be updated only for external audio contacts (Channel VOICE, InitiationMethod TRANSFER); this contact is ${life.channel} ${life.initiationMethod}.`,
		);
	}
	const queueId = (input.QueueInfo as JsonObject | undefined)?.Id;
	if (typeof queueId === 'string') {
		requireQueue(ctx, instanceId, queueId);
		life.queueId = queueId;
	}
	const userId = (input.UserInfo as JsonObject | undefined)?.UserId;
	if (typeof userId === 'string') {
		requireUser(ctx, instanceId, userId);
		life.userId = userId;
	}
	if (typeof input.Name === 'string') life.name = input.Name;
	if (typeof input.Description === 'string') life.description = input.Description;
	if (isObject(input.References)) life.references = { ...life.references, ...input.References };
	if (isObject(input.SegmentAttributes))
		life.segmentAttributes = { ...life.segmentAttributes, ...input.SegmentAttributes };
	if (isObject(input.CustomerEndpoint)) life.customerEndpoint = input.CustomerEndpoint;
	if (isObject(input.SystemEndpoint)) life.systemEndpoint = input.SystemEndpoint;
	life.lastUpdatedAt = ctx.now;
	return ok({});
};

function requireQueue(ctx: OperationContext, instanceId: string, queueId: string): EmulatorQueue {
	const id = queueId.includes('/queue/') ? queueId.slice(queueId.lastIndexOf('/') + 1) : queueId;
	const queue = (ctx.config.queues?.[instanceId] ?? []).find((q) => q.id === id);
	if (!queue) throw resourceNotFound(`Queue not found for QueueId: ${queueId}`);
	return queue;
}

function requireUser(ctx: OperationContext, instanceId: string, userId: string): void {
	const id = userId.includes('/agent/') ? userId.slice(userId.lastIndexOf('/') + 1) : userId;
	if (!(ctx.config.users[instanceId] ?? []).some((u) => u.id === id))
		throw resourceNotFound(`User not found for UserId: ${userId}`);
}

/** TransferContact: flows of these types only (API reference: "inbound flow, transfer to agent flow, or transfer to queue flow"). */
const TRANSFER_FLOW_TYPES = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'];
const MAX_TRANSFERS = 11;

const transferContact: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	const contactId = input.ContactId as string;
	const flowId = input.ContactFlowId as string;
	const queueId = input.QueueId as string | undefined;
	const userId = input.UserId as string | undefined;
	const token = input.ClientToken as string | undefined;
	return withToken(ctx, 'TransferContact', instanceId, token, input, () => {
		const life = requireContact(ctx, instanceId, contactId);
		if (queueId !== undefined && userId !== undefined)
			throw invalidRequest(
				'Do not use both QueueId and UserId in the same TransferContact request.',
			);
		if (life.channel !== 'TASK' && life.channel !== 'EMAIL') {
			throw invalidRequest(
				`TransferContact supports only TASK and EMAIL contacts; this contact's channel is ${life.channel}.`,
			);
		}
		if (life.state !== 'ACTIVE')
			throw invalidRequest(
				'TransferContact supports only active contacts; this contact has ended.',
			);
		const flow = (ctx.config.flows?.[instanceId] ?? []).find((f) => f.id === flowId);
		if (!flow) throw resourceNotFound(`Contact flow not found for ContactFlowId: ${flowId}`);
		if (!TRANSFER_FLOW_TYPES.includes(flow.type)) {
			throw invalidRequest(
				`ContactFlowId must be a flow of type ${TRANSFER_FLOW_TYPES.join(', ')}; '${flow.name}' is ${flow.type}.`,
			);
		}
		if (life.transfers >= MAX_TRANSFERS)
			throw invalidRequest(`A contact can be transferred at most ${MAX_TRANSFERS} times.`);
		const queue = queueId !== undefined ? requireQueue(ctx, instanceId, queueId) : undefined;
		if (userId !== undefined) requireUser(ctx, instanceId, userId);
		// The transfer ends this contact and continues it in a new one of the same chain, with the same attributes.
		const now = ctx.now;
		const next: ContactLife = {
			...life,
			contactId: randomUUID(),
			previousContactId: life.contactId,
			initiationMethod: queue !== undefined ? 'QUEUE_TRANSFER' : 'TRANSFER',
			createdBy: 'TransferContact',
			state: 'ACTIVE',
			queueId: queue?.id,
			userId: userId,
			initiatedAt: now,
			disconnectedAt: undefined,
			lastUpdatedAt: now,
			transfers: life.transfers + 1,
		};
		// Attributes are shared by the chain: one object.
		next.attributes = life.attributes;
		life.state = 'STOPPED';
		life.disconnectedAt = now;
		life.lastUpdatedAt = now;
		life.transfers = next.transfers;
		ctx.state.lives[next.contactId] = next;
		return {
			ContactId: next.contactId,
			ContactArn: contactArn(ctx.config, instanceId, next.contactId),
		};
	});
};

/** StartOutboundEmailContact sends "an AGENT_REPLY or OUTBOUND contact … created from the CreateContact API". */
const SENDABLE_METHODS = ['OUTBOUND', 'AGENT_REPLY'];
/** At most 50 recipients in all (the To address and the CCs). */
const MAX_RECIPIENTS = 50;

const startOutboundEmailContact: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	const contactId = input.ContactId as string;
	const token = input.ClientToken as string | undefined;
	const from = input.FromEmailAddress as JsonObject | undefined;
	const recipients = input.AdditionalRecipients as JsonObject | undefined;
	const ccCount = ((recipients?.CcEmailAddresses as Json[] | undefined) ?? []).length;
	return withToken(ctx, 'StartOutboundEmailContact', instanceId, token, input, () => {
		// MessageSourceType says where the message comes from ("RAW or TEMPLATE"): that member must be given.
		const message = input.EmailMessage as JsonObject;
		const source = message.MessageSourceType;
		if (source === 'RAW' && message.RawMessage === undefined)
			throw invalidRequest('RawMessage is required when MessageSourceType is RAW.');
		if (source === 'TEMPLATE' && message.TemplatedMessageConfig === undefined)
			throw invalidRequest(
				'TemplatedMessageConfig is required when MessageSourceType is TEMPLATE.',
			);
		if (1 + ccCount > MAX_RECIPIENTS)
			throw invalidRequest(
				`An email can have at most ${MAX_RECIPIENTS} recipients in all; this one has ${1 + ccCount}.`,
			);
		const life = requireContact(ctx, instanceId, contactId);
		if (
			life.createdBy !== 'CreateContact' ||
			life.channel !== 'EMAIL' ||
			!SENDABLE_METHODS.includes(life.initiationMethod)
		) {
			throw invalidRequest(
				`StartOutboundEmailContact sends only EMAIL contacts with InitiationMethod OUTBOUND or AGENT_REPLY created by CreateContact; this contact is ${life.channel} ${life.initiationMethod}.`,
			);
		}
		if (life.state !== 'ACTIVE')
			throw invalidRequest('The contact has ended; create a new email contact to send.');
		if (from !== undefined) {
			const address = String(from.EmailAddress).toLowerCase();
			const known = (ctx.config.emailAddresses?.[instanceId] ?? []).some(
				(a) => a.address.toLowerCase() === address,
			);
			if (!known)
				throw resourceNotFound(`Email address not found in the instance for FromEmailAddress.`);
		}
		ctx.state.emails.push({
			instanceId,
			contactId,
			clientToken: token,
			request: ctx.body,
			at: ctx.now,
		});
		life.lastUpdatedAt = ctx.now;
		return { ContactId: contactId };
	});
};

/** The page after `token` of `all`; tokens are bound to the operation and the query (`scope`) they came from. */
function listed<T>(
	all: T[],
	input: JsonObject,
	operation: string,
	scope: string,
): { items: T[]; nextToken?: string } {
	const max = (input.MaxResults as number | undefined) ?? 100;
	const token = input.NextToken as string | undefined;
	const offset =
		token === undefined
			? 0
			: decodeToken(token, operation, scope, () => invalidRequest('The nextToken is not valid.'));
	return page(all, offset, max, operation, scope);
}

const searchEmailAddresses: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	// Criteria: the StringCondition of EmailAddress (CONTAINS, STARTS_WITH, EXACT), case-insensitive.
	const condition = (input.SearchCriteria as JsonObject | undefined)?.StringCondition as
		JsonObject | undefined;
	const value = typeof condition?.Value === 'string' ? condition.Value.toLowerCase() : '';
	const matches = (text: string) =>
		condition?.ComparisonType === 'EXACT'
			? text === value
			: condition?.ComparisonType === 'STARTS_WITH'
				? text.startsWith(value)
				: text.includes(value);
	const all = (ctx.config.emailAddresses?.[instanceId] ?? []).filter((a) =>
		matches(a.address.toLowerCase()),
	);
	const p = listed(all, input, 'SearchEmailAddresses', instanceId);
	return ok({
		EmailAddresses: p.items.map((a) => ({
			EmailAddressId: a.id,
			EmailAddressArn: `${instanceArn(ctx.config, instanceId)}/email-address/${a.id}`,
			EmailAddress: a.address,
			...(a.displayName && { DisplayName: a.displayName }),
			...(a.description && { Description: a.description }),
		})),
		ApproximateTotalCount: all.length,
		...(p.nextToken ? { NextToken: p.nextToken } : {}),
	});
};

const listQueues: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	const types = (input.QueueTypes as string[] | undefined) ?? [];
	const all = (ctx.config.queues?.[instanceId] ?? []).filter(
		(q) => types.length === 0 || types.includes(q.type ?? 'STANDARD'),
	);
	const p = listed(all, input, 'ListQueues', `${instanceId}:${types.join(',')}`);
	return ok({
		QueueSummaryList: p.items.map((q) => ({
			Id: q.id,
			Arn: `${instanceArn(ctx.config, instanceId)}/queue/${q.id}`,
			Name: q.name,
			QueueType: q.type ?? 'STANDARD',
		})),
		...(p.nextToken ? { NextToken: p.nextToken } : {}),
	});
};

const listContactFlows: OperationHandler = (input, ctx) => {
	const instanceId = open(ctx, input.InstanceId as string);
	const types = (input.ContactFlowTypes as string[] | undefined) ?? [];
	const all = (ctx.config.flows?.[instanceId] ?? []).filter(
		(f) => types.length === 0 || types.includes(f.type),
	);
	const p = listed(all, input, 'ListContactFlows', `${instanceId}:${types.join(',')}`);
	return ok({
		ContactFlowSummaryList: p.items.map((f) => ({
			Id: f.id,
			Arn: `${instanceArn(ctx.config, instanceId)}/contact-flow/${f.id}`,
			Name: f.name,
			ContactFlowType: f.type,
			ContactFlowState: f.state ?? 'ACTIVE',
			ContactFlowStatus: f.status ?? 'PUBLISHED',
		})),
		...(p.nextToken ? { NextToken: p.nextToken } : {}),
	});
};

/** The handlers of this file, by operation name (see operations.ts). */
export const LIFECYCLE_HANDLERS: Readonly<Record<string, OperationHandler>> = {
	DescribeContact: describeContact,
	GetContactAttributes: getContactAttributes,
	UpdateContactAttributes: updateContactAttributes,
	UpdateContact: updateContact,
	StopContact: stopContact,
	TransferContact: transferContact,
	StartOutboundEmailContact: startOutboundEmailContact,
	SearchEmailAddresses: searchEmailAddresses,
	ListQueues: listQueues,
	ListContactFlows: listContactFlows,
};
