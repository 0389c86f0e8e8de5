/**
 * The read-only operations a user of CreateContact needs to fill its fields: ListInstances,
 * ListUsers and SearchUsers. Wire shapes follow the schemas @aws-sdk/client-connect 3.1136.0
 * deserializes (InstanceSummary, UserSummary, UserSearchSummary with UserIdentityInfoLite);
 * timestamps are epoch seconds, the restJson1 default. Inputs arrive validated against the model
 * (lengths, ranges, required members); what is left here is the lookups and the emulator's search.
 */
import { createHash } from 'node:crypto';
import { partitionOf } from './regions';
import type { EmulatorConfig, EmulatorInstance, EmulatorUser } from './config';
import {
	ApiError,
	invalidParameter,
	invalidRequest,
	resourceNotFound,
	validationMessage,
} from './errors';
import { isObject, Violations, type JsonObject } from './validate';

export function instanceArn(config: EmulatorConfig, instanceId: string): string {
	return `arn:${partitionOf(config.region)}:connect:${config.region}:${config.accountId}:instance/${instanceId}`;
}

export function userArn(config: EmulatorConfig, instanceId: string, userId: string): string {
	return `${instanceArn(config, instanceId)}/agent/${userId}`;
}

export function contactArn(config: EmulatorConfig, instanceId: string, contactId: string): string {
	return `${instanceArn(config, instanceId)}/contact/${contactId}`;
}

export function findInstance(
	config: EmulatorConfig,
	instanceId: string,
): EmulatorInstance | undefined {
	return config.instances.find((i) => i.id === instanceId);
}

/** The service answers 404 for an instance id it does not know (also for an instance ARN passed as id). */
export function requireInstance(config: EmulatorConfig, instanceId: string): EmulatorInstance {
	const instance = findInstance(config, instanceId);
	if (!instance) throw resourceNotFound(`Instance not found for InstanceId: ${instanceId}`);
	return instance;
}

export function epochSeconds(iso: string | undefined, fallback: string): number {
	const ms = Date.parse(iso ?? fallback);
	return Math.floor((Number.isNaN(ms) ? Date.parse(fallback) : ms) / 1000);
}

/** Stable per-instance suffix, shaped like the random one AWS gives the service-linked role. */
function roleSuffix(instanceId: string): string {
	return createHash('sha256')
		.update(instanceId)
		.digest('base64')
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(0, 20);
}

// ---- pagination: opaque tokens bound to the query they came from ----

interface PageToken {
	op: string;
	scope: string;
	offset: number;
}

function encodeToken(t: PageToken): string {
	return Buffer.from(JSON.stringify(t)).toString('base64url');
}

export function decodeToken(
	token: string,
	op: string,
	scope: string,
	invalid: () => ApiError,
): number {
	let t: unknown;
	try {
		t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
	} catch {
		throw invalid();
	}
	if (
		!isObject(t) ||
		t.op !== op ||
		t.scope !== scope ||
		typeof t.offset !== 'number' ||
		!Number.isInteger(t.offset) ||
		t.offset < 0
	) {
		throw invalid();
	}
	return t.offset;
}

export function page<T>(
	items: T[],
	offset: number,
	max: number,
	op: string,
	scope: string,
): { items: T[]; nextToken?: string } {
	const slice = items.slice(offset, offset + max);
	const next = offset + max;
	return next < items.length
		? { items: slice, nextToken: encodeToken({ op, scope, offset: next }) }
		: { items: slice };
}

// ---- ListInstances ----

const LIST_INSTANCES_DEFAULT = 10;

export function listInstances(config: EmulatorConfig, input: JsonObject): JsonObject {
	const max = (input.MaxResults as number | undefined) ?? LIST_INSTANCES_DEFAULT;
	const token = input.NextToken as string | undefined;
	const offset =
		token === undefined
			? 0
			: decodeToken(token, 'ListInstances', config.accountId, () =>
					invalidRequest('The nextToken is not valid.'),
				);
	const partition = partitionOf(config.region);
	const all = config.instances.map((i) => ({
		Id: i.id,
		Arn: instanceArn(config, i.id),
		IdentityManagementType: i.identityManagementType ?? 'CONNECT_MANAGED',
		InstanceAlias: i.alias,
		CreatedTime: epochSeconds(i.createdTime, '2024-01-01T00:00:00Z'),
		ServiceRole: `arn:${partition}:iam::${config.accountId}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_${roleSuffix(i.id)}`,
		InstanceStatus: i.instanceStatus ?? 'ACTIVE',
		InboundCallsEnabled: i.inboundCallsEnabled ?? true,
		OutboundCallsEnabled: i.outboundCallsEnabled ?? true,
		InstanceAccessUrl: `https://${i.alias}.my.connect.aws`,
	}));
	const p = page(all, offset, max, 'ListInstances', config.accountId);
	return { InstanceSummaryList: p.items, ...(p.nextToken ? { NextToken: p.nextToken } : {}) };
}

// ---- ListUsers ----

const LIST_USERS_DEFAULT = 100;

export function listUsers(
	config: EmulatorConfig,
	input: JsonObject,
	authorize: (instanceId: string) => void,
): JsonObject {
	const instanceId = input.InstanceId as string;
	const max = (input.MaxResults as number | undefined) ?? LIST_USERS_DEFAULT;
	authorize(instanceId);
	requireInstance(config, instanceId);
	const token = input.NextToken as string | undefined;
	const offset =
		token === undefined
			? 0
			: decodeToken(token, 'ListUsers', instanceId, () =>
					invalidParameter('The nextToken is not valid.'),
				);
	const all = (config.users[instanceId] ?? []).map((u) => ({
		Id: u.id,
		Arn: userArn(config, instanceId, u.id),
		Username: u.username,
		LastModifiedTime: epochSeconds(u.lastModifiedTime, '2025-01-01T00:00:00Z'),
		LastModifiedRegion: config.region,
	}));
	const p = page(all, offset, max, 'ListUsers', instanceId);
	return { UserSummaryList: p.items, ...(p.nextToken ? { NextToken: p.nextToken } : {}) };
}

