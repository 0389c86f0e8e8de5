/**
 * The contact's life after CreateContact: DescribeContact, GetContactAttributes,
 * UpdateContactAttributes, UpdateContact, StopContact, TransferContact, StartOutboundEmailContact,
 * and the lists their forms pick from (SearchEmailAddresses, ListQueues, ListContactFlows).
 *
 * Contacts keep their state across calls (active or stopped, attributes, transfers, emails sent), so
 * a workflow's sequence can be checked end to end. Each handler checks the model's constraints of its
 * members (InvalidParameterException, all together), then the documented rules (InvalidRequestException),
 * written here independently of the node's own tables.
 */
import { createHash, randomUUID } from 'node:crypto';

import type { EmulatorConfig } from './config';
import {
	contactArn,
	decodeToken,
	firstOf,
	instanceArn,
	page,
	queryInt,
	requireInstance,
} from './directory';
import {
	ApiError,
	idempotency,
	invalidParameter,
	invalidRequest,
	resourceNotFound,
	validationMessage,
} from './errors';
import {
	canonicalJson,
	isObject,
	type Json,
	type JsonObject,
	memberPath,
	utf8Bytes,
	Violations,
} from './validate';

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

/** What the lifecycle needs of the emulator: its config, its stored contacts and how it authorizes. */
export interface LifecycleContext {
	config: EmulatorConfig;
	/** The contacts CreateContact (and StartTaskContact) stored, with the request each was made from. */
	contacts: ReadonlyArray<{
		contactId: string;
		instanceId: string;
		request: unknown;
		createdAt: number;
		channel?: string;
		operation?: string;
	}>;
	state: LifecycleState;
	authorize(action: string, instanceId: string): void;
}

export interface LifecycleRoute {
	operation: LifecycleOperation;
	action: string;
	labels: Record<string, string>;
}

export const LIFECYCLE_OPERATIONS = [
	'DescribeContact',
	'GetContactAttributes',
	'UpdateContactAttributes',
	'UpdateContact',
	'StopContact',
	'TransferContact',
	'StartOutboundEmailContact',
	'SearchEmailAddresses',
	'ListQueues',
	'ListContactFlows',
] as const;
export type LifecycleOperation = (typeof LIFECYCLE_OPERATIONS)[number];

const decode = (s: string) => {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
};

const ROUTES: Array<{
	method: string;
	path: RegExp;
	operation: LifecycleOperation;
	labels: string[];
}> = [
	{
		method: 'GET',
		path: /^\/contacts\/([^/]+)\/([^/]+)$/,
		operation: 'DescribeContact',
		labels: ['InstanceId', 'ContactId'],
	},
	{
		method: 'POST',
		path: /^\/contacts\/([^/]+)\/([^/]+)$/,
		operation: 'UpdateContact',
		labels: ['InstanceId', 'ContactId'],
	},
	{
		method: 'GET',
		path: /^\/contact\/attributes\/([^/]+)\/([^/]+)$/,
		operation: 'GetContactAttributes',
		labels: ['InstanceId', 'InitialContactId'],
	},
	{
		method: 'POST',
		path: /^\/contact\/attributes$/,
		operation: 'UpdateContactAttributes',
		labels: [],
	},
	{ method: 'POST', path: /^\/contact\/stop$/, operation: 'StopContact', labels: [] },
	{ method: 'POST', path: /^\/contact\/transfer$/, operation: 'TransferContact', labels: [] },
	{
		method: 'PUT',
		path: /^\/contact\/outbound-email$/,
		operation: 'StartOutboundEmailContact',
		labels: [],
	},
	{
		method: 'POST',
		path: /^\/search-email-addresses$/,
		operation: 'SearchEmailAddresses',
		labels: [],
	},
	{
		method: 'GET',
		path: /^\/queues-summary\/([^/]+)$/,
		operation: 'ListQueues',
		labels: ['InstanceId'],
	},
	{
		method: 'GET',
		path: /^\/contact-flows-summary\/([^/]+)$/,
		operation: 'ListContactFlows',
		labels: ['InstanceId'],
	},
];

