/**
 * Who signs the requests: the credential's keys, a role assumed with STS, or the n8n host's own
 * identity (the AWS SDK's default chain). Temporary credentials are kept in this process and
 * renewed before they expire, so a bulk run outlives any one session and no request waits for STS
 * except the one that renews; concurrent requests share one renewal.
 */
import { createHash } from 'node:crypto';

import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

import { requestHandlerFor, stsEndpointUrl } from './endpoints';
import { type AccessKeys, type ConnectSettings, usesHostIdentity } from './settings';

/** The environment variable with which the n8n admin allows credentials to use the host's AWS identity (n8n's own switch). */
export const HOST_IDENTITY_SWITCH = 'N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED';
/** The error name when the switch is off. */
export const HOST_IDENTITY_DISABLED = 'HostIdentityDisabled';
/** Renew at most this long before expiry (the AWS SDK's own margin)... */
const MAX_RENEW_AHEAD_MS = 5 * 60_000;
/** ...and at most this share of the session's lifetime before expiry (short sessions). */
const RENEW_AHEAD_SHARE = 0.5;
/** STS calls are idempotent: the SDK's standard retries are fine for them. */
const STS_MAX_ATTEMPTS = 3;

export function hostIdentityEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
	return /^(true|1)$/i.test((env[HOST_IDENTITY_SWITCH] ?? '').trim());
}

export function hostIdentityDisabledError(): Error {
	const error = new Error(
		`This credential uses the n8n host's own AWS identity, which the n8n admin has not allowed. To allow it, set the environment variable ${HOST_IDENTITY_SWITCH}=true for n8n (and its workers) and restart; only do so where everyone who can create credentials may use the host's AWS permissions. Otherwise use Access Keys or Assume Role with keys.`,
	);
	error.name = HOST_IDENTITY_DISABLED;
	return error;
}

interface TimedCredentials extends AwsCredentialIdentity {
	expiration?: Date;
}

interface CachedSession {
	credentials?: TimedCredentials;
	obtainedAt: number;
	pending?: Promise<TimedCredentials>;
}

/** By a hash of everything that decides the session (the secret included, hashed), never by a secret itself. */
const sessions = new Map<string, CachedSession>();
let stsCalls = 0;

/** Forgets every cached session (tests, and a changed environment). */
export function forgetSessions(): void {
	sessions.clear();
}

/** AssumeRole calls made by this process: what the long-run tests count. */
export function assumeRoleCalls(): number {
	return stsCalls;
}

function needsRenewal(session: CachedSession, now: number): boolean {
	const c = session.credentials;
	if (!c) return true;
	if (!c.expiration) return false;
	const expiresAt = c.expiration.getTime();
	const lifetime = Math.max(0, expiresAt - session.obtainedAt);
	return expiresAt - now <= Math.min(MAX_RENEW_AHEAD_MS, lifetime * RENEW_AHEAD_SHARE);
}

/** One cached session per key; concurrent callers share one renewal; failures are not cached. */
function cached(
	key: string,
	obtain: () => Promise<TimedCredentials>,
): AwsCredentialIdentityProvider {
	return async () => {
		let session = sessions.get(key);
		if (!session) {
			session = { obtainedAt: 0 };
			sessions.set(key, session);
		}
		if (!needsRenewal(session, Date.now())) return session.credentials!;
		let pending = session.pending;
		if (!pending) {
			const s = session;
			const started = Date.now();
			pending = s.pending = obtain()
				.then((credentials) => {
					s.credentials = credentials;
					s.obtainedAt = started;
					return credentials;
				})
				.finally(() => {
					s.pending = undefined;
				});
		}
		return pending;
	};
}

