/**
 * Every Authentication mode against the emulator's Connect and STS, with the real SDK: access
 * keys, a role assumed with keys or with the host identity, the host identity (ECS container
 * credentials, a web identity token file), the admin's switch, the credential test's words for
 * each failure, and that only the credential decides where requests go (AWS_ENDPOINT_URL and
 * ~/.aws/config are ignored; a password in an endpoint never shows).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
} from 'n8n-workflow';

import type { RunningEmulator } from '../../emulator';
import { amazonConnectApiTest } from '../../nodes/AmazonConnect/methods/credentialTest';
import {
	assumeRoleCalls,
	forgetSessions,
	HOST_IDENTITY_SWITCH,
} from '../../nodes/AmazonConnect/transport/identity';
import {
	CONFIG,
	credentialsFor,
	FULL_KEY,
	runNode,
	runNodeError,
	taskParameters,
	useTestEmulator,
} from './helpers';

const ROLE = CONFIG.roles![0];
const HOST_ROLE = CONFIG.roles![1];
const NO_ASSUME_KEY = CONFIG.accessKeys.find((k) => k.accessKeyId === 'AKIAEMULATOREXAMPLE5')!;
const ACCOUNT = CONFIG.accountId;
const assumedArn = (role: string, session: string) =>
	`arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`;

const emulator = useTestEmulator();
const other = useTestEmulator();
const savedEnv = { ...process.env };
let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'acx-creds-'));
});
beforeEach(() => {
	emulator.configure({ sessionSeconds: undefined });
	forgetSessions();
	process.env = { ...savedEnv };
	// No host identity leaks in from the machine running the tests; no EC2 metadata probing.
	for (const name of Object.keys(process.env)) {
		if (
			/^AWS_/.test(name) ||
			name === HOST_IDENTITY_SWITCH ||
			/^(https?|no|all)_proxy$/i.test(name)
		)
			delete process.env[name];
	}
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
	process.env.AWS_CONFIG_FILE = join(dir, 'no-config');
	process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'no-credentials');
});
afterAll(() => {
	process.env = savedEnv;
});

function roleCredentials(
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return credentialsFor(emulator, FULL_KEY, {
		authentication: 'assumeRole',
		roleArn: ROLE.arn,
		externalId: ROLE.externalId!,
		roleSessionName: 'n8n-test',
		sessionDuration: 3600,
		roleSource: 'accessKeys',
		...overrides,
	});
}

function hostCredentials(
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		region: CONFIG.region,
		authentication: 'hostIdentity',
		endpoint: emulator.url,
		stsEndpoint: emulator.url,
		...overrides,
	};
}

function credentialTest(data: ICredentialDataDecryptedObject) {
	const credential: ICredentialsDecrypted = {
		id: '1',
		name: 'Amazon Connect account',
		type: 'amazonConnectApi',
		data,
	};
	return amazonConnectApiTest.call({} as ICredentialTestFunctions, credential);
}

/** The container credentials endpoint of the ECS agent, played by the emulator. */
function onEcs(): void {
	process.env[HOST_IDENTITY_SWITCH] = 'true';
	process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${emulator.url}/v2/credentials/n8n-task`;
	process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = CONFIG.containerCredentials!.authorizationToken;
}

const operations = (e: RunningEmulator) =>
	e.state.requests.map((r) => `${r.operation} ${r.outcome}`);
const signers = (e: RunningEmulator, operation: string) => [
	...new Set(e.state.requests.filter((r) => r.operation === operation).map((r) => r.accessKeyId)),
];

describe('Assume Role with access keys', () => {
	it('creates contacts with the role session: one AssumeRole for the execution, none for the next', async () => {
		const calls = assumeRoleCalls();
		const { items } = await runNode(emulator, {
			items: 5,
			parameters: taskParameters(),
			credentials: roleCredentials(),
		});
		expect(items).toHaveLength(5);
		expect(emulator.state.contacts).toHaveLength(5);
		expect(emulator.state.sessions).toEqual([
			expect.objectContaining({
				roleArn: ROLE.arn,
				sessionName: 'n8n-test',
				via: 'AssumeRole',
				by: FULL_KEY.principalArn,
			}),
		]);
		// Every CreateContact is signed by the session's key, not by the long-term key.
		expect(signers(emulator, 'CreateContact')).toEqual([emulator.state.sessions[0].accessKeyId]);
		const assume = emulator.state.requests.find((r) => r.operation === 'AssumeRole')!;
		expect(assume.accessKeyId).toBe(FULL_KEY.accessKeyId);
		expect(assume.body).toMatchObject({
			RoleArn: ROLE.arn,
			RoleSessionName: 'n8n-test',
			ExternalId: ROLE.externalId,
			DurationSeconds: '3600',
		});

		await runNode(emulator, {
			items: 3,
			parameters: taskParameters(),
			credentials: roleCredentials(),
			executionId: 'next-execution',
		});
		expect(emulator.state.contacts).toHaveLength(8);
		expect(operations(emulator).filter((o) => o.startsWith('AssumeRole'))).toEqual([
			'AssumeRole ok',
		]);
		expect(assumeRoleCalls() - calls).toBe(1);
	});

	it('the credential test says which role session it is', async () => {
		expect(await credentialTest(roleCredentials())).toEqual({
			status: 'OK',
			message: `Connected to Amazon Connect in ${emulator.url} (us-east-1) as ${assumedArn('n8n-connect', 'n8n-test')} (account ${ACCOUNT}): 3 instances visible (demo-contact-center, emea-support, sandbox-tasks)`,
		});
	});

	it('a wrong External ID: the test and the node name the trust policy and the External ID', async () => {
		const wrong = roleCredentials({ externalId: 'not-the-external-id' });
		const result = await credentialTest(wrong);
		expect(result).toEqual({
			status: 'Error',
			message: `STS did not let these keys assume the role ${ROLE.arn}. The role ${ROLE.arn} does not let this identity assume it: either its trust policy (IAM, Roles, the role, Trust relationships) does not name the identity as Principal, or the External ID differs from the value the trust policy requires (its sts:ExternalId condition). AWS does not say which of the two. (AWS: AccessDenied: User: ${FULL_KEY.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${ROLE.arn})`,
		});
		const error = await runNodeError(emulator, {
			items: 3,
			parameters: taskParameters(),
			credentials: wrong,
		});
		expect(error.message).toMatch(
			/^Item 0: AccessDenied: User: arn:aws:iam::123456789012:user\/emulator-full-access is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role\/n8n-connect \(HTTP 403, request ID [0-9a-f-]{36}\)$/,
		);
		expect(error.description).toMatch(
			/^The role arn:aws:iam::123456789012:role\/n8n-connect does not let this identity assume it: either its trust policy/,
		);
		expect(emulator.state.contacts).toEqual([]);
	});

	it('no External ID where the trust policy requires one', async () => {
		const { message } = await credentialTest(roleCredentials({ externalId: '' }));
		expect(message).toContain(
			'or the trust policy requires an External ID (an sts:ExternalId condition) and the credential has none.',
		);
	});

	it('keys that are trusted but lack sts:AssumeRole', async () => {
		const { status, message } = await credentialTest(
			credentialsFor(
				emulator,
				NO_ASSUME_KEY,
				roleCredentials({
					accessKeyId: NO_ASSUME_KEY.accessKeyId,
					secretAccessKey: NO_ASSUME_KEY.secretAccessKey,
				}),
			),
		);
		expect(status).toBe('Error');
		expect(message).toContain(
			`The identity that assumes the role may not call sts:AssumeRole: allow the action sts:AssumeRole on the resource ${ROLE.arn} in the IAM policy of that user or role.`,
		);
	});

	it("a session duration above the role's maximum", async () => {
		const { status, message } = await credentialTest(roleCredentials({ sessionDuration: 7200 }));
		expect(status).toBe('Error');
		expect(message).toContain(
			`Session Duration (7200 seconds) is above the maximum session duration of the role ${ROLE.arn}.`,
		);
	});

	it('STS errors are recorded by their STS code (awsQuery), as STS answers them', async () => {
		const { status } = await credentialTest(
			credentialsFor(emulator, FULL_KEY, { secretAccessKey: 'not-the-secret' }),
		);
		expect(status).toBe('Error');
		const sts = emulator.state.requests.find((r) => r.operation === 'GetCallerIdentity');
		expect([sts?.status, sts?.errorType]).toEqual([403, 'SignatureDoesNotMatch']);
	});

	it('what is missing or malformed, before any request', async () => {
		expect((await credentialTest(roleCredentials({ roleArn: '' }))).message).toBe(
			'Enter the Role ARN of the role to assume (e.g. arn:aws:iam::123456789012:role/n8n-connect).',
		);
		expect((await credentialTest(roleCredentials({ roleArn: 'n8n-connect' }))).message).toMatch(
			/^The Role ARN "n8n-connect" is not a role ARN/,
		);
		expect(
			(await credentialTest(roleCredentials({ region: 'other', regionCode: 'mars-1' }))).message,
		).toBe(
			'"mars-1" is not a region code. Enter it as AWS writes it, e.g. us-east-1 or ap-southeast-2.',
		);
		expect(emulator.state.requests).toEqual([]);
	});
});

describe('Host Identity', () => {
	it('off unless the n8n admin turns it on: the test and the node say how', async () => {
		process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${emulator.url}/v2/credentials/n8n-task`;
		const expected =
			/^This credential uses the n8n host's own AWS identity, which the n8n admin has not allowed\. To allow it, set the environment variable N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true for n8n/;
		const test = await credentialTest(hostCredentials());
		expect(test.status).toBe('Error');
		expect(test.message).toMatch(expected);
		const error = await runNodeError(emulator, {
			items: 2,
			parameters: taskParameters(),
			credentials: hostCredentials(),
		});
		expect(error.message).toMatch(
			/^Item 0: HostIdentityDisabled: This credential uses the n8n host's own AWS identity/,
		);
		expect(error.description).toContain('N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true');
		// Assume Role with the host identity is gated the same way.
		expect((await credentialTest(roleCredentials({ roleSource: 'hostIdentity' }))).message).toMatch(
			expected,
		);
		expect(emulator.state.requests).toEqual([]);
	});

	it('ECS container credentials: the task role signs', async () => {
		onEcs();
		await runNode(emulator, {
			items: 3,
			parameters: taskParameters(),
			credentials: hostCredentials(),
		});
		expect(emulator.state.contacts).toHaveLength(3);
		expect(emulator.state.sessions).toEqual([
			expect.objectContaining({ roleArn: HOST_ROLE.arn, via: 'ContainerCredentials' }),
		]);
		expect(signers(emulator, 'CreateContact')).toEqual([emulator.state.sessions[0].accessKeyId]);
		expect(await credentialTest(hostCredentials())).toMatchObject({
			status: 'OK',
			message: expect.stringContaining(
				` as ${assumedArn('n8n-host', 'ecs-task')} (account ${ACCOUNT}): `,
			),
		});
	});

	it('turned off again: refused at once, without a restart', async () => {
		onEcs();
		await runNode(emulator, { parameters: taskParameters(), credentials: hostCredentials() });
		process.env[HOST_IDENTITY_SWITCH] = 'false';
		const error = await runNodeError(emulator, {
			parameters: taskParameters(),
			credentials: hostCredentials(),
		});
		expect(error.message).toMatch(/^Item 0: HostIdentityDisabled: /);
		expect(emulator.state.contacts).toHaveLength(1);
	});

	it('a web identity token file (EKS IRSA): AssumeRoleWithWebIdentity at the STS endpoint', async () => {
		process.env[HOST_IDENTITY_SWITCH] = 'true';
		const tokenFile = join(dir, 'token');
		writeFileSync(tokenFile, HOST_ROLE.webIdentityTokens![0]);
		process.env.AWS_WEB_IDENTITY_TOKEN_FILE = tokenFile;
		process.env.AWS_ROLE_ARN = HOST_ROLE.arn;
		process.env.AWS_ROLE_SESSION_NAME = 'n8n-pod';
		await runNode(emulator, {
			items: 2,
			parameters: taskParameters(),
			credentials: hostCredentials(),
		});
		expect(emulator.state.contacts).toHaveLength(2);
		expect(emulator.state.sessions).toEqual([
			expect.objectContaining({
				roleArn: HOST_ROLE.arn,
				sessionName: 'n8n-pod',
				via: 'AssumeRoleWithWebIdentity',
			}),
		]);
		// The token itself is never recorded.
		expect(JSON.stringify(emulator.state)).not.toContain(HOST_ROLE.webIdentityTokens![0]);
	});

	it('no identity on the host: the test says where the SDK looked', async () => {
		process.env[HOST_IDENTITY_SWITCH] = 'true';
		const { status, message } = await credentialTest(hostCredentials());
		expect(status).toBe('Error');
		expect(message).toMatch(
			/^The n8n host has no AWS identity the AWS SDK can find \(.*\)\. Give the host one/,
		);
	});

	it('Assume Role with the host identity: the task role assumes the Connect role', async () => {
		onEcs();
		const credentials = roleCredentials({
			roleSource: 'hostIdentity',
			accessKeyId: '',
			secretAccessKey: '',
		});
		await runNode(emulator, { items: 2, parameters: taskParameters(), credentials });
		expect(emulator.state.contacts).toHaveLength(2);
		expect(emulator.state.sessions.map((s) => `${s.via} ${s.roleArn}`)).toEqual([
			`ContainerCredentials ${HOST_ROLE.arn}`,
			`AssumeRole ${ROLE.arn}`,
		]);
		expect(emulator.state.sessions[1].by).toBe(
			HOST_ROLE.arn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/') + '/ecs-task',
		);
		expect(signers(emulator, 'CreateContact')).toEqual([emulator.state.sessions[1].accessKeyId]);
	});
});

