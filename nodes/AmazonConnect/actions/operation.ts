/**
 * An operation is a value: its form, its AWS API, how one item's parameters become a checked request,
 * how the request is sent and how the answer becomes an output item. Everything else (checks' error
 * items, tokens, concurrency, retries, rate, cancel, pairing, errors, hints) is the runner's
 * (shared/runOperation.ts), so every operation gets it and none can forget it.
 */
import type { ConnectClient } from '@aws-sdk/client-connect';
import type { IDataObject, INodeProperties, NodeOperationError } from 'n8n-workflow';

import type { InputProblem } from '../shared/problem';

/** What an operation sees of one item while preparing it. */
export interface ItemContext {
	readonly itemIndex: number;
	/** A parameter of this item; `fallback` when it is absent (hidden by the form) or empty. */
	parameter<T = unknown>(name: string, fallback: T): T;
	/** The token the runner derived for this item (idempotent operations only). */
	readonly clientToken?: unknown;
	/** The region of the credential: an ARN from another region cannot be reached with it. */
	readonly credentialRegion?: string;
}

export type Prepared<Input> = { ok: true; input: Input } | { ok: false; problems: InputProblem[] };

/** What the runner knows about a sent request, for the output item. */
export interface SendMeta {
	readonly attempts: number;
	readonly fullResponse: boolean;
	readonly requestId?: string;
}

/**
 * An operation's output: the simple one, or with Full Response also the instance, the request ID, the
 * attempts and, for operations that build a request from the form, the request as sent.
 */
export function withFullResponse(
	simple: IDataObject,
	input: { InstanceId?: string },
	meta: SendMeta,
	request?: object,
): IDataObject {
	if (!meta.fullResponse) return simple;
	return {
		...simple,
		instanceId: input.InstanceId,
		requestId: meta.requestId,
		attempts: meta.attempts,
		...(request !== undefined && { request: request as IDataObject }),
	};
}

export interface Operation<Input extends object = object, Response extends object = object> {
	/** Public names: saved workflows depend on them. */
	readonly resource: string;
	readonly operation: string;
	/** The operation in the form's list: name, description and the action an AI agent or the node panel shows. */
	readonly name: string;
	readonly description: string;
	readonly action: string;
	/** The AWS API it calls: its account quota (one rate control per API) and its name in messages. */
	readonly api: string;
	/** The form's fields of this operation; the router shows them for this resource and operation only. */
	readonly properties: INodeProperties[];
	/** Whether the API takes a ClientToken: the runner derives one per item and offers the Idempotency Key. */
	readonly idempotent: boolean;
	/**
	 * The key of the one thing a request does (Email → Send: the contact), for idempotent operations:
	 * when no Idempotency Key or Client Token is given, the token derives from it instead of from the
	 * execution, so a repeat in any execution (a Retry of the execution too) sends the same token.
	 */
	idempotencyKey?(item: ItemContext): unknown;
	/** The canvas subtitle while this operation is selected (an n8n expression or plain text). */
	readonly subtitle?: string;
	/** One item's parameters → a checked request. Pure apart from reading parameters; nothing is sent here. */
	prepare(item: ItemContext): Prepared<Input>;
	/**
	 * The AWS call. A rule that can only be checked while sending (e.g. against a template it looks up) fails with
	 * `throw inputProblem(problem(...))`: the item's NodeOperationError, and nothing is sent. Send commands without
	 * options: the client carries the execution's cancel signal (transport/client.ts), and a send with options
	 * would make the SDK resolve its middleware again for every request.
	 */
	send(
		client: ConnectClient,
		input: Input,
		inputProblem: (problem: InputProblem) => NodeOperationError,
	): Promise<Response & { $metadata?: { requestId?: string } }>;
	/** The output item of a sent request. */
	output(input: Input, response: Response, meta: SendMeta): IDataObject;
}

/** Checks the shape at compile time and keeps the operation's own Input/Response types. */
export function defineOperation<Input extends object, Response extends object>(
	operation: Operation<Input, Response>,
): Operation<Input, Response> {
	return operation;
}
