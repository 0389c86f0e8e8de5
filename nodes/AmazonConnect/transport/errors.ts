/**
 * AWS errors → what the node reports: the AWS error name, message, HTTP status and request ID, and a
 * description that says how to fix it. Only plain fields are copied, never the SDK's error object,
 * which could carry the signed request.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { withoutUserInfo } from './endpoints';
import { type AssumeRoleFailure, assumeRoleFailure, HOST_IDENTITY_DISABLED } from './identity';

export interface AwsErrorDetails {
	name: string;
	message: string;
	httpStatusCode?: number;
	requestId?: string;
	/** Network-level code such as ECONNRESET, when the request got no answer. */
	code?: string;
	/** Set when the error came from STS AssumeRole (the role refused), not from Amazon Connect: which role. */
	assumeRole?: AssumeRoleFailure;
	/**
	 * The SDK found the host's clock more than 5 minutes off AWS's (the answer's Date header) and
	 * corrected the client's clock offset: the same request, signed again, is accepted.
	 */
	clockSkewCorrected?: boolean;
}

export type ErrorClass = 'throttling' | 'transient' | 'final';

const THROTTLING = new Set([
	'ThrottlingException',
	'TooManyRequestsException',
	'RequestLimitExceeded',
	'SlowDown',
]);
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ECONNABORTED',
	'ENETUNREACH',
	'EHOSTUNREACH',
]);
const CREDENTIAL_ERRORS = new Set([
	'UnrecognizedClientException',
	'InvalidSignatureException',
	'InvalidClientTokenId',
	'SignatureDoesNotMatch',
	'ExpiredTokenException',
	'ExpiredToken',
	'IncompleteSignatureException',
]);

export function awsErrorDetails(error: unknown): AwsErrorDetails {
	const role = assumeRoleFailure(error);
	const e = (error ?? {}) as {
		name?: unknown;
		message?: unknown;
		code?: unknown;
		$metadata?: { httpStatusCode?: number; requestId?: string; clockSkewCorrected?: boolean };
	};
	return {
		name: typeof e.name === 'string' ? e.name : 'Error',
		// A URL in a message (the SDK's or Node's) never shows the user:password@ of an endpoint or proxy.
		message: withoutUserInfo(typeof e.message === 'string' ? e.message : String(error)),
		httpStatusCode: e.$metadata?.httpStatusCode,
		requestId: e.$metadata?.requestId,
		code: typeof e.code === 'string' ? e.code : undefined,
		...(role && { assumeRole: role }),
		...(e.$metadata?.clockSkewCorrected === true && { clockSkewCorrected: true }),
	};
}

export function classifyError(details: AwsErrorDetails): ErrorClass {
	// A signature refused for a skewed clock: the client now signs with the corrected clock.
	if (details.clockSkewCorrected) return 'transient';
	if (THROTTLING.has(details.name) || details.httpStatusCode === 429) return 'throttling';
	if (details.httpStatusCode !== undefined && details.httpStatusCode >= 500) return 'transient';
	if (
		details.name === 'TimeoutError' ||
		(details.code !== undefined && NETWORK_CODES.has(details.code))
	)
		return 'transient';
	// A request that got no HTTP answer at all (socket closed, "socket hang up") is safe to repeat with the same token.
	if (
		details.httpStatusCode === undefined &&
		/socket hang up|ECONNRESET|network|EPIPE/i.test(details.message)
	) {
		return 'transient';
	}
	return 'final';
}

export interface RoleContext {
	roleArn?: string;
	externalId?: string;
	durationSeconds?: number;
	region?: string;
}

/**
 * Why STS AssumeRole refused, with what to change. AWS answers the same AccessDenied when the
 * trust policy does not name the caller and when the External ID differs, so both are named then.
 */
export function assumeRoleFix(details: AwsErrorDetails, role: RoleContext = {}): string {
	const arn = role.roleArn ? ` ${role.roleArn}` : '';
	if (
		details.name === 'ValidationError' &&
		/DurationSeconds|MaxSessionDuration/i.test(details.message)
	) {
		return `Session Duration (${role.durationSeconds ?? 'as set'} seconds) is above the maximum session duration of the role${arn}. Lower Session Duration to at most the role's maximum (IAM, Roles, the role, Maximum session duration: 1 hour unless raised), or raise the role's maximum.`;
	}
	if (details.name === 'AccessDenied' || details.name === 'AccessDeniedException') {
		if (/identity-based policy/i.test(details.message)) {
			return `The identity that assumes the role may not call sts:AssumeRole: allow the action sts:AssumeRole on the resource${arn || ' (the role ARN)'} in the IAM policy of that user or role.`;
		}
		const externalId = role.externalId
			? 'the External ID differs from the value the trust policy requires (its sts:ExternalId condition)'
			: 'the trust policy requires an External ID (an sts:ExternalId condition) and the credential has none';
		return `The role${arn} does not let this identity assume it: either its trust policy (IAM, Roles, the role, Trust relationships) does not name the identity as Principal, or ${externalId}. AWS does not say which of the two.`;
	}
	if (
		[
			'InvalidClientTokenId',
			'SignatureDoesNotMatch',
			'ExpiredToken',
			'UnrecognizedClientException',
			'InvalidSignatureException',
			'ExpiredTokenException',
		].includes(details.name)
	) {
		return 'STS did not accept the keys that assume the role: check the Access Key ID and Secret Access Key (and the Session Token of temporary keys), and that they are still active.';
	}
	if (details.name === 'RegionDisabledException') {
		return `STS is not activated for the account in ${role.region ?? "the credential's region"}: activate it (IAM, Account settings, Security Token Service), or set STS Endpoint to a region where it is active.`;
	}
	return `STS AssumeRole failed for the role${arn}; see the AWS message above.`;
}

