/**
 * transport/sdkPerRequest.ts: the SDK's per-request work done once per client. Requests go to a
 * local HTTP server that records what arrives, so the headers are the ones sent on the wire.
 */
import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';

import {
	ConnectClient,
	type ConnectClientConfig,
	ListInstancesCommand,
} from '@aws-sdk/client-connect';

import { createConnectClient } from '../../nodes/AmazonConnect/transport/client';
import {
	readWhole,
	trimPerRequestWork,
	userAgentOf,
	WholeAnswerHttpHandler,
} from '../../nodes/AmazonConnect/transport/sdkPerRequest';

let server: http.Server;
let url: string;
const received: http.IncomingHttpHeaders[] = [];
/** The answer's body, sent in two chunks (the handler must join them). */
const ANSWER = ['{"InstanceSummaryList":[{"Id":"inst', 'ance-1"}]}'];
/** How long the server waits between the two chunks. */
let secondChunkAfterMs = 5;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		received.push(request.headers);
		request.resume();
		request.on('end', () => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.write(ANSWER[0]);
			setTimeout(() => response.end(ANSWER[1]), secondChunkAfterMs);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
	received.length = 0;
	secondChunkAfterMs = 5;
});

const nodeClient = () =>
	createConnectClient({
		region: 'eu-west-2',
		accessKeyId: 'AKIDEXAMPLE',
		secretAccessKey: 'secret',
		endpoint: url,
	});

/** A ConnectClient with the node's handler and trim, without the rest of createConnectClient. */
const trimmedClient = ({
	credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
	signal,
	handlerOptions,
}: {
	credentials?: ConnectClientConfig['credentials'];
	signal?: AbortSignal;
	handlerOptions?: ConstructorParameters<typeof WholeAnswerHttpHandler>[0];
}) => {
	const client = new ConnectClient({
		region: 'eu-west-2',
		endpoint: url,
		maxAttempts: 1,
		credentials,
		requestHandler: new WholeAnswerHttpHandler(handlerOptions, signal),
	});
	trimPerRequestWork(client);
	return client;
};

describe('userAgentOf', () => {
	it('the product, then each pair as name/version, name#version after a prefix, or the name alone', () => {
		expect(
			userAgentOf([
				['aws-sdk-js', '3.1.0'],
				['os/linux', '6.1'],
				['lang/js'],
				['api/Connect', '3.1.0'],
			]),
		).toBe('n8n-nodes-amazon-connect aws-sdk-js/3.1.0 os/linux#6.1 lang/js api/Connect#3.1.0');
	});
});

