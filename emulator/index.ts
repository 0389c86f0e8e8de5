/**
 * A local stand-in for the Amazon Connect endpoint (restJson1 over plain HTTP), built on Node's
 * http module. It verifies SigV4, throttles like the account quota, injects seeded faults, routes
 * by the HTTP bindings of AWS's model (model/connect.json), validates every request against that
 * model with its own validator, and answers the operations in operations.ts as the real service would.
 * Nothing here imports the node's code.
 *
 * Per API request the stages run in this order:
 *   drop-before → signature → throttle (bucket, then injected share) → internal error →
 *   model validation → the operation's handler (authorize / look up / documented rules / store) → drop-after-store
 * and every answer (success or error) waits `latencyMs` first.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	checkConfig,
	defaultConfig,
	redactConfig,
	type EmulatorAccessKey,
	type EmulatorConfig,
} from './config';
import { instanceArn } from './directory';
import {
	ApiError,
	accessDenied,
	internalService,
	payloadTooLarge,
	serialization,
	throttling,
	unknownOperation,
} from './errors';
import { emptyLifecycleState, resetLifecycleState } from './lifecycle';
import { connectModel, modelRouter } from './model';
import type { OperationContext } from './operation';
import { HANDLERS } from './operations';
import { parseQuery, verifySignature } from './sigv4';
import {
	containerCredentials,
	handleSts,
	parseForm,
	SessionStore,
	STS_SIGNING_SERVICE,
	stsActionSigned,
	stsErrorXml,
	type StsContext,
} from './sts';
import type { EmulatorState, RequestRecord } from './state';
import { mulberry32, pickFault, TokenBucket, type Fault } from './traffic';
import { isObject, operationInput, type JsonObject } from './validate';

export type {
	EmulatorAccessKey,
	EmulatorConfig,
	EmulatorInstance,
	EmulatorRole,
	EmulatorUser,
} from './config';
export type { IssuedSession } from './sts';
export { defaultConfig } from './config';
export type { EmulatorState, RequestRecord, StoredContact, TokenRecord } from './state';
export { HANDLERS } from './operations';
export type {
	ContactLife,
	EmulatorEmailAddress,
	EmulatorFlow,
	EmulatorQueue,
	SentEmail,
} from './lifecycle';

export interface EmulatorOptions {
	/** Default '127.0.0.1'. */
	host?: string;
	/** Default 0 = a free port. */
	port?: number;
	/** Default: the shipped emulator/config.default.json. */
	config?: EmulatorConfig;
	/**
	 * The account quota: one token bucket per API operation (each AWS API has its own quota), each
	 * {perSecond, burst}; default {perSecond: 2, burst: 5}; null = unlimited.
	 */
	rate?: { perSecond: number; burst: number } | null;
	/** Per-operation quotas instead of `rate`, by operation name (e.g. {TransferContact: {perSecond: 2, burst: 5}}). */
	rates?: Record<string, { perSecond: number; burst: number }>;
	/** Added before answering each API request; default 0. */
	latencyMs?: number;
	/** Default none. */
	faults?: FaultOptions;
	/**
	 * The emulator's clock is this far ahead of the host's (negative: behind); default 0. Signatures are
	 * checked against it (5 minutes either way, as AWS does) and every answer's Date header tells it, as
	 * AWS's do: the SDK corrects its clock from that header.
	 */
	clockOffsetMs?: number;
	/** Requests whose body has one of these Names are refused (400 InvalidRequestException, nothing stored); default none. */
	refuseNames?: string[];
	/** No request log. */
	quiet?: boolean;
	/** Lifetime in seconds of the sessions STS and the container endpoint issue; default: the DurationSeconds asked for (container: 3600). */
	sessionSeconds?: number;
}

export interface FaultOptions {
	/** PRNG seed so runs repeat; default 1. */
	seed?: number;
	/** Share 0..1 answered ThrottlingException 429 regardless of the bucket. */
	throttle?: number;
	/** Share answered InternalServiceException 500 (contact NOT stored). */
	internalError?: number;
	/** Share whose socket is destroyed before anything is handled. */
	dropBeforeHandling?: number;
	/** Share whose contact IS stored (and token recorded), then the socket is destroyed without an answer. */
	dropAfterStore?: number;
	/** Share accepted and never answered (the socket stays open until the client closes it): a hung connection. */
	hang?: number;
	/** Share whose contact IS stored, then never answered (the socket stays open). */
	hangAfterStore?: number;
}

