/**
 * The editor-side methods against the local emulator with the real SDK: the Instance and User
 * pickers (listSearch) and the credential test. The n8n contexts are faked to the few members
 * the methods use.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	ILoadOptionsFunctions,
	INode,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { defaultConfig, type EmulatorConfig } from '../../emulator';
import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { amazonConnectApiTest } from '../../nodes/AmazonConnect/methods/credentialTest';
import { callTarget, unreachable } from '../../nodes/AmazonConnect/methods/explain';
import { searchInstances, searchUsers } from '../../nodes/AmazonConnect/methods/listSearch';
import {
	type AmazonConnectCredentials,
	createConnectClient,
} from '../../nodes/AmazonConnect/transport/client';
import { useTestEmulator } from './helpers';

// ---------------------------------------------------------------- the emulator's world

const DEMO = '05d76fa6-80d8-4cbb-becb-eadec5b7b9b9';
const EMEA = 'cd13dc06-2271-409c-af67-315d3782e365';
const SANDBOX = '73e28ca8-b065-47b4-a368-6d10c456fa67';

const FULL = {
	accessKeyId: 'AKIAEMULATOREXAMPLE1',
	secretAccessKey: 'emulatorSecretKey1/FullAccess+EXAMPLEKEY',
};
const TEMPORARY = {
	accessKeyId: 'ASIAEMULATOREXAMPLE2',
	secretAccessKey: 'emulatorSecretKey2/Temporary+EXAMPLEKEY',
	sessionToken:
		'IQoJb3JpZ2luX2VjEmulatorSessionTokenEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDemo',
};
const NO_LIST_INSTANCES = {
	accessKeyId: 'AKIAEMULATOREXAMPLE4',
	secretAccessKey: 'emulatorSecretKey4/NoListInstances+EXAMPLE',
};
/** Added by these tests: keys that may list users only with ListUsers, or not at all. */
const NO_SEARCH_USERS = {
	accessKeyId: 'AKIAEMULATORNOSEARCH',
	secretAccessKey: 'emulatorSecret/NoSearchUsers+EXAMPLE',
};
const NO_USERS = {
	accessKeyId: 'AKIAEMULATORNOUSERS1',
	secretAccessKey: 'emulatorSecret/NoUsersAtAll+EXAMPLE',
};
const SECRETS = [FULL, TEMPORARY, NO_LIST_INSTANCES, NO_SEARCH_USERS, NO_USERS].flatMap((k) => [
	k.secretAccessKey,
	...('sessionToken' in k ? [k.sessionToken] : []),
]);

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Instance "floor-NN": a UUID made of its number. */
const floorId = (n: number) => `00000000-0000-4000-8000-0000000000${pad(n, 2)}`;
const agentId = (n: number) => `11111111-0000-4000-8000-000000000${pad(n, 3)}`;
const FLOORS = 25;
const AGENTS = 230;
const FLOOR_1 = floorId(1);

/**
 * The shipped world plus 25 instances "floor-01".."floor-25" (28 in all: three pages of
 * ListInstances), 230 agents in floor-01, and two more keys.
 */
function pickerConfig(): EmulatorConfig {
	const config = defaultConfig();
	for (let n = 1; n <= FLOORS; n++) {
		config.instances.push({
			id: floorId(n),
			alias: `floor-${pad(n, 2)}`,
			...(n === FLOORS && { instanceStatus: 'CREATION_IN_PROGRESS' as const }),
		});
		config.users[floorId(n)] = [];
	}
	config.users[FLOOR_1] = Array.from({ length: AGENTS }, (_, i) => ({
		id: agentId(i + 1),
		username: `agent${pad(i + 1, 3)}`,
		firstName: 'Floor',
		lastName: `Agent${pad(i + 1, 3)}`,
	}));
	config.accessKeys.push(
		{
			...NO_SEARCH_USERS,
			principalArn: 'arn:aws:iam::123456789012:user/no-search-users',
			deniedActions: ['connect:SearchUsers'],
		},
		{
			...NO_USERS,
			principalArn: 'arn:aws:iam::123456789012:user/no-users',
			deniedActions: ['connect:SearchUsers', 'connect:ListUsers'],
		},
	);
	return config;
}