describe("the node's client", () => {
	it('sends the user agent built once, signs every request, and parses an answer sent in chunks', async () => {
		const client = nodeClient();
		const expected = userAgentOf(await client.config.defaultUserAgentProvider());
		for (let i = 0; i < 2; i++) {
			const answer = await client.send(new ListInstancesCommand({}));
			expect(answer.InstanceSummaryList).toEqual([{ Id: 'instance-1' }]);
		}
		client.destroy();
		expect(received).toHaveLength(2);
		for (const headers of received) {
			expect(headers['user-agent']).toBe(expected);
			expect(headers['user-agent']).toMatch(/^n8n-nodes-amazon-connect aws-sdk-js\/\d/);
			expect(headers.authorization).toMatch(
				/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/connect\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
			);
			// The SDK's retry middleware (retries are the node's own) adds these; it is not run.
			expect(headers['amz-sdk-invocation-id']).toBeUndefined();
			expect(headers['amz-sdk-request']).toBeUndefined();
		}
	});

	it('the stack: no logger, recursion detection or per-request user agent; the retry middleware is a pass-through', () => {
		const client = nodeClient();
		const stack = client.middlewareStack.identify();
		client.destroy();
		expect(stack).toEqual([
			'serializerMiddleware - serialize',
			'contentLengthMiddleware - build',
			'userAgentOnce - build',
			'hostHeaderMiddleware - build',
			'retryMiddleware - finalizeRequest',
			'httpSigningMiddleware (a.k.a. apiKeyMiddleware,tokenMiddleware,awsAuthMiddleware) - finalizeRequest',
			'deserializerMiddleware - deserialize',
		]);
	});

	it('one signer per client, which still reads the credentials for each request (a renewed session signs the next one)', async () => {
		let issued = 0;
		const client = trimmedClient({
			// Each identity expires within the SDK's refresh window, so each request asks again.
			credentials: async () => ({
				accessKeyId: `AKID${++issued}`,
				secretAccessKey: 'secret',
				expiration: new Date(Date.now() + 1000),
			}),
		});
		const makeSigner = jest.spyOn(client.config, 'signer');
		await client.send(new ListInstancesCommand({}));
		await client.send(new ListInstancesCommand({}));
		client.destroy();
		// The SDK asks for the identity more than once per request; each request signs with one issued for it.
		const [firstKey, secondKey] = received.map((h) =>
			Number(/Credential=AKID(\d+)\//.exec(h.authorization ?? '')?.[1]),
		);
		expect(firstKey).toBeGreaterThan(0);
		expect(secondKey).toBeGreaterThan(firstKey);
		// The config's signer is asked each time, and gives the same signer.
		expect(makeSigner).toHaveBeenCalledTimes(2);
		const [first, second] = makeSigner.mock.results.map((r) => r.value as Promise<unknown>);
		expect(await first).toBe(await second);
	});

	it('the cancel signal aborts a request in flight, and one sent after it is not sent', async () => {
		secondChunkAfterMs = 300; // the answer has begun, and is still coming, when the stop comes
		const stopped = new AbortController();
		const client = trimmedClient({ signal: stopped.signal });
		const inFlight = client.send(new ListInstancesCommand({}));
		while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
		stopped.abort();
		// An AbortError before the answer's headers, ECONNRESET after (the runner reports the stop either way).
		await expect(inFlight).rejects.toThrow(/aborted|ECONNRESET/);
		await expect(client.send(new ListInstancesCommand({}))).rejects.toMatchObject({
			name: 'AbortError',
		});
		expect(received).toHaveLength(1);
		client.destroy();
	});

	it('a request that Stop finds before it has a connection is not sent (the handler still setting up)', async () => {
		const stopped = new AbortController();
		let setUp: (options: object) => void = () => undefined;
		const client = trimmedClient({
			signal: stopped.signal,
			handlerOptions: () => new Promise<object>((resolve) => (setUp = resolve)),
		});
		const handle = jest.spyOn(WholeAnswerHttpHandler.prototype, 'handle');
		const sent = client.send(new ListInstancesCommand({}));
		while (handle.mock.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
		stopped.abort();
		setUp({});
		await expect(sent).rejects.toMatchObject({ name: 'AbortError' });
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(received).toHaveLength(0);
		handle.mockRestore();
		client.destroy();
	});

	it("a destroyed client no longer listens to the execution's signal (one client per run of the node)", () => {
		const execution = new AbortController();
		for (let run = 0; run < 20; run++) trimmedClient({ signal: execution.signal }).destroy();
		expect(getEventListeners(execution.signal, 'abort')).toHaveLength(0);
	});
});

describe('readWhole', () => {
	it('joins the chunks', async () => {
		const body = new PassThrough();
		const whole = readWhole(body);
		body.write(Buffer.from('ab'));
		body.end(Buffer.from('c'));
		expect(Buffer.from(await whole).toString()).toBe('abc');
	});

	it('rejects a body that closes before its end, and one that fails', async () => {
		const cut = new PassThrough();
		const cutWhole = readWhole(cut);
		cut.write(Buffer.from('ab'));
		cut.destroy();
		await expect(cutWhole).rejects.toThrow('cut off before its end');

		const failing = new PassThrough();
		const failingWhole = readWhole(failing);
		failing.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
		await expect(failingWhole).rejects.toMatchObject({ code: 'ECONNRESET' });
	});
});