export interface ErrorContext {
	/** The AWS API called (its IAM action and quota are named in fixes); CreateContact when not given. */
	api?: string;
	instanceId?: string;
	region?: string;
	endpoint?: string;
	credentialName?: string;
	attempts?: number;
	/** How the item's ClientToken was chosen (shared/clientToken.ts), for what a re-run does; none for APIs without one. */
	tokenSource?: 'explicit' | 'key' | 'execution' | 'thisExecution';
}

/** What running the item again does, on the path the user is on: never more than holds. */
export function rerunAdvice(tokenSource: ErrorContext['tokenSource']): string {
	switch (tokenSource) {
		case 'explicit':
			return 'Running it again sends the same Client Token, so a contact already created is returned, not created again.';
		case 'key':
			return 'Running this node again with the same Idempotency Key sends the same token, in any execution, so a contact already created is returned, not created again.';
		case 'execution':
			return 'Retry this execution from the executions list: it sends the same token, so a contact already created is returned, not created again. A new run of the workflow or the step has new tokens and creates it again unless Options › Idempotency Key is set.';
		case 'thisExecution':
			return "Retry On Fail sends the same token, but this execution's custom data was full, so a Retry from the executions list or a new run creates the contact again: set Options › Idempotency Key first.";
		default:
			return 'Run the node again later.';
	}
}

/** Default account quotas per API, as AWS documents them (reference/connect-operations.md), for messages. */
const DEFAULT_QUOTAS: Record<string, string> = {
	CreateContact: '2 requests per second, burst 5',
	StartTaskContact: '2 requests per second, burst 5',
	DescribeContact: '10 requests per second, burst 15',
	UpdateContact: '10 requests per second, burst 15',
	UpdateContactAttributes: '10 requests per second, burst 15',
	StopContact: '10 requests per second, burst 15',
	TransferContact: '2 requests per second, burst 5',
	// StartOutboundEmailContact: no documented default (reference/connect-operations.md); none is claimed.
};

function throttlingFix(context: ErrorContext): string {
	const api = context.api ?? 'CreateContact';
	const quota = DEFAULT_QUOTAS[api] ? `by default ${DEFAULT_QUOTAS[api]}, ` : '';
	return `The account's ${api} quota (${quota}shared by every caller of the account) was still exceeded after ${context.attempts ?? 'all'} attempts. Lower Concurrency or set Max Requests per Second, raise Max Attempts, or ask AWS Support to raise the quota.`;
}