export function lifecycleRoute(method: string, rawPath: string): LifecycleRoute | undefined {
	for (const r of ROUTES) {
		const m = r.method === method ? r.path.exec(rawPath) : null;
		if (!m) continue;
		const labels = Object.fromEntries(r.labels.map((name, i) => [name, decode(m[i + 1])]));
		return { operation: r.operation, action: `connect:${r.operation}`, labels };
	}
	return undefined;
}

export function emptyLifecycleState(): LifecycleState {
	return { lives: {}, emails: [], lifecycleTokens: {} };
}

export function resetLifecycleState(state: LifecycleState): void {
	for (const k of Object.keys(state.lives)) delete state.lives[k];
	state.emails.length = 0;
	for (const k of Object.keys(state.lifecycleTokens)) delete state.lifecycleTokens[k];
}

// ---------------------------------------------------------------- model checks

const INSTANCE_ID = { min: 1, max: 100 };
const CONTACT_ID = { min: 1, max: 256 };
const CLIENT_TOKEN = { min: 0, max: 500 };
const present = (v: Json | undefined): v is Json => v !== undefined && v !== null;

function required(
	vs: Violations,
	body: JsonObject,
	name: string,
	range: { min: number; max: number },
): string | undefined {
	if (!present(body[name])) {
		vs.add(memberPath(name), 'Member must not be null');
		return undefined;
	}
	return vs.string(memberPath(name), body[name], range);
}

function optional(
	vs: Violations,
	body: JsonObject,
	name: string,
	range: { min: number; max: number },
	path = memberPath(name),
): string | undefined {
	return present(body[name]) ? vs.string(path, body[name], range) : undefined;
}

function done(vs: Violations): void {
	if (vs.list.length > 0) throw invalidParameter(validationMessage(vs.list));
}

function attributeMap(vs: Violations, path: string, v: Json): Record<string, string> | undefined {
	const map = vs.object(path, v, 'a map of strings');
	if (!map) return undefined;
	for (const [k, value] of Object.entries(map)) {
		if (k.length < 1 || k.length > 32767)
			vs.add(
				path,
				'Map keys must satisfy constraint: [Member must have length between 1 and 32767]',
			);
		if (typeof value !== 'string') vs.add(`${path}.${k}`, 'Member must be a string', value);
		else if (value.length > 32767)
			vs.add(
				path,
				'Map value must satisfy constraint: [Member must have length less than or equal to 32767]',
			);
	}
	return map as Record<string, string>;
}

// ---------------------------------------------------------------- contacts

/** The contact's life, created on first use from what CreateContact (or StartTaskContact) stored. */
function lifeOf(
	ctx: LifecycleContext,
	instanceId: string,
	contactId: string,
): ContactLife | undefined {
	const known = ctx.state.lives[contactId];
	if (known) return known.instanceId === instanceId ? known : undefined;
	const stored = ctx.contacts.find((c) => c.instanceId === instanceId && c.contactId === contactId);
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
	ctx: LifecycleContext,
	instanceId: string,
	contactId: string,
	member = 'ContactId',
): ContactLife {
	const life = lifeOf(ctx, instanceId, contactId);
	if (!life) throw resourceNotFound(`Contact not found for ${member}: ${contactId}`);
	return life;
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.floor(ms / 1000));

