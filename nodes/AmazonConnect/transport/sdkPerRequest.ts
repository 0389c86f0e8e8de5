/**
 * What the AWS SDK does for every request that this node's client has no use for, done once per
 * client instead. The SDK's own cost is most of the node's CPU per item (about 0.4 ms a request,
 * the node's own work about 0.02 ms), and a third of it went to work whose result never changes
 * for one client or is never used:
 *
 * - the user agent, built again for every request from the same pairs: built once here;
 * - a new SigV4 signer for every request (its options copied from the whole config): one per client,
 *   as the endpoint, so its auth scheme, is fixed per client (credentials are still read per
 *   request, so renewed sessions are used);
 * - the retry middleware, which with maxAttempts 1 only adds invocation headers: retries are the
 *   node's own (retry.ts);
 * - the logger middleware (no logger is given) and recursion detection (a trace header inside AWS
 *   Lambda only);
 * - reading the answer through a stream collector: the handler reads it whole;
 * - an abort listener added to and removed from the execution's signal for every request: one per
 *   client, which aborts the requests in flight.
 *
 * Each is done through the SDK's public API (the client's middleware stack and config, its
 * handler's subclass); should the SDK rename a middleware, the removal finds nothing and only speed
 * is lost (a unit test lists the stack to catch it).
 */
import type { ConnectClient } from '@aws-sdk/client-connect';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** The product's name in the user agent, before the SDK's own pairs. */
export const USER_AGENT_PRODUCT = 'n8n-nodes-amazon-connect';

/** The SDK's user agent pairs ([name, version?]) as its header writes them: name/version, or name#version after a prefix. */
export function userAgentOf(pairs: ReadonlyArray<readonly [string, string?]>): string {
	const parts = pairs.map(([name, version]) =>
		version ? `${name}${name.includes('/') ? '#' : '/'}${version}` : name,
	);
	return [USER_AGENT_PRODUCT, ...parts].join(' ');
}

interface HeadersOf {
	request?: { headers?: Record<string, string> };
}

/** Takes the per-request work above out of a client's stack and config; before its first send (cacheMiddleware). */
export function trimPerRequestWork(client: ConnectClient): void {
	const stack = client.middlewareStack;
	stack.remove('loggerMiddleware');
	stack.remove('recursionDetectionMiddleware');
	stack.remove('getUserAgentMiddleware');
	// Same name, step and priority as the SDK's, so the signer still finds its place after it.
	stack.add((next) => next, {
		step: 'finalizeRequest',
		name: 'retryMiddleware',
		tags: ['RETRY'],
		priority: 'high',
		override: true,
	});

	const config = client.config;
	let userAgent: string | undefined;
	let userAgentReady: Promise<string> | undefined; // made at the first request, so a failure is that request's
	stack.add(
		(next) => async (args) => {
			const headers = (args as HeadersOf).request?.headers;
			if (headers) {
				userAgentReady ??= config
					.defaultUserAgentProvider()
					.then((pairs) => (userAgent = userAgentOf(pairs)));
				headers['user-agent'] = userAgent ?? (await userAgentReady);
			}
			return await next(args);
		},
		{ step: 'build', name: 'userAgentOnce' },
	);

	// The region and the endpoint are fixed per client, so the SDK's signer factory gives the same signer each time.
	const newSigner = config.signer;
	let signer: ReturnType<typeof newSigner> | undefined;
	config.signer = (authScheme) => (signer ??= newSigner(authScheme));
}

type HandleArgs = Parameters<NodeHttpHandler['handle']>;

/** A readable stream as far as reading it whole needs (the answer's IncomingMessage). */
interface Readable {
	on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
	on(event: 'end' | 'close', listener: () => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
}

const isReadable = (body: unknown): body is Readable =>
	typeof (body as Readable | undefined)?.on === 'function';

/** The whole body as one Uint8Array; rejects when the stream fails or closes before its end (aborted). */
export function readWhole(body: Readable): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const chunks: Uint8Array[] = [];
		let ended = false;
		body.on('data', (chunk) => chunks.push(chunk));
		body.on('error', reject);
		body.on('end', () => {
			ended = true;
			resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
		});
		body.on('close', () => {
			if (!ended) reject(new Error('The answer was cut off before its end (aborted)'));
		});
	});
}

/**
 * What the SDK's handler takes as a request's abort signal: it reads `aborted` and `reason`, and
 * sets `onabort` when there is no addEventListener. One per request, cheap to make and to drop,
 * while the execution's signal keeps a single listener for the whole client.
 */
class RequestAbort {
	onabort: (() => void) | null = null;

	constructor(private readonly signal: AbortSignal) {}

	get aborted() {
		return this.signal.aborted;
	}

	get reason(): unknown {
		return this.signal.reason;
	}
}

/**
 * The SDK's own Node.js handler, with the answer's body read whole before the SDK parses it, and
 * the execution's cancel signal (when given) on every request: on a Stop each request in flight is
 * destroyed (the SDK's handler does it), and one not yet sent is not sent. The execution's signal
 * has one listener per client instead of one added and removed per request.
 */
export class WholeAnswerHttpHandler extends NodeHttpHandler {
	private readonly inFlight = new Set<RequestAbort>();
	private readonly abortInFlight = () => {
		for (const request of this.inFlight) request.onabort?.();
	};

	constructor(
		options: ConstructorParameters<typeof NodeHttpHandler>[0],
		private readonly signal?: AbortSignal,
	) {
		super(options);
		signal?.addEventListener('abort', this.abortInFlight, { once: true });
	}

	override async handle(...[request, options]: HandleArgs) {
		if (!this.signal) return await readAnswer(super.handle(request, options));
		this.signal.throwIfAborted();
		const abort = new RequestAbort(this.signal);
		this.inFlight.add(abort);
		try {
			return await readAnswer(super.handle(request, { ...options, abortSignal: abort }));
		} finally {
			this.inFlight.delete(abort);
		}
	}

	override destroy() {
		this.signal?.removeEventListener('abort', this.abortInFlight);
		super.destroy();
	}
}

async function readAnswer(handled: ReturnType<NodeHttpHandler['handle']>) {
	const answer = await handled;
	const body: unknown = answer.response.body;
	if (isReadable(body)) answer.response.body = await readWhole(body);
	return answer;
}
