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

export function createConnectClient(credentials: AmazonConnectCredentials): ConnectClient {
	const endpoint = credentials.endpoint?.trim();
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
	});
}
