/**
 * The root of a chain of retries, for tokens that stay the same when the user retries a failed
 * execution from the executions list. A retry runs under a new execution ID but starts from the
 * original's saved data, custom data included, and so does a retry of a retry: the first execution
 * in which the node runs keeps a root ID in the custom data, and every retry of it reads it back.
 *
 * The root is the execution ID and a random part: execution IDs start again after a database is
 * restored from a backup, and a token of a new execution must not match one an older execution used.
 *
 * Custom data holds at most 10 keys, shared with Code nodes ($execution.customData), and n8n drops a
 * new key silently when it is full. Then the root is this execution's own ID: Retry On Fail still
 * sends the same tokens, a Retry from the executions list does not, and the runner says so in a hint.
 */
import { randomUUID } from 'crypto';

/** Shown in the executions list with the other custom data. */
export const ROOT_EXECUTION_KEY = 'amazonConnectRootExecution';

export interface CustomDataLike {
	get(key: string): string | undefined;
	set(key: string, value: string): void;
}

export interface RootExecution {
	id: string;
	/** Whether a Retry from the executions list gets the same root (false: the custom data was full). */
	stable: boolean;
}

export function rootExecution(
	customData: CustomDataLike | undefined,
	executionId: string,
	random: () => string = randomUUID,
): RootExecution {
	if (!customData) return { id: executionId, stable: false };
	const existing = customData.get(ROOT_EXECUTION_KEY);
	if (existing) return { id: existing, stable: true };
	const id = `${executionId}.${random()}`;
	customData.set(ROOT_EXECUTION_KEY, id);
	// A full custom data store drops the key without a word: read it back to know.
	if (customData.get(ROOT_EXECUTION_KEY) === id) return { id, stable: true };
	return { id: executionId, stable: false };
}
