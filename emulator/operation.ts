/**
 * What an operation handler gets and gives. The server routes a request by the model's HTTP
 * bindings, validates its input against the model (emulator/validate.ts), then calls the handler
 * registered under the operation's name in emulator/operations.ts with the validated input.
 */
import type { EmulatorAccessKey, EmulatorConfig } from './config';
import type { EmulatorState } from './state';
import type { JsonObject } from './validate';

export interface OperationContext {
	config: EmulatorConfig;
	state: EmulatorState;
	/** The access key that signed the request. */
	key: EmulatorAccessKey;
	/** Throws AccessDeniedException when the key is denied this operation's IAM action on the resource. */
	authorize(resourceArn: string): void;
	/** authorize() on the instance's ARN. */
	authorizeInstance(instanceId: string): void;
	/** Throws AccessDeniedException when the key is denied another IAM action on the instance. */
	authorizeAction(action: string, instanceId: string): void;
	/** The body as received (JSON), for handlers that store the request as sent. */
	body: JsonObject;
	/** The URI labels and the query string as received (the validated input has them typed as members). */
	labels: Record<string, string>;
	query: Record<string, string | string[]>;
	/** Epoch ms at arrival. */
	now: number;
}

export interface OperationResult {
	body: JsonObject;
	/** 'ok', or e.g. 'replay' for an idempotent repeat. */
	outcome: string;
}

/** Validated input (members as the model names them, nulls removed) → the answer, or a thrown ApiError. */
export type OperationHandler = (input: JsonObject, context: OperationContext) => OperationResult;
