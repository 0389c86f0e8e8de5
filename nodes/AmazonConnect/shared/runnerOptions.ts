/**
 * The Options collection every operation shows: how the runner sends (concurrency, attempts, rate)
 * and, for idempotent APIs, the Idempotency Key its tokens derive from. The names match RunnerOptions.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_SECONDS } from './runOperation';

export const IDEMPOTENCY_KEY_FIELD = 'Idempotency Key';

export function runnerOptionsField(operation: {
	idempotent: boolean;
	api: string;
}): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many requests may be in flight at once; the node also slows down by itself when AWS throttles',
		},
		{
			displayName: 'Full Response',
			name: 'fullResponse',
			type: 'boolean',
			default: false,
			description:
				'Whether to add the request ID, the attempts and the whole request to each output item',
		},
		...(operation.idempotent
			? [
					{
						displayName: IDEMPOTENCY_KEY_FIELD,
						name: 'idempotencyKey',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.ticketId }}',
						description:
							'A stable ID of the record (a CRM record ID, a webhook delivery ID). The same key creates one contact per record in this node, whichever execution sends it: re-runs, new runs and clicks in the editor included.',
					} satisfies INodeProperties,
				]
			: []),
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20, numberPrecision: 0 },
			default: DEFAULT_MAX_ATTEMPTS,
			description:
				'Attempts per item for server errors and dropped connections, with the same token. Throttled requests are retried apart from this (up to 10 times as many, at least 50) while the node slows down to what the account allows.',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description: `A fixed cap for accounts shared with other callers of ${operation.api}; 0 means no cap (the node still adapts to throttling)`,
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 300, numberPrecision: 0 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description:
				'How long one attempt may take to connect and to be answered. An attempt that times out is retried with the same token (it counts towards Max Attempts).',
		},
	];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

export const CLIENT_TOKEN_FIELD = 'Client Token';

/**
 * The Client Token field of an idempotent operation's Additional Fields: a token sent as is instead
 * of the derived one. `whenEmpty` says what the derived token guarantees for this operation.
 */
export function clientTokenField(whenEmpty: string): INodeProperties {
	return {
		displayName: CLIENT_TOKEN_FIELD,
		name: 'clientToken',
		// Masked in the form, as n8n wants every token field; the output still shows the token sent.
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Idempotency token sent as is (at most 500 characters). Leave empty: ' + whenEmpty,
	};
}