function hash(parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function staticKeys(keys: AccessKeys): AwsCredentialIdentity {
	return {
		accessKeyId: keys.accessKeyId,
		secretAccessKey: keys.secretAccessKey,
		...(keys.sessionToken && { sessionToken: keys.sessionToken }),
	};
}

export interface IdentityOptions {
	/** Time limit of each STS request. */
	timeoutMs?: number;
	/** Skip the process cache (the credential test must see a fresh AssumeRole). */
	fresh?: boolean;
}

/** The host's identity: the SDK's default chain (env, web identity, EKS Pod Identity, ECS, EC2), gated by the admin's switch. */
function hostIdentity(
	settings: ConnectSettings,
	options: IdentityOptions,
): AwsCredentialIdentityProvider {
	const obtain = async (): Promise<TimedCredentials> => {
		if (!hostIdentityEnabled()) throw hostIdentityDisabledError();
		const stsUrl = stsEndpointUrl(settings);
		// A fresh chain per renewal: our cache decides when to renew; the chain's web identity step uses the credential's STS endpoint.
		const chain = defaultProvider({
			clientConfig: {
				region: settings.region,
				endpoint: stsUrl,
				requestHandler: requestHandlerFor(stsUrl, options.timeoutMs),
			},
		});
		return chain();
	};
	if (options.fresh) return obtain;
	const provider = cached(
		hash([
			'host',
			settings.region,
			settings.stsEndpoint ?? '',
			settings.useFips,
			settings.useDualStack,
		]),
		obtain,
	);
	// The switch is read on every use: turning it off takes effect without a restart.
	return async () => {
		if (!hostIdentityEnabled()) throw hostIdentityDisabledError();
		return provider();
	};
}

/** An STS client for calls signed by `source` (AssumeRole, GetCallerIdentity), pinned to the credential's STS endpoint. */
export function createStsClient(
	settings: ConnectSettings,
	source: AwsCredentialIdentity | AwsCredentialIdentityProvider,
	timeoutMs?: number,
): STSClient {
	const url = stsEndpointUrl(settings);
	return new STSClient({
		region: settings.region,
		endpoint: url,
		credentials: source,
		// With a time limit a person is waiting: one attempt, so the limit is the wait.
		maxAttempts: timeoutMs === undefined ? STS_MAX_ATTEMPTS : 1,
		retryMode: 'standard',
		useFipsEndpoint: false,
		useDualstackEndpoint: false,
		ignoreConfiguredEndpointUrls: true,
		defaultsMode: 'legacy',
		requestHandler: requestHandlerFor(url, timeoutMs),
	});
}

/** The credentials the role gives, from STS AssumeRole signed by the source identity. */
function assumedRole(
	settings: ConnectSettings,
	options: IdentityOptions,
): AwsCredentialIdentityProvider {
	const role = settings.role!;
	const source: AwsCredentialIdentity | AwsCredentialIdentityProvider =
		role.source === 'hostIdentity' ? hostIdentity(settings, options) : staticKeys(settings.keys!);
	const obtain = async (): Promise<TimedCredentials> => {
		const sts = createStsClient(settings, source, options.timeoutMs);
		const assume = async (): Promise<TimedCredentials> => {
			stsCalls++;
			const answer = await sts.send(
				new AssumeRoleCommand({
					RoleArn: role.arn,
					RoleSessionName: role.sessionName,
					DurationSeconds: role.durationSeconds,
					...(role.externalId && { ExternalId: role.externalId }),
				}),
			);
			const c = answer.Credentials;
			if (!c?.AccessKeyId || !c.SecretAccessKey)
				throw new Error(`STS AssumeRole answered without credentials for ${role.arn}`);
			return {
				accessKeyId: c.AccessKeyId,
				secretAccessKey: c.SecretAccessKey,
				sessionToken: c.SessionToken,
				expiration: c.Expiration,
			};
		};
		// Any failure is marked with the role (for the messages) and goes on to the runner, which words it.
		return await assume()
			.catch((error: unknown) => {
				markAssumeRoleError(error, {
					roleArn: role.arn,
					externalId: role.externalId,
					durationSeconds: role.durationSeconds,
					region: settings.region,
				});
				throw error;
			})
			.finally(() => sts.destroy());
	};
	if (options.fresh) return obtain;
	const keys = settings.keys;
	return cached(
		hash([
			'role',
			role.arn,
			role.externalId ?? '',
			role.sessionName,
			role.durationSeconds,
			role.source,
			keys ? [keys.accessKeyId, hash([keys.secretAccessKey, keys.sessionToken ?? ''])] : '',
			settings.region,
			settings.stsEndpoint ?? '',
			settings.useFips,
			settings.useDualStack,
		]),
		obtain,
	);
}

/** What messages may say about the role an AssumeRole was for (no secret: the External ID only as "set or not"). */
export interface AssumeRoleFailure {
	roleArn: string;
	externalId?: string;
	durationSeconds: number;
	region: string;
}

/** Errors of STS AssumeRole carry this mark, so that messages can say the role (not Connect) refused, and which role. */
const ASSUME_ROLE_FAILED = Symbol('assumeRoleFailed');

function markAssumeRoleError(error: unknown, role: AssumeRoleFailure): void {
	if (typeof error === 'object' && error !== null)
		(error as Record<symbol, AssumeRoleFailure>)[ASSUME_ROLE_FAILED] = role;
}

export function assumeRoleFailure(error: unknown): AssumeRoleFailure | undefined {
	return typeof error === 'object' && error !== null
		? (error as Record<symbol, AssumeRoleFailure | undefined>)[ASSUME_ROLE_FAILED]
		: undefined;
}

/**
 * The identity that signs Connect requests for these settings. Within one client, a definite
 * refusal (a denied role, the switch off) is remembered, so a batch asks STS once, not once per item.
 */
export function credentialsFor(
	settings: ConnectSettings,
	options: IdentityOptions = {},
): AwsCredentialIdentity | AwsCredentialIdentityProvider {
	if (settings.mode === 'accessKeys') return staticKeys(settings.keys!);
	if (usesHostIdentity(settings) && !hostIdentityEnabled()) {
		return async () => {
			throw hostIdentityDisabledError();
		};
	}
	const provider =
		settings.mode === 'assumeRole'
			? assumedRole(settings, options)
			: hostIdentity(settings, options);
	let refusal: unknown;
	return async () => {
		if (refusal !== undefined) throw refusal;
		// A failure goes on to the runner, which words it; a definite one is also remembered.
		return await provider().catch((error: unknown) => {
			const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
			const status = e?.$metadata?.httpStatusCode;
			const definite =
				status !== undefined &&
				status >= 400 &&
				status < 500 &&
				status !== 429 &&
				!/throttl/i.test(String(e.name));
			if (definite || e?.name === HOST_IDENTITY_DISABLED) refusal = error;
			throw error;
		});
	};
}
