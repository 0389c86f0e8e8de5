/**
 * A wait that ends at once when the execution is cancelled, in every n8n the node supports. The node
 * runs with the n8n-workflow of the n8n that loads it: from n8n 2.x on, `sleep(ms, signal)` takes the
 * signal; n8n 1.x's `sleep(ms)` ignores it, and its cancellable wait is `sleepWithAbort(ms, signal)`.
 */
import * as n8nWorkflow from 'n8n-workflow';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The cancellable wait of an n8n-workflow module (a parameter for the tests). */
export function sleepOf(workflow: object): Sleep {
	const { sleep, sleepWithAbort } = workflow as { sleep: Sleep; sleepWithAbort?: Sleep };
	return async (ms, signal) => {
		if (signal && typeof sleepWithAbort === 'function') return await sleepWithAbort(ms, signal);
		return await sleep(ms, signal);
	};
}

export const sleep: Sleep = sleepOf(n8nWorkflow);
