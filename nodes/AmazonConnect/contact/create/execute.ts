/**
 * Contact → Create: n8n parameters → checked CreateContact input → sent → output item.
 * The steps live elsewhere (input.ts, check.ts, clientToken.ts, transport/); this file wires them.
 */
import { CreateContactCommand, type CreateContactCommandInput } from '@aws-sdk/client-connect';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';

import { parseInstanceId } from '../../shared/instance';
import { InputProblemError, type InputProblem } from '../../shared/problem';
import { runItems } from '../../shared/runItems';
import { type AmazonConnectCredentials, createConnectClient } from '../../transport/client';
import { toNodeApiError } from '../../transport/errors';
import { RateControl } from '../../transport/rateControl';
import { RetriesExhaustedError, sendWithRetry } from '../../transport/retry';
import { checkCreateContactInput } from './check';
import { clientTokenFor } from './clientToken';
import { buildCreateContactInput, type CreateContactParameters } from './input';

export interface CreateContactOptions {
	concurrency?: number;
	fullResponse?: boolean;
	idempotencyKey?: string;
	maxAttempts?: number;
	maxRequestsPerSecond?: number;
}

export const DEFAULT_CONCURRENCY = 10;
export const DEFAULT_MAX_ATTEMPTS = 8;

/** A resource locator's value, or a plain string given by older workflows or expressions. */
function locatorValue(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && '__rl' in value) {
		return (value as INodeParameterResourceLocator).value;
	}
	return value;
}

export function readParameters(fn: IExecuteFunctions, i: number): CreateContactParameters {
	const get = (name: string, fallback: unknown = undefined) => fn.getNodeParameter(name, i, fallback) as never;
	return {
		instanceId: locatorValue(get('instanceId', '')) as string,
		channel: get('channel', ''),
		initiationMethod: get('initiationMethod', ''),
		userId: locatorValue(get('userId', '')) as string,
		previousContactId: get('previousContactId', ''),
		initiateAs: get('initiateAs', ''),
		name: get('name', ''),
		description: get('description', ''),
		attributesMode: get('attributesMode', 'keyValue'),
		attributes: get('attributes', {}),
		// Hidden parameters are absent in n8n, and an undefined fallback would make n8n throw.
		attributesJson: get('attributesJson', ''),
		referencesMode: get('referencesMode', 'keyValue'),
		references: get('references', {}),
		referencesJson: get('referencesJson', ''),
		additionalFields: get('additionalFields', {}),
	};
}

/** All problems of an item in one error: the first names the field, the rest follow in the fix. */
function asOneProblem(problems: InputProblem[]): InputProblem {
	const [first, ...rest] = problems;
	if (rest.length === 0) return first;
	const also = rest.map((p) => `${p.field}: ${p.message}`).join('; ');
	return { ...first, fix: `${first.fix}. Also: ${also}` };
}

export function outputFor(
	input: CreateContactCommandInput,
	response: { ContactId?: string; ContactArn?: string; $metadata?: { requestId?: string } },
	attempts: number,
	fullResponse: boolean,
): IDataObject {
	const simple: IDataObject = {
		contactId: response.ContactId,
		contactArn: response.ContactArn,
		channel: input.Channel,
		initiationMethod: input.InitiationMethod,
		clientToken: input.ClientToken,
	};
	if (!fullResponse) return simple;
	return {
		...simple,
		instanceId: input.InstanceId,
		requestId: response.$metadata?.requestId,
		attempts,
		request: input as unknown as IDataObject,
	};
}

export async function createContacts(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const credentials = await this.getCredentials<AmazonConnectCredentials>('amazonConnectApi');
	const options = this.getNodeParameter('options', 0, {}) as CreateContactOptions;
	const client = createConnectClient(credentials);
	const rate = new RateControl({ maxPerSecond: options.maxRequestsPerSecond });
	const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
	const node = this.getNode();
	const workflowId = String(this.getWorkflow().id ?? '');
	const executionId = String(this.getExecutionId() ?? '');
	const credentialName = node.credentials?.amazonConnectApi?.name;
	const runIndex = this.getWorkflowDataProxy(0).$thisRunIndex;

	try {
		return await runItems(this, {
			concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
			prepare: (i) => {
				const params = readParameters(this, i);
				const itemOptions = this.getNodeParameter('options', i, {}) as CreateContactOptions;
				const additional = (params.additionalFields ?? {}) as IDataObject;
				const clientToken = clientTokenFor({
					explicit: additional.clientToken,
					idempotencyKey: itemOptions.idempotencyKey,
					instanceId: String(parseInstanceId(params.instanceId)),
					workflowId,
					executionId,
					nodeName: node.name,
					runIndex,
					itemIndex: i,
				});
				const unchecked = buildCreateContactInput(params, clientToken);
				const checked = checkCreateContactInput(unchecked, {
					credentialRegion: credentials.region,
					instanceReference: params.instanceId,
				});
				if (!checked.ok) throw new InputProblemError(asOneProblem(checked.problems));
				return checked.input;
			},
			send: async (input, i) => {
				try {
					const { result, attempts } = await sendWithRetry(() => client.send(new CreateContactCommand(input)), {
						maxAttempts,
						rate,
					});
					return outputFor(input, result, attempts, options.fullResponse === true);
				} catch (error) {
					const exhausted = error instanceof RetriesExhaustedError;
					throw toNodeApiError(node, exhausted ? error.lastError : error, i, {
						instanceId: input.InstanceId,
						region: credentials.region,
						endpoint: credentials.endpoint,
						credentialName,
						attempts: exhausted ? error.attempts : undefined,
					});
				}
			},
		});
	} finally {
		client.destroy();
		if (rate.throttles > 0) {
			// Throttling was absorbed; say so, since it means the account's quota decides the speed.
			const measured = rate.measuredRate;
			this.addExecutionHints({
				message: `AWS throttled ${rate.throttles} request(s); the node slowed down${Number.isFinite(measured) ? ` to about ${measured.toFixed(1)} requests per second` : ''} and retried them. For faster bulk runs, ask AWS Support to raise the CreateContact quota.`,
				location: 'outputPane',
				type: 'info',
			});
		}
	}
}
