/**
 * The one place that builds the AWS client. One client per execution: every item of the execution
 * shares its connections and its rate control.
 */
import { ConnectClient } from '@aws-sdk/client-connect';

export interface AmazonConnectCredentials {
	region: string;
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	endpoint?: string;
}

export interface ConnectClientOptions {
	/**
	 * Give up on a request that has not connected, or not been answered, within this many ms
	 * (a TimeoutError). Default: no limit, as the SDK does. For calls a person waits on, such as
	 * the credential test.
	 */
	timeoutMs?: number;
}

export function createConnectClient(credentials: AmazonConnectCredentials, options: ConnectClientOptions = {}): ConnectClient {
	const endpoint = credentials.endpoint?.trim();
	const { timeoutMs } = options;
	return new ConnectClient({
		region: credentials.region,
		endpoint: endpoint ? endpoint : undefined,
		credentials: {
			accessKeyId: credentials.accessKeyId.trim(),
			secretAccessKey: credentials.secretAccessKey.trim(),
			sessionToken: credentials.sessionToken?.trim() || undefined,
		},
		// Retries are ours (retry.ts): they share one rate control across all items of the execution,
		// and throttling must not use up the SDK's retry quota and fail items.
		maxAttempts: 1,
		// Options of the SDK's own Node.js HTTP handler; without this it keeps its defaults.
		...(timeoutMs !== undefined && {
			requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true },
		}),
	});
}