const emulator = useTestEmulator({ config: pickerConfig() }, { resetEach: false });
/** The shipped configuration, for the credential test. */
const shipped = useTestEmulator({}, { resetEach: false });
/** An account with no instance. */
const empty = useTestEmulator(
	{ config: { ...defaultConfig(), instances: [], users: {} } },
	{ resetEach: false },
);
/** Accepts connections and never answers. */
let silent: http.Server;
let silentUrl: string;
/** A port nothing listens on. */
let closedUrl: string;

beforeAll(async () => {
	silent = http.createServer(() => undefined);
	await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
	silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
	const probe = http.createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
	await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
	silent.closeAllConnections();
	await new Promise<void>((resolve) => silent.close(() => resolve()));
});

// ---------------------------------------------------------------- fake n8n contexts

const NODE: INode = {
	id: 'b0f1d6a2-0000-4000-8000-000000000001',
	name: 'Amazon Connect',
	type: 'n8n-nodes-amazon-connect.amazonConnect',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function credentialsFor(
	key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
	endpoint: string,
	region = 'us-east-1',
) {
	return { region, endpoint, sessionToken: '', ...key } satisfies AmazonConnectCredentials;
}

/** getNodeParameter with extractValue, as n8n answers it for locator modes without an extractValue rule. */
function loadOptions(
	credentials: AmazonConnectCredentials,
	parameters: Record<string, unknown> = {},
): ILoadOptionsFunctions {
	return {
		getNode: () => NODE,
		getCredentials: async (type: string) => {
			expect(type).toBe('amazonConnectApi');
			return credentials;
		},
		getNodeParameter: (name: string, fallback?: unknown, options?: { extractValue?: boolean }) => {
			const value = name in parameters ? parameters[name] : fallback;
			if (options?.extractValue && typeof value === 'object' && value !== null && '__rl' in value) {
				return (value as unknown as { value: unknown }).value;
			}
			return value;
		},
	} as unknown as ILoadOptionsFunctions;
}

const instanceParam = (value: string, mode = 'list') => ({
	instanceId: { __rl: true, mode, value },
});

function credentialTest(data: Record<string, unknown>) {
	const credential: ICredentialsDecrypted = {
		id: '1',
		name: 'Amazon Connect account',
		type: 'amazonConnectApi',
		data: data as never,
	};
	return amazonConnectApiTest.call({} as ICredentialTestFunctions, credential);
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<NodeApiError & NodeOperationError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError & NodeOperationError;
	}
	throw new Error('expected a rejection');
}

const floorItem = (n: number) => ({
	name: `floor-${pad(n, 2)} (${floorId(n)})${n === FLOORS ? ' – being created' : ''}`,
	value: floorId(n),
	url: `https://floor-${pad(n, 2)}.my.connect.aws`,
});
const agentItem = (n: number) => ({
	name: `Floor Agent${pad(n, 3)} (agent${pad(n, 3)})`,
	value: agentId(n),
});
const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);
const names = (r: INodeListSearchResult) => r.results.map((i) => i.name);

// ---------------------------------------------------------------- wiring

describe('node wiring', () => {
	it('offers the pickers and the credential test, and names the test on the credential', () => {
		const node = new AmazonConnect();
		expect(node.methods.listSearch.searchInstances).toBe(searchInstances);
		expect(node.methods.listSearch.searchUsers).toBe(searchUsers);
		expect(node.methods.credentialTest.amazonConnectApiTest).toBe(amazonConnectApiTest);
		expect(node.description.credentials).toEqual([
			{ name: 'amazonConnectApi', required: true, testedBy: 'amazonConnectApiTest' },
		]);
	});
});

// ---------------------------------------------------------------- instances