describe('the credential alone decides where requests go', () => {
	it('AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CONNECT and endpoint_url in ~/.aws/config are ignored', async () => {
		process.env.AWS_ENDPOINT_URL = other.url;
		process.env.AWS_ENDPOINT_URL_CONNECT = other.url;
		process.env.AWS_ENDPOINT_URL_STS = other.url;
		const config = join(dir, 'config');
		writeFileSync(
			config,
			`[default]\nendpoint_url = ${other.url}\nregion = eu-west-2\nmax_attempts = 5\n`,
		);
		process.env.AWS_CONFIG_FILE = config;
		process.env.AWS_REGION = 'eu-west-2';
		await runNode(emulator, {
			items: 2,
			parameters: taskParameters(),
			credentials: roleCredentials(),
		});
		expect(await credentialTest(roleCredentials())).toMatchObject({ status: 'OK' });
		expect(emulator.state.contacts).toHaveLength(2);
		expect(other.state.requests).toEqual([]);
	});

	it('a password in the Custom Endpoint never appears in a message', async () => {
		const password = 'pw-Secret-4711';
		const endpoint = `http://admin:${password}@127.0.0.1:1`;
		const credentials = credentialsFor(emulator, FULL_KEY, { endpoint, stsEndpoint: endpoint });
		const error = await runNodeError(emulator, {
			parameters: taskParameters({ options: { maxAttempts: 1 } }),
			credentials,
		});
		expect(error.message).toContain('ECONNREFUSED 127.0.0.1:1');
		const test = await credentialTest(credentials);
		expect(test.message).toBe(
			'Nothing accepts connections at http://127.0.0.1:1 (connection refused). Check the Custom Endpoint of the credential (and that the service behind it is running).',
		);
		for (const text of [
			error.message,
			String(error.description),
			JSON.stringify(error),
			test.message,
		])
			expect(text).not.toContain(password);
	});
});
