/**
 * Shared helpers for the emulator tests: SDK clients against a running emulator, and raw signed
 * requests for the cases the SDK would hide (clock-skew correction, bodies changed after signing).
 */
import http from 'node:http';
import {
	ConnectClient,
	CreateContactCommand,
	type CreateContactCommandInput,
} from '@aws-sdk/client-connect';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { defaultConfig, type EmulatorAccessKey, type RunningEmulator } from '../../emulator';
import { useTestEmulator } from '../unit/helpers/testEmulator';

export const CONFIG = defaultConfig();
export const INSTANCE_ID = CONFIG.instances[0].id;
export const SECOND_INSTANCE_ID = CONFIG.instances[1].id;
export const FULL_KEY = CONFIG.accessKeys[0];
export const SESSION_KEY = CONFIG.accessKeys[1];
export const NO_CREATE_KEY = CONFIG.accessKeys[2];
export const NO_LIST_INSTANCES_KEY = CONFIG.accessKeys[3];
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const clients: ConnectClient[] = [];

export function client(
	emu: RunningEmulator,
	opts: {
		key?: EmulatorAccessKey;
		region?: string;
		maxAttempts?: number;
		secret?: string;
		sessionToken?: string | null;
	} = {},
): ConnectClient {
	const key = opts.key ?? FULL_KEY;
	const sessionToken =
		opts.sessionToken === null ? undefined : (opts.sessionToken ?? key.sessionToken);
	const c = new ConnectClient({
		endpoint: emu.url,
		region: opts.region ?? emu.config.region,
		credentials: {
			accessKeyId: key.accessKeyId,
			secretAccessKey: opts.secret ?? key.secretAccessKey,
			sessionToken,
		},
		maxAttempts: opts.maxAttempts ?? 1,
	});
	clients.push(c);
	return c;
}

export function destroyClients(): void {
	for (const c of clients.splice(0)) c.destroy();
}

/** The file's emulator (useTestEmulator: reset before each test); after the file, the clients of client() are destroyed too. */
export function useEmulator(): RunningEmulator {
	const emu = useTestEmulator();
	afterAll(destroyClients);
	return emu;
}

/** A valid TASK contact; override members as needed (the SDK sends whatever it is given). */
export function task(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		InstanceId: INSTANCE_ID,
		Channel: 'TASK',
		InitiationMethod: 'API',
		Name: 'Call back customer',
		...extra,
	};
}

export function createContact(c: ConnectClient, input: Record<string, unknown>) {
	return c.send(new CreateContactCommand(input as unknown as CreateContactCommandInput));
}

export interface SdkError {
	name: string;
	message: string;
	code?: string;
	$metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

/** Awaits a rejection and returns the error, failing the test if the promise resolves. */
export async function failure(p: Promise<unknown>): Promise<SdkError> {
	try {
		await p;
	} catch (e) {
		return e as SdkError;
	}
	throw new Error('expected the call to fail, but it succeeded');
}

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	json: Record<string, unknown> | undefined;
}

export function rawRequest(
	url: string,
	method: string,
	path: string,
	headers: Record<string, string>,
	body?: string,
): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = http.request(`${url}${path}`, { method, headers, agent: false }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (text += c));
			res.on('end', () => {
				let json: Record<string, unknown> | undefined;
				try {
					json = JSON.parse(text) as Record<string, unknown>;
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
			});
		});
		req.on('error', reject);
		if (body !== undefined) req.write(body);
		req.end();
	});
}

export interface SignOptions {
	method?: string;
	path?: string;
	query?: Record<string, string>;
	body?: string;
	key?: EmulatorAccessKey;
	secret?: string;
	region?: string;
	service?: string;
	signingDate?: Date;
	/** false: no x-amz-content-sha256 header, so the signature covers the body's own hash. */
	applyChecksum?: boolean;
	sessionToken?: string | null;
	/** Changes the request after it was signed (e.g. tamper with the body). */
	afterSigning?: (r: { headers: Record<string, string>; body?: string }) => void;
}

/** Signs a request like the SDK does (SigV4, service connect) and sends it with node:http. */
export async function signedRequest(
	emu: RunningEmulator,
	o: SignOptions = {},
): Promise<RawResponse> {
	const key = o.key ?? FULL_KEY;
	const url = new URL(emu.url);
	const body = o.body;
	const request = new HttpRequest({
		method: o.method ?? 'PUT',
		protocol: 'http:',
		hostname: url.hostname,
		port: Number(url.port),
		path: o.path ?? '/contact/create-contact',
		query: o.query ?? {},
		headers: {
			host: url.host,
			...(body !== undefined
				? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
				: {}),
		},
		body,
	});
	const sessionToken = o.sessionToken === null ? undefined : (o.sessionToken ?? key.sessionToken);
	const signer = new SignatureV4({
		service: o.service ?? 'connect',
		region: o.region ?? emu.config.region,
		credentials: {
			accessKeyId: key.accessKeyId,
			secretAccessKey: o.secret ?? key.secretAccessKey,
			sessionToken,
		},
		sha256: Hash.bind(null, 'sha256'),
		applyChecksum: o.applyChecksum ?? true,
	});
	const signed = await signer.sign(request, { signingDate: o.signingDate ?? new Date() });
	const sent = { headers: { ...(signed.headers as Record<string, string>) }, body };
	o.afterSigning?.(sent);
	const qs = Object.entries(o.query ?? {})
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
		.join('&');
	return rawRequest(
		emu.url,
		request.method,
		`${request.path}${qs ? `?${qs}` : ''}`,
		sent.headers,
		sent.body,
	);
}
