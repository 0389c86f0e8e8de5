/**
 * A local stand-in for AWS STS (awsQuery: form-encoded POST, XML answers) and for the ECS
 * container credentials endpoint. It issues temporary credentials with a lifetime the test
 * chooses, which the Connect side then accepts until they expire (ExpiredTokenException after).
 * Trust is configured per role (who may assume it, the External ID, the maximum session
 * duration); AWS's wording is kept, including that a trust failure and a wrong External ID get
 * the same AccessDenied.
 */
import { randomBytes } from 'node:crypto';

import type { EmulatorAccessKey, EmulatorConfig, EmulatorRole } from './config';
import { ApiError, validationMessage } from './errors';
import { queryOperationInput, stsModel } from './model';
import { queryFormInput, validateShape, Violations, type JsonObject } from './validate';

export const STS_SIGNING_SERVICE = 'sts';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const DEFAULT_DURATION_SECONDS = 3600;

/** A session the emulator issued: what state may show (no secret in it). */
export interface IssuedSession {
	accessKeyId: string;
	roleArn: string;
	sessionName: string;
	/** AssumeRole, AssumeRoleWithWebIdentity or ContainerCredentials. */
	via: string;
	/** Who assumed it (principal ARN), or 'web-identity' / 'container'. */
	by: string;
	issuedAt: number;
	expiresAt: number;
}

interface Session extends IssuedSession {
	key: EmulatorAccessKey;
}

/** Connect and STS error names → STS's (awsQuery codes differ from restJson1 names). */
const STS_CODES: Record<string, string> = {
	UnrecognizedClientException: 'InvalidClientTokenId',
	InvalidSignatureException: 'SignatureDoesNotMatch',
	MissingAuthenticationTokenException: 'MissingAuthenticationToken',
	ExpiredTokenException: 'ExpiredToken',
	AccessDeniedException: 'AccessDenied',
	InvalidParameterException: 'ValidationError',
};

export const expiredToken = () =>
	new ApiError(
		403,
		'ExpiredTokenException',
		'The security token included in the request is expired',
		'expired',
	);

const stsAccessDenied = (message: string) => new ApiError(403, 'AccessDenied', message, 'denied');
const stsValidation = (message: string) => new ApiError(400, 'ValidationError', message, 'invalid');