/** How to fix each error, in words a workflow builder can act on. */
export function describeFix(details: AwsErrorDetails, context: ErrorContext = {}): string {
	const where = context.region ? ` in ${context.region}` : '';
	const kind = classifyError(details);
	if (/Signature (expired|not yet current)/i.test(details.message)) {
		return "AWS refused the request's time: this machine's clock is more than 5 minutes off, and still was after the node corrected it from AWS's clock. Set the host's clock right (e.g. with NTP).";
	}
	if (details.name === HOST_IDENTITY_DISABLED) {
		return 'The n8n admin allows the host identity with the environment variable N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true; or change the credential to Access Keys, or Assume Role with keys.';
	}
	if (details.name === 'CredentialsProviderError') {
		return "The n8n host has no AWS identity the AWS SDK can find (environment variables, a web identity token file with AWS_ROLE_ARN, EKS Pod Identity, an ECS task role, an EC2 instance profile). Give the host one, or change the credential's Authentication.";
	}
	if (details.assumeRole && kind === 'final') return assumeRoleFix(details, details.assumeRole);
	if (CREDENTIAL_ERRORS.has(details.name)) {
		return `AWS did not accept the credential${context.credentialName ? ` "${context.credentialName}"` : ''}: check the Access Key ID and Secret Access Key (and the Session Token for temporary keys), that they are still active, and that the credential's region is the instance's region.`;
	}
	switch (details.name) {
		case 'AccessDeniedException':
			return `The IAM user or role of the credential needs permission for the action connect:${context.api ?? 'CreateContact'} on the instance${context.instanceId ? ` ${context.instanceId}` : ''} (resource arn:aws:connect:<region>:<account>:instance/<id>). Add it to its IAM policy.`;
		case 'ResourceNotFoundException':
			return `Check the instance ID${context.instanceId ? ` (${context.instanceId})` : ''} and that the instance is in the credential's region${context.region ? ` (${context.region})` : ''}; ${(context.api ?? 'CreateContact') === 'CreateContact' ? 'a user ID, related or previous contact ID' : 'the contact (and the queue, user, flow or email address the request names)'} must also exist in that instance.`;
		case 'ContactNotFoundException':
			return 'The contact is not active or does not exist: it may have ended already, or the Contact ID is of another instance.';
		case 'InvalidActiveRegionException':
			return `The instance is not active in this region${context.region ? ` (${context.region})` : ''}: with Amazon Connect Global Resiliency, call the region where the instance's traffic is active (a credential for that region).`;
		case 'IdempotencyException':
			if (context.api === 'StartOutboundEmailContact') {
				return "This contact's email was already sent with other content (the token derives from the contact: one contact is one email). To send another email, create a new email contact; to send this one again with the same content, nothing needs doing.";
			}
			if (context.tokenSource === 'execution' || context.tokenSource === 'thisExecution') {
				return 'An earlier try of this item (Retry On Fail, or the execution this one retries) already created a contact with this token, with other field values: an expression such as {{ $now }} gives a new value on each try. No second contact was created. Keep those fields the same between tries (compute changing values in an earlier node: a retry does not run it again), or, for a new contact, run the workflow again as a new execution.';
			}
			return 'This Client Token (or Idempotency Key) was already used for a contact with different parameters. No second contact was created. A token stands for one contact: use a new key for a different contact, or send the same parameters again.';
		case 'InvalidParameterException':
		case 'InvalidRequestException':
			return context.api === 'StartTaskContact'
				? 'Amazon Connect rejected the task. The message names the member; check that field of the node. Common causes: more than one route (a flow, a quick connect or a template: only a template without a flow takes a flow too), a flow that is not a contact flow (e.g. a queue or whisper flow) or not published, an inactive template, a required template field left empty or a value of the wrong type for its field, a Scheduled Time in the past or more than 6 days ahead.'
				: 'Amazon Connect rejected the request. The message names the member; check that field of the node.';
		case 'ServiceQuotaExceededException':
			return context.api === 'StartTaskContact'
				? 'A task quota is reached: an instance holds at most 2,500 active tasks by default, and a Previous Contact ID links at most 12 tasks. Complete or expire tasks, start this task without a Previous Contact ID (use Related Contact ID to copy its attributes), or ask AWS Support to raise the active-task quota.'
				: 'A service quota of the instance is reached (e.g. concurrent active tasks or emails). Complete or expire contacts, or ask AWS Support to raise the quota.';
		case 'ConflictException':
			return 'The request conflicts with the current state of the contact or instance; check the related or previous contact.';
		case 'InternalServiceException':
			return `Amazon Connect had an internal error and ${context.attempts ?? 'all'} attempts failed. ${rerunAdvice(context.tokenSource)}`;
		default:
			if (kind === 'throttling') return throttlingFix(context);
			if (kind === 'transient' && details.httpStatusCode !== undefined) {
				return `Amazon Connect answered HTTP ${details.httpStatusCode} to ${context.attempts ?? 'all'} attempts. ${rerunAdvice(context.tokenSource)}`;
			}
			if (kind === 'transient') {
				return `No answer from ${context.endpoint ? withoutUserInfo(context.endpoint) : 'Amazon Connect'}${where} after ${context.attempts ?? 'all'} attempts (${details.code ?? details.message}). Check the network and the Custom Endpoint of the credential. ${rerunAdvice(context.tokenSource)}`;
			}
			return 'See the AWS message above.';
	}
}

/** The plain fields of an AWS error that an n8n error may carry (never the SDK's error object). */
export function awsErrorResponse(details: AwsErrorDetails): JsonObject {
	return {
		name: details.name,
		message: details.message,
		...(details.httpStatusCode !== undefined && { httpStatusCode: details.httpStatusCode }),
		...(details.requestId !== undefined && { requestId: details.requestId }),
	};
}

/**
 * A NodeApiError whose message stays as given: n8n replaces messages that contain a network error
 * code by a generic text, and matches by substring ("ResourceNotFoundException" contains "ENOTFOUND").
 */
export function nodeApiError(
	node: INode,
	response: JsonObject,
	options: { message: string; description: string; httpCode?: string; itemIndex?: number },
): NodeApiError {
	const error = new NodeApiError(node, response, options);
	error.message = options.message;
	return error;
}

export function toNodeApiError(
	node: INode,
	error: unknown,
	itemIndex: number,
	context: ErrorContext = {},
): NodeApiError {
	const details = awsErrorDetails(error);
	const status =
		details.httpStatusCode !== undefined
			? `HTTP ${details.httpStatusCode}`
			: (details.code ?? 'no HTTP answer');
	const requestId = details.requestId ? `, request ID ${details.requestId}` : '';
	const message = `Item ${itemIndex}: ${details.name}: ${details.message} (${status}${requestId})`;
	return nodeApiError(node, awsErrorResponse(details), {
		message,
		description: describeFix(details, context),
		httpCode: details.httpStatusCode !== undefined ? String(details.httpStatusCode) : undefined,
		itemIndex,
	});
}
