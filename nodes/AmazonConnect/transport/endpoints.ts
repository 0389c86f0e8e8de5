/**
 * Where requests go, decided by the credential alone: the Custom Endpoint, or the public endpoint
 * that AWS's own endpoint rules give for the region and the FIPS / dual-stack options. The URL is
 * always handed to the SDK explicitly, so AWS_ENDPOINT_URL* and endpoint_url in ~/.aws/config
 * cannot redirect the node. Proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read per target the way
 * n8n reads them for its own requests (proxy-from-env, then http(s)-proxy-agent).
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { STSClient } from '@aws-sdk/client-sts';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

import type { ConnectSettings } from './settings';

type EndpointProvider = (params: Record<string, unknown>) => { url: URL };

/** Placeholder keys for the clients that only lend their endpoint rules; they never send a request. */
const NO_KEYS = { accessKeyId: 'unused', secretAccessKey: 'unused' };
let rules: { connect: EndpointProvider; sts: EndpointProvider } | undefined;

function endpointRules() {
	if (!rules) {
		const connect = new ConnectClient({ region: 'us-east-1', credentials: NO_KEYS });
		const sts = new STSClient({ region: 'us-east-1', credentials: NO_KEYS });
		rules = {
			connect: connect.config.endpointProvider as unknown as EndpointProvider,
			sts: sts.config.endpointProvider as unknown as EndpointProvider,
		};
		connect.destroy();
		sts.destroy();
	}
	return rules;
}

/** The Connect URL requests go to (as typed when custom: it may carry user info). */
export function connectEndpointUrl(settings: ConnectSettings): string {
	if (settings.endpoint) return settings.endpoint;
	return endpointRules().connect({
		Region: settings.region,
		UseFIPS: settings.useFips,
		UseDualStack: settings.useDualStack,
	}).url.href;
}

/** The STS URL: the STS Endpoint field, or the regional STS endpoint (never the global one). */
export function stsEndpointUrl(settings: ConnectSettings): string {
	if (settings.stsEndpoint) return settings.stsEndpoint;
	return endpointRules().sts({
		Region: settings.region,
		UseFIPS: settings.useFips,
		UseDualStack: settings.useDualStack,
		UseGlobalEndpoint: false,
	}).url.href;
}

/** `scheme://user:password@host` → `scheme://host`, anywhere in a text. */
export function withoutUserInfo(text: string): string {
	return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi, '$1');
}

/** A URL for messages: scheme and host only (no user info, path or query). */
export function displayUrl(url: string | undefined): string | undefined {
	if (!url) return undefined;
	try {
		const u = new URL(url);
		return `${u.protocol}//${u.host}`;
	} catch {
		return withoutUserInfo(url);
	}
}

/** The proxy for a target URL per HTTPS_PROXY / HTTP_PROXY / NO_PROXY, or undefined for a direct connection. */
export function proxyFor(url: string): string | undefined {
	return getProxyForUrl(url) || undefined;
}

export interface RequestHandlerOptions {
	connectionTimeout?: number;
	requestTimeout?: number;
	throwOnRequestTimeout?: boolean;
	httpAgent?: HttpProxyAgent<string>;
	httpsAgent?: HttpsProxyAgent<string>;
}

/**
 * Options of the SDK's Node.js HTTP handler for requests to `url`: the time limits, and a proxy
 * agent when the environment routes this URL through a proxy. undefined when there is nothing
 * to set (the SDK keeps its defaults).
 */
export function requestHandlerFor(
	url: string,
	timeoutMs?: number,
): RequestHandlerOptions | undefined {
	const options: RequestHandlerOptions = {};
	if (timeoutMs !== undefined) {
		Object.assign(options, {
			connectionTimeout: timeoutMs,
			requestTimeout: timeoutMs,
			throwOnRequestTimeout: true,
		});
	}
	const proxy = proxyFor(url);
	if (proxy) {
		// The SDK picks httpAgent or httpsAgent by the target's scheme; the proxy agent tunnels (CONNECT) for https.
		if (url.startsWith('https:'))
			options.httpsAgent = new HttpsProxyAgent(proxy, { keepAlive: true });
		else options.httpAgent = new HttpProxyAgent(proxy, { keepAlive: true });
	}
	return Object.keys(options).length > 0 ? options : undefined;
}