function xmlEscape(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** The error as STS answers it: its awsQuery code (recorded as the request's errorType) and the XML body. */
export function stsErrorXml(
	error: ApiError,
	requestId: string,
): { status: number; code: string; body: string } {
	const code = STS_CODES[error.type] ?? error.type;
	const type = error.status >= 500 ? 'Receiver' : 'Sender';
	return {
		status: error.status,
		code,
		body: `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
	};
}

function stsResultXml(action: string, inner: string, requestId: string): string {
	return `<${action}Response xmlns="${STS_NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

function randomText(alphabet: string, length: number): string {
	const bytes = randomBytes(length);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function roleName(arn: string): string {
	return arn.slice(arn.lastIndexOf('/') + 1);
}

export function parseForm(raw: Buffer): Record<string, string> {
	const form: Record<string, string> = {};
	for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) form[k] = v;
	return form;
}

/** The sessions the emulator issued, by access key id; they outlive reset() like real STS sessions do. */
export class SessionStore {
	private readonly sessions = new Map<string, Session>();

	constructor(private readonly config: EmulatorConfig) {}

	issue(
		role: EmulatorRole,
		sessionName: string,
		lifetimeSeconds: number,
		via: string,
		by: string,
		now: number,
	): Session {
		const accessKeyId = `ASIA${randomText(UPPER, 16)}`;
		const session: Session = {
			accessKeyId,
			roleArn: role.arn,
			sessionName,
			via,
			by,
			issuedAt: now,
			expiresAt: now + lifetimeSeconds * 1000,
			key: {
				accessKeyId,
				secretAccessKey: randomText(B64, 40),
				sessionToken: `IQoJb3JpZ2luX2VjE${randomText(B64, 180)}`,
				principalArn: `arn:aws:sts::${this.config.accountId}:assumed-role/${roleName(role.arn)}/${sessionName}`,
				deniedActions: role.deniedActions ?? [],
				description: `session of ${role.arn}`,
			},
		};
		this.sessions.set(accessKeyId, session);
		return session;
	}

	/** The key of an issued session; throws ExpiredTokenException once it expired. */
	find(accessKeyId: string, now: number): EmulatorAccessKey | undefined {
		const session = this.sessions.get(accessKeyId);
		if (!session) return undefined;
		if (now >= session.expiresAt) throw expiredToken();
		return session.key;
	}

	/** The secrets of every session issued (for tests that check that none of them leaks). */
	secrets(): string[] {
		return [...this.sessions.values()].flatMap((s) => [
			s.key.secretAccessKey,
			s.key.sessionToken ?? '',
		]);
	}

	/** The role a session belongs to (for trust checks: trust policies name roles, not sessions). */
	roleOf(accessKeyId: string): string | undefined {
		return this.sessions.get(accessKeyId)?.roleArn;
	}
}

export interface StsContext {
	config: EmulatorConfig;
	store: SessionStore;
	/** Lifetime of issued sessions in seconds; undefined = the DurationSeconds asked for. */
	sessionSeconds?: number;
	now: number;
	/** Records an issued session in the emulator's public state. */
	issued(session: IssuedSession): void;
}

function findRole(config: EmulatorConfig, arn: string | undefined): EmulatorRole | undefined {
	return (config.roles ?? []).find((r) => r.arn === arn);
}

function lifetime(ctx: StsContext, duration: number): number {
	return ctx.sessionSeconds ?? duration;
}

function credentialsXml(session: Session): string {
	const expiration = new Date(session.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
	return `<Credentials><AccessKeyId>${session.key.accessKeyId}</AccessKeyId><SecretAccessKey>${xmlEscape(session.key.secretAccessKey)}</SecretAccessKey><SessionToken>${xmlEscape(session.key.sessionToken ?? '')}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA${session.roleArn.length}EMULATOR:${xmlEscape(session.sessionName)}</AssumedRoleId><Arn>${xmlEscape(session.key.principalArn ?? '')}</Arn></AssumedRoleUser>`;
}

function checkSessionName(name: string | undefined): string {
	if (!name || !/^[\w+=,.@-]{2,64}$/.test(name)) {
		throw stsValidation(
			`1 validation error detected: Value '${name ?? ''}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
		);
	}
	return name;
}

function checkDuration(role: EmulatorRole | undefined, raw: string | undefined): number {
	const duration = raw === undefined ? DEFAULT_DURATION_SECONDS : Number(raw);
	if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
		throw stsValidation(
			`1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
		);
	}
	if (role && duration > (role.maxSessionDurationSeconds ?? DEFAULT_DURATION_SECONDS)) {
		throw stsValidation(
			'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
		);
	}
	return duration;
}

/** AssumeRole signed by `caller`. */
function assumeRole(
	ctx: StsContext,
	caller: EmulatorAccessKey,
	form: Record<string, string>,
): string {
	const principal =
		caller.principalArn ?? `arn:aws:iam::${ctx.config.accountId}:user/${caller.accessKeyId}`;
	const roleArn = form.RoleArn ?? '';
	const sessionName = checkSessionName(form.RoleSessionName);
	const denied = `User: ${principal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
	if (
		(caller.deniedActions ?? []).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')
	) {
		throw stsAccessDenied(
			`${denied} because no identity-based policy allows the sts:AssumeRole action`,
		);
	}
	const role = findRole(ctx.config, roleArn);
	// Trust policies name users and roles; a session is trusted through its role.
	const callerRole = ctx.store.roleOf(caller.accessKeyId);
	const trusted =
		role !== undefined &&
		role.trustedPrincipals.some(
			(p) =>
				p === principal || p === callerRole || p === `arn:aws:iam::${ctx.config.accountId}:root`,
		);
	if (!role || !trusted || (role.externalId !== undefined && form.ExternalId !== role.externalId))
		throw stsAccessDenied(denied);
	const duration = checkDuration(role, form.DurationSeconds);
	const session = ctx.store.issue(
		role,
		sessionName,
		lifetime(ctx, duration),
		'AssumeRole',
		principal,
		ctx.now,
	);
	ctx.issued(publicView(session));
	return credentialsXml(session);
}

function assumeRoleWithWebIdentity(ctx: StsContext, form: Record<string, string>): string {
	const roleArn = form.RoleArn ?? '';
	const sessionName = checkSessionName(form.RoleSessionName);
	const role = findRole(ctx.config, roleArn);
	if (!role || !(role.webIdentityTokens ?? []).includes(form.WebIdentityToken ?? '')) {
		throw stsAccessDenied('Not authorized to perform sts:AssumeRoleWithWebIdentity');
	}
	const duration = checkDuration(role, form.DurationSeconds);
	const session = ctx.store.issue(
		role,
		sessionName,
		lifetime(ctx, duration),
		'AssumeRoleWithWebIdentity',
		'web-identity',
		ctx.now,
	);
	ctx.issued(publicView(session));
	return `${credentialsXml(session)}<SubjectFromWebIdentityToken>system:serviceaccount:n8n:n8n</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience><Provider>oidc.emulator.local</Provider>`;
}

function getCallerIdentity(ctx: StsContext, caller: EmulatorAccessKey): string {
	const principal =
		caller.principalArn ?? `arn:aws:iam::${ctx.config.accountId}:user/${caller.accessKeyId}`;
	const userId = principal.includes(':assumed-role/')
		? `AROAEMULATOR:${principal.slice(principal.lastIndexOf('/') + 1)}`
		: `AIDA${caller.accessKeyId.slice(4)}`;
	return `<Arn>${xmlEscape(principal)}</Arn><UserId>${xmlEscape(userId)}</UserId><Account>${ctx.config.accountId}</Account>`;
}

function publicView(session: Session): IssuedSession {
	const { key: _secret, ...rest } = session;
	return rest;
}

export const STS_ACTIONS = [
	'AssumeRole',
	'AssumeRoleWithWebIdentity',
	'GetCallerIdentity',
] as const;

/** Whether an action needs a SigV4 signature (AssumeRoleWithWebIdentity is called anonymously). */
export function stsActionSigned(action: string): boolean {
	return action !== 'AssumeRoleWithWebIdentity';
}

/** The form against AWS's STS model (model/sts.json): every broken constraint, as one ValidationError. */
function checkStsModel(action: string, form: Record<string, string>): void {
	const service = stsModel();
	const input = queryOperationInput(service, action);
	if (input === undefined) return;
	const vs = new Violations();
	validateShape(service, input, queryFormInput(service, input, form) as JsonObject, '', vs);
	if (vs.list.length > 0) throw stsValidation(validationMessage(vs.list));
}

/** Answers one STS action; `caller` is the verified signer (undefined for the anonymous action). */
export function handleSts(
	ctx: StsContext,
	action: string,
	form: Record<string, string>,
	caller: EmulatorAccessKey | undefined,
	requestId: string,
): string {
	checkStsModel(action, form);
	let inner: string;
	switch (action) {
		case 'AssumeRole':
			inner = assumeRole(ctx, caller!, form);
			break;
		case 'AssumeRoleWithWebIdentity':
			inner = assumeRoleWithWebIdentity(ctx, form);
			break;
		case 'GetCallerIdentity':
			inner = getCallerIdentity(ctx, caller!);
			break;
		default:
			throw new ApiError(
				400,
				'InvalidAction',
				`Could not find operation ${action} for version ${form.Version ?? ''}`,
				'unknownOperation',
			);
	}
	return stsResultXml(action, inner, requestId);
}

/** The ECS container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI): the task role's credentials as JSON. */
export function containerCredentials(
	ctx: StsContext,
	authorization: string | undefined,
): Record<string, string> {
	const container = ctx.config.containerCredentials;
	const role = container ? findRole(ctx.config, container.roleArn) : undefined;
	if (!container || !role)
		throw new ApiError(404, 'NotFound', 'No container credentials are configured', 'notFound');
	if (
		container.authorizationToken !== undefined &&
		authorization !== container.authorizationToken
	) {
		throw new ApiError(
			401,
			'Unauthorized',
			'The authorization token is missing or wrong',
			'unauthenticated',
		);
	}
	const session = ctx.store.issue(
		role,
		'ecs-task',
		lifetime(ctx, DEFAULT_DURATION_SECONDS),
		'ContainerCredentials',
		'container',
		ctx.now,
	);
	ctx.issued(publicView(session));
	return {
		AccessKeyId: session.key.accessKeyId,
		SecretAccessKey: session.key.secretAccessKey,
		Token: session.key.sessionToken ?? '',
		Expiration: new Date(session.expiresAt).toISOString(),
		RoleArn: role.arn,
	};
}
