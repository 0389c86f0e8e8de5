/**
 * Words for what went wrong in the calls a person waits on in the editor (the list pickers and
 * the credential test). The AWS error is read with transport/errors.ts; only what differs for
 * these read-only calls is said here (which action to allow, which endpoint did not answer), and
 * everything else is left to describeFix.
 */
import type { ConnectClient } from '@aws-sdk/client-connect';

import type { AmazonConnectCredentials } from '../transport/client';
import { connectEndpointUrl, displayUrl } from '../transport/endpoints';
import { readSettings } from '../transport/settings';
import { type AwsErrorDetails, classifyError } from '../transport/errors';

export interface CallTarget {
	region: string;
	/** The time limit of each request, for the message when it is reached. */
	timeoutMs: number;
	/** The URL requests go to, without user info, path or trailing slash: the Custom Endpoint or the public one. */
	endpoint: string;
	/** Whether the credential sets a Custom Endpoint. */
	custom: boolean;
}

/** Where the client sends requests, for messages (never anything secret: user info is dropped). */
export function callTarget(
	_client: ConnectClient,
	credentials: AmazonConnectCredentials,
	timeoutMs: number,
): CallTarget {
	const settings = readSettings(credentials);
	let url: string | undefined;
	try {
		url = connectEndpointUrl(settings);
	} catch {
		url = undefined;
	}
	return {
		region: settings.region,
		timeoutMs,
		endpoint: displayUrl(url) ?? `the Amazon Connect endpoint of ${settings.region}`,
		custom: settings.endpoint !== undefined,
	};
}

const NO_JSON_ERRORS = new Set(['SyntaxError', 'Unknown', 'UnknownError', 'Error']);
const NETWORK_CODE =
	/\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|ECONNABORTED|EHOSTUNREACH|ENETUNREACH|EPIPE)\b/;

/**
 * The network error code of a request that got no answer. The SDK keeps Node's error, code and
 * all, but where that error comes from another JavaScript realm (a vm context, as in jest) it
 * wraps it as "AWS SDK error wrapper for Error: connect ECONNREFUSED ..." and the code is only in
 * the message.
 */
function networkCode(details: AwsErrorDetails): string | undefined {
	if (details.code !== undefined) return details.code;
	return details.httpStatusCode === undefined ? NETWORK_CODE.exec(details.message)?.[1] : undefined;
}

/**
 * When the request got no answer from Amazon Connect (refused, no DNS, timeout, reset) or an
 * answer from something that is not Amazon Connect: what happened and what to check. Otherwise
 * undefined.
 */
export function unreachable(details: AwsErrorDetails, target: CallTarget): string | undefined {
	const { endpoint, region, custom, timeoutMs } = target;
	const code = networkCode(details);
	const check = custom
		? 'Check the Custom Endpoint of the credential (and that the service behind it is running)'
		: `Check the credential's region (${region}) and that the n8n server can reach AWS (firewall, proxy)`;
	switch (code) {
		case 'ECONNREFUSED':
			return `Nothing accepts connections at ${endpoint} (connection refused). ${check}.`;
		case 'ENOTFOUND':
			return custom
				? `The host of ${endpoint} was not found (DNS). ${check}.`
				: `The host of ${endpoint} was not found (DNS): Amazon Connect may not be offered in ${region}, or the n8n server cannot resolve AWS host names. ${check}.`;
		case 'EAI_AGAIN':
			return `The host of ${endpoint} could not be looked up right now (DNS temporarily unavailable). Try again; if it persists, check the DNS of the n8n server.`;
	}
	if (details.name === 'TimeoutError' || code === 'ETIMEDOUT') {
		return `No answer from ${endpoint} within ${timeoutMs / 1000} s. ${check}.`;
	}
	if (details.httpStatusCode === undefined && classifyError({ ...details, code }) === 'transient') {
		return `The connection to ${endpoint} failed (${code ?? details.message}). ${check}.`;
	}
	if (details.httpStatusCode !== undefined && NO_JSON_ERRORS.has(details.name)) {
		return `${endpoint} answered HTTP ${details.httpStatusCode}, but not as Amazon Connect does. ${check}.`;
	}
	return undefined;
}

/** A request that failed because of the request rate, said for a person waiting in the editor. */
export function throttled(details: AwsErrorDetails): string | undefined {
	return classifyError(details) === 'throttling'
		? 'Amazon Connect is receiving too many requests from this account right now (its request quota is shared by every caller). Wait a moment and try again.'
		: undefined;
}
