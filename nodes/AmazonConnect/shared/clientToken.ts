/**
 * The ClientToken of each item. AWS returns the contact a token already created instead of creating a
 * second one, so every path on which n8n repeats an item must send the same token for it:
 *
 * - the node's own retries (transport/retry.ts) send the same request object;
 * - Retry On Fail runs the node again in the same execution with the same run index;
 * - Retry from the executions list (with the original or the currently saved workflow, and a retry of
 *   a retry) runs the failed node again under a NEW execution ID with the same run index and items,
 *   and the original's custom data: the token derives from a root ID kept there (rootExecution.ts);
 * - an AI agent's tool call carries the model's tool call ID, the same on every try.
 *
 * Not protected without an Idempotency Key: a new execution (a workflow run again, an "Execute step"
 * click in the editor) is new work with new tokens; the runner says so in a hint.
 *
 * Every derived token includes the n8n instance's own ID and the Connect instance, so the same
 * workflow in a staging copy or a restored backup never gets another installation's contact back.
 */
import { createHash } from 'crypto';

import { describeType, problem, type InputProblem } from './problem';

/** How the token of an item was chosen: the messages say what a re-run does on each. */
export type TokenSource =
	/** The user's Client Token, sent as given. */
	| 'explicit'
	/** Options › Idempotency Key: the same in every execution of this node. */
	| 'key'
	/** Derived from the root execution: the same on Retry On Fail and on every Retry of the execution. */
	| 'execution'
	/** Derived from this execution's own ID (its custom data was full): the same on Retry On Fail only. */
	| 'thisExecution';

export interface ClientTokenSource {
	/** A ClientToken given explicitly by the user: sent exactly as given. */
	explicit?: unknown;
	/** A stable key of the business record (a CRM record ID, a webhook delivery ID). */
	idempotencyKey?: unknown;
	/**
	 * What the key identifies: 'node' (default: the user's Idempotency Key, a record for this node) or
	 * 'operation' (an operation's own key, e.g. Email → Send's contact: one email per contact, whichever
	 * node sends it).
	 */
	keyScope?: 'node' | 'operation';
	/** The n8n installation's own ID (this.getInstanceId()). */
	n8nInstanceId: string;
	/** The Amazon Connect instance the request goes to. */
	connectInstanceId: string;
	/** The AWS API called: a key identifies one record for one operation. */
	api: string;
	workflowId: string;
	/** The node's ID: stays when the node is renamed, differs between two nodes of a workflow. */
	nodeId: string;
	/** rootExecution.ts: the first execution of a chain of retries, or this execution's ID. */
	rootExecutionId: string;
	/** Whether rootExecutionId survives a Retry from the executions list. */
	rootIsStable: boolean;
	/** Which run of the node in this execution: inside Loop Over Items each batch is a new run whose item indexes restart at 0. */
	runIndex: number;
	itemIndex: number;
	/** The model's ID of the tool call when an AI agent runs the node as a tool. */
	toolCallId?: string;
}

export type ClientTokenResult =
	{ ok: true; token: unknown; source: TokenSource } | { ok: false; problem: InputProblem };

const hash = (parts: readonly unknown[]): string =>
	// JSON of the parts keeps them apart: ("a", "bc") and ("ab", "c") hash differently.
	createHash('sha256').update(JSON.stringify(parts)).digest('hex');

// Whitespace alone is no token: it would leave the request without one, and the SDK would then put a
// new random token on every attempt.
const blank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Precedence: an explicit token, sent as given; else one derived from the Idempotency Key, scoped to
 * the n8n installation, the Connect instance, the API, the workflow and the node (two nodes using the
 * same record ID for different contacts do not collide); else one derived from the root execution,
 * the node, its run and the item. The request's content is left out on purpose: an expression such
 * as {{ $now }} gives other content on a retry, and that must not make a second contact.
 * Derived tokens are 69 characters, well within the 500 allowed.
 */
export function clientTokenFor(source: ClientTokenSource): ClientTokenResult {
	const scope = [
		source.n8nInstanceId,
		source.connectInstanceId,
		source.api,
		source.workflowId,
		source.nodeId,
	];
	if (!blank(source.explicit)) return { ok: true, token: source.explicit, source: 'explicit' };
	const key = source.idempotencyKey;
	if (!blank(key)) {
		if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
			return {
				ok: false,
				problem: problem(
					'Options › Idempotency Key',
					`is ${describeType(key)}, not a plain value`,
					'Use one field of the record that identifies it, e.g. {{ $json.ticketId }}, or join several into text, e.g. {{ $json.orderId + "-" + $json.line }}',
				),
			};
		}
		const keyScope = source.keyScope === 'operation' ? scope.slice(0, 3) : scope;
		return { ok: true, token: `n8nk-${hash(['key', ...keyScope, String(key)])}`, source: 'key' };
	}
	const parts = ['execution', ...scope, source.rootExecutionId, source.runIndex, source.itemIndex];
	if (source.toolCallId) parts.push(source.toolCallId);
	return {
		ok: true,
		token: `n8ne-${hash(parts)}`,
		source: source.rootIsStable ? 'execution' : 'thisExecution',
	};
}