describe('searchInstances', () => {
	const fn = () => loadOptions(credentialsFor(FULL, emulator.url));

	it('answers the first page of ListInstances as "alias (id)", with the access URL and a token for the next page', async () => {
		const page = await searchInstances.call(fn());
		expect(page.results).toEqual([
			{
				name: `demo-contact-center (${DEMO})`,
				value: DEMO,
				url: 'https://demo-contact-center.my.connect.aws',
			},
			{ name: `emea-support (${EMEA})`, value: EMEA, url: 'https://emea-support.my.connect.aws' },
			{
				name: `sandbox-tasks (${SANDBOX})`,
				value: SANDBOX,
				url: 'https://sandbox-tasks.my.connect.aws',
			},
			...range(1, 7).map(floorItem),
		]);
		expect(typeof page.paginationToken).toBe('string');
	});

	it('goes on from the pagination token to the last page, which has none', async () => {
		const first = await searchInstances.call(fn());
		const second = await searchInstances.call(fn(), undefined, first.paginationToken);
		expect(second.results).toEqual(range(8, 17).map(floorItem));
		const third = await searchInstances.call(fn(), undefined, second.paginationToken);
		expect(third.results).toEqual(range(18, 25).map(floorItem));
		expect(third.paginationToken).toBeUndefined();
	});

	it('filters by alias, case-insensitively', async () => {
		const page = await searchInstances.call(fn(), 'EMEA');
		expect(page).toEqual({
			results: [
				{ name: `emea-support (${EMEA})`, value: EMEA, url: 'https://emea-support.my.connect.aws' },
			],
			paginationToken: undefined,
		});
	});

	it('filters by part of the ID, and by a whole instance ARN', async () => {
		expect(names(await searchInstances.call(fn(), '315D3782'))).toEqual([`emea-support (${EMEA})`]);
		const arn = `arn:aws:connect:us-east-1:123456789012:instance/${SANDBOX}`;
		expect(names(await searchInstances.call(fn(), arn))).toEqual([`sandbox-tasks (${SANDBOX})`]);
	});

	it('reads further AWS pages until a page of matches is found, and continues from there', async () => {
		// AWS pages hold 10; "floor" matches 7 on the first and 10 on the second, 8 on the third.
		const first = await searchInstances.call(fn(), 'floor');
		expect(first.results).toEqual(range(1, 17).map(floorItem));
		expect(typeof first.paginationToken).toBe('string');
		const second = await searchInstances.call(fn(), 'floor', first.paginationToken);
		expect(second).toEqual({ results: range(18, 25).map(floorItem), paginationToken: undefined });
	});

	it('matches every word of the filter', async () => {
		expect(names(await searchInstances.call(fn(), 'contact demo'))).toEqual([
			`demo-contact-center (${DEMO})`,
		]);
		expect(await searchInstances.call(fn(), 'contact nowhere')).toEqual({
			results: [],
			paginationToken: undefined,
		});
	});

	it('says which permission is missing when ListInstances is denied', async () => {
		const error = await failure(
			searchInstances.call(loadOptions(credentialsFor(NO_LIST_INSTANCES, emulator.url))),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Could not list the instances: AccessDeniedException: User: arn:aws:iam::123456789012:user/emulator-no-list-instances is not authorized to perform: connect:ListInstances on resource: arn:aws:connect:us-east-1:123456789012:instance/* with an explicit deny in an identity-based policy',
		);
		expect(error.description).toBe(
			'The IAM user or role of the credential needs connect:ListInstances (on resource "*": it cannot be limited to one instance) to list the instances. Add it to its IAM policy, or enter the Instance By ID.',
		);
	});

	it('names the endpoint that does not answer', async () => {
		const error = await failure(searchInstances.call(loadOptions(credentialsFor(FULL, closedUrl))));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Could not list the instances: Amazon Connect could not be reached');
		expect(error.description).toBe(
			`Nothing accepts connections at ${closedUrl} (connection refused). Check the Custom Endpoint of the credential (and that the service behind it is running).`,
		);
	});

	it('reports keys AWS does not accept with the fix from the transport', async () => {
		const error = await failure(
			searchInstances.call(
				loadOptions(credentialsFor({ ...FULL, secretAccessKey: 'wrong' }, emulator.url)),
			),
		);
		expect(error.message).toBe(
			'Could not list the instances: InvalidSignatureException: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
		);
		expect(error.description).toBe(
			"AWS did not accept the credential: check the Access Key ID and Secret Access Key (and the Session Token for temporary keys), that they are still active, and that the credential's region is the instance's region.",
		);
	});
});

// ---------------------------------------------------------------- users

describe('searchUsers', () => {
	const fn = (instanceId: string, key: typeof FULL = FULL, mode = 'list') =>
		loadOptions(credentialsFor(key, emulator.url), instanceParam(instanceId, mode));

	it('lists the users of the chosen instance as "First Last (username)"', async () => {
		const page = await searchUsers.call(fn(DEMO));
		expect(page.paginationToken).toBeUndefined();
		expect(page.results).toHaveLength(35);
		expect(page.results.slice(0, 3)).toEqual([
			{ name: 'Jane Doe (jdoe)', value: 'c208847a-758a-4b2f-82dd-5d447aa067ac' },
			{ name: 'John Smith (jsmith)', value: '5d06f22d-e8a4-491e-94ca-6d016e68d5c3' },
			{ name: 'Maria Garcia (mgarcia)', value: 'baf8fb28-964e-44e8-b789-d48bd8805413' },
		]);
		expect(page.results[5]).toEqual({
			name: 'Lukas Müller (lmuller)',
			value: 'd79cc0c3-7c4a-43b4-a339-365f5d933377',
		});
		const sent = emulator.state.requests.filter((r) => r.operation === 'SearchUsers').at(-1);
		expect(sent?.body).toEqual({ InstanceId: DEMO, MaxResults: 100 });
	});

	it('searches by username', async () => {
		expect((await searchUsers.call(fn(DEMO), 'jsmith')).results).toEqual([
			{ name: 'John Smith (jsmith)', value: '5d06f22d-e8a4-491e-94ca-6d016e68d5c3' },
		]);
		const sent = emulator.state.requests.filter((r) => r.operation === 'SearchUsers').at(-1);
		expect(sent?.body).toEqual({
			InstanceId: DEMO,
			MaxResults: 100,
			SearchCriteria: {
				OrConditions: [
					{
						StringCondition: { FieldName: 'Username', Value: 'jsmith', ComparisonType: 'CONTAINS' },
					},
					{
						StringCondition: {
							FieldName: 'FirstName',
							Value: 'jsmith',
							ComparisonType: 'CONTAINS',
						},
					},
					{
						StringCondition: { FieldName: 'LastName', Value: 'jsmith', ComparisonType: 'CONTAINS' },
					},
				],
			},
		});
	});

	it('searches by first name and by last name, case-insensitively, in the chosen instance only', async () => {
		expect((await searchUsers.call(fn(DEMO), 'MARIA')).results).toEqual([
			{ name: 'Maria Garcia (mgarcia)', value: 'baf8fb28-964e-44e8-b789-d48bd8805413' },
		]);
		expect(names(await searchUsers.call(fn(DEMO), 'jane'))).toEqual(['Jane Doe (jdoe)']);
		expect(names(await searchUsers.call(fn(EMEA), 'jane'))).toEqual(['Jane Okafor (jane.okafor)']);
		expect(names(await searchUsers.call(fn(EMEA), 'dubois'))).toEqual([
			'Pierre Dubois (pierre.dubois)',
		]);
	});

	it('finds "First Last" as shown in the list: every word must match', async () => {
		expect(names(await searchUsers.call(fn(DEMO), 'Jane Doe'))).toEqual(['Jane Doe (jdoe)']);
		expect(names(await searchUsers.call(fn(DEMO), 'john smith'))).toEqual(['John Smith (jsmith)']);
		// "john" and "s" are both in "Liam Johnson (ljohnson)".
		expect(names(await searchUsers.call(fn(DEMO), 'john s'))).toEqual([
			'John Smith (jsmith)',
			'Liam Johnson (ljohnson)',
		]);
	});

	it('uses STARTS_WITH for a single character, which "contains" does not take', async () => {
		expect(names(await searchUsers.call(fn(EMEA), 'p'))).toEqual(['Pierre Dubois (pierre.dubois)']);
		const sent = emulator.state.requests.filter((r) => r.operation === 'SearchUsers').at(-1);
		expect((sent?.body as { SearchCriteria: unknown }).SearchCriteria).toEqual({
			OrConditions: ['Username', 'FirstName', 'LastName'].map((FieldName) => ({
				StringCondition: { FieldName, Value: 'p', ComparisonType: 'STARTS_WITH' },
			})),
		});
	});

	it('pages through a large instance with the pagination token', async () => {
		const first = await searchUsers.call(fn(FLOOR_1));
		expect(first.results).toEqual(range(1, 100).map(agentItem));
		expect(first.paginationToken).toMatch(/^search:/);
		const second = await searchUsers.call(fn(FLOOR_1), undefined, first.paginationToken);
		expect(second.results).toEqual(range(101, 200).map(agentItem));
		const third = await searchUsers.call(fn(FLOOR_1), undefined, second.paginationToken);
		expect(third).toEqual({ results: range(201, 230).map(agentItem), paginationToken: undefined });
	});

	it('pages through search results', async () => {
		const first = await searchUsers.call(fn(FLOOR_1), 'floor');
		expect(first.results).toEqual(range(1, 100).map(agentItem));
		const second = await searchUsers.call(fn(FLOOR_1), 'floor', first.paginationToken);
		expect(second.results).toEqual(range(101, 200).map(agentItem));
		const third = await searchUsers.call(fn(FLOOR_1), 'floor', second.paginationToken);
		expect(third).toEqual({ results: range(201, 230).map(agentItem), paginationToken: undefined });
		expect(await searchUsers.call(fn(FLOOR_1), 'agent2')).toEqual({
			results: range(200, 230).map(agentItem),
			paginationToken: undefined,
		});
	});

	it('answers an instance without users with an empty list', async () => {
		expect(await searchUsers.call(fn(SANDBOX))).toEqual({
			results: [],
			paginationToken: undefined,
		});
	});

	it('reads the instance from an ARN given By ARN', async () => {
		const arn = `arn:aws:connect:us-east-1:123456789012:instance/${EMEA}`;
		expect(names(await searchUsers.call(fn(arn, FULL, 'arn')))).toEqual([
			'Ingrid Larsen (ingrid.larsen)',
			'Pierre Dubois (pierre.dubois)',
			'Jane Okafor (jane.okafor)',
			'Tomasz Nowak (tomasz.nowak)',
		]);
	});

	it('falls back to ListUsers (usernames only) when SearchUsers is not allowed', async () => {
		const page = await searchUsers.call(fn(EMEA, NO_SEARCH_USERS));
		expect(page).toEqual({
			results: [
				{ name: 'ingrid.larsen', value: '15265148-5f89-4b17-b480-e539f49cea82' },
				{ name: 'pierre.dubois', value: 'ed96f0cd-29e2-445e-822d-6005cd698b24' },
				{ name: 'jane.okafor', value: 'eef2ec64-14db-4392-bcd3-bdaf2c30ac0b' },
				{ name: 'tomasz.nowak', value: '31e052b4-34d7-4815-932b-68fdaf81bbfb' },
			],
			paginationToken: undefined,
		});
		expect(names(await searchUsers.call(fn(EMEA, NO_SEARCH_USERS), 'DUBOIS'))).toEqual([
			'pierre.dubois',
		]);
		const ops = emulator.state.requests.slice(-2).map((r) => `${r.operation} ${r.status}`);
		expect(ops).toEqual(['SearchUsers 403', 'ListUsers 200']);
	});

	it('pages through ListUsers, filtering by username', async () => {
		const first = await searchUsers.call(fn(FLOOR_1, NO_SEARCH_USERS));
		expect(names(first)).toEqual(range(1, 100).map((n) => `agent${pad(n, 3)}`));
		expect(first.paginationToken).toMatch(/^list:/);
		const second = await searchUsers.call(
			fn(FLOOR_1, NO_SEARCH_USERS),
			undefined,
			first.paginationToken,
		);
		expect(names(second)).toEqual(range(101, 200).map((n) => `agent${pad(n, 3)}`));
		// "agent1": 1 match on the first AWS page, 99 on the second, then the third still to read.
		const filtered = await searchUsers.call(fn(FLOOR_1, NO_SEARCH_USERS), 'agent1');
		expect(names(filtered)).toEqual(range(100, 199).map((n) => `agent${pad(n, 3)}`));
		expect(
			await searchUsers.call(fn(FLOOR_1, NO_SEARCH_USERS), 'agent1', filtered.paginationToken),
		).toEqual({
			results: [],
			paginationToken: undefined,
		});
	});

	it('says which permissions are missing when neither SearchUsers nor ListUsers is allowed', async () => {
		const error = await failure(searchUsers.call(fn(EMEA, NO_USERS)));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`Could not list the users: AccessDeniedException: User: arn:aws:iam::123456789012:user/no-users is not authorized to perform: connect:ListUsers on resource: arn:aws:connect:us-east-1:123456789012:instance/${EMEA} with an explicit deny in an identity-based policy`,
		);
		expect(error.description).toBe(
			`The IAM user or role of the credential needs connect:SearchUsers (or at least connect:ListUsers) on the instance ${EMEA} to list the users. Add it to its IAM policy, or enter the User By ID.`,
		);
	});

	it('asks for the instance first', async () => {
		const error = await failure(searchUsers.call(fn('')));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Choose the Instance first');
		expect(error.description).toBe(
			'The users are listed from the instance chosen in the Instance field. When the Instance comes from an expression it cannot be read here: enter the User By ID instead.',
		);
		expect(emulator.state.requests.at(-1)?.operation).not.toBe('SearchUsers');
	});

	it('rejects an instance ARN of another region before calling AWS', async () => {
		const before = emulator.state.requests.length;
		const error = await failure(
			searchUsers.call(fn(`arn:aws:connect:eu-west-2:123456789012:instance/${EMEA}`, FULL, 'arn')),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			"The Instance ARN is in eu-west-2, but the credential's region is us-east-1",
		);
		expect(error.description).toBe('Use a credential for eu-west-2, or an instance of us-east-1.');
		expect(emulator.state.requests.length).toBe(before);
	});

	it('rejects an instance that is neither an ID nor an ARN', async () => {
		const error = await failure(searchUsers.call(fn('demo-contact-center', FULL, 'id')));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Instance is not an instance ID or ARN');
	});

	it('reports an instance AWS does not know', async () => {
		const unknown = '99999999-9999-4999-8999-999999999999';
		const error = await failure(searchUsers.call(fn(unknown)));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`Could not list the users: ResourceNotFoundException: Instance not found for InstanceId: ${unknown}`,
		);
		expect(error.description).toBe(
			`Check the instance ID (${unknown}) and that the instance is in the credential's region (us-east-1); a user ID, related or previous contact ID must also exist in that instance.`,
		);
	});
});

// ---------------------------------------------------------------- credential test

describe('amazonConnectApiTest', () => {
	const data = (
		key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
		endpoint: string,
		region = 'us-east-1',
	) => ({
		region,
		endpoint,
		// The emulator answers STS too; a closed or silent endpoint is closed or silent for both.
		stsEndpoint: endpoint,
		sessionToken: '',
		...key,
	});
	const expectNoSecret = (message: string) => {
		for (const secret of SECRETS) expect(message).not.toContain(secret);
	};

	it('says OK with the instances it sees', async () => {
		const result = await credentialTest(data(FULL, shipped.url));
		expect(result).toEqual({
			status: 'OK',
			message: `Connected to Amazon Connect in ${shipped.url} (us-east-1) as arn:aws:iam::123456789012:user/emulator-full-access (account 123456789012): 3 instances visible (demo-contact-center, emea-support, sandbox-tasks)`,
		});
		const sent = shipped.state.requests.find((r) => r.operation === 'ListInstances');
		expect(sent?.query).toEqual({ maxResults: '10' });
		// STS first: who the key is (it needs no permission).
		expect(
			shipped.state.requests
				.filter((r) => r.operation === 'GetCallerIdentity')
				.map((r) => r.outcome),
		).toEqual(['ok']);
	});

	it('says when there are more instances than one request shows', async () => {
		expect(await credentialTest(data(FULL, emulator.url))).toEqual({
			status: 'OK',
			message: `Connected to Amazon Connect in ${emulator.url} (us-east-1) as arn:aws:iam::123456789012:user/emulator-full-access (account 123456789012): 10+ instances visible (demo-contact-center, emea-support, sandbox-tasks, …)`,
		});
	});

	it('accepts temporary keys with their session token', async () => {
		expect((await credentialTest(data(TEMPORARY, shipped.url))).status).toBe('OK');
	});

	it('names an unknown access key', async () => {
		const result = await credentialTest(
			data(
				{ accessKeyId: 'AKIAUNKNOWNEXAMPLE99', secretAccessKey: FULL.secretAccessKey },
				shipped.url,
			),
		);
		expect(result).toEqual({
			status: 'Error',
			message:
				'AWS does not know this Access Key ID. Check it for typos, and that the key is still active (IAM, Users, Security credentials).',
		});
	});

	it('names a secret that does not match the key', async () => {
		const result = await credentialTest(
			data({ ...FULL, secretAccessKey: 'notTheSecret/EXAMPLE' }, shipped.url),
		);
		expect(result).toEqual({
			status: 'Error',
			message:
				'AWS knows the Access Key ID, but the Secret Access Key does not match it. Paste the secret of this key again; if it is lost, create a new access key.',
		});
	});

	it('names a temporary key sent without its session token', async () => {
		const { sessionToken: _dropped, ...withoutToken } = TEMPORARY;
		const result = await credentialTest(data(withoutToken, shipped.url));
		expect(result).toEqual({
			status: 'Error',
			message:
				'AWS does not accept the Access Key ID: it is a temporary key (it starts with ASIA), which works only together with its Session Token. Enter the Session Token, or use a long-term access key.',
		});
	});

	it('names a long-term key sent with a session token', async () => {
		const result = await credentialTest(
			data({ ...FULL, sessionToken: 'leftOverSessionToken' }, shipped.url),
		);
		expect(result).toEqual({
			status: 'Error',
			message:
				'AWS does not accept the Access Key ID with a Session Token: it is a long-term key (it starts with AKIA), which is used without one. Clear the Session Token.',
		});
	});

	it('names a wrong session token', async () => {
		const result = await credentialTest(
			data({ ...TEMPORARY, sessionToken: 'someOtherSessionToken' }, shipped.url),
		);
		expect(result).toEqual({
			status: 'Error',
			message:
				'AWS does not accept the Access Key ID and Session Token: temporary credentials expire, and the key, secret and token must come from the same set. Get a new set of temporary credentials.',
		});
	});

	it("names a region that is not the endpoint's", async () => {
		const result = await credentialTest(data(FULL, shipped.url, 'eu-west-2'));
		expect(result).toEqual({
			status: 'Error',
			message: `${shipped.url} serves a region other than the credential's Region eu-west-2. Set Region to the region of the endpoint (the region of your instance).`,
		});
	});

	it('passes a key that may not list instances, and says what that means', async () => {
		const result = await credentialTest(data(NO_LIST_INSTANCES, shipped.url));
		expect(result).toEqual({
			status: 'OK',
			message:
				'The credential is valid: it is arn:aws:iam::123456789012:user/emulator-no-list-instances (account 123456789012). It may not call connect:ListInstances, so the Instance picker cannot list instances: enter the instance ID (or ARN) instead. Creating contacts needs connect:CreateContact on the instance.',
		});
		expect(
			shipped.state.requests
				.slice(-2)
				.map((r) => `${r.operation} ${r.outcome}`)
				.sort(),
		).toEqual(['GetCallerIdentity ok', 'ListInstances denied']);
	});

	it('says when the account has no instance in the region', async () => {
		expect(await credentialTest(data(FULL, empty.url))).toEqual({
			status: 'Error',
			message: `The credential works as arn:aws:iam::123456789012:user/emulator-full-access (account 123456789012), but the AWS account has no Amazon Connect instance in ${empty.url} (us-east-1). Set Region to the region of your instance.`,
		});
	});

	it('names an endpoint that refuses connections', async () => {
		expect(await credentialTest(data(FULL, closedUrl))).toEqual({
			status: 'Error',
			message: `Nothing accepts connections at ${closedUrl} (connection refused). Check the Custom Endpoint of the credential (and that the service behind it is running).`,
		});
	});

	it('gives up on an endpoint that does not answer after 5 s', async () => {
		const started = Date.now();
		expect(await credentialTest(data(FULL, silentUrl))).toEqual({
			status: 'Error',
			message: `No answer from ${silentUrl} within 5 s. Check the Custom Endpoint of the credential (and that the service behind it is running).`,
		});
		expect(Date.now() - started).toBeLessThan(8_000);
	}, 15_000);

	it('asks for the keys when they are missing', async () => {
		expect(
			await credentialTest({ region: 'us-east-1', accessKeyId: '', secretAccessKey: '' }),
		).toEqual({
			status: 'Error',
			message: 'Enter the Access Key ID and the Secret Access Key.',
		});
	});

	it('never repeats a secret', async () => {
		const messages = await Promise.all([
			credentialTest(data({ ...FULL, secretAccessKey: 'notTheSecret/EXAMPLE' }, shipped.url)),
			credentialTest(data({ ...TEMPORARY, sessionToken: 'someOtherSessionToken' }, shipped.url)),
			credentialTest(data(TEMPORARY, shipped.url, 'eu-west-2')),
			credentialTest(data(NO_LIST_INSTANCES, shipped.url)),
			credentialTest(data(TEMPORARY, closedUrl)),
		]);
		for (const { message } of messages) {
			expectNoSecret(message);
			expect(message).not.toContain('someOtherSessionToken');
			expect(message).not.toContain('notTheSecret');
		}
	});
});

// ---------------------------------------------------------------- the public endpoint (no network needed)

describe('messages for the public AWS endpoint', () => {
	const target = (region: string) => {
		const credentials = {
			region,
			accessKeyId: FULL.accessKeyId,
			secretAccessKey: FULL.secretAccessKey,
		};
		const client = createConnectClient(credentials);
		try {
			return callTarget(client, credentials, 5_000);
		} finally {
			client.destroy();
		}
	};

	it('names the regional endpoint the SDK would call', () => {
		expect(target('eu-west-2')).toEqual({
			region: 'eu-west-2',
			timeoutMs: 5_000,
			endpoint: 'https://connect.eu-west-2.amazonaws.com',
			custom: false,
		});
		expect(target('cn-north-1').endpoint).toBe('https://connect.cn-north-1.amazonaws.com.cn');
	});

	it('says a host that is not found may be a region without Amazon Connect', () => {
		const details = {
			name: 'Error',
			message: 'getaddrinfo ENOTFOUND connect.cn-north-1.amazonaws.com.cn',
			code: 'ENOTFOUND',
		};
		expect(unreachable(details, target('cn-north-1'))).toBe(
			"The host of https://connect.cn-north-1.amazonaws.com.cn was not found (DNS): Amazon Connect may not be offered in cn-north-1, or the n8n server cannot resolve AWS host names. Check the credential's region (cn-north-1) and that the n8n server can reach AWS (firewall, proxy).",
		);
	});

	it('leaves answers of Amazon Connect alone', () => {
		const details = { name: 'AccessDeniedException', message: 'denied', httpStatusCode: 403 };
		expect(unreachable(details, target('us-east-1'))).toBeUndefined();
	});
});
