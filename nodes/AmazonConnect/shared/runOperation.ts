/**
 * The one runner every operation goes through: a client per run and one rate control per execution
 * (the operation's API's: each AWS API has its own account quota; kept across the node's runs), a token per item
 * for idempotent APIs, per-item checks before anything is sent (runItems), retries with the same
 * request, errors in words, and a hint when AWS throttled.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameterResourceLocator,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemContext, Operation } from '../actions/operation';
import { type AmazonConnectCredentials, createConnectClient } from '../transport/client';
import { displayUrl } from '../transport/endpoints';
import { toNodeApiError } from '../transport/errors';
import { executionPaces } from '../transport/executionPaces';
import { sendWithRetry } from '../transport/retry';
import { regionOf } from '../transport/settings';
import { clientTokenFor, type TokenSource } from './clientToken';
import { parseInstanceId } from './instance';
import { type InputProblem, inputProblemError } from './problem';
import { isBlank } from './keyValueInput';
import { type CustomDataLike, type RootExecution, rootExecution } from './rootExecution';
import { runItems } from './runItems';

/** The Options collection every operation has (shared/runnerOptions.ts builds its form). */
export interface RunnerOptions {
	concurrency?: number;
	fullResponse?: boolean;
	idempotencyKey?: unknown;
	maxAttempts?: number;
	maxRequestsPerSecond?: number;
	timeoutSeconds?: number;
}

export const DEFAULT_CONCURRENCY = 10;
/** Long enough for AWS's slowest answers, short enough that a hung connection is retried soon. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
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
function itemContext(
	fn: IExecuteFunctions,
	itemIndex: number,
	extra: Partial<ItemContext>,
): ItemContext {
	return {
		itemIndex,
		parameter: <T>(name: string, fallback: T) =>
			fn.getNodeParameter(name, itemIndex, fallback as never) as T,
		...extra,
	};
}

/** What the runner learnt about the tokens of this run, for the hints after it. */
interface TokenUse {
	derived: number;
	/** Derived from this execution alone: the custom data was full. */
	unstable: number;
}

/**
 * The model's tool call ID when an AI agent runs the node as a tool (n8n adds it to the item). The
 * node is read once per run, not per item: n8n's getNode() returns a deep copy of it.
 */
