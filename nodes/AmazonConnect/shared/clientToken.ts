/**
 * The ClientToken of each item, so that whatever repeats an item (the SDK's own retries, n8n's
 * "Retry On Fail" re-running the node, queue mode re-running a stalled execution) sends the same
 * token and gets the same contact back instead of creating a second one.
 */
import { createHash } from 'crypto';

export interface ClientTokenSource {
	/** A ClientToken given explicitly by the user: sent exactly as given. */
	explicit?: unknown;
	/** A stable key of the business record (a CRM record ID, a webhook delivery ID). */
	idempotencyKey?: unknown;
	instanceId: string;
	workflowId: string;
	executionId: string;
	nodeName: string;
	/** Which run of the node in this execution: inside Loop Over Items each batch is a new run whose item indexes restart at 0. */
	runIndex: number;
	itemIndex: number;
}

const hash = (parts: readonly unknown[]): string =>
	// JSON of the parts keeps them apart: ("a", "bc") and ("ab", "c") hash differently.
	createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/**
 * Precedence: an explicit token, sent as given; else one derived from the idempotency key and the
 * instance (the same record creates one contact whichever execution sends it); else one derived
 * from the workflow, the execution, the node, its run and the item index (repeats of this item of
 * this run: n8n's Retry On Fail repeats the run with the same run index). The request's content is
 * left out on purpose: an expression such as {{ $now }} gives other content on a retry, and that must
 * not make a second contact.
 * Derived tokens are 69 characters, well within the 500 allowed.
 */
export function clientTokenFor(source: ClientTokenSource): unknown {
	// Whitespace alone is no token: it would leave the request without one, and the SDK would then put
	// a new random token on every attempt.
	const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
	if (!blank(source.explicit)) return source.explicit;
	if (!blank(source.idempotencyKey)) {
		return `n8nk-${hash(['key', source.instanceId, String(source.idempotencyKey)])}`;
	}
	return `n8ne-${hash(['execution', source.workflowId, source.executionId, source.nodeName, source.runIndex, source.itemIndex])}`;
}