/** What configure() (POST /_emulator/configure) changes. */
export type EmulatorSettings = Partial<
	Pick<
		EmulatorOptions,
		'rate' | 'rates' | 'latencyMs' | 'faults' | 'sessionSeconds' | 'clockOffsetMs' | 'refuseNames'
	>
>;

export interface RunningEmulator {
	url: string;
	port: number;
	config: EmulatorConfig;
	state: EmulatorState;
	reset(): void;
	/** Secret keys and session tokens of the sessions issued so far (in-process only, for leak tests; never served). */
	issuedSecrets(): string[];
	configure(o: EmulatorSettings): void;
	close(): Promise<void>;
}

/** Largest body read; the biggest valid CreateContact is far below this. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const DEFAULT_RATE = { perSecond: 2, burst: 5 };

interface ResolvedOptions {
	rate: { perSecond: number; burst: number } | null;
	rates: Record<string, { perSecond: number; burst: number }>;
	latencyMs: number;
	faults: Required<FaultOptions>;
	sessionSeconds?: number;
	clockOffsetMs: number;
	refuseNames: string[];
}

function resolveSessionSeconds(seconds: number | undefined): number | undefined {
	if (seconds === undefined) return undefined;
	if (!(seconds >= 1) || !Number.isFinite(seconds))
		throw new Error('sessionSeconds must be a number >= 1');
	return seconds;
}

/** Method + path → the operation the model binds there, among those the emulator answers. */
const route = modelRouter(connectModel(), Object.keys(HANDLERS));

function resolveFaults(f: FaultOptions | undefined): Required<FaultOptions> {
	const faults = {
		seed: f?.seed ?? 1,
		throttle: f?.throttle ?? 0,
		internalError: f?.internalError ?? 0,
		dropBeforeHandling: f?.dropBeforeHandling ?? 0,
		dropAfterStore: f?.dropAfterStore ?? 0,
		hang: f?.hang ?? 0,
		hangAfterStore: f?.hangAfterStore ?? 0,
	};
	for (const k of [
		'throttle',
		'internalError',
		'dropBeforeHandling',
		'dropAfterStore',
		'hang',
		'hangAfterStore',
	] as const) {
		const v = faults[k];
		if (typeof v !== 'number' || !(v >= 0 && v <= 1))
			throw new Error(`faults.${k} must be a number between 0 and 1`);
	}
	if (!Number.isFinite(faults.seed)) throw new Error('faults.seed must be a number');
	const total =
		faults.throttle +
		faults.internalError +
		faults.dropBeforeHandling +
		faults.dropAfterStore +
		faults.hang +
		faults.hangAfterStore;
	if (total > 1 + 1e-9) throw new Error(`fault shares add up to ${total}; they must not exceed 1`);
	return faults;
}

function resolveRate(r: EmulatorOptions['rate']): ResolvedOptions['rate'] {
	if (r === null) return null;
	const rate = r ?? DEFAULT_RATE;
	if (!(rate.perSecond > 0) || !(rate.burst >= 1))
		throw new Error('rate needs perSecond > 0 and burst >= 1 (or null for no limit)');
	return { perSecond: rate.perSecond, burst: rate.burst };
}

function resolveRates(r: EmulatorOptions['rates']): ResolvedOptions['rates'] {
	const rates: ResolvedOptions['rates'] = {};
	for (const [operation, rate] of Object.entries(r ?? {}))
		rates[operation] = resolveRate(rate) ?? DEFAULT_RATE;
	return rates;
}

function resolveLatency(ms: number | undefined): number {
	const latency = ms ?? 0;
	if (!(latency >= 0) || !Number.isFinite(latency))
		throw new Error('latencyMs must be a number >= 0');
	return latency;
}

function resolveClockOffset(ms: number | undefined): number {
	const offset = ms ?? 0;
	if (!Number.isFinite(offset)) throw new Error('clockOffsetMs must be a number');
	return offset;
}