function toolCallIdOf(fn: IExecuteFunctions, node: INode, itemIndex: number): string | undefined {
	if (!node.type.endsWith('Tool')) return undefined;
	const id = fn.getInputData()[itemIndex]?.json?.toolCallId;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

function customDataOf(fn: IExecuteFunctions): CustomDataLike | undefined {
	try {
		return fn.customData;
	} catch {
		return undefined; // contexts without execution data (none known for execute(); be safe)
	}
}

export async function runOperation(
	fn: IExecuteFunctions,
	operation: Operation,
): Promise<INodeExecutionData[]> {
	const credentials = await fn.getCredentials<AmazonConnectCredentials>('amazonConnectApi');
	const options = fn.getNodeParameter('options', 0, {}) as RunnerOptions;
	const signal = fn.getExecutionCancelSignal?.();
	const timeoutSeconds =
		options.timeoutSeconds && options.timeoutSeconds > 0
			? options.timeoutSeconds
			: DEFAULT_TIMEOUT_SECONDS;
	// The client carries the cancel signal: a Stop aborts its requests in flight, and one not yet started is not sent.
	const client = createConnectClient(credentials, {
		timeoutMs: Math.round(timeoutSeconds * 1000),
		signal,
	});
	const region = regionOf(credentials);
	const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
	const fullResponse = options.fullResponse === true;
	const node = fn.getNode();
	const workflowId = String(fn.getWorkflow().id ?? '');
	const executionId = String(fn.getExecutionId() ?? '');
	const credentialName = node.credentials?.amazonConnectApi?.name;
	// The execution's pace for this API, kept from its earlier runs of the node (Loop Over Items, Retry On Fail).
	const pace = executionPaces.take({
		executionId,
		api: operation.api,
		credential: node.credentials?.amazonConnectApi?.id ?? credentialName ?? '',
		maxPerSecond: options.maxRequestsPerSecond,
	});
	const rate = pace.rate;
	const throttledBefore = rate.throttles;
	const runIndex = fn.getWorkflowDataProxy(0).$thisRunIndex;
	const n8nInstanceId = String(fn.getInstanceId?.() ?? '');
	let root: RootExecution | undefined;
	const tokens: TokenUse = { derived: 0, unstable: 0 };
	const tokenSources: TokenSource[] = [];

	const tokenFor = (itemIndex: number): unknown => {
		const itemOptions = fn.getNodeParameter('options', itemIndex, {}) as RunnerOptions;
		const additional = fn.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		// Only read (and so only written into the custom data) when a token is derived from it.
		const rootNow = () => (root ??= rootExecution(customDataOf(fn), executionId));
		const explicit = additional.clientToken;
		// The operation's own key (Email → Send: the contact) stands for the one thing the request does, whichever node sends it.
		const operationKey = isBlank(itemOptions.idempotencyKey)
			? operation.idempotencyKey?.(itemContext(fn, itemIndex, { credentialRegion: region }))
			: undefined;
		const key = isBlank(operationKey) ? itemOptions.idempotencyKey : operationKey;
		const derivedFromExecution = isBlank(explicit) && isBlank(key);
		const result = clientTokenFor({
			explicit,
			idempotencyKey: key,
			keyScope: isBlank(operationKey) ? 'node' : 'operation',
			n8nInstanceId,
			connectInstanceId: String(
				parseInstanceId(locatorValue(fn.getNodeParameter('instanceId', itemIndex, ''))),
			),
			api: operation.api,
			workflowId,
			nodeId: node.id ?? node.name,
			rootExecutionId: derivedFromExecution ? rootNow().id : '',
			rootIsStable: derivedFromExecution ? rootNow().stable : true,
			runIndex,
			itemIndex,
			toolCallId: toolCallIdOf(fn, node, itemIndex),
		});
		if (!result.ok) throw inputProblemError(node, itemIndex, result.problem);
		tokenSources[itemIndex] = result.source;
		if (result.source === 'execution' || result.source === 'thisExecution') tokens.derived++;
		if (result.source === 'thisExecution') tokens.unstable++;
		return result.token;
	};

	try {
		return await runItems(fn, {
			concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
			signal,
			stopped: (sent, total) => {
				const done = `${sent} of ${total} item(s) were sent before the stop, and no request started after it (requests in flight were cancelled; AWS may have created their contacts).`;
				if (!operation.idempotent) return done;
				// n8n 2.40 saves a stopped execution as it was when it started (without this node's run and custom data): its Retry starts again.
				if (tokens.derived === 0)
					return `${done} A Retry of this execution sends the same Idempotency Keys: it gets those contacts back and creates only the missing ones.`;
				return `${done} n8n saves a stopped execution without this node's progress, so a Retry of it runs the node again with new tokens and creates those contacts again. Set Options › Idempotency Key to a stable ID of each record to make that Retry safe.`;
			},
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
				const sent = await sendWithRetry(
					() =>
						operation.send(client, input, (problem) => inputProblemError(node, itemIndex, problem)),
					{ maxAttempts, rate, signal },
				);
				if (sent.ok) {
					return operation.output(input, sent.result, {
						attempts: sent.attempts,
						fullResponse,
						requestId: sent.result.$metadata?.requestId,
					});
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
					tokenSource: operation.idempotent ? tokenSources[itemIndex] : undefined,
				});
			},
		});
	} finally {
		client.destroy();
		pace.release();
		const throttled = rate.throttles - throttledBefore;
		if (throttled > 0) {
			// Throttling was absorbed; say so, since it means the account's quota decides the speed.
			const measured = rate.measuredRate;
			fn.addExecutionHints({
				message: `AWS throttled ${throttled} request(s); the node slowed down${Number.isFinite(measured) ? ` to about ${measured.toFixed(1)} requests per second` : ''} and retried them. For faster bulk runs, ask AWS Support to raise the ${operation.api} quota.`,
				location: 'outputPane',
				type: 'info',
			});
		}
		const hint = tokenHint(fn.getMode(), tokens);
		if (hint) fn.addExecutionHints({ message: hint, location: 'outputPane', type: 'warning' });
	}
}

/**
 * Where a re-run of default tokens is not safe, say what to do instead. Retry On Fail and a Retry from
 * the executions list send the same tokens; a new execution (an editor click, a new run of the
 * workflow) does not, and neither does a Retry when the custom data had no room for the root.
 */
export function tokenHint(mode: string, tokens: TokenUse): string | undefined {
	if (tokens.unstable > 0) {
		return `This execution's custom data already has 10 keys (the most n8n keeps), so the node could not keep the ID it derives its tokens from: a Retry of this execution from the executions list would create these contacts again. Free a custom data key (Code nodes' $execution.customData.set), or set Options › Idempotency Key to a stable ID of each record.`;
	}
	if (tokens.derived > 0 && mode === 'manual') {
		return 'Each run from the editor is a new execution with new tokens: running this step again creates these contacts again. To make re-runs safe, set Options › Idempotency Key to a stable ID of each record (e.g. {{ $json.ticketId }}). Retry On Fail and a Retry from the executions list are safe without it.';
	}
	return undefined;
}
