/** What the emulator records: every API request, the contacts it stored and the idempotency tokens it saw. */
import type { LifecycleState } from './lifecycle';
import type { IssuedSession } from './sts';

export interface RequestRecord {
	id: string;
	/** The operation the model routes the request to (CreateContact, ListUsers, ...), or Unknown. */
	operation: string;
	method: string;
	path: string;
	query?: Record<string, string | string[]>;
	/** The access key id the request claimed (even when it was then rejected). */
	accessKeyId?: string;
	/** Parsed JSON body; the raw text when it was not JSON; undefined when empty. */
	body: unknown;
	/** HTTP status answered; 0 when the connection was dropped without an answer. */
	status: number;
	errorType?: string;
	errorMessage?: string;
	/**
	 * 'ok' | 'replay' (idempotent repeat) | 'throttled' (bucket) | 'fault:throttle' | 'fault:internal' |
	 * 'fault:dropBefore' | 'fault:dropAfterStore' | 'fault:hang' | 'fault:hangAfterStore' | 'refused' | 'unauthenticated' (SigV4) | 'denied' (IAM) |
	 * 'invalid' (400) | 'notFound' | 'conflict' (idempotency) | 'unknownOperation' | 'pending'
	 */
	outcome: string;
	/** Arrival time, epoch ms. */
	at: number;
	/** The request id sent in x-amzn-RequestId (absent for drops). */
	requestId?: string;
}

export interface StoredContact {
	contactId: string;
	contactArn: string;
	instanceId: string;
	clientToken?: string;
	/** The parsed request body as received. */
	request: unknown;
	/** Epoch ms. */
	createdAt: number;
	/** The API that made the contact (CreateContact when absent). */
	operation?: 'StartTaskContact';
	/** Set when the request does not say it (StartTaskContact makes TASK contacts). */
	channel?: 'TASK';
}

export interface TokenRecord {
	instanceId: string;
	clientToken: string;
	contactId: string;
	contactArn: string;
	/** sha256 of the canonical JSON of the modeled request members. */
	requestHash: string;
	/** Requests that returned (or would have returned, for drops) this contact: 1 on creation, +1 per replay. */
	hits: number;
	/** Requests rejected with IdempotencyException for this token. */
	conflicts: number;
	firstAt: number;
	lastAt: number;
}

export interface EmulatorState extends LifecycleState {
	requests: RequestRecord[];
	contacts: StoredContact[];
	/** Keyed by `${instanceId}:${clientToken}` (instance ids contain no ':'). */
	tokens: Record<string, TokenRecord>;
	/** Sessions issued by STS or the container endpoint since the last reset (no secrets). */
	sessions: IssuedSession[];
}
