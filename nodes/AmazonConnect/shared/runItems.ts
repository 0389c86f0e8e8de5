/**
 * The per-item execution every operation uses, so none can forget it: each input item is prepared
 * (read, mapped and checked: nothing is sent unless every step passes), then the prepared items are
 * sent with bounded concurrency. Outputs keep the input order and are always paired to their item;
 * with Continue On Fail a failing item becomes an error item and the others go on, without it the
 * first failure stops the node with an error naming the item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface ItemRunner<Prepared> {
	/** Synchronous work per item; a thrown error should already name the item (NodeOperationError with itemIndex). */
	prepare(itemIndex: number): Prepared;
	/** Sends one prepared item; a thrown error should already name the item (NodeApiError with itemIndex). */
	send(prepared: Prepared, itemIndex: number): Promise<IDataObject>;
	concurrency: number;
	/** The execution's cancel signal (Stop, the workflow timeout): no new item starts once it fires. */
	signal?: AbortSignal;
	/** What a stop means for the items sent before it (the error's description). */
	stopped?(sent: number, total: number): string;
}

function errorItem(
	error: Error & { description?: unknown },
	itemIndex: number,
): INodeExecutionData {
	return {
		json: {
			error: error.message,
			...(typeof error.description === 'string' && { description: error.description }),
			itemIndex,
		},
		pairedItem: { item: itemIndex },
	};
}

export async function runItems<Prepared>(
	fn: IExecuteFunctions,
	runner: ItemRunner<Prepared>,
): Promise<INodeExecutionData[]> {
	const items = fn.getInputData();
	const continueOnFail = fn.continueOnFail();
	const outputs: Array<INodeExecutionData | undefined> = new Array(items.length);
	// Two parallel lists rather than an object per item; a sent item's request is let go at once (below),
	// so that a long run does not hold every request until its end.
	const toSendIndex: number[] = [];
	const toSend: Array<Prepared | undefined> = [];

	// 1. Prepare every item first: without Continue On Fail an invalid item stops the node before any request.
	// The errors are n8n's already (the item's NodeOperationError, or n8n's own for an expression that fails):
	// they are passed on as they are, as in the sending step below.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let failure: Error | undefined;
		try {
			toSend.push(runner.prepare(itemIndex));
			toSendIndex.push(itemIndex);
		} catch (caught) {
			failure = caught as Error;
		}
		if (failure === undefined) continue;
		if (!continueOnFail) throw failure;
		outputs[itemIndex] = errorItem(failure, itemIndex);
	}

	// 2. Send with bounded concurrency. After a failure without Continue On Fail no new request starts;
	// the ones in flight finish (they may create contacts, which a Retry gets back by their tokens).
	// After Stop nothing new starts and the requests in flight are aborted (runner.send has the signal).
	let firstFailure: Error | undefined;
	let next = 0;
	const stopped = () => runner.signal?.aborted === true;
	const worker = async () => {
		while (next < toSend.length && !firstFailure && !stopped()) {
			const itemIndex = toSendIndex[next];
			const prepared = toSend[next] as Prepared;
			toSend[next++] = undefined;
			try {
				const json = await runner.send(prepared, itemIndex);
				outputs[itemIndex] = { json, pairedItem: { item: itemIndex } };
			} catch (caught) {
				if (stopped()) return;
				if (!continueOnFail) {
					firstFailure ??= caught as Error;
					return;
				}
				outputs[itemIndex] = errorItem(caught as Error, itemIndex);
			}
		}
	};
	const workers = Math.max(1, Math.min(runner.concurrency, toSend.length));
	await Promise.all(Array.from({ length: workers }, worker));
	if (stopped()) {
		const sent = outputs.filter((o) => o !== undefined && !('error' in o.json)).length;
		throw new NodeOperationError(fn.getNode(), 'The execution was stopped', {
			description:
				runner.stopped?.(sent, items.length) ??
				`${sent} of ${items.length} item(s) were done before the stop; no request started after it.`,
		});
	}
	if (firstFailure) throw firstFailure;
	return outputs as INodeExecutionData[];
}
