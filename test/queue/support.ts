/** Helpers for the queue-mode suite: webhooks, n8n's executions API, the emulator's records. */
import { parse } from 'flatted';

import type {
	EmulatorContact,
	EmulatorRequest,
	EmulatorStateSnapshot,
} from '../../scripts/n8n/emulator';
import { rest, type N8nRun, type Session } from '../../scripts/n8n/lib';

export interface HttpAnswer {
	status: number;
	body: unknown;
}

/** POST a JSON body to a URL and read the JSON answer. */
export async function postJson(
	url: string,
	body: unknown,
	timeoutMs = 120_000,
): Promise<HttpAnswer> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: res.status, body: parsed };
}

/** What GET /rest/executions lists for each execution. */
export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished?: boolean;
	retryOf?: string | null;
	retrySuccessId?: string | null;
	startedAt?: string | null;
	stoppedAt?: string | null;
}

/** The executions of a workflow, newest first (GET /rest/executions?filter=...). */
export async function listExecutions(
	baseUrl: string,
	session: Session,
	workflowId: string,
): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await rest<{ results: ExecutionSummary[] }>(
		baseUrl,
		session,
		'GET',
		`/executions?filter=${filter}&limit=100`,
	);
	return page.results;
}

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Waits until the workflow has at least `count` executions and all of them (or those `select` picks)
 * reached a final status; returns them oldest first.
 */
export async function waitForExecutions(
	baseUrl: string,
	session: Session,
	workflowId: string,
	count: number,
	opts: { timeoutMs?: number; select?: (e: ExecutionSummary) => boolean } = {},
): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
	let last: ExecutionSummary[] = [];
	for (;;) {
		last = (await listExecutions(baseUrl, session, workflowId)).filter(opts.select ?? (() => true));
		if (last.length >= count && last.every((e) => FINAL.has(e.status))) return [...last].reverse();
		if (Date.now() > deadline) {
			throw new Error(
				`workflow ${workflowId}: expected ${count} finished executions, have ${JSON.stringify(last.map((e) => ({ id: e.id, status: e.status })))}`,
			);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
}

export interface ExecutionDetails extends ExecutionSummary {
	data: N8nRun['data'] & {
		resultData: N8nRun['data']['resultData'] & { metadata?: Record<string, string> };
		executionData?: unknown;
	};
}

/** One execution with its run data (GET /rest/executions/:id; n8n sends the data in the flatted format). */
export async function getExecution(
	baseUrl: string,
	session: Session,
	id: string,
): Promise<ExecutionDetails> {
	const raw = await rest<ExecutionSummary & { data: string }>(
		baseUrl,
		session,
		'GET',
		`/executions/${id}`,
	);
	return { ...raw, data: parse(raw.data) as ExecutionDetails['data'] };
}

/** POST /rest/executions/:id/retry (the executions list's "Retry with original workflow"); n8n answers once the retry ended. */
export async function retryExecution(
	baseUrl: string,
	session: Session,
	id: string,
): Promise<ExecutionSummary> {
	return rest<ExecutionSummary>(baseUrl, session, 'POST', `/executions/${id}/retry`, {
		loadWorkflow: false,
	});
}

/** The attributes the queue workflows put on each contact. */
export const attributes = (c: EmulatorContact | EmulatorRequest): Record<string, string> =>
	(('request' in c ? c.request : c.body) as { Attributes?: Record<string, string> }).Attributes ??
	{};

export const contactsOfRun = (state: EmulatorStateSnapshot, run: string) =>
	state.contacts.filter((c) => attributes(c).run === run);

export const createRequests = (state: EmulatorStateSnapshot) =>
	state.requests.filter((r) => r.operation === 'CreateContact');

/** How many contacts each record ID has. */
export function contactsPerRecord(contacts: EmulatorContact[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const c of contacts)
		counts.set(attributes(c).recordId, (counts.get(attributes(c).recordId) ?? 0) + 1);
	return counts;
}

export const recordIds = (run: string, count: number) =>
	Array.from({ length: count }, (_, i) => `${run}-${i}`);

export function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
	return out;
}

export async function waitUntil(
	what: string,
	check: () => Promise<boolean>,
	timeoutMs = 60_000,
	everyMs = 200,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}
