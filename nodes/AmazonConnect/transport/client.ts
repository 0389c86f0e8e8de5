/**
 * The one place that builds the AWS client. One client per execution: every item of the execution
 * shares its connections, its rate control and its signing identity. Only the credential decides
 * where requests go and who signs them: region, endpoint, FIPS / dual-stack, retries and defaults
 * are all given explicitly, so no AWS_* variable or ~/.aws file changes them (except in Host
 * Identity mode, whose point is the host's own chain).
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import type { AwsCredentialIdentity } from '@aws-sdk/types';

import { connectEndpointUrl, requestHandlerFor } from './endpoints';
import { credentialsFor } from './identity';
import { trimPerRequestWork, WholeAnswerHttpHandler } from './sdkPerRequest';
import { type AmazonConnectCredentials, readSettings } from './settings';

export type { AmazonConnectCredentials } from './settings';

export interface ConnectClientOptions {
	/**
	 * Give up on a request that has not connected, or not been answered, within this many ms
	 * (a TimeoutError). Default: no limit, as the SDK does. For calls a person waits on, such as
	 * the credential test.
	 */
	timeoutMs?: number;
	/** Assume the role afresh instead of using this process's cached session (the credential test). */
	freshSession?: boolean;
	/** Sign with these credentials instead of the credential's own identity (the credential test, once it has resolved it). */
	credentials?: AwsCredentialIdentity;
	/**
	 * The execution's cancel signal: every request of this client is aborted when it fires (one that
	 * has not started is not sent). Given here rather than to each send() so that the client resolves
	 * its middleware once per command type instead of once per request (cacheMiddleware): the SDK
	 * caches only for sends without options, and resolving was a quarter of its CPU per request.
	 */
	signal?: AbortSignal;
}

export function createConnectClient(
	credentials: AmazonConnectCredentials,
	options: ConnectClientOptions = {},
): ConnectClient {
	const settings = readSettings(credentials);
	const url = connectEndpointUrl(settings);
	const client = new ConnectClient({
		region: settings.region,
		endpoint: url,
		credentials:
			options.credentials ??
			credentialsFor(settings, { timeoutMs: options.timeoutMs, fresh: options.freshSession }),
		// Retries are ours (retry.ts): they share one rate control across all items of the execution,
		// and throttling must not use up the SDK's retry quota and fail items.
		maxAttempts: 1,
		retryMode: 'standard',
		// The URL above already says FIPS / dual-stack; the SDK must not add them to an explicit endpoint.
		useFipsEndpoint: false,
		useDualstackEndpoint: false,
		ignoreConfiguredEndpointUrls: true,
		defaultsMode: 'legacy',
		// The SDK's own Node.js HTTP handler with its options (time limits, proxy agent; without them it keeps its defaults).
		requestHandler: new WholeAnswerHttpHandler(
			requestHandlerFor(url, options.timeoutMs),
			options.signal,
		),
		// Nothing changes a client's middleware after it is made: resolve it once per command type.
		cacheMiddleware: true,
	});
	trimPerRequestWork(client);
	return client;
}
