/**
 * The "From List" pickers of the resource locators: Instance (ListInstances) and User
 * (SearchUsers, or ListUsers when SearchUsers is not allowed). Each call answers one page; the
 * pagination token hands n8n the place to continue.
 */
import {
	type ConnectClient,
	type InstanceSummary,
	ListInstancesCommand,
	ListUsersCommand,
	SearchUsersCommand,
	type UserSearchCriteria,
	type UserSearchSummary,
	type UserSummary,
} from '@aws-sdk/client-connect';
import type {
	ILoadOptionsFunctions,
	INode,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { INSTANCE_ID_PATTERN, instanceArnRegion, parseInstanceId } from '../shared/instance';
import { type AmazonConnectCredentials, createConnectClient } from '../transport/client';
import { regionOf } from '../transport/settings';
import { awsErrorDetails, awsErrorResponse, describeFix, nodeApiError } from '../transport/errors';
import { type CallTarget, callTarget, throttled, unreachable } from './explain';

/** A person is waiting for the list: better a clear error than an endless spinner. */
export const PICKER_TIMEOUT_MS = 10_000;
/** The most ListInstances returns per request. */
export const INSTANCES_PER_PAGE = 10;
export const USERS_PER_PAGE = 100;
/** When the list is filtered here (not by AWS), at most this many AWS pages are read for one page of the picker. */
export const MAX_PAGES_READ = 10;
/** SearchUsers' "contains" conditions take 2 to 25 characters. */
const SEARCH_TERM_MAX = 25;

export interface Picker {
	client: ConnectClient;
	credentials: AmazonConnectCredentials;
	target: CallTarget;
}

export async function openPicker(fn: ILoadOptionsFunctions): Promise<Picker> {
	const credentials = await fn.getCredentials<AmazonConnectCredentials>('amazonConnectApi');
	const client = createConnectClient(credentials, { timeoutMs: PICKER_TIMEOUT_MS });
	return { client, credentials, target: callTarget(client, credentials, PICKER_TIMEOUT_MS) };
}

export interface Page<T> {
	items: T[];
	next?: string;
}

/**
 * Reads AWS pages from `token` on and keeps the items that match, until at least `want` are
 * found, the list ends, or MAX_PAGES_READ pages were read. `next` is the AWS token of the first
 * page not read, so the following call goes on from there with the same filter.
 */
export async function collect<T>(
	read: (token: string | undefined) => Promise<Page<T>>,
	keep: (item: T) => boolean,
	want: number,
	token: string | undefined,
): Promise<Page<T>> {
	const items: T[] = [];
	let next = token;
	for (let pages = 0; pages < MAX_PAGES_READ; pages++) {
		const page = await read(next);
		items.push(...page.items.filter(keep));
		next = page.next;
		if (!next || items.length >= want) break;
	}
	return { items, next };
}

/** The words of a filter, lower-cased; empty when there is no filter. */
export function words(filter: string | undefined): string[] {
	return (filter ?? '')
		.toLowerCase()
		.split(/\s+/)
		.filter((w) => w.length > 0);
}

export const containsAll = (text: string, needles: string[]) => {
	const hay = text.toLowerCase();
	return needles.every((n) => hay.includes(n));
};

export interface ListFailure {
	/** e.g. "instances" */
	things: string;
	/** The IAM actions the list needs and on what, in words. */
	permission: string;
	/** The field, for the advice to enter it By ID instead. */
	field: string;
	instanceId?: string;
}

/** An AWS error of a picker: what happened in the message, how to fix it in the description. */
export function listError(
	node: INode,
	error: unknown,
	target: CallTarget,
	what: ListFailure,
): NodeApiError {
	const details = awsErrorDetails(error);
	const response = awsErrorResponse(details);
	const noAnswer = unreachable(details, target);
	if (noAnswer !== undefined) {
		return nodeApiError(node, response, {
			message: `Could not list the ${what.things}: Amazon Connect could not be reached`,
			description: noAnswer,
		});
	}
	const description =
		details.name === 'AccessDeniedException'
			? `The IAM user or role of the credential needs ${what.permission} to list the ${what.things}. Add it to its IAM policy, or enter the ${what.field} By ID.`
			: (throttled(details) ??
				describeFix(details, {
					region: target.region,
					endpoint: target.endpoint,
					instanceId: what.instanceId,
				}));
	return nodeApiError(node, response, {
		message: `Could not list the ${what.things}: ${details.name}: ${details.message}`,
		description,
		httpCode: details.httpStatusCode !== undefined ? String(details.httpStatusCode) : undefined,
	});
}

// ---------------------------------------------------------------- instances

const INSTANCE_STATUS_WORDS: Record<string, string> = {
	CREATION_IN_PROGRESS: 'being created',
	CREATION_FAILED: 'creation failed',
};

function instanceItem(instance: InstanceSummary & { Id: string }): INodeListSearchItems {
	const label = instance.InstanceAlias ? `${instance.InstanceAlias} (${instance.Id})` : instance.Id;
	const status = instance.InstanceStatus
		? INSTANCE_STATUS_WORDS[instance.InstanceStatus]
		: undefined;
	return {
		name: status ? `${label} – ${status}` : label,
		value: instance.Id,
		...(instance.InstanceAccessUrl && { url: instance.InstanceAccessUrl }),
	};
}

/**
 * Instances of the credential's region. ListInstances has no filter, so the filter (part of the
 * alias or ID, or a whole instance ARN) is applied here.
 */
export async function searchInstances(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { client, target } = await openPicker(this);
	const needles = words(filter === undefined ? undefined : String(parseInstanceId(filter)));
	try {
		const page = await collect(
			async (token) => {
				const answer = await client.send(
					new ListInstancesCommand({ MaxResults: INSTANCES_PER_PAGE, NextToken: token }),
				);
				return { items: answer.InstanceSummaryList ?? [], next: answer.NextToken };
			},
			(i) => i.Id !== undefined && containsAll(`${i.InstanceAlias ?? ''} ${i.Id}`, needles),
			INSTANCES_PER_PAGE,
			paginationToken || undefined,
		);
		return {
			results: page.items.map((i) => instanceItem(i as InstanceSummary & { Id: string })),
			paginationToken: page.next,
		};
	} catch (error) {
		throw listError(this.getNode(), error, target, {
			things: 'instances',
			permission: 'connect:ListInstances (on resource "*": it cannot be limited to one instance)',
			field: 'Instance',
		});
	} finally {
		client.destroy();
	}
}

// ---------------------------------------------------------------- users

/** The instance chosen in the node's Instance field, as an ID; a clear error when there is none usable. */
export function chosenInstance(
	fn: ILoadOptionsFunctions,
	region: string,
	listed = { things: 'users', field: 'User' },
): string {
	const node = fn.getNode();
	let reference: unknown;
	try {
		reference = fn.getNodeParameter('instanceId', undefined, { extractValue: true });
	} catch {
		reference = undefined;
	}
	if (typeof reference === 'object' && reference !== null && 'value' in reference) {
		reference = (reference as { value: unknown }).value;
	}
	if (typeof reference !== 'string' || reference.trim() === '') {
		throw new NodeOperationError(node, 'Choose the Instance first', {
			description: `The ${listed.things} are listed from the instance chosen in the Instance field. When the Instance comes from an expression it cannot be read here: enter the ${listed.field} By ID instead.`,
		});
	}
	const arnRegion = instanceArnRegion(reference);
	if (arnRegion !== undefined && arnRegion !== region) {
		throw new NodeOperationError(
			node,
			`The Instance ARN is in ${arnRegion}, but the credential's region is ${region}`,
			{
				description: `Use a credential for ${arnRegion}, or an instance of ${region}.`,
			},
		);
	}
	const instanceId = String(parseInstanceId(reference));
	if (!INSTANCE_ID_PATTERN.test(instanceId)) {
		throw new NodeOperationError(node, 'The Instance is not an instance ID or ARN', {
			description: `Choose the Instance from the list or enter its ID. When the Instance comes from an expression it cannot be read here: enter the ${listed.field} By ID instead.`,
		});
	}
	return instanceId;
}

function userLabel(user: {
	Id?: string;
	Username?: string;
	FirstName?: string;
	LastName?: string;
}): string {
	const fullName = [user.FirstName, user.LastName]
		.filter((p) => p !== undefined && p.trim() !== '')
		.join(' ');
	const username = user.Username ?? user.Id ?? '';
	return fullName ? `${fullName} (${username})` : username;
}

/**
 * SearchUsers criteria for a filter: AWS matches one word (the longest, cut to 25 characters) in
 * the username, first or last name; the remaining words are checked here. One-character words
 * use STARTS_WITH, since "contains" needs at least 2.
 */
function searchCriteria(needles: string[]): UserSearchCriteria | undefined {
	if (needles.length === 0) return undefined;
	const term = [...needles].sort((a, b) => b.length - a.length)[0].slice(0, SEARCH_TERM_MAX);
	const ComparisonType = term.length >= 2 ? 'CONTAINS' : 'STARTS_WITH';
	return {
		OrConditions: (['Username', 'FirstName', 'LastName'] as const).map((FieldName) => ({
			StringCondition: { FieldName, Value: term, ComparisonType },
		})),
	};
}

/** Where a page of users continues: SearchUsers' token, or ListUsers' when SearchUsers was not allowed. */
const SEARCH = 'search:';
const LIST = 'list:';

async function searchUsersPage(
	client: ConnectClient,
	instanceId: string,
	needles: string[],
	token: string | undefined,
): Promise<INodeListSearchResult> {
	const SearchCriteria = searchCriteria(needles);
	const page = await collect<UserSearchSummary>(
		async (next) => {
			const answer = await client.send(
				new SearchUsersCommand({
					InstanceId: instanceId,
					MaxResults: USERS_PER_PAGE,
					NextToken: next,
					SearchCriteria,
				}),
			);
			return { items: answer.Users ?? [], next: answer.NextToken };
		},
		(u) =>
			u.Id !== undefined &&
			containsAll(
				`${u.IdentityInfo?.FirstName ?? ''} ${u.IdentityInfo?.LastName ?? ''} ${u.Username ?? ''}`,
				needles,
			),
		USERS_PER_PAGE,
		token,
	);
	return {
		results: page.items.map((u) => ({
			name: userLabel({ Id: u.Id, Username: u.Username, ...u.IdentityInfo }),
			value: u.Id as string,
		})),
		paginationToken: page.next === undefined ? undefined : SEARCH + page.next,
	};
}

/** ListUsers answers usernames only, so it is filtered here, by username. */
async function listUsersPage(
	client: ConnectClient,
	instanceId: string,
	needles: string[],
	token: string | undefined,
): Promise<INodeListSearchResult> {
	const page = await collect<UserSummary>(
		async (next) => {
			const answer = await client.send(
				new ListUsersCommand({
					InstanceId: instanceId,
					MaxResults: USERS_PER_PAGE,
					NextToken: next,
				}),
			);
			return { items: answer.UserSummaryList ?? [], next: answer.NextToken };
		},
		(u) => u.Id !== undefined && containsAll(u.Username ?? '', needles),
		USERS_PER_PAGE,
		token,
	);
	return {
		results: page.items.map((u) => ({ name: userLabel(u), value: u.Id as string })),
		paginationToken: page.next === undefined ? undefined : LIST + page.next,
	};
}

/**
 * Users of the instance chosen in the Instance field, shown as "First Last (username)". With a
 * filter, users whose username, first or last name contain each of its words.
 */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { client, credentials, target } = await openPicker(this);
	const instanceId = chosenInstance(this, regionOf(credentials));
	const needles = words(filter);
	const failure: ListFailure = {
		things: 'users',
		permission: `connect:SearchUsers (or at least connect:ListUsers) on the instance ${instanceId}`,
		field: 'User',
		instanceId,
	};
	try {
		if (paginationToken?.startsWith(LIST)) {
			return await listUsersPage(client, instanceId, needles, paginationToken.slice(LIST.length));
		}
		const searchToken = paginationToken?.startsWith(SEARCH)
			? paginationToken.slice(SEARCH.length)
			: undefined;
		// Some IAM policies allow connect:ListUsers but not connect:SearchUsers: the list then shows usernames only.
		// Any other failure goes on to the one catch below, which turns it into a NodeApiError.
		return await searchUsersPage(client, instanceId, needles, searchToken).catch(
			async (error: unknown) => {
				if (searchToken !== undefined || awsErrorDetails(error).name !== 'AccessDeniedException')
					throw error;
				return await listUsersPage(client, instanceId, needles, undefined);
			},
		);
	} catch (error) {
		throw listError(this.getNode(), error, target, failure);
	} finally {
		client.destroy();
	}
}
