/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY for every AWS call (Connect and STS), through a real HTTP
 * proxy process: Debian's tinyproxy (scripts/ci/install-tinyproxy.sh), started here on a free
 * port. Requests are counted in the proxy's own log.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
} from 'n8n-workflow';

import { amazonConnectApiTest } from '../../nodes/AmazonConnect/methods/credentialTest';
import { forgetSessions } from '../../nodes/AmazonConnect/transport/identity';
import {
	CONFIG,
	credentialsFor,
	FULL_KEY,
	runNode,
	runNodeError,
	taskParameters,
	useTestEmulator,
} from './helpers';

const TINYPROXY = process.env.TINYPROXY_PATH ?? '/usr/bin/tinyproxy';

const emulator = useTestEmulator();
let proxy: ChildProcess;
let proxyUrl: string;
let logFile: string;
const savedEnv = { ...process.env };

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** Every request the proxy received, as "METHOD target" (its log's "Request" lines). */
function proxied(): string[] {
	const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
	return [...log.matchAll(/Request \(file descriptor \d+\): (\S+) (\S+) HTTP/g)].map(
		(m) => `${m[1]} ${m[2]}`,
	);
}

async function waitForProxy(): Promise<void> {
	for (let i = 0; i < 100; i++) {
		if (existsSync(logFile) && readFileSync(logFile, 'utf8').includes('Accepting connections'))
			return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(
		`tinyproxy did not start; its log: ${existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(none)'}`,
	);
}

beforeAll(async () => {
	if (!existsSync(TINYPROXY)) {
		throw new Error(
			`${TINYPROXY} is missing: install Debian's tinyproxy (bash scripts/ci/install-tinyproxy.sh), or set TINYPROXY_PATH`,
		);
	}
	const dir = mkdtempSync(join(tmpdir(), 'acx-proxy-'));
	const port = await freePort();
	logFile = join(dir, 'tinyproxy.log');
	const conf = join(dir, 'tinyproxy.conf');
	writeFileSync(
		conf,
		[
			`Port ${port}`,
			'Listen 127.0.0.1',
			'Timeout 30',
			`LogFile "${logFile}"`,
			'LogLevel Info',
			'MaxClients 50',
			'Allow 127.0.0.1',
			'DisableViaHeader Yes',
			'',
		].join('\n'),
	);
	proxy = spawn(TINYPROXY, ['-d', '-c', conf], { stdio: 'ignore' });
	proxyUrl = `http://127.0.0.1:${port}`;
	await waitForProxy();
}, 30_000);
afterAll(() => {
	process.env = savedEnv;
	proxy?.kill('SIGTERM');
});
beforeEach(() => {
	forgetSessions();
	process.env = { ...savedEnv };
	for (const name of Object.keys(process.env))
		if (/^(https?|no|all)_proxy$/i.test(name) || /^AWS_/.test(name)) delete process.env[name];
	process.env.AWS_EC2_METADATA_DISABLED = 'true';
});

const role = CONFIG.roles![0];
const assumeRole = (): ICredentialDataDecryptedObject =>
	credentialsFor(emulator, FULL_KEY, {
		authentication: 'assumeRole',
		roleArn: role.arn,
		externalId: role.externalId!,
		roleSource: 'accessKeys',
	});
const credentialTest = (data: ICredentialDataDecryptedObject) =>
	amazonConnectApiTest.call(
		{} as ICredentialTestFunctions,
		{ id: '1', name: 'c', type: 'amazonConnectApi', data } as ICredentialsDecrypted,
	);

it('HTTP_PROXY: Connect and STS requests go through the proxy, each counted there', async () => {
	process.env.HTTP_PROXY = proxyUrl;
	const before = proxied().length;
	await runNode(emulator, {
		items: 3,
		parameters: taskParameters(),
		credentials: credentialsFor(emulator),
	});
	await runNode(emulator, {
		items: 2,
		parameters: taskParameters(),
		credentials: assumeRole(),
		executionId: 'role',
	});
	expect(emulator.state.contacts).toHaveLength(5);
	const seen = proxied().slice(before);
	expect(seen.filter((r) => r === `PUT ${emulator.url}/contact/create-contact`)).toHaveLength(5);
	expect(seen.filter((r) => r === `POST ${emulator.url}/`)).toHaveLength(1); // the AssumeRole
	expect(seen).toHaveLength(6);
	expect(emulator.state.requests.map((r) => r.operation).sort()).toEqual([
		'AssumeRole',
		...Array(5).fill('CreateContact'),
	]);
});

it('NO_PROXY: a host it names is reached directly', async () => {
	process.env.HTTP_PROXY = proxyUrl;
	process.env.NO_PROXY = 'localhost,127.0.0.1';
	const before = proxied().length;
	await runNode(emulator, { items: 2, parameters: taskParameters(), credentials: assumeRole() });
	expect(emulator.state.contacts).toHaveLength(2);
	expect(proxied().slice(before)).toEqual([]);
});

it('HTTPS_PROXY: the public endpoints are tunnelled (CONNECT), and AWS_ENDPOINT_URL does not divert them', async () => {
	process.env.HTTPS_PROXY = proxyUrl;
	process.env.AWS_ENDPOINT_URL = emulator.url;
	const before = proxied().length;
	// No Custom Endpoint: the public regional endpoint, which this machine cannot reach; the proxy says so.
	const error = await runNodeError(emulator, {
		parameters: taskParameters({ options: { maxAttempts: 1 } }),
		credentials: credentialsFor(emulator, FULL_KEY, { endpoint: '', stsEndpoint: '' }),
	});
	expect(error.message).toMatch(/^Item 0: /);
	const test = await credentialTest(
		credentialsFor(emulator, FULL_KEY, { endpoint: '', stsEndpoint: '' }),
	);
	expect(test.status).toBe('Error');
	const seen = proxied().slice(before);
	expect(seen).toContain('CONNECT connect.us-east-1.amazonaws.com:443');
	expect(seen).toContain('CONNECT sts.us-east-1.amazonaws.com:443');
	expect(emulator.state.requests).toEqual([]);
}, 30_000);
