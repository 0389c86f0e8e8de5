/** Helpers for e2e test files (the prepared state comes from global-setup.ts). */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	EmulatorClient,
	type EmulatorContact,
	type EmulatorRequest,
	type EmulatorSettings,
	type EmulatorStateSnapshot,
} from '../../../scripts/n8n/emulator';
import {
	cloneUserFolder,
	E2E_ENCRYPTION_KEY,
	executeWorkflow,
	n8nEnv,
	type ExecuteResult,
	type N8nItem,
} from '../../../scripts/n8n/lib';
import { readState, type E2eState } from './state';

export { readState, type E2eState };

/**
 * A fresh n8n user folder for one test file (a copy of the template: package installed, database
 * migrated, the emulator credential and every workflow of test/e2e/workflows imported) and its
 * environment. Use one per `n8n start`; CLI commands may share one sequentially.
 */
export function newUserFolder(
	name: string,
	extraEnv: Record<string, string | undefined> = {},
): { dir: string; env: NodeJS.ProcessEnv; state: E2eState } {
	const state = readState();
	const dir = cloneUserFolder(state.templateUserFolder, path.join(state.workDir, `user-${name}`));
	return { dir, env: n8nEnv(dir, extraEnv, state.paths), state };
}

/** A run that ended without an error (its `run` is there). */
export type SucceededRun = ExecuteResult & { run: NonNullable<ExecuteResult['run']> };

/** Expects the CLI run to have succeeded (no error, exit 0) and returns it with its run. */
export function succeeded(result: ExecuteResult): SucceededRun {
	expect(result.error).toBeUndefined();
	expect(result.ok).toBe(true);
	return result as SucceededRun;
}

/** `n8n execute` of a workflow of test/e2e/workflows that must succeed (succeeded()). */
export async function executeOk(
	env: NodeJS.ProcessEnv,
	workflowId: string,
	opts: { timeoutMs?: number } = {},
): Promise<SucceededRun> {
	return succeeded(await executeWorkflow(env, workflowId, opts));
}

/** Writes JSON into the run's work folder and returns its path (for --input=...). */
export function writeJson(name: string, value: unknown): string {
	const file = path.join(readState().workDir, 'inputs', name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	return file;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		[k: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	[k: string]: unknown;
}

/** A workflow of test/e2e/workflows/ (already imported into every user folder) by its id. */
export function e2eWorkflow(id: string): WorkflowJson {
	return JSON.parse(
		fs.readFileSync(path.join(__dirname, '..', 'workflows', `${id}.json`), 'utf8'),
	) as WorkflowJson;
}

/** The shared emulator's control endpoints. */
export function emulator(): EmulatorClient {
	return new EmulatorClient(readState().emulator.url);
}

/**
 * Puts the shared emulator in a known state: the given quota (default none), no latency, the given
 * faults (default none, seed 1), its clock on time, no refused names, nothing stored. Test files share one emulator and run one at a time.
 */
export async function resetEmulator(
	settings: Partial<EmulatorSettings> = {},
): Promise<EmulatorClient> {
	const client = emulator();
	await client.configure({
		rate: settings.rate ?? null,
		latencyMs: settings.latencyMs ?? 0,
		faults: {
			seed: 1,
			throttle: 0,
			internalError: 0,
			dropBeforeHandling: 0,
			dropAfterStore: 0,
			hang: 0,
			hangAfterStore: 0,
			...settings.faults,
		},
		clockOffsetMs: settings.clockOffsetMs ?? 0,
		refuseNames: settings.refuseNames ?? [],
	});
	await client.reset();
	return client;
}

/** The account and instances of emulator/config.default.json used by the workflows. */
export const CONNECT = {
	region: 'us-east-1',
	account: '123456789012',
	instance: '05d76fa6-80d8-4cbb-becb-eadec5b7b9b9',
	emeaInstance: 'cd13dc06-2271-409c-af67-315d3782e365',
} as const;

export const contactArn = (instanceId: string, contactId: string) =>
	`arn:aws:connect:${CONNECT.region}:${CONNECT.account}:instance/${instanceId}/contact/${contactId}`;

/** The n8n installation's own ID, as n8n-core derives it from the encryption key (InstanceSettings.generateInstanceId). */
export const N8N_INSTANCE_ID = createHash('sha256')
	.update(E2E_ENCRYPTION_KEY.slice(Math.round(E2E_ENCRYPTION_KEY.length / 2)))
	.digest('hex');

/** The ID of a node of a workflow of test/e2e/workflows. */
export const nodeIdOf = (workflowId: string, nodeName = 'Amazon Connect') => {
	const node = e2eWorkflow(workflowId).nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`workflow ${workflowId} has no node "${nodeName}"`);
	return node.id as string;
};

/**
 * The ClientToken the node documents for Options › Idempotency Key: derived from the key, scoped to the
 * n8n installation, the Connect instance, the API, the workflow and the node; the same in every
 * execution of that node (written here independently of the node's code).
 */
export const keyedToken = (
	workflowId: string,
	instanceId: string,
	key: string,
	nodeName = 'Amazon Connect',
	api = 'CreateContact',
) =>
	`n8nk-${createHash('sha256')
		.update(
			JSON.stringify([
				'key',
				N8N_INSTANCE_ID,
				instanceId,
				api,
				workflowId,
				nodeIdOf(workflowId, nodeName),
				key,
			]),
		)
		.digest('hex')}`;

/** Default tokens (no key, no explicit token): derived from the root execution, the node and the item. */
export const EXECUTION_TOKEN = /^n8ne-[0-9a-f]{64}$/;

/** A default token, from the root execution kept in the execution's custom data (amazonConnectRootExecution). */
export const executionToken = (
	workflowId: string,
	instanceId: string,
	root: string,
	itemIndex: number,
	runIndex = 0,
	nodeName = 'Amazon Connect',
) =>
	`n8ne-${createHash('sha256')
		.update(
			JSON.stringify([
				'execution',
				N8N_INSTANCE_ID,
				instanceId,
				'CreateContact',
				workflowId,
				nodeIdOf(workflowId, nodeName),
				root,
				runIndex,
				itemIndex,
			]),
		)
		.digest('hex')}`;

export const createContactRequests = (s: EmulatorStateSnapshot): EmulatorRequest[] =>
	s.requests.filter((r) => r.operation === 'CreateContact');

/** Stored contacts grouped by a key (e.g. the ClientToken or a record ID in the attributes). */
export function groupContacts(
	contacts: EmulatorContact[],
	key: (c: EmulatorContact) => string | undefined,
): Map<string | undefined, EmulatorContact[]> {
	const groups = new Map<string | undefined, EmulatorContact[]>();
	for (const c of contacts) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
	return groups;
}

/** The pairedItem of each item as the input index (n8n writes { item: i }). */
export const pairedIndexes = (items: N8nItem[]) =>
	items.map((i) => {
		const p = i.pairedItem;
		if (typeof p === 'number') return p;
		if (Array.isArray(p)) return p.map((x) => x.item);
		return p?.item;
	});
