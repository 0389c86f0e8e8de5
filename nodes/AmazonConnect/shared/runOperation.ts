/**
 * The one runner every operation goes through: one client and one rate control per execution (the
 * rate control is the operation's API's: each AWS API has its own account quota), a token per item
 * for idempotent APIs, per-item checks before anything is sent (runItems), retries with the same
 * request, errors in words, and a hint when AWS throttled.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemContext, Operation } from '../actions/operation';
import { type AmazonConnectCredentials, createConnectClient } from '../transport/client';
import { displayUrl } from '../transport/endpoints';
import { toNodeApiError } from '../transport/errors';
import { RateControl } from '../transport/rateControl';
import { sendWithRetry } from '../transport/retry';
import { regionOf } from '../transport/settings';
import { clientTokenFor } from './clientToken';
import { parseInstanceId } from './instance';
import { type InputProblem, inputProblemError } from './problem';
import { isBlank } from './keyValueInput';
import { runItems } from './runItems';

/** The Options collection every operation has (shared/runnerOptions.ts builds its form). */
export interface RunnerOptions {
	concurrency?: number;
	fullResponse?: boolean;
	idempotencyKey?: unknown;
	maxAttempts?: number;
	maxRequestsPerSecond?: number;
}

export const DEFAULT_CONCURRENCY = 10;
export const DEFAULT_MAX_ATTEMPTS = 8;

/** A resource locator's value, or a plain string given by older workflows or expressions. */
export function locatorValue(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && '__rl' in value) {
		return (value as INodeParameterResourceLocator).value;
	}
	return value;
}

/** All problems of an item in one error: the first names the field, the rest follow in the fix. */
export function asOneProblem(problems: InputProblem[]): InputProblem {
	const [first, ...rest] = problems;
	if (rest.length === 0) return first;
	const also = rest.map((p) => `${p.field}: ${p.message}`).join('; ');
	return { ...first, fix: `${first.fix}. Also: ${also}` };
}

/** The item's parameters as an operation reads them. Hidden parameters are absent in n8n: the fallback stands in. */
function itemContext(fn: IExecuteFunctions, itemIndex: number, extra: Partial<ItemContext>): ItemContext {
	return {
		itemIndex,
		parameter: <T>(name: string, fallback: T) => fn.getNodeParameter(name, itemIndex, fallback as never) as T,
		...extra,
	};
}

export async function runOperation(fn: IExecuteFunctions, operation: Operation): Promise<INodeExecutionData[]> {
	const credentials = await fn.getCredentials<AmazonConnectCredentials>('amazonConnectApi');
	const options = fn.getNodeParameter('options', 0, {}) as RunnerOptions;
	const client = createConnectClient(credentials);
	const region = regionOf(credentials);
	const rate = new RateControl({ maxPerSecond: options.maxRequestsPerSecond });
	const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
	const fullResponse = options.fullResponse === true;
	const node = fn.getNode();
	const workflowId = String(fn.getWorkflow().id ?? '');
	const executionId = String(fn.getExecutionId() ?? '');
	const credentialName = node.credentials?.amazonConnectApi?.name;
	const runIndex = fn.getWorkflowDataProxy(0).$thisRunIndex;

	const tokenFor = (itemIndex: number): unknown => {
		const itemOptions = fn.getNodeParameter('options', itemIndex, {}) as RunnerOptions;
		const additional = fn.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		return clientTokenFor({
			explicit: additional.clientToken,
			idempotencyKey: isBlank(itemOptions.idempotencyKey)
				? operation.idempotencyKey?.(itemContext(fn, itemIndex, { credentialRegion: region }))
				: itemOptions.idempotencyKey,
			instanceId: String(parseInstanceId(locatorValue(fn.getNodeParameter('instanceId', itemIndex, '')))),
			workflowId,
			executionId,
			nodeName: node.name,
			runIndex,
			itemIndex,
		});
	};

	try {
		return await runItems(fn, {
			concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
			prepare: (itemIndex) => {
				const prepared = operation.prepare(
					itemContext(fn, itemIndex, {
						credentialRegion: region,
						...(operation.idempotent && { clientToken: tokenFor(itemIndex) }),
					}),
				);
				if (!prepared.ok) throw inputProblemError(node, itemIndex, asOneProblem(prepared.problems));
				return prepared.input;
			},
			send: async (input, itemIndex) => {
				const sent = await sendWithRetry(() => operation.send(client, input, undefined, (problem) => inputProblemError(node, itemIndex, problem)), { maxAttempts, rate });
				if (sent.ok) {
					return operation.output(input, sent.result, { attempts: sent.attempts, fullResponse, requestId: sent.result.$metadata?.requestId });
				}
				// A rule an operation can check only while sending (e.g. against a template it looked up): nothing was sent.
				if (sent.error instanceof NodeOperationError) throw sent.error;
				throw toNodeApiError(node, sent.error, itemIndex, {
					api: operation.api,
					instanceId: (input as { InstanceId?: string }).InstanceId,
					region,
					endpoint: displayUrl(credentials.endpoint?.trim() || undefined),
					credentialName,
					attempts: sent.attempts,
				});
			},
		});
	} finally {
		client.destroy();
		if (rate.throttles > 0) {
			// Throttling was absorbed; say so, since it means the account's quota decides the speed.
			const measured = rate.measuredRate;
			fn.addExecutionHints({
				message: `AWS throttled ${rate.throttles} request(s); the node slowed down${Number.isFinite(measured) ? ` to about ${measured.toFixed(1)} requests per second` : ''} and retried them. For faster bulk runs, ask AWS Support to raise the ${operation.api} quota.`,
				location: 'outputPane',
				type: 'info',
			});
		}
	}
}