// ---- SearchUsers ----

const SEARCH_USERS_DEFAULT = 100;
/** The StringCondition fields the API documents, matched case-insensitively. */
const SEARCH_FIELDS: Record<string, (u: EmulatorUser) => string[]> = {
	username: (u) => [u.username],
	firstname: (u) => [u.firstName ?? ''],
	lastname: (u) => [u.lastName ?? ''],
	routingprofileid: (u) => [u.routingProfileId ?? ''],
	securityprofileid: (u) => u.securityProfileIds ?? [],
	resourceid: (u) => [u.id],
};
type Predicate = (u: EmulatorUser) => boolean;

/**
 * Compiles SearchCriteria (already validated against the model: types, lists, enums) into a
 * predicate. Left here: the FieldName values the API documents, and a Value and ComparisonType,
 * which the model leaves optional but without which a condition matches nothing definite.
 */
function compileCriteria(vs: Violations, path: string, node: JsonObject): Predicate {
	for (const unsupported of ['ListCondition', 'HierarchyGroupCondition']) {
		if (node[unsupported] !== undefined) {
			throw invalidParameter(
				`${unsupported} is not supported by this emulator's SearchUsers (only StringCondition, OrConditions, AndConditions).`,
			);
		}
	}
	const parts: Predicate[] = [];
	const sc = node.StringCondition as JsonObject | undefined;
	if (sc !== undefined) {
		const field =
			typeof sc.FieldName === 'string' ? SEARCH_FIELDS[sc.FieldName.toLowerCase()] : undefined;
		if (!field) {
			vs.add(
				`${path}.stringCondition.fieldName`,
				'Member must be one of: Username, FirstName, LastName, RoutingProfileId, SecurityProfileId, resourceId',
				sc.FieldName,
			);
		}
		const value = sc.Value as string | undefined;
		if (value === undefined) vs.add(`${path}.stringCondition.value`, 'Member must not be null');
		const comparison = sc.ComparisonType as string | undefined;
		if (comparison === undefined)
			vs.add(`${path}.stringCondition.comparisonType`, 'Member must not be null');
		if (field && value !== undefined && comparison !== undefined) {
			const needle = value.toLowerCase();
			parts.push((u) =>
				field(u).some((raw) => {
					const hay = raw.toLowerCase();
					if (comparison === 'EXACT') return hay === needle;
					if (comparison === 'STARTS_WITH') return hay.startsWith(needle);
					return hay.includes(needle);
				}),
			);
		}
	}
	for (const [member, combine] of [
		['OrConditions', 'some'],
		['AndConditions', 'every'],
	] as const) {
		const list = node[member] as JsonObject[] | undefined;
		if (list === undefined) continue;
		const subPath = `${path}.${member.charAt(0).toLowerCase()}${member.slice(1)}`;
		const preds = list.map((c, i) => compileCriteria(vs, `${subPath}.${i + 1}.member`, c));
		parts.push((u) => (combine === 'some' ? preds.some((p) => p(u)) : preds.every((p) => p(u))));
	}
	// Several members in one node all have to hold.
	return (u) => parts.every((p) => p(u));
}

export function searchUsers(
	config: EmulatorConfig,
	body: JsonObject,
	authorize: (instanceId: string) => void,
): JsonObject {
	const vs = new Violations();
	const instanceId = body.InstanceId as string;
	const max = (body.MaxResults as number | undefined) ?? SEARCH_USERS_DEFAULT;
	const token = body.NextToken as string | undefined;
	const predicate =
		body.SearchCriteria === undefined
			? () => true
			: compileCriteria(vs, 'searchCriteria', body.SearchCriteria as JsonObject);
	if (vs.list.length > 0) throw invalidParameter(validationMessage(vs.list));
	const id = instanceId;
	authorize(id);
	requireInstance(config, id);

	// A token only continues the very same search.
	const scope = createHash('sha256')
		.update(JSON.stringify([id, body.SearchCriteria ?? null, body.SearchFilter ?? null]))
		.digest('hex')
		.slice(0, 16);
	const offset =
		token === undefined
			? 0
			: decodeToken(token, 'SearchUsers', scope, () =>
					invalidParameter('The NextToken is not valid.'),
				);
	const matches = (config.users[id] ?? []).filter(predicate);
	const p = page(matches, offset, max, 'SearchUsers', scope);
	const users = p.items.map((u) => ({
		Arn: userArn(config, id, u.id),
		Id: u.id,
		Username: u.username,
		IdentityInfo: { FirstName: u.firstName ?? '', LastName: u.lastName ?? '' },
		PhoneConfig: {
			PhoneType: 'SOFT_PHONE',
			AutoAccept: false,
			AfterContactWorkTimeLimit: 0,
			DeskPhoneNumber: '',
		},
		RoutingProfileId: u.routingProfileId ?? '',
		SecurityProfileIds: u.securityProfileIds ?? [],
		Tags: u.tags ?? {},
	}));
	return {
		Users: users,
		ApproximateTotalCount: matches.length,
		...(p.nextToken ? { NextToken: p.nextToken } : {}),
	};
}
