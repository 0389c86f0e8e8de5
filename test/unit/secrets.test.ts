/**
 * The secret access key and the session token never appear in anything the node produces: output
 * items, error messages and descriptions, serialized errors, console and process output. Run over
 * successes, invalid items and AWS errors, with Continue On Fail on and off, with the client mocked
 * and with the real SDK against a loopback server (which does receive the session token, so the
 * secrets do flow through the node).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { inspect } from 'util';

import {
	AccessDeniedException,
	ConnectClient,
	CreateContactCommand,
	InternalServiceException,
	ThrottlingException,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { fakeExecuteFunctions } from './helpers/fakeExecuteFunctions';

const SECRET = 'SECRET-sk-9f8e7d6c5b4a';
const SESSION = 'SESSION-tok-1a2b3c';
const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const CREDENTIALS: ICredentialDataDecryptedObject = {
	region: 'us-east-1',
	accessKeyId: 'AKIAEXAMPLEKEYID0001',
	secretAccessKey: SECRET,
	sessionToken: SESSION,
	endpoint: '',
};

/** Parameters of item i: items 1 and 4 are invalid (Name too long), the others valid. */
const params = (i: number): INodeParameters => ({
	resource: 'contact',
	operation: 'create',
	instanceId: { __rl: true, mode: 'id', value: ID },
	channel: 'TASK',
	initiationMethod: 'API',
	name: i === 1 || i === 4 ? 'n'.repeat(1025) : `Task ${i}`,
	attributesJson: '{}', // see execute.test.ts: the undefined fallback of readParameters
	referencesJson: '{}',
	options: { fullResponse: true, maxAttempts: 2 },
});

/** Everything written to the console or to stdout/stderr while `fn` runs. */
async function capturingOutput<T>(
	fn: () => Promise<T>,
): Promise<{ result: T | undefined; error: unknown; written: string }> {
	const chunks: string[] = [];
	const record = (...args: unknown[]) => {
		chunks.push(
			args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 20 }))).join(' '),
		);
	};
	const spies = [
		jest
			.spyOn(process.stdout, 'write')
			.mockImplementation((chunk: unknown) => (record(String(chunk)), true)),
		jest
			.spyOn(process.stderr, 'write')
			.mockImplementation((chunk: unknown) => (record(String(chunk)), true)),
		...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
			jest.spyOn(console, method).mockImplementation(record),
		),
	];
	try {
		return { result: await fn(), error: undefined, written: chunks.join('\n') };
	} catch (error) {
		return { result: undefined, error, written: chunks.join('\n') };
	} finally {
		spies.forEach((spy) => spy.mockRestore());
	}
}

/** Every view of a thrown error a user or a log could see. */
function everyViewOf(error: unknown): string {
	if (error === undefined) return '';
	const e = error as Error & { description?: unknown; messages?: unknown; toJSON?: () => unknown };
	return [
		e.message,
		String(e.description),
		JSON.stringify(e.messages),
		e.stack,
		String(error),
		JSON.stringify(error),
		typeof e.toJSON === 'function' ? JSON.stringify(e.toJSON()) : '',
		inspect(error, { depth: 20, showHidden: true }),
	].join('\n');
}

function expectNoSecret(text: string): void {
	expect(text).not.toContain(SECRET);
	expect(text).not.toContain(SESSION);
	// Nor the beginnings of them, in case something truncates or masks only the end.
	expect(text).not.toContain(SECRET.slice(0, 12));
	expect(text).not.toContain(SESSION.slice(0, 12));
}

async function runAll(continueOnFail: boolean, items = 6) {
	const fn = fakeExecuteFunctions({
		items,
		parameters: params,
		credentials: CREDENTIALS,
		continueOnFail,
	});
	const run = await capturingOutput(() => new AmazonConnect().execute.call(fn));
	return { ...run, hints: fn.executionHints };
}

function expectNothingLeaks(run: Awaited<ReturnType<typeof runAll>>) {
	expectNoSecret(JSON.stringify(run.result ?? null));
	expectNoSecret(inspect(run.result, { depth: 20, showHidden: true }));
	expectNoSecret(everyViewOf(run.error));
	expectNoSecret(run.written);
	expectNoSecret(JSON.stringify(run.hints));
}