function resolveRefuseNames(names: string[] | undefined): string[] {
	const list = names ?? [];
	if (!Array.isArray(list) || !list.every((n) => typeof n === 'string'))
		throw new Error('refuseNames must be a list of strings');
	return [...list];
}

function actionMatches(pattern: string, action: string): boolean {
	const re = new RegExp(
		`^${pattern
			.split('*')
			.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
			.join('.*')}$`,
		'i',
	);
	return re.test(action);
}

function claimedAccessKeyId(headers: http.IncomingHttpHeaders): string | undefined {
	const auth = headers.authorization;
	return typeof auth === 'string' ? /Credential=([^/,\s]+)\//.exec(auth)?.[1] : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const config = options.config ?? defaultConfig();
	checkConfig(config);
	const host = options.host ?? '127.0.0.1';
	const quiet = options.quiet ?? false;
	const current: ResolvedOptions = {
		rate: resolveRate(options.rate),
		rates: resolveRates(options.rates),
		latencyMs: resolveLatency(options.latencyMs),
		sessionSeconds: resolveSessionSeconds(options.sessionSeconds),
		faults: resolveFaults(options.faults),
		clockOffsetMs: resolveClockOffset(options.clockOffsetMs),
		refuseNames: resolveRefuseNames(options.refuseNames),
	};
	/** The emulator's clock (AWS's, for the requests it checks). */
	const now = () => Date.now() + current.clockOffsetMs;
	const state: EmulatorState = {
		requests: [],
		contacts: [],
		tokens: {},
		sessions: [],
		...emptyLifecycleState(),
	};
	// Issued sessions outlive reset(), as real ones do: a client may hold them across tests.
	const store = new SessionStore(config);
	let random = mulberry32(current.faults.seed);
	// One bucket per API operation, made on its first request: each AWS API has its own account quota.
	const buckets = new Map<string, TokenBucket | null>();
	const bucketFor = (operation: string): TokenBucket | null => {
		if (!buckets.has(operation)) {
			const rate = current.rates[operation] ?? current.rate;
			buckets.set(operation, rate ? new TokenBucket(rate.perSecond, rate.burst, Date.now()) : null);
		}
		return buckets.get(operation) ?? null;
	};

	const restartTraffic = () => {
		random = mulberry32(current.faults.seed);
		buckets.clear();
	};

	const reset = () => {
		// Cleared in place so that references to `state` held by callers stay live.
		state.requests.length = 0;
		state.contacts.length = 0;
		state.sessions.length = 0;
		for (const k of Object.keys(state.tokens)) delete state.tokens[k];
		resetLifecycleState(state);
		restartTraffic();
	};

	const configure = (o: EmulatorSettings) => {
		if (!isObject(o as unknown)) throw new Error('configure() takes an object');
		// Resolve everything first so a bad value changes nothing.
		const next: ResolvedOptions = {
			rate: 'rate' in o && o.rate !== undefined ? resolveRate(o.rate) : current.rate,
			rates: 'rates' in o && o.rates !== undefined ? resolveRates(o.rates) : current.rates,
			latencyMs:
				'latencyMs' in o && o.latencyMs !== undefined
					? resolveLatency(o.latencyMs)
					: current.latencyMs,
			faults: 'faults' in o && o.faults !== undefined ? resolveFaults(o.faults) : current.faults,
			sessionSeconds:
				'sessionSeconds' in o
					? resolveSessionSeconds(o.sessionSeconds ?? undefined)
					: current.sessionSeconds,
			clockOffsetMs:
				'clockOffsetMs' in o && o.clockOffsetMs !== undefined
					? resolveClockOffset(o.clockOffsetMs)
					: current.clockOffsetMs,
			refuseNames:
				'refuseNames' in o && o.refuseNames !== undefined
					? resolveRefuseNames(o.refuseNames)
					: current.refuseNames,
		};
		Object.assign(current, next);
		restartTraffic();
	};

	const log = (r: RequestRecord, ms: number) => {
		if (quiet) return;
		const err = r.errorType ? ` ${r.errorType}` : '';
		const key = r.accessKeyId ? ` key=${r.accessKeyId}` : '';
		process.stdout.write(
			`${new Date(r.at).toISOString()} ${r.method} ${r.path} ${r.operation} ${r.status || '-'} ${r.outcome}${err}${key} ${ms}ms\n`,
		);
	};

	// ---------------------------------------------------------------- operations

	const authorize = (key: EmulatorAccessKey, action: string, resource: string) => {
		if ((key.deniedActions ?? []).some((p) => actionMatches(p, action))) {
			throw accessDenied(
				key.principalArn ?? `arn:aws:iam::${config.accountId}:user/${key.accessKeyId}`,
				action,
				resource,
			);
		}
	};

	const parseJsonObject = (raw: Buffer): JsonObject => {
		const text = raw.toString('utf8');
		if (text.trim() === '') return {};
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch (e) {
			throw serialization(`The request body could not be parsed as JSON: ${(e as Error).message}`);
		}
		if (!isObject(parsed)) throw serialization('The request body must be a JSON object.');
		return parsed;
	};

	const operate = (
		match: NonNullable<ReturnType<typeof route>>,
		key: EmulatorAccessKey,
		query: Record<string, string | string[]>,
		raw: Buffer,
	) => {
		const { operation, labels } = match;
		const action = `connect:${operation.name}`;
		const body = parseJsonObject(raw);
		const input = operationInput(connectModel(), operation, labels, query, body);
		const context: OperationContext = {
			config,
			state,
			key,
			body,
			labels,
			query,
			now: Date.now(),
			authorize: (resource) => authorize(key, action, resource),
			authorizeInstance: (instanceId) => authorize(key, action, instanceArn(config, instanceId)),
			authorizeAction: (otherAction, instanceId) =>
				authorize(key, otherAction, instanceArn(config, instanceId)),
		};
		if (typeof body.Name === 'string' && current.refuseNames.includes(body.Name)) {
			throw new ApiError(
				400,
				'InvalidRequestException',
				`The emulator was told to refuse contacts named '${body.Name}'.`,
				'refused',
			);
		}
		return HANDLERS[operation.name](input, context);
	};

	// ---------------------------------------------------------------- HTTP plumbing

	const sendJson = (
		res: http.ServerResponse,
		status: number,
		body: unknown,
		headers: Record<string, string> = {},
	) => {
		const text = JSON.stringify(body);
		res.writeHead(status, {
			// AWS's clock, from which the SDK corrects a skewed host clock.
			Date: new Date(now()).toUTCString(),
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	};

	const sendError = (res: http.ServerResponse, err: ApiError, requestId: string) => {
		sendJson(
			res,
			err.status,
			{ Message: err.message, ...(err.extra ?? {}) },
			{ 'x-amzn-ErrorType': err.type, 'x-amzn-RequestId': requestId },
		);
	};

	const readBody = (req: http.IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> =>
		new Promise((resolve, reject) => {
			const chunks: Buffer[] = [];
			let size = 0;
			let tooLarge = false;
			req.on('data', (c: Buffer) => {
				size += c.length;
				if (size > MAX_BODY_BYTES) tooLarge = true;
				else chunks.push(c);
			});
			req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge }));
			req.on('error', reject);
		});

	const stsContext = (): StsContext => ({
		config,
		store,
		sessionSeconds: current.sessionSeconds,
		now: Date.now(),
		issued: (session) => state.sessions.push(session),
	});

	/** STS (awsQuery): form-encoded POST / with Action=...; answers XML. */
	const sts = async (
		req: http.IncomingMessage,
		res: http.ServerResponse,
		rawPath: string,
		rawQuery: string,
		raw: Buffer,
		started: number,
	) => {
		const form = parseForm(raw);
		const action = form.Action ?? 'Unknown';
		const requestId = randomUUID();
		// The web identity token is a secret of the host: never recorded.
		const recorded = {
			...form,
			...(form.WebIdentityToken !== undefined && { WebIdentityToken: '(redacted)' }),
		};
		const record: RequestRecord = {
			id: randomUUID(),
			operation: action,
			method: 'POST',
			path: rawPath,
			accessKeyId: claimedAccessKeyId(req.headers),
			body: recorded,
			status: 0,
			outcome: 'pending',
			at: started,
			requestId,
		};
		state.requests.push(record);
		let status = 200;
		let body: string;
		try {
			const caller = stsActionSigned(action)
				? await verifySignature(
						{ method: 'POST', rawPath, rawQuery, headers: req.headers, body: raw },
						config,
						now(),
						{
							service: STS_SIGNING_SERVICE,
							findKey: (id) => store.find(id, Date.now()),
						},
					)
				: undefined;
			if (caller) record.accessKeyId = caller.accessKeyId;
			body = handleSts(stsContext(), action, form, caller, requestId);
			record.outcome = 'ok';
		} catch (e) {
			const err = e instanceof ApiError ? e : internalService();
			if (!(e instanceof ApiError))
				process.stderr.write(
					`sts emulator: unexpected error: ${(e as Error).stack ?? String(e)}\n`,
				);
			const answer = stsErrorXml(err, requestId);
			({ status, body } = answer);
			record.errorType = answer.code;
			record.errorMessage = err.message;
			record.outcome = err.outcome;
		}
		await sleep(current.latencyMs);
		record.status = status;
		res.writeHead(status, {
			'Content-Type': 'text/xml',
			'Content-Length': Buffer.byteLength(body),
			'x-amzn-RequestId': requestId,
		});
		res.end(body);
		log(record, Date.now() - started);
	};

	/** The ECS container credentials endpoint: GET /v2/credentials/<anything>, JSON. */
	const container = async (
		req: http.IncomingMessage,
		res: http.ServerResponse,
		rawPath: string,
		started: number,
	) => {
		const requestId = randomUUID();
		const record: RequestRecord = {
			id: randomUUID(),
			operation: 'ContainerCredentials',
			method: 'GET',
			path: rawPath,
			body: undefined,
			status: 0,
			outcome: 'pending',
			at: started,
			requestId,
		};
		state.requests.push(record);
		try {
			const authorization =
				typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
			const body = containerCredentials(stsContext(), authorization);
			record.status = 200;
			record.outcome = 'ok';
			sendJson(res, 200, body);
		} catch (e) {
			const err = e instanceof ApiError ? e : internalService();
			record.status = err.status;
			record.errorType = err.type;
			record.outcome = err.outcome;
			sendJson(res, err.status, { code: err.type, message: err.message });
		}
		log(record, Date.now() - started);
	};

	const control = async (
		req: http.IncomingMessage,
		res: http.ServerResponse,
		rawPath: string,
		raw: Buffer,
	) => {
		const requestId = randomUUID();
		try {
			if (req.method === 'GET' && rawPath === '/_emulator/state') {
				return sendJson(res, 200, { ...state, options: current });
			}
			if (req.method === 'GET' && rawPath === '/_emulator/config')
				return sendJson(res, 200, redactConfig(config));
			if (req.method === 'GET' && rawPath === '/_emulator/health')
				return sendJson(res, 200, { ok: true });
			if (req.method === 'POST' && rawPath === '/_emulator/reset') {
				reset();
				return sendJson(res, 200, { reset: true, options: current });
			}
			if (req.method === 'POST' && rawPath === '/_emulator/configure') {
				const body = parseJsonObject(raw);
				try {
					configure(body as EmulatorSettings);
				} catch (e) {
					throw new ApiError(400, 'InvalidParameterException', (e as Error).message, 'invalid');
				}
				return sendJson(res, 200, { options: current });
			}
			throw unknownOperation(req.method ?? '', rawPath);
		} catch (e) {
			sendError(res, e instanceof ApiError ? e : internalService(), requestId);
		}
	};

	const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
		const started = Date.now();
		const method = req.method ?? 'GET';
		const url = req.url ?? '/';
		const q = url.indexOf('?');
		const rawPath = q < 0 ? url : url.slice(0, q);
		const rawQuery = q < 0 ? '' : url.slice(q + 1);
		const { body: raw, tooLarge } = await readBody(req);

		if (rawPath.startsWith('/_emulator/')) return control(req, res, rawPath, raw);
		if (method === 'POST' && rawPath === '/') return sts(req, res, rawPath, rawQuery, raw, started);
		if (method === 'GET' && rawPath.startsWith('/v2/credentials/'))
			return container(req, res, rawPath, started);

		const r = route(method, rawPath);
		const query = parseQuery(rawQuery);
		let recordedBody: unknown;
		if (raw.length > 0) {
			const text = raw.toString('utf8');
			try {
				recordedBody = JSON.parse(text);
			} catch {
				recordedBody = text;
			}
		}
		const record: RequestRecord = {
			id: randomUUID(),
			operation: r?.operation.name ?? 'Unknown',
			method,
			path: rawPath,
			...(rawQuery ? { query } : {}),
			accessKeyId: claimedAccessKeyId(req.headers),
			body: recordedBody,
			status: 0,
			outcome: 'pending',
			at: started,
		};
		state.requests.push(record);
		const requestId = randomUUID();

		const answer = async (status: number, body: unknown, err?: ApiError) => {
			await sleep(current.latencyMs);
			record.status = status;
			record.requestId = requestId;
			if (err) {
				record.errorType = err.type;
				record.errorMessage = err.message;
				record.outcome = err.outcome;
				sendError(res, err, requestId);
			} else {
				sendJson(res, status, body, { 'x-amzn-RequestId': requestId });
			}
			log(record, Date.now() - started);
		};
		const hang = (outcome: string) => {
			// Accepted and never answered: the socket stays open until the client gives up (or close()).
			record.outcome = outcome;
			record.status = 0;
			log(record, Date.now() - started);
		};
		const drop = async (outcome: string, wait: boolean) => {
			if (wait) await sleep(current.latencyMs);
			record.outcome = outcome;
			record.status = 0;
			req.socket.destroy();
			log(record, Date.now() - started);
		};

		if (!r) return answer(404, undefined, unknownOperation(method, rawPath));

		// One draw per API request, in arrival order, whatever stage later ends it.
		const fault: Fault = pickFault(random(), current.faults);
		if (fault === 'dropBefore') return drop('fault:dropBefore', false);
		if (fault === 'hang') return hang('fault:hang');

		try {
			if (tooLarge) throw payloadTooLarge(MAX_BODY_BYTES);
			const key = await verifySignature(
				{ method, rawPath, rawQuery, headers: req.headers, body: raw },
				config,
				now(),
				{
					findKey: (id) => store.find(id, Date.now()),
				},
			);
			record.accessKeyId = key.accessKeyId;
			const bucket = bucketFor(r.operation.name);
			if (bucket && !bucket.take(Date.now())) throw throttling('throttled');
			if (fault === 'throttle') throw throttling('fault:throttle');
			if (fault === 'internal') throw internalService();
			const result = operate(r, key, query, raw);
			if (fault === 'dropAfterStore') return drop('fault:dropAfterStore', true);
			if (fault === 'hangAfterStore') return hang('fault:hangAfterStore');
			record.outcome = result.outcome;
			return answer(200, result.body);
		} catch (e) {
			if (e instanceof ApiError) return answer(e.status, undefined, e);
			// A bug in the emulator still answers in the wire format, and says so in the log.
			process.stderr.write(
				`connect emulator: unexpected error: ${(e as Error).stack ?? String(e)}\n`,
			);
			return answer(
				500,
				undefined,
				new ApiError(500, 'InternalServiceException', 'Internal error in the emulator.', 'error'),
			);
		}
	};

	const server = http.createServer((req, res) => {
		handle(req, res).catch((e: unknown) => {
			process.stderr.write(`connect emulator: ${(e as Error).stack ?? String(e)}\n`);
			if (!res.headersSent) req.socket.destroy();
		});
	});
	server.keepAliveTimeout = 5000;

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const urlHost = host.includes(':') ? `[${host}]` : host;

	return {
		url: `http://${urlHost}:${port}`,
		port,
		config,
		state,
		reset,
		issuedSecrets: () => store.secrets(),
		configure,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((err) => (err ? reject(err) : resolve()));
				// keep-alive sockets from SDK clients would otherwise hold close() open
				server.closeAllConnections();
			}),
	};
}