function describe(ctx: LifecycleContext, life: ContactLife): JsonObject {
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

/** Idempotency of the APIs that take a ClientToken: same token and request → the first answer; other request → 409. */
function withToken(
	ctx: LifecycleContext,
	api: string,
	instanceId: string,
	token: string | undefined,
	body: JsonObject,
	act: () => JsonObject,
): { body: JsonObject; outcome: string } {
	if (token === undefined) return { body: act(), outcome: 'ok' };
	const key = `${api}:${instanceId}:${token}`;
	const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
	const seen = ctx.state.lifecycleTokens[key];
	if (seen) {
		if (seen.requestHash !== requestHash) {
			seen.conflicts++;
			throw idempotency(
				`ClientToken '${token}' was already used for a ${api} request with different parameters in this instance.`,
			);
		}
		seen.hits++;
		return { body: seen.body, outcome: 'replay' };
	}
	const answer = act();
	ctx.state.lifecycleTokens[key] = { requestHash, body: answer, hits: 1, conflicts: 0 };
	return { body: answer, outcome: 'ok' };
}

// ---------------------------------------------------------------- operations

function describeContact(ctx: LifecycleContext, labels: Record<string, string>): JsonObject {
	const vs = new Violations();
	vs.string('instanceId', labels.InstanceId, INSTANCE_ID);
	vs.string('contactId', labels.ContactId, CONTACT_ID);
	done(vs);
	ctx.authorize('connect:DescribeContact', labels.InstanceId);
	requireInstance(ctx.config, labels.InstanceId);
	return describe(ctx, requireContact(ctx, labels.InstanceId, labels.ContactId));
}

function getContactAttributes(ctx: LifecycleContext, labels: Record<string, string>): JsonObject {
	const vs = new Violations();
	vs.string('instanceId', labels.InstanceId, INSTANCE_ID);
	vs.string('initialContactId', labels.InitialContactId, CONTACT_ID);
	done(vs);
	ctx.authorize('connect:GetContactAttributes', labels.InstanceId);
	requireInstance(ctx.config, labels.InstanceId);
	const life = requireContact(ctx, labels.InstanceId, labels.InitialContactId, 'InitialContactId');
	return { Attributes: { ...life.attributes } };
}

function updateContactAttributes(ctx: LifecycleContext, body: JsonObject): JsonObject {
	const vs = new Violations();
	const instanceId = required(vs, body, 'InstanceId', INSTANCE_ID);
	const contactId = required(vs, body, 'InitialContactId', CONTACT_ID);
	const attributes = present(body.Attributes)
		? attributeMap(vs, 'attributes', body.Attributes)
		: (vs.add('attributes', 'Member must not be null'), undefined);
	done(vs);
	ctx.authorize('connect:UpdateContactAttributes', instanceId!);
	requireInstance(ctx.config, instanceId!);
	const life = requireContact(ctx, instanceId!, contactId!, 'InitialContactId');
	// Works on ongoing and completed contacts (API reference); the budget is per contact.
	const merged = { ...life.attributes, ...attributes };
	checkAttributeRules(merged, 'Attributes');
	life.attributes = merged;
	life.lastUpdatedAt = Date.now();
	return {};
}

/** StopContact: "voice contacts with DISCONNECT, TRANSFER, QUEUE_TRANSFER, EXTERNAL_OUTBOUND or MONITOR cannot" be stopped. */
const VOICE_NOT_STOPPABLE = [
	'DISCONNECT',
	'TRANSFER',
	'QUEUE_TRANSFER',
	'EXTERNAL_OUTBOUND',
	'MONITOR',
];

function stopContact(ctx: LifecycleContext, body: JsonObject): JsonObject {
	const vs = new Violations();
	const instanceId = required(vs, body, 'InstanceId', INSTANCE_ID);
	const contactId = required(vs, body, 'ContactId', CONTACT_ID);
	if (present(body.DisconnectReason)) {
		const reason = vs.object('disconnectReason', body.DisconnectReason);
		if (reason && present(reason.Code))
			vs.string('disconnectReason.code', reason.Code, { min: 0, max: 128 });
	}
	done(vs);
	ctx.authorize('connect:StopContact', instanceId!);
	requireInstance(ctx.config, instanceId!);
	const life = requireContact(ctx, instanceId!, contactId!);
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
	if (present(body.DisconnectReason)) {
		throw invalidRequest(
			'DisconnectReason can only be provided by Amazon Connect outbound campaigns.',
		);
	}
	life.state = 'STOPPED';
	life.disconnectedAt = Date.now();
	life.lastUpdatedAt = life.disconnectedAt;
	return {};
}

const ENDPOINT_TYPES = [
	'TELEPHONE_NUMBER',
	'VOIP',
	'CONTACT_FLOW',
	'CONNECT_PHONENUMBER_ARN',
	'EMAIL_ADDRESS',
];
const EXTERNAL_AUDIO_ONLY = ['QueueInfo', 'UserInfo', 'CustomerEndpoint', 'SystemEndpoint'];
const UPDATABLE = [
	'Name',
	'Description',
	'References',
	'SegmentAttributes',
	...EXTERNAL_AUDIO_ONLY,
];

function updateContact(
	ctx: LifecycleContext,
	labels: Record<string, string>,
	body: JsonObject,
): JsonObject {
	const vs = new Violations();
	vs.string('instanceId', labels.InstanceId, INSTANCE_ID);
	vs.string('contactId', labels.ContactId, CONTACT_ID);
	optional(vs, body, 'Name', { min: 0, max: 1024 });
	optional(vs, body, 'Description', { min: 0, max: 4096 });
	if (present(body.References)) {
		const refs = vs.object('references', body.References, 'a map of Reference structures');
		for (const [k, v] of Object.entries(refs ?? {})) {
			const ref = vs.object(`references.${k}.member`, v);
			if (ref && !present(ref.Type))
				vs.add(`references.${k}.member.type`, 'Member must not be null');
			if (ref && present(ref.Value))
				vs.string(`references.${k}.member.value`, ref.Value, { min: 0, max: 4096 });
		}
	}
	if (present(body.SegmentAttributes))
		vs.object(
			'segmentAttributes',
			body.SegmentAttributes,
			'a map of SegmentAttributeValue structures',
		);
	if (present(body.QueueInfo)) vs.object('queueInfo', body.QueueInfo);
	if (present(body.UserInfo)) {
		const user = vs.object('userInfo', body.UserInfo);
		if (user && present(user.UserId))
			vs.string('userInfo.userId', user.UserId, { min: 1, max: 256 });
	}
	for (const name of ['CustomerEndpoint', 'SystemEndpoint']) {
		if (!present(body[name])) continue;
		const endpoint = vs.object(memberPath(name), body[name]);
		if (endpoint && present(endpoint.Type))
			vs.enumValue(`${memberPath(name)}.type`, endpoint.Type, ENDPOINT_TYPES);
		if (endpoint && present(endpoint.Address))
			vs.string(`${memberPath(name)}.address`, endpoint.Address, { min: 0, max: 256 });
	}
	done(vs);
	ctx.authorize('connect:UpdateContact', labels.InstanceId);
	requireInstance(ctx.config, labels.InstanceId);
	const life = requireContact(ctx, labels.InstanceId, labels.ContactId);
	const given = UPDATABLE.filter((m) => present(body[m]));
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
	if (isObject(body.QueueInfo) && typeof body.QueueInfo.Id === 'string') {
		requireQueue(ctx, labels.InstanceId, body.QueueInfo.Id);
		life.queueId = body.QueueInfo.Id;
	}
	if (isObject(body.UserInfo) && typeof body.UserInfo.UserId === 'string') {
		requireUser(ctx, labels.InstanceId, body.UserInfo.UserId);
		life.userId = body.UserInfo.UserId;
	}
	if (typeof body.Name === 'string') life.name = body.Name;
	if (typeof body.Description === 'string') life.description = body.Description;
	if (isObject(body.References)) life.references = { ...life.references, ...body.References };
	if (isObject(body.SegmentAttributes))
		life.segmentAttributes = { ...life.segmentAttributes, ...body.SegmentAttributes };
	if (isObject(body.CustomerEndpoint)) life.customerEndpoint = body.CustomerEndpoint;
	if (isObject(body.SystemEndpoint)) life.systemEndpoint = body.SystemEndpoint;
	life.lastUpdatedAt = Date.now();
	return {};
}

function requireQueue(ctx: LifecycleContext, instanceId: string, queueId: string): EmulatorQueue {
	const id = queueId.includes('/queue/') ? queueId.slice(queueId.lastIndexOf('/') + 1) : queueId;
	const queue = (ctx.config.queues?.[instanceId] ?? []).find((q) => q.id === id);
	if (!queue) throw resourceNotFound(`Queue not found for QueueId: ${queueId}`);
	return queue;
}

function requireUser(ctx: LifecycleContext, instanceId: string, userId: string): void {
	const id = userId.includes('/agent/') ? userId.slice(userId.lastIndexOf('/') + 1) : userId;
	if (!(ctx.config.users[instanceId] ?? []).some((u) => u.id === id))
		throw resourceNotFound(`User not found for UserId: ${userId}`);
}

/** TransferContact: flows of these types only (API reference: "inbound flow, transfer to agent flow, or transfer to queue flow"). */
const TRANSFER_FLOW_TYPES = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'];
const MAX_TRANSFERS = 11;

function transferContact(
	ctx: LifecycleContext,
	body: JsonObject,
): { body: JsonObject; outcome: string } {
	const vs = new Violations();
	const instanceId = required(vs, body, 'InstanceId', INSTANCE_ID);
	const contactId = required(vs, body, 'ContactId', CONTACT_ID);
	const flowId = required(vs, body, 'ContactFlowId', { min: 0, max: 500 });
	if (present(body.QueueId) && typeof body.QueueId !== 'string')
		vs.add('queueId', 'Member must be a string', body.QueueId);
	const userId = optional(vs, body, 'UserId', { min: 1, max: 256 });
	const token = optional(vs, body, 'ClientToken', CLIENT_TOKEN);
	done(vs);
	ctx.authorize('connect:TransferContact', instanceId!);
	requireInstance(ctx.config, instanceId!);
	const queueId = typeof body.QueueId === 'string' ? body.QueueId : undefined;
	return withToken(ctx, 'TransferContact', instanceId!, token, body, () => {
		const life = requireContact(ctx, instanceId!, contactId!);
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
		const flow = (ctx.config.flows?.[instanceId!] ?? []).find((f) => f.id === flowId);
		if (!flow) throw resourceNotFound(`Contact flow not found for ContactFlowId: ${flowId}`);
		if (!TRANSFER_FLOW_TYPES.includes(flow.type)) {
			throw invalidRequest(
				`ContactFlowId must be a flow of type ${TRANSFER_FLOW_TYPES.join(', ')}; '${flow.name}' is ${flow.type}.`,
			);
		}
		if (life.transfers >= MAX_TRANSFERS)
			throw invalidRequest(`A contact can be transferred at most ${MAX_TRANSFERS} times.`);
		if (queueId !== undefined) requireQueue(ctx, instanceId!, queueId);
		if (userId !== undefined) requireUser(ctx, instanceId!, userId);
		// The transfer ends this contact and continues it in a new one of the same chain, with the same attributes.
		const now = Date.now();
		const next: ContactLife = {
			...life,
			contactId: randomUUID(),
			previousContactId: life.contactId,
			initiationMethod: queueId !== undefined ? 'QUEUE_TRANSFER' : 'TRANSFER',
			createdBy: 'TransferContact',
			state: 'ACTIVE',
			queueId: queueId !== undefined ? requireQueue(ctx, instanceId!, queueId).id : undefined,
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
			ContactArn: contactArn(ctx.config, instanceId!, next.contactId),
		};
	});
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function emailAddress(vs: Violations, path: string, v: Json): JsonObject | undefined {
	const info = vs.object(path, v);
	if (!info) return undefined;
	if (!present(info.EmailAddress)) vs.add(`${path}.emailAddress`, 'Member must not be null');
	else {
		const address = vs.string(
			`${path}.emailAddress`,
			info.EmailAddress,
			{ min: 1, max: 255 },
			true,
		);
		if (address !== undefined && !EMAIL_PATTERN.test(address))
			vs.add(
				`${path}.emailAddress`,
				`Member must satisfy regular expression pattern: ${EMAIL_PATTERN.source}`,
				address,
				true,
			);
	}
	if (present(info.DisplayName))
		vs.string(`${path}.displayName`, info.DisplayName, { min: 0, max: 256 }, true);
	return info;
}

/** StartOutboundEmailContact sends "an AGENT_REPLY or OUTBOUND contact … created from the CreateContact API". */
const SENDABLE_METHODS = ['OUTBOUND', 'AGENT_REPLY'];
/** At most 50 recipients in all (the To address and the CCs). */
const MAX_RECIPIENTS = 50;

function startOutboundEmailContact(
	ctx: LifecycleContext,
	body: JsonObject,
): { body: JsonObject; outcome: string } {
	const vs = new Violations();
	const instanceId = required(vs, body, 'InstanceId', INSTANCE_ID);
	const contactId = required(vs, body, 'ContactId', CONTACT_ID);
	const token = optional(vs, body, 'ClientToken', CLIENT_TOKEN);
	const from = present(body.FromEmailAddress)
		? emailAddress(vs, 'fromEmailAddress', body.FromEmailAddress)
		: undefined;
	if (!present(body.DestinationEmailAddress))
		vs.add('destinationEmailAddress', 'Member must not be null');
	else emailAddress(vs, 'destinationEmailAddress', body.DestinationEmailAddress);
	let ccCount = 0;
	if (present(body.AdditionalRecipients)) {
		const extra = vs.object('additionalRecipients', body.AdditionalRecipients);
		if (extra && present(extra.CcEmailAddresses)) {
			if (!Array.isArray(extra.CcEmailAddresses))
				vs.add('additionalRecipients.ccEmailAddresses', 'Member must be a list');
			else {
				ccCount = extra.CcEmailAddresses.length;
				if (ccCount < 1 || ccCount > 50)
					vs.add(
						'additionalRecipients.ccEmailAddresses',
						'Member must have length between 1 and 50',
					);
				extra.CcEmailAddresses.forEach((cc, i) =>
					emailAddress(vs, `additionalRecipients.ccEmailAddresses.${i + 1}.member`, cc),
				);
			}
		}
	}
	if (!present(body.EmailMessage)) vs.add('emailMessage', 'Member must not be null');
	else {
		const message = vs.object('emailMessage', body.EmailMessage);
		if (message) {
			if (!present(message.MessageSourceType))
				vs.add('emailMessage.messageSourceType', 'Member must not be null');
			else
				vs.enumValue('emailMessage.messageSourceType', message.MessageSourceType, [
					'TEMPLATE',
					'RAW',
				]);
			if (present(message.RawMessage)) {
				const raw = vs.object('emailMessage.rawMessage', message.RawMessage);
				if (raw) {
					for (const [name, range] of [
						['Subject', { min: 1, max: 998 }],
						['Body', { min: 1, max: 5242880 }],
						['ContentType', { min: 1, max: 100 }],
					] as const) {
						if (!present(raw[name]))
							vs.add(`emailMessage.rawMessage.${memberPath(name)}`, 'Member must not be null');
						else
							vs.string(
								`emailMessage.rawMessage.${memberPath(name)}`,
								raw[name],
								range,
								name !== 'ContentType',
							);
					}
				}
			}
			if (present(message.TemplatedMessageConfig)) {
				const template = vs.object(
					'emailMessage.templatedMessageConfig',
					message.TemplatedMessageConfig,
				);
				if (template) {
					for (const name of ['KnowledgeBaseId', 'MessageTemplateId']) {
						if (!present(template[name]))
							vs.add(
								`emailMessage.templatedMessageConfig.${memberPath(name)}`,
								'Member must not be null',
							);
						else
							vs.string(`emailMessage.templatedMessageConfig.${memberPath(name)}`, template[name], {
								min: 1,
								max: 500,
							});
					}
					if (!present(template.TemplateAttributes))
						vs.add(
							'emailMessage.templatedMessageConfig.templateAttributes',
							'Member must not be null',
						);
					else {
						const attrs = vs.object(
							'emailMessage.templatedMessageConfig.templateAttributes',
							template.TemplateAttributes,
						);
						if (attrs && present(attrs.CustomAttributes))
							attributeMap(
								vs,
								'emailMessage.templatedMessageConfig.templateAttributes.customAttributes',
								attrs.CustomAttributes,
							);
						if (
							attrs &&
							present(attrs.CustomerProfileAttributes) &&
							typeof attrs.CustomerProfileAttributes !== 'string'
						) {
							vs.add(
								'emailMessage.templatedMessageConfig.templateAttributes.customerProfileAttributes',
								'Member must be a string',
							);
						}
					}
				}
			}
		}
	}
	done(vs);
	ctx.authorize('connect:StartOutboundEmailContact', instanceId!);
	requireInstance(ctx.config, instanceId!);
	return withToken(ctx, 'StartOutboundEmailContact', instanceId!, token, body, () => {
		const message = body.EmailMessage as JsonObject;
		const source = message.MessageSourceType;
		if (source === 'RAW' && !present(message.RawMessage))
			throw invalidRequest('RawMessage is required when MessageSourceType is RAW.');
		if (source === 'TEMPLATE' && !present(message.TemplatedMessageConfig))
			throw invalidRequest(
				'TemplatedMessageConfig is required when MessageSourceType is TEMPLATE.',
			);
		if (source === 'RAW' && present(message.TemplatedMessageConfig))
			throw invalidRequest('TemplatedMessageConfig cannot be used when MessageSourceType is RAW.');
		if (source === 'TEMPLATE' && present(message.RawMessage))
			throw invalidRequest('RawMessage cannot be used when MessageSourceType is TEMPLATE.');
		if (1 + ccCount > MAX_RECIPIENTS)
			throw invalidRequest(
				`An email can have at most ${MAX_RECIPIENTS} recipients in all; this one has ${1 + ccCount}.`,
			);
		const life = requireContact(ctx, instanceId!, contactId!);
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
		if (from && typeof from.EmailAddress === 'string') {
			const known = (ctx.config.emailAddresses?.[instanceId!] ?? []).some(
				(a) => a.address.toLowerCase() === String(from.EmailAddress).toLowerCase(),
			);
			if (!known)
				throw resourceNotFound(`Email address not found in the instance for FromEmailAddress.`);
		}
		ctx.state.emails.push({
			instanceId: instanceId!,
			contactId: contactId!,
			clientToken: token,
			request: body,
			at: Date.now(),
		});
		life.lastUpdatedAt = Date.now();
		return { ContactId: contactId! };
	});
}

function searchEmailAddresses(ctx: LifecycleContext, body: JsonObject): JsonObject {
	const vs = new Violations();
	const instanceId = required(vs, body, 'InstanceId', INSTANCE_ID);
	let max = 100;
	if (present(body.MaxResults)) {
		const n = vs.integer('maxResults', body.MaxResults);
		if (n !== undefined && (n < 1 || n > 100))
			vs.add('maxResults', 'Member must have value between 1 and 100', n);
		max = n ?? max;
	}
	const token = optional(vs, body, 'NextToken', { min: 1, max: 2500 });
	done(vs);
	ctx.authorize('connect:SearchEmailAddresses', instanceId!);
	requireInstance(ctx.config, instanceId!);
	// Criteria: the StringCondition of EmailAddress (CONTAINS, STARTS_WITH, EXACT), case-insensitive.
	const condition =
		isObject(body.SearchCriteria) && isObject(body.SearchCriteria.StringCondition)
			? body.SearchCriteria.StringCondition
			: undefined;
	const value = typeof condition?.Value === 'string' ? condition.Value.toLowerCase() : '';
	const matches = (text: string) =>
		condition?.ComparisonType === 'EXACT'
			? text === value
			: condition?.ComparisonType === 'STARTS_WITH'
				? text.startsWith(value)
				: text.includes(value);
	const all = (ctx.config.emailAddresses?.[instanceId!] ?? []).filter((a) =>
		matches(a.address.toLowerCase()),
	);
	const offset =
		token === undefined
			? 0
			: decodeToken(token, 'SearchEmailAddresses', instanceId!, () =>
					invalidRequest('The nextToken is not valid.'),
				);
	const p = page(all, offset, max, 'SearchEmailAddresses', instanceId!);
	return {
		EmailAddresses: p.items.map((a) => ({
			EmailAddressId: a.id,
			EmailAddressArn: `${instanceArn(ctx.config, instanceId!)}/email-address/${a.id}`,
			EmailAddress: a.address,
			...(a.displayName && { DisplayName: a.displayName }),
			...(a.description && { Description: a.description }),
		})),
		ApproximateTotalCount: all.length,
		...(p.nextToken ? { NextToken: p.nextToken } : {}),
	};
}

function listQueues(
	ctx: LifecycleContext,
	labels: Record<string, string>,
	query: Record<string, string | string[]>,
): JsonObject {
	const vs = new Violations();
	vs.string('instanceId', labels.InstanceId, INSTANCE_ID);
	const max = queryInt(vs, 'maxResults', query.maxResults, 1, 1000) ?? 100;
	const types = query.queueTypes === undefined ? [] : ([] as string[]).concat(query.queueTypes);
	types.forEach((t) => vs.enumValue('queueTypes', t, ['STANDARD', 'AGENT']));
	done(vs);
	ctx.authorize('connect:ListQueues', labels.InstanceId);
	requireInstance(ctx.config, labels.InstanceId);
	const all = (ctx.config.queues?.[labels.InstanceId] ?? []).filter(
		(q) => types.length === 0 || types.includes(q.type ?? 'STANDARD'),
	);
	const token = firstOf(query.nextToken);
	const scope = `${labels.InstanceId}:${types.join(',')}`;
	const offset =
		token === undefined
			? 0
			: decodeToken(token, 'ListQueues', scope, () =>
					invalidRequest('The nextToken is not valid.'),
				);
	const p = page(all, offset, max, 'ListQueues', scope);
	return {
		QueueSummaryList: p.items.map((q) => ({
			Id: q.id,
			Arn: `${instanceArn(ctx.config, labels.InstanceId)}/queue/${q.id}`,
			Name: q.name,
			QueueType: q.type ?? 'STANDARD',
		})),
		...(p.nextToken ? { NextToken: p.nextToken } : {}),
	};
}

const FLOW_TYPES = [
	'CONTACT_FLOW',
	'CUSTOMER_QUEUE',
	'CUSTOMER_HOLD',
	'CUSTOMER_WHISPER',
	'AGENT_HOLD',
	'AGENT_WHISPER',
	'OUTBOUND_WHISPER',
	'AGENT_TRANSFER',
	'QUEUE_TRANSFER',
	'CAMPAIGN',
];

function listContactFlows(
	ctx: LifecycleContext,
	labels: Record<string, string>,
	query: Record<string, string | string[]>,
): JsonObject {
	const vs = new Violations();
	vs.string('instanceId', labels.InstanceId, INSTANCE_ID);
	const max = queryInt(vs, 'maxResults', query.maxResults, 1, 1000) ?? 100;
	const types =
		query.contactFlowTypes === undefined ? [] : ([] as string[]).concat(query.contactFlowTypes);
	if (types.length > 10)
		vs.add('contactFlowTypes', 'Member must have length less than or equal to 10');
	types.forEach((t) => vs.enumValue('contactFlowTypes', t, FLOW_TYPES));
	done(vs);
	ctx.authorize('connect:ListContactFlows', labels.InstanceId);
	requireInstance(ctx.config, labels.InstanceId);
	const all = (ctx.config.flows?.[labels.InstanceId] ?? []).filter(
		(f) => types.length === 0 || types.includes(f.type),
	);
	const token = firstOf(query.nextToken);
	const scope = `${labels.InstanceId}:${types.join(',')}`;
	const offset =
		token === undefined
			? 0
			: decodeToken(token, 'ListContactFlows', scope, () =>
					invalidRequest('The nextToken is not valid.'),
				);
	const p = page(all, offset, max, 'ListContactFlows', scope);
	return {
		ContactFlowSummaryList: p.items.map((f) => ({
			Id: f.id,
			Arn: `${instanceArn(ctx.config, labels.InstanceId)}/contact-flow/${f.id}`,
			Name: f.name,
			ContactFlowType: f.type,
			ContactFlowState: f.state ?? 'ACTIVE',
			ContactFlowStatus: f.status ?? 'PUBLISHED',
		})),
		...(p.nextToken ? { NextToken: p.nextToken } : {}),
	};
}

/** Runs one lifecycle operation; `body` is the parsed JSON body ({} when empty). */
export function operateLifecycle(
	ctx: LifecycleContext,
	route: LifecycleRoute,
	query: Record<string, string | string[]>,
	body: JsonObject,
): { body: JsonObject; outcome: string } {
	const ok = (answer: JsonObject) => ({ body: answer, outcome: 'ok' });
	switch (route.operation) {
		case 'DescribeContact':
			return ok(describeContact(ctx, route.labels));
		case 'GetContactAttributes':
			return ok(getContactAttributes(ctx, route.labels));
		case 'UpdateContactAttributes':
			return ok(updateContactAttributes(ctx, body));
		case 'UpdateContact':
			return ok(updateContact(ctx, route.labels, body));
		case 'StopContact':
			return ok(stopContact(ctx, body));
		case 'TransferContact':
			return transferContact(ctx, body);
		case 'StartOutboundEmailContact':
			return startOutboundEmailContact(ctx, body);
		case 'SearchEmailAddresses':
			return ok(searchEmailAddresses(ctx, body));
		case 'ListQueues':
			return ok(listQueues(ctx, route.labels, query));
		case 'ListContactFlows':
			return ok(listContactFlows(ctx, route.labels, query));
	}
}
