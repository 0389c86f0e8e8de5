/**
 * Server-side SigV4 verification. The canonical request is rebuilt from exactly what arrived
 * (method, raw path, query, the headers the client says it signed, the raw body) and signed
 * again with @smithy/signature-v4 using the secret from the config; the two signatures must match.
 * Secrets never leave this module: errors name only the access key id.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { EmulatorAccessKey, EmulatorConfig } from './config';
import {
	SIGNATURE_MISMATCH_MESSAGE,
	incompleteSignature,
	invalidSignature,
	missingAuthenticationToken,
	unrecognizedClient,
} from './errors';

export const SIGNING_SERVICE = 'connect';
/** AWS accepts a request signed at most 5 minutes before or after its own clock. */
export const MAX_SKEW_MS = 5 * 60 * 1000;

export interface ReceivedRequest {
	method: string;
	/** The path exactly as received (still percent-encoded), without the query string. */
	rawPath: string;
	/** The query string exactly as received, without '?'. */
	rawQuery: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

interface ParsedAuthorization {
	accessKeyId: string;
	date: string;
	region: string;
	service: string;
	terminator: string;
	signedHeaders: string[];
	signature: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const v = headers[name];
	return Array.isArray(v) ? v.join(',') : v;
}

function parseAuthorization(value: string): ParsedAuthorization {
	const algorithm = 'AWS4-HMAC-SHA256';
	if (!value.startsWith(`${algorithm} `)) {
		throw incompleteSignature(`Authorization header requires the ${algorithm} algorithm.`);
	}
	const params = new Map<string, string>();
	for (const part of value.slice(algorithm.length + 1).split(',')) {
		const eq = part.indexOf('=');
		if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
	}
	const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((p) => !params.get(p));
	if (missing.length > 0) {
		throw incompleteSignature(
			missing.map((p) => `Authorization header requires '${p}' parameter.`).join(' '),
		);
	}
	const credential = params.get('Credential')!.split('/');
	if (credential.length !== 5) {
		throw incompleteSignature(
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" +
				// only the access key id and scope are shown, never anything secret
				params.get('Credential') +
				"'",
		);
	}
	const [accessKeyId, date, region, service, terminator] = credential;
	return {
		accessKeyId,
		date,
		region,
		service,
		terminator,
		signedHeaders: params
			.get('SignedHeaders')!
			.split(';')
			.map((h) => h.trim().toLowerCase()),
		signature: params.get('Signature')!,
	};
}

/** 20260101T000000Z ↔ Date */
export function parseAmzDate(value: string): Date | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	if (!m) return undefined;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
	return Number.isNaN(d.getTime()) ? undefined : d;
}

export function formatAmzDate(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/\.\d{3}/, '')
		.replace(/[-:]/g, '');
}

/** Decodes a raw query string into the shape SignatureV4 re-encodes (repeated keys → arrays). */
export function parseQuery(rawQuery: string): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	if (!rawQuery) return query;
	for (const pair of rawQuery.split('&')) {
		if (!pair) continue;
		const eq = pair.indexOf('=');
		const rawKey = eq < 0 ? pair : pair.slice(0, eq);
		const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
		const key = safeDecode(rawKey);
		const value = safeDecode(rawValue);
		const prior = query[key];
		if (prior === undefined) query[key] = value;
		else query[key] = Array.isArray(prior) ? [...prior, value] : [prior, value];
	}
	return query;
}

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies the request and returns the access key that signed it, or throws the ApiError AWS
 * would answer. `now` is the emulator's clock in ms.
 */
export interface VerifyOptions {
	/** The signing name the credential scope must carry; default 'connect'. */
	service?: string;
	/** Keys beyond the config's (sessions STS issued); may throw ExpiredTokenException. */
	findKey?: (accessKeyId: string) => EmulatorAccessKey | undefined;
}

export async function verifySignature(
	req: ReceivedRequest,
	config: EmulatorConfig,
	now: number,
	options: VerifyOptions = {},
): Promise<EmulatorAccessKey> {
	const service = options.service ?? SIGNING_SERVICE;
	const authorization = header(req.headers, 'authorization');
	if (!authorization) throw missingAuthenticationToken();
	const auth = parseAuthorization(authorization);

	const key =
		config.accessKeys.find((k) => k.accessKeyId === auth.accessKeyId) ??
		options.findKey?.(auth.accessKeyId);
	if (!key) throw unrecognizedClient();

	if (auth.terminator !== 'aws4_request') {
		throw invalidSignature(
			`Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'. `,
		);
	}
	if (auth.service !== service) {
		throw invalidSignature(`Credential should be scoped to correct service: '${service}'. `);
	}
	if (auth.region !== config.region) {
		throw invalidSignature(`Credential should be scoped to a valid region, not '${auth.region}'. `);
	}

	const amzDate = header(req.headers, 'x-amz-date');
	if (!amzDate) {
		throw incompleteSignature(
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
		);
	}
	const signedAt = parseAmzDate(amzDate);
	if (!signedAt)
		throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
	if (auth.date !== amzDate.slice(0, 8)) {
		throw invalidSignature(
			`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
		);
	}
	if (signedAt.getTime() < now - MAX_SKEW_MS) {
		throw invalidSignature(
			`Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`,
		);
	}
	if (signedAt.getTime() > now + MAX_SKEW_MS) {
		throw invalidSignature(
			`Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`,
		);
	}

	// Temporary credentials only work with their session token; long-term keys must not send one.
	const token = header(req.headers, 'x-amz-security-token');
	if (
		key.sessionToken !== undefined
			? token === undefined || !sameText(token, key.sessionToken)
			: token !== undefined
	) {
		throw unrecognizedClient();
	}

	if (!auth.signedHeaders.includes('host')) {
		throw invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
	}
	const headers: Record<string, string> = {};
	for (const name of auth.signedHeaders) {
		const v = header(req.headers, name);
		if (v === undefined) throw invalidSignature(SIGNATURE_MISMATCH_MESSAGE);
		headers[name] = v;
	}
	// SignatureV4 trusts an x-amz-content-sha256 header as the payload hash; the real service
	// hashes the body itself, so a body changed after signing must not hide behind the header.
	const bodyHash = createHash('sha256').update(req.body).digest('hex');
	const claimedHash = headers['x-amz-content-sha256'];
	if (claimedHash !== undefined && claimedHash !== bodyHash)
		throw invalidSignature(SIGNATURE_MISMATCH_MESSAGE);

	const signer = new SignatureV4({
		service,
		region: config.region,
		// No session token here: when the client signed x-amz-security-token it is among `headers`.
		credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
		sha256: Hash.bind(null, 'sha256'),
		applyChecksum: false,
	});
	const [, hostname = ''] = /^([^:]*)/.exec(headers.host) ?? [];
	const request = new HttpRequest({
		method: req.method,
		protocol: 'http:',
		hostname,
		path: req.rawPath,
		query: parseQuery(req.rawQuery),
		headers,
		body: req.body.length > 0 ? req.body : undefined,
	});
	const signed = await signer.sign(request, {
		signingDate: signedAt,
		// the client decides which headers are signed, even ones the SDK would normally skip
		signableHeaders: new Set(auth.signedHeaders),
	});
	const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? '';
	const expectedSigned =
		/SignedHeaders=([^,]+)/.exec(String(signed.headers.authorization))?.[1] ?? '';
	if (
		expectedSigned !== [...auth.signedHeaders].sort().join(';') ||
		!sameText(expected, auth.signature)
	) {
		throw invalidSignature(SIGNATURE_MISMATCH_MESSAGE);
	}
	return key;
}