describe('with the client mocked', () => {
	const connect = mockClient(ConnectClient);
	beforeEach(() => {
		connect.reset();
		jest.spyOn(Math, 'random').mockReturnValue(0);
	});
	afterEach(() => jest.restoreAllMocks());
	afterAll(() => connect.restore());

	/** Item 0 succeeds, 2 is denied, 3 has a server error twice, 5 succeeds; 1 and 4 are invalid. */
	function answerByItem() {
		connect.on(CreateContactCommand).callsFake(async (input: { Name?: string }) => {
			switch (input.Name) {
				case 'Task 2':
					throw new AccessDeniedException({
						message: 'User is not authorized',
						$metadata: { httpStatusCode: 403, requestId: 'r-2' },
					});
				case 'Task 3':
					throw new InternalServiceException({
						message: 'Internal error',
						$metadata: { httpStatusCode: 500, requestId: 'r-3' },
					});
				default:
					return {
						ContactId: `c-${input.Name}`,
						ContactArn: `arn:c-${input.Name}`,
						$metadata: { httpStatusCode: 200, requestId: 'r-ok' },
					};
			}
		});
	}

	it('Continue On Fail on: successes, invalid items and AWS errors', async () => {
		answerByItem();
		const run = await runAll(true);
		expect(run.error).toBeUndefined();
		const json = run.result?.[0].map((item) => item.json);
		expect(json?.map((j) => (j.error ? 'error' : 'ok'))).toStrictEqual([
			'ok',
			'error',
			'error',
			'error',
			'error',
			'ok',
		]);
		expectNothingLeaks(run);
	});

	it('Continue On Fail off: an invalid item', async () => {
		answerByItem();
		const run = await runAll(false);
		expect((run.error as Error).message).toMatch(/^Item 1: Name:/);
		expectNothingLeaks(run);
	});

	it('Continue On Fail off: an AWS error', async () => {
		answerByItem();
		const fn = fakeExecuteFunctions({
			items: 4,
			parameters: (i) => params(i === 1 ? 0 : i),
			credentials: CREDENTIALS,
		});
		const run = await capturingOutput(() => new AmazonConnect().execute.call(fn));
		expect((run.error as Error).message).toMatch(/^Item 2: AccessDeniedException/);
		expectNothingLeaks({ ...run, hints: fn.executionHints });
	});

	it('throttled until the attempts are used up (with the execution hint)', async () => {
		connect.on(CreateContactCommand).rejects(
			new ThrottlingException({
				message: 'Rate exceeded',
				$metadata: { httpStatusCode: 429, requestId: 'r-429' },
			}),
		);
		jest.useFakeTimers();
		try {
			const pending = runAll(true, 1);
			await jest.runAllTimersAsync();
			const run = await pending;
			expect(run.result?.[0][0].json.error).toMatch(/^Item 0: ThrottlingException/);
			expectNothingLeaks(run);
		} finally {
			jest.useRealTimers();
		}
	});
});

describe('with the real SDK against a loopback server', () => {
	let server: Server;
	let endpoint: string;
	const seen: Array<{ token: unknown; authorization: unknown }> = [];

	/** Answers by the Name of the contact: a success, an AWS error, a server error, a dropped connection. */
	function handle(request: IncomingMessage, response: ServerResponse) {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			seen.push({
				token: request.headers['x-amz-security-token'],
				authorization: request.headers.authorization,
			});
			const name = (JSON.parse(body) as { Name?: string }).Name ?? '';
			const error = (status: number, type: string, message: string) => {
				response.writeHead(status, {
					'content-type': 'application/json',
					'x-amzn-errortype': type,
					'x-amzn-requestid': `req-${status}`,
				});
				response.end(JSON.stringify({ Message: message }));
			};
			if (name === 'Task 2') return error(403, 'AccessDeniedException', 'User is not authorized');
			if (name === 'Task 3') return error(500, 'InternalServiceException', 'Internal error');
			if (name === 'Task 5') return void request.socket.destroy();
			response.writeHead(200, {
				'content-type': 'application/json',
				'x-amzn-requestid': 'req-200',
			});
			response.end(
				JSON.stringify({
					ContactId: `c-${name}`,
					ContactArn: `arn:aws:connect:us-east-1:123456789012:instance/${ID}/contact/c`,
				}),
			);
		});
	}

	beforeAll(async () => {
		server = createServer(handle);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});
	beforeEach(() => {
		seen.length = 0;
		jest.spyOn(Math, 'random').mockReturnValue(0);
	});
	afterEach(() => jest.restoreAllMocks());

	it.each([true, false])('Continue On Fail %s', async (continueOnFail) => {
		const fn = fakeExecuteFunctions({
			items: 6,
			parameters: params,
			credentials: { ...CREDENTIALS, endpoint },
			continueOnFail,
		});
		const run = await capturingOutput(() => new AmazonConnect().execute.call(fn));
		if (continueOnFail) {
			expect(run.error).toBeUndefined();
			expect(run.result?.[0].map((item) => (item.json.error ? 'error' : 'ok'))).toStrictEqual([
				'ok',
				'error',
				'error',
				'error',
				'error',
				'error',
			]);
		} else {
			expect((run.error as Error).message).toMatch(/^Item 1: Name:/);
		}
		expectNothingLeaks({ ...run, hints: fn.executionHints });
		if (continueOnFail) {
			// The secrets did go through the node: the session token was sent, signed with the key.
			expect(seen.length).toBeGreaterThan(0);
			expect(seen.every(({ token }) => token === SESSION)).toBe(true);
			expect(
				seen.every(({ authorization }) =>
					String(authorization).startsWith('AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEKEYID0001/'),
				),
			).toBe(true);
		}
	});

	it('Continue On Fail off: an AWS error from the real SDK', async () => {
		const fn = fakeExecuteFunctions({
			items: 3,
			parameters: (i) => params(i === 1 ? 0 : i),
			credentials: { ...CREDENTIALS, endpoint },
		});
		const run = await capturingOutput(() => new AmazonConnect().execute.call(fn));
		expect((run.error as Error).message).toBe(
			'Item 2: AccessDeniedException: User is not authorized (HTTP 403, request ID req-403)',
		);
		expectNothingLeaks({ ...run, hints: fn.executionHints });
		expect(seen.length).toBeGreaterThan(0);
	});
});
