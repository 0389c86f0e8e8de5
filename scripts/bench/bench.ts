/**
 * Bulk benchmark of the node against the local emulator (npm run bench), all in one run. Every
 * speed figure is a ratio measured in this run: items/s against the ideal the emulator's quota
 * allows, and the node's CPU per item against the SDK's own cost per request.
 *
 *   quota    each quota of QUOTA_CASES (2/s to 100/s): share of the quota over the whole run, ideal
 *            time = (items − burst) / rate; throttled requests as a share of the items.
 *   operations  StartTaskContact at 2/s and DescribeContact at 10/s, run together on one emulator
 *            with one quota per API: each judged as a quota case (operations of different APIs do not
 *            slow each other).
 *   shared   two executions started together on one 20/s quota: together, and the smaller one's
 *            share of the contacts created while both ran.
 *   background  a caller of the same API taking 30% of a 20/s quota all along: share of what is left.
 *   faults   10% throttled, 5% HTTP 500, 3% dropped after the contact was stored (each consumes a
 *            token): share of the rate the faults leave, ideal time = (items / 0.82 − burst) / rate.
 *   cost     no quota, no latency, 10,000 then 100,000 items, each size in a fresh process of its own
 *            (the emulator in another): the node's own CPU per item = the process's CPU less the SDK
 *            alone's per request (same process, same emulator) and less the fake n8n context's
 *            parameter reads (replayed alone); heap kept per item after the run; the process's peak
 *            RSS (Node.js, the SDK, the input, the outputs and the garbage between collections). The
 *            input is held as n8n holds it: one `{ json: { name } }` per item and one set of
 *            parameters, not a parameter object per item as the other scenarios give the fake.
 *
 * Every emulator runs in a child process of its own (its own core and heap). The long, light quota
 * cases run alongside the others; the cost runs alone at the end. Prints tables (also written to
 * bench-results/latest.md) and a last line with every figure. Only correctness (failed items,
 * duplicates, contacts) sets the exit code: speed is printed, never asserted.
 *
 *   node build/scripts/bench/bench.js [--only quota,operations,shared,background,faults,cost] [--cases 2/s,20/s]
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

import { ConnectClient, CreateContactCommand } from '@aws-sdk/client-connect';
import type { INodeExecutionData, INodeParameters, NodeExecutionHint } from 'n8n-workflow';

import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { DEFAULT_TIMEOUT_SECONDS } from '../../nodes/AmazonConnect/shared/runOperation';
import { createConnectClient } from '../../nodes/AmazonConnect/transport/client';
import { defaultConfig, type EmulatorConfig } from '../../emulator';
import { fakeExecuteFunctions } from '../../test/unit/helpers/fakeExecuteFunctions';
import { emulatorCredentials } from '../../test/unit/helpers/emulatorCredentials';
import {
	childEmulator,
	type EmulatorHandle,
	type EmulatorSettings,
	type Snapshot,
} from './emulatorHandle';

// ------------------------------------------------------------------ operations and scenarios

/**
 * An operation the bench can run: its AWS API (the emulator has one quota per API), the node's
 * parameters for item `name`, and whether it creates a contact per item (counted by Name) or not
 * (then its outputs and the emulator's answers are counted). Adding an operation is one entry here.
 */
export interface BenchOperation {
	api: string;
	creates: boolean;
	parameters(config: EmulatorConfig, name: string): INodeParameters;
}

const instanceOf = (config: EmulatorConfig) => ({
	__rl: true,
	mode: 'id',
	value: config.instances[0].id,
});

export const CREATE_CONTACT: BenchOperation = {
	api: 'CreateContact',
	creates: true,
	parameters: (config, name) => ({
		resource: 'contact',
		operation: 'create',
		instanceId: instanceOf(config),
		channel: 'TASK',
		initiationMethod: 'API',
		name,
	}),
};

export const START_TASK: BenchOperation = {
	api: 'StartTaskContact',
	creates: true,
	parameters: (config, name) => ({
		resource: 'task',
		operation: 'start',
		instanceId: instanceOf(config),
		routeBy: 'flow',
		contactFlowId: {
			__rl: true,
			mode: 'id',
			value: config.flows![config.instances[0].id].find((f) => f.type === 'CONTACT_FLOW')!.id,
		},
		name,
	}),
};

/** Contact → Get of one stored contact for every item (a 10/s API that creates nothing). */
export const DESCRIBE_CONTACT: BenchOperation = {
	api: 'DescribeContact',
	creates: false,
	parameters: (config) => ({
		resource: 'contact',
		operation: 'get',
		instanceId: instanceOf(config),
		contactId: config.contacts![config.instances[0].id][0],
		includeAttributes: false,
	}),
};

export interface Quota {
	perSecond: number;
	burst: number;
}

export interface QuotaCase {
	key: string;
	quota: Quota;
	latencyMs: number;
	items: number;
	operation: BenchOperation;
}

export const QUOTA_CASES: QuotaCase[] = [
	{
		key: '2/s',
		quota: { perSecond: 2, burst: 5 },
		latencyMs: 0,
		items: 300,
		operation: CREATE_CONTACT,
	},
	{
		key: '5/s',
		quota: { perSecond: 5, burst: 10 },
		latencyMs: 0,
		items: 500,
		operation: CREATE_CONTACT,
	},
	{
		key: '20/s',
		quota: { perSecond: 20, burst: 5 },
		latencyMs: 100,
		items: 1000,
		operation: CREATE_CONTACT,
	},
	{
		key: '100/s',
		quota: { perSecond: 100, burst: 10 },
		latencyMs: 50,
		items: 3000,
		operation: CREATE_CONTACT,
	},
];

/** Operations of different APIs run together on one emulator, each at its own quota. */
export const OPERATION_CASES: QuotaCase[] = [
	{
		key: 'StartTaskContact 2/s',
		quota: { perSecond: 2, burst: 5 },
		latencyMs: 50,
		items: 300,
		operation: START_TASK,
	},
	{
		key: 'DescribeContact 10/s',
		quota: { perSecond: 10, burst: 15 },
		latencyMs: 50,
		items: 600,
		operation: DESCRIBE_CONTACT,
	},
];

export const SHARED = { quota: { perSecond: 20, burst: 5 }, latencyMs: 100, itemsEach: 500 };
export const BACKGROUND = {
	quota: { perSecond: 20, burst: 5 },
	latencyMs: 100,
	items: 500,
	share: 0.3,
};
export const FAULTS = { throttle: 0.1, internalError: 0.05, dropAfterStore: 0.03 };
export const FAULT_CASE = { quota: { perSecond: 20, burst: 5 }, latencyMs: 100, items: 1000 };
const COST_SIZES = [10_000, 100_000];

/** Seconds an ideal client needs: the burst at once, then one request per token. */
export const idealSeconds = (requests: number, quota: Quota) =>
	Math.max(0, requests - quota.burst) / quota.perSecond;

/** Requests per item with faults: every request takes a token, and a share of them ends in no answer the item can use. */
export const requestsPerItem = (faults: typeof FAULTS) =>
	1 / (1 - faults.throttle - faults.internalError - faults.dropAfterStore);

/** The issue's bars: one definition for the bench's tables and the sim's counts. */
export const BARS = {
	/** A quota case: share of the quota over the whole run; throttled requests as a share of the items. */
	quotaShare: (share: number) => share >= 0.95,
	quotaThrottled: (throttled: number, items: number) => throttled <= 0.05 * items,
	/** Two executions on one quota: together, and the smaller one's share of what they got together. */
	shared: (together: number, minShare: number) => together >= 0.9 && minShare >= 0.4,
	/** Background (share of what the caller leaves) and faults (share of the rate the faults leave). */
	rateLeft: (share: number) => share >= 0.9,
};

// ------------------------------------------------------------------ running the node

/** The Name of item i of a run: how the bench tells which item a stored contact belongs to. */
export const itemName = (run: string, i: number) => `${run} item ${i}`;

export interface NodeRun {
	names: string[];
	outputs: INodeExecutionData[];
	seconds: number;
	/** When execute() itself threw (it should not: Continue On Fail is on). */
	error?: Error;
	hints: NodeExecutionHint[];
	/** CPU time of this process during the run, ms. */
	cpuMs: number;
	/** Date.now() at the end. */
	endedAt: number;
}

/** The input of a run, built before it starts (n8n holds the items before the node runs, too). */
export function nodeInput(
	emulator: EmulatorHandle,
	run: string,
	items: number,
	options: INodeParameters = {},
	operation = CREATE_CONTACT,
) {
	const names = Array.from({ length: items }, (_, i) => itemName(run, i));
	const parameters: INodeParameters[] = names.map((name) => ({
		...operation.parameters(emulator.config, name),
		options,
	}));
	return { names, parameters };
}

/**
 * The node's real execute() on the items through the shared fake n8n context, with Continue On
 * Fail (a failed item becomes an error item instead of stopping the run) and the node's default
 * options unless given.
 */
export async function runNode(
	emulator: EmulatorHandle,
	run: string,
	items: number | ReturnType<typeof nodeInput>,
	options: INodeParameters = {},
): Promise<NodeRun> {
	const { names, parameters } =
		typeof items === 'number' ? nodeInput(emulator, run, items, options) : items;
	const fake = fakeExecuteFunctions({
		items: names.length,
		parameters: (i) => parameters[i],
		credentials: emulatorCredentials(emulator),
		continueOnFail: true,
		workflowId: 'bench',
		executionId: `${run}-${Date.now()}`,
	});
	// The fake logs every parameter read for tests; the bench does not need it, and at 100,000 items
	// it would count as the node's memory.
	fake.parameterReads.push = () => 0;

	const node = new AmazonConnect();
	const cpu = process.cpuUsage();
	const started = performance.now();
	let outputs: INodeExecutionData[] = [];
	let error: Error | undefined;
	try {
		[outputs] = await node.execute.call(fake);
	} catch (caught) {
		error = caught as Error;
	}
	const seconds = (performance.now() - started) / 1000;
	const used = process.cpuUsage(cpu);
	return {
		names,
		outputs,
		seconds,
		error,
		hints: fake.executionHints,
		cpuMs: (used.user + used.system) / 1000,
		endedAt: Date.now(),
	};
}

/** A plain SDK client on the emulator's first key, one attempt; `cacheMiddleware` as a user's own code may set it. */
export function sdkClient(emulator: EmulatorHandle, cacheMiddleware = false): ConnectClient {
	const key = emulator.config.accessKeys[0];
	return new ConnectClient({
		region: emulator.config.region,
		endpoint: emulator.url,
		credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
		maxAttempts: 1,
		cacheMiddleware,
	});
}

/** The node's client as the runner builds it: the default timeout and an execution's cancel signal. */
export const runnerClient = (emulator: EmulatorHandle) =>
	createConnectClient(emulatorCredentials(emulator), {
		timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
		signal: new AbortController().signal,
	});

/**
 * A client alone, as the baselines of the node's cost: the same requests with the same concurrency
 * (10), no checks, no tokens, no rate control. `node` is the node's own client as the runner builds
 * it (transport/client.ts: the SDK with its per-request work trimmed, the default timeout and a
 * cancel signal); `plain` is the SDK as a user's own code gets it (a plain ConnectClient, its
 * middleware resolved once per command type). Returns its CPU time per request, ms.
 */
export async function runClientAlone(
	emulator: EmulatorHandle,
	run: string,
	items: number,
	concurrency = 10,
	which: 'node' | 'plain' = 'node',
) {
	const client = which === 'plain' ? sdkClient(emulator, true) : runnerClient(emulator);
	const instanceId = emulator.config.instances[0].id;
	let next = 0;
	let failed = 0;
	const cpu = process.cpuUsage();
	const worker = async () => {
		while (next < items) {
			const name = itemName(run, next++);
			try {
				await client.send(
					new CreateContactCommand({
						InstanceId: instanceId,
						Channel: 'TASK',
						InitiationMethod: 'API',
						Name: name,
					}),
				);
			} catch {
				failed++;
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const used = process.cpuUsage(cpu);
	client.destroy();
	return { cpuMsPerRequest: (used.user + used.system) / 1000 / items, failed };
}

/**
 * Another caller of the same API on the account: one request every 1/perSecond s (a throttled one
 * is not repeated), until stopped. Returns how many it sent and how many were throttled.
 */
export function backgroundCaller(emulator: EmulatorHandle, perSecond: number) {
	const client = sdkClient(emulator);
	const instanceId = emulator.config.instances[0].id;
	let sent = 0;
	let throttled = 0;
	const inFlight = new Set<Promise<void>>();
	const timer = setInterval(() => {
		const p = client
			.send(
				new CreateContactCommand({
					InstanceId: instanceId,
					Channel: 'TASK',
					InitiationMethod: 'API',
					Name: `background ${sent++}`,
				}),
			)
			.then(
				() => undefined,
				(e: { name?: string }) => {
					if (e.name === 'ThrottlingException') throttled++;
				},
			)
			.finally(() => inFlight.delete(p));
		inFlight.add(p);
	}, 1000 / perSecond);
	return async () => {
		clearInterval(timer);
		await Promise.all(inFlight);
		client.destroy();
		return { sent, throttled };
	};
}

// ------------------------------------------------------------------ counting

export interface Count {
	items: number;
	/** Contacts the emulator holds for this run's items (and, with `strangers`, of no item). */
	contacts: number;
	/** Items with at least one contact. */
	itemsWithContact: number;
	/** Contacts beyond one per item (a second contact for an item, or a contact of no item). */
	duplicates: number;
	/** Items without a contact. */
	missing: number;
	/** Items that failed: an error item, no output, or execute() threw. */
	failed: number;
	/** Outputs not paired with their own item, or not in input order. */
	unpaired: number;
	/** Successful outputs whose contactId is not the contact stored for that item. */
	mismatched: number;
}

/**
 * Counts the contacts of `names` in the snapshot. Contacts whose Name is no item's count as
 * duplicates unless `ownPrefix` is given: then only contacts whose Name starts with it belong to
 * this run (several runs on one emulator).
 */
export function countContacts(
	snapshot: Snapshot,
	names: string[],
	outputs?: INodeExecutionData[],
	threw = false,
	ownPrefix?: string,
): Count {
	const byName = new Map<string, string[]>();
	let contacts = 0;
	for (const c of snapshot.contacts) {
		const key = c.name ?? '';
		if (ownPrefix !== undefined && !key.startsWith(ownPrefix)) continue;
		contacts++;
		const ids = byName.get(key);
		if (ids) ids.push(c.contactId);
		else byName.set(key, [c.contactId]);
	}
	let itemsWithContact = 0;
	for (const n of names) if (byName.has(n)) itemsWithContact++;
	let failed = 0;
	let unpaired = 0;
	let mismatched = 0;
	if (outputs) {
		names.forEach((name, i) => {
			const out = outputs[i];
			if (threw || !out || out.json.error !== undefined) failed++;
			if (!out) return;
			const paired = out.pairedItem as { item?: number } | undefined;
			if (paired?.item !== i) unpaired++;
			const id = out.json.contactId;
			if (
				out.json.error === undefined &&
				!(typeof id === 'string' && byName.get(name)?.includes(id))
			)
				mismatched++;
		});
		if (outputs.length !== names.length) unpaired += Math.abs(outputs.length - names.length);
	}
	return {
		items: names.length,
		contacts,
		itemsWithContact,
		duplicates: contacts - itemsWithContact,
		missing: names.length - itemsWithContact,
		failed,
		unpaired,
		mismatched,
	};
}

/**
 * Counts a run of an operation that creates nothing: failed and unpaired outputs from the node, and
 * the emulator's answers to its API (every item one accepted request; nothing else is checked).
 */
export function countAnswers(
	snapshot: Snapshot,
	api: string,
	names: string[],
	outputs: INodeExecutionData[],
	threw = false,
): Count {
	let failed = 0;
	let unpaired = 0;
	names.forEach((_, i) => {
		const out = outputs[i];
		if (threw || !out || out.json.error !== undefined) failed++;
		if (out && (out.pairedItem as { item?: number } | undefined)?.item !== i) unpaired++;
	});
	if (outputs.length !== names.length) unpaired += Math.abs(outputs.length - names.length);
	const accepted = snapshot.byOperation[api]?.ok ?? 0;
	return {
		items: names.length,
		contacts: accepted,
		itemsWithContact: Math.min(accepted, names.length),
		duplicates: 0,
		missing: Math.max(0, names.length - accepted),
		failed,
		unpaired,
		mismatched: 0,
	};
}

/** Throttled answers: by the quota (and, with faults, the injected ones). */
export const throttledBy = (snapshot: Snapshot) => ({
	quota: snapshot.outcomes.throttled ?? 0,
	injected: snapshot.outcomes['fault:throttle'] ?? 0,
});

export const isCorrect = (c: Count) =>
	c.failed === 0 &&
	c.duplicates === 0 &&
	c.missing === 0 &&
	c.unpaired === 0 &&
	c.mismatched === 0 &&
	c.contacts === c.items;

/** Contacts of a run (by Name prefix) created up to `until` (epoch ms). */
export const createdBy = (snapshot: Snapshot, prefix: string, until: number) =>
	snapshot.contacts.filter((c) => c.name?.startsWith(prefix) && c.createdAt <= until).length;

// ------------------------------------------------------------------ memory

export interface MemoryPeak {
	rss: number;
	heapUsed: number;
}

/** Samples rss and heapUsed every few ms until stopped; returns the peaks. */
export function sampleMemory(everyMs = 10): () => MemoryPeak {
	const peak = { rss: 0, heapUsed: 0 };
	const sample = () => {
		const m = process.memoryUsage();
		peak.rss = Math.max(peak.rss, m.rss);
		peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
	};
	sample();
	const timer = setInterval(sample, everyMs);
	return () => {
		clearInterval(timer);
		sample();
		return peak;
	};
}

let collect: (() => void) | undefined;
/** A full garbage collection, so that runs start from the same heap (no-op if it cannot be had). */
export function collectGarbage(): void {
	if (!collect) {
		try {
			v8.setFlagsFromString('--expose-gc');
			collect = vm.runInNewContext('gc') as () => void;
		} catch {
			collect = () => undefined;
		}
	}
	collect();
}

// ------------------------------------------------------------------ scenarios

export interface QuotaResult {
	key: string;
	items: number;
	seconds: number;
	/** Ideal seconds / seconds. */
	share: number;
	throttled: number;
	requests: number;
	count: Count;
	hints: NodeExecutionHint[];
}

async function withEmulator<T>(
	settings: EmulatorSettings,
	body: (emulator: EmulatorHandle) => Promise<T>,
): Promise<T> {
	const emulator = await childEmulator(settings);
	try {
		return await body(emulator);
	} finally {
		await emulator.close();
	}
}

/** Runs the cases together on one emulator, each operation's API at its own quota. */
export function quotaCases(cases: QuotaCase[]): Promise<QuotaResult[]> {
	const rates = Object.fromEntries(cases.map((c) => [c.operation.api, c.quota]));
	return withEmulator(
		{ rate: null, rates, latencyMs: cases[0].latencyMs, faults: {} },
		async (emulator) => {
			const runs = await Promise.all(
				cases.map((c) => {
					const input = nodeInput(emulator, `q${c.key}`, c.items, {}, c.operation);
					return runNode(emulator, `q${c.key}`, input);
				}),
			);
			const snapshot = await emulator.snapshot();
			return cases.map((c, i) => {
				const run = runs[i];
				const threw = run.error !== undefined;
				const answers = snapshot.byOperation[c.operation.api] ?? {};
				return {
					key: c.key,
					items: c.items,
					seconds: run.seconds,
					share: idealSeconds(c.items, c.quota) / run.seconds,
					throttled: answers.throttled ?? 0,
					requests: Object.values(answers).reduce((a, b) => a + b, 0),
					count: c.operation.creates
						? countContacts(snapshot, run.names, run.outputs, threw, `q${c.key} `)
						: countAnswers(snapshot, c.operation.api, run.names, run.outputs, threw),
					hints: run.hints,
				};
			});
		},
	);
}

export const quotaCase = async (c: QuotaCase): Promise<QuotaResult> => (await quotaCases([c]))[0];

export async function sharedCase() {
	return withEmulator(
		{ rate: SHARED.quota, latencyMs: SHARED.latencyMs, faults: {} },
		async (emulator) => {
			const inputs = ['A', 'B'].map((x) => nodeInput(emulator, `shared ${x}`, SHARED.itemsEach));
			const runs = await Promise.all(
				inputs.map((input, i) => runNode(emulator, `shared ${'AB'[i]}`, input)),
			);
			const snapshot = await emulator.snapshot();
			const seconds = Math.max(...runs.map((r) => r.seconds));
			const bothUntil = Math.min(...runs.map((r) => r.endedAt));
			const during = ['A', 'B'].map((x) => createdBy(snapshot, `shared ${x} `, bothUntil));
			return {
				seconds: runs.map((r) => r.seconds),
				together: idealSeconds(2 * SHARED.itemsEach, SHARED.quota) / seconds,
				/** The smaller execution's share of the contacts created while both ran. */
				minShare: Math.min(...during) / (during[0] + during[1]),
				throttled: throttledBy(snapshot).quota,
				counts: runs.map((r, i) =>
					countContacts(snapshot, r.names, r.outputs, r.error !== undefined, `shared ${'AB'[i]} `),
				),
			};
		},
	);
}

export async function backgroundCase() {
	return withEmulator(
		{ rate: BACKGROUND.quota, latencyMs: BACKGROUND.latencyMs, faults: {} },
		async (emulator) => {
			const input = nodeInput(emulator, 'bg node', BACKGROUND.items);
			const stop = backgroundCaller(emulator, BACKGROUND.share * BACKGROUND.quota.perSecond);
			// The caller was there first: its requests are already the account's steady traffic.
			await new Promise((resolve) => setTimeout(resolve, 2000));
			const run = await runNode(emulator, 'bg node', input);
			const caller = await stop();
			const snapshot = await emulator.snapshot();
			const left = {
				perSecond: (1 - BACKGROUND.share) * BACKGROUND.quota.perSecond,
				burst: BACKGROUND.quota.burst,
			};
			return {
				seconds: run.seconds,
				share: idealSeconds(BACKGROUND.items, left) / run.seconds,
				caller,
				throttled: throttledBy(snapshot).quota - caller.throttled,
				count: countContacts(snapshot, run.names, run.outputs, run.error !== undefined, 'bg node '),
			};
		},
	);
}

export async function faultCase() {
	const settings: EmulatorSettings = {
		rate: FAULT_CASE.quota,
		latencyMs: FAULT_CASE.latencyMs,
		faults: { seed: 1, ...FAULTS },
	};
	return withEmulator(settings, async (emulator) => {
		const input = nodeInput(emulator, 'faults', FAULT_CASE.items);
		const run = await runNode(emulator, 'faults', input);
		const snapshot = await emulator.snapshot();
		return {
			seconds: run.seconds,
			share:
				idealSeconds(FAULT_CASE.items * requestsPerItem(FAULTS), FAULT_CASE.quota) / run.seconds,
			throttled: throttledBy(snapshot),
			outcomes: snapshot.outcomes,
			count: countContacts(snapshot, run.names, run.outputs, run.error !== undefined),
		};
	});
}

/**
 * The input of a cost run as n8n holds it: one item per record, `{ json: { name } }`, and ONE set of
 * parameters whose Name is an expression of the item (`{{ $json.name }}`). (The other scenarios give
 * the fake a parameter object per item; at 100,000 items those objects would weigh more than the
 * node's own memory, and n8n holds no such thing.)
 */
export function costInput(config: EmulatorConfig, run: string, items: number) {
	const names = Array.from({ length: items }, (_, i) => itemName(run, i));
	const inputItems: INodeExecutionData[] = names.map((name) => ({ json: { name } }));
	const shared: INodeParameters = { ...CREATE_CONTACT.parameters(config, ''), options: {} };
	// The item's parameters with its Name, made when an item's first parameter is read (n8n evaluates
	// the expression on each read; the node reads an item's parameters one after the other).
	let last = -1;
	let current = shared;
	const parameters = (i: number): INodeParameters => {
		if (i !== last) {
			last = i;
			current = { ...shared, name: inputItems[i].json.name as string };
		}
		return current;
	};
	return { names, inputItems, parameters };
}

/**
 * The fake n8n context of a cost run, and what it costs: n8n's own work per item (reading the item's
 * parameters: evaluating them, copying them) is not the node's. The parameter reads of one item are
 * recorded and replayed afterwards for as many items, timed alone (CPU time: timing each call during
 * the run would cost more than the calls).
 */
function costContext(
	input: ReturnType<typeof costInput>,
	credentials?: ReturnType<typeof emulatorCredentials>,
) {
	const fake = fakeExecuteFunctions({
		items: input.inputItems,
		parameters: input.parameters,
		credentials,
		continueOnFail: true,
		workflowId: 'bench',
		executionId: `cost-${Date.now()}`,
	});
	fake.parameterReads.push = () => 0; // the fake's log of reads, for tests
	type Read = (name: string, itemIndex: number, fallback?: unknown) => unknown;
	const read = fake.getNodeParameter as Read;
	const reads: Array<[string, unknown]> = [];
	(fake as unknown as { getNodeParameter: Read }).getNodeParameter = (
		name,
		itemIndex,
		fallback,
	) => {
		if (itemIndex === 1) reads.push([name, fallback]);
		return read(name, itemIndex, fallback);
	};
	/** CPU ms per item of the fake's parameter reads (those of item 1), replayed on `items` items. */
	const fakeCpuMsPerItem = (items: number) => {
		const cpu = process.cpuUsage();
		for (let i = 0; i < items; i++) for (const [name, fallback] of reads) read(name, i, fallback);
		const used = process.cpuUsage(cpu);
		return (used.user + used.system) / 1000 / items;
	};
	return { fake, fakeCpuMsPerItem };
}

/**
 * The node's own work per item without the SDK or HTTP: the same execute() with the client's send
 * answering at once. A cross-check of "node minus SDK alone".
 */
export async function ownCost(items: number) {
	const config = defaultConfig();
	const input = costInput(config, 'own', items);
	const original = ConnectClient.prototype.send;
	let n = 0;
	ConnectClient.prototype.send = (async () => ({
		ContactId: `c-${n++}`,
		ContactArn: 'arn',
		$metadata: { requestId: 'r' },
	})) as never;
	try {
		const { fake, fakeCpuMsPerItem } = costContext(input);
		collectGarbage();
		const base = process.memoryUsage().heapUsed;
		const cpu = process.cpuUsage();
		const [outputs] = await new AmazonConnect().execute.call(fake);
		const used = process.cpuUsage(cpu);
		collectGarbage();
		const kept = process.memoryUsage().heapUsed - base;
		return {
			cpuMsPerItem: (used.user + used.system) / 1000 / items - fakeCpuMsPerItem(items),
			heapPerItem: kept / items,
			outputs: outputs.length,
		};
	} finally {
		ConnectClient.prototype.send = original;
	}
}

export interface CostRun {
	items: number;
	seconds: number;
	/** CPU of the node's process per item: the node, the SDK under it, and the fake n8n context. */
	cpuMsPerItem: number;
	/** The node's client alone on as many requests (up to 20,000), same process, same emulator. */
	clientCpuMsPerRequest: number;
	/** A plain SDK client on as many requests: what the node's client is compared with. */
	plainSdkCpuMsPerRequest: number;
	/** CPU of the fake n8n context's parameter reads per item (n8n's work, not the node's), replayed alone. */
	fakeMsPerItem: number;
	/** The node with the SDK's send answering at once. */
	own: { cpuMsPerItem: number; heapPerItem: number };
	/** Heap kept after the run (outputs alive, garbage collected), per item. */
	heapPerItem: number;
	/** Peak heap (garbage included) over the base, per item. */
	peakHeapPerItem: number;
	base: MemoryPeak;
	peak: MemoryPeak;
	count: Count;
}

/** The node's own CPU per item: its process's, less its client alone's per request and the fake context's. */
export const ownCpuMsPerItem = (r: CostRun) =>
	r.cpuMsPerItem - r.clientCpuMsPerRequest - r.fakeMsPerItem;

/** One size of the cost case, in this process (a fresh one: see costCase). */
export async function costRun(items: number): Promise<CostRun> {
	return withEmulator({ rate: null, latencyMs: 0, faults: {} }, async (emulator) => {
		await runNode(emulator, 'warm-up', 1000); // JIT, modules, the first connections
		await runClientAlone(emulator, 'warm-up client', 1000);
		await runClientAlone(emulator, 'warm-up sdk', 1000, 10, 'plain');
		await emulator.reset();
		const alone = Math.min(items, 20_000);
		const client = await runClientAlone(emulator, `client ${items}`, alone);
		await emulator.reset();
		const plainSdk = await runClientAlone(emulator, `sdk ${items}`, alone, 10, 'plain');
		await emulator.reset();
		const input = costInput(emulator.config, `cost ${items}`, items);
		const { fake, fakeCpuMsPerItem } = costContext(input, emulatorCredentials(emulator));
		collectGarbage();
		const base = { rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed };
		const stop = sampleMemory();
		const cpu = process.cpuUsage();
		const started = performance.now();
		let outputs: INodeExecutionData[] = [];
		let threw = false;
		try {
			[outputs] = await new AmazonConnect().execute.call(fake);
		} catch {
			threw = true;
		}
		const seconds = (performance.now() - started) / 1000;
		const used = process.cpuUsage(cpu);
		const peak = stop();
		// What the run keeps (its output items, with the node's garbage collected), as n8n would hold it.
		collectGarbage();
		const retained = process.memoryUsage().heapUsed - base.heapUsed;
		const count = countContacts(await emulator.snapshot(), input.names, outputs, threw);
		outputs = [];
		const own = await ownCost(items);
		return {
			own,
			items,
			seconds,
			cpuMsPerItem: (used.user + used.system) / 1000 / items,
			clientCpuMsPerRequest: client.cpuMsPerRequest,
			plainSdkCpuMsPerRequest: plainSdk.cpuMsPerRequest,
			fakeMsPerItem: fakeCpuMsPerItem(alone),
			heapPerItem: retained / items,
			peakHeapPerItem: (peak.heapUsed - base.heapUsed) / items,
			base,
			peak,
			count,
		};
	});
}

/**
 * Each size in a fresh process of its own (the emulator in another): the peak RSS is then this run's,
 * not what an earlier run or a warm-up left in the heap, and sizes compare.
 */
export async function costCase(
	sizes = COST_SIZES,
	log: (line: string) => void = () => undefined,
): Promise<CostRun[]> {
	const runs: CostRun[] = [];
	for (const items of sizes) {
		const child = fork(__filename, ['--cost-run', String(items)], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const run = await new Promise<CostRun>((resolve, reject) => {
			child.once('message', (message) => resolve(message as CostRun));
			child.once('exit', (code) =>
				reject(new Error(`cost run of ${items} items exited (${code})`)),
			);
		});
		await new Promise((resolve) =>
			child.exitCode === null ? child.once('exit', resolve) : resolve(0),
		);
		log(`cost, ${items} items: ${Math.round(items / run.seconds)}/s`);
		runs.push(run);
	}
	return runs;
}

// ------------------------------------------------------------------ the bench

const mb = (bytes: number) => bytes / 1024 / 1024;
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const pct = (n: number) => `${Math.round(100 * n)}%`;
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** DEBUG=1: every throttle of the node with the rate control's level and pace after it, on stderr. */
async function traceThrottles(): Promise<void> {
	const { RateControl } = await import('../../nodes/AmazonConnect/transport/rateControl');
	const original = RateControl.prototype.onThrottle;
	const t0 = Date.now();
	RateControl.prototype.onThrottle = function (
		this: InstanceType<typeof RateControl>,
		sentAt?: number,
	) {
		const before = this.measuredRate;
		original.call(this, sentAt);
		process.stderr.write(
			`t=${((Date.now() - t0) / 1000).toFixed(3)} sent=${(((sentAt ?? t0) - t0) / 1000).toFixed(3)} level ${before.toFixed(2)} -> ${this.measuredRate.toFixed(2)} pace ${this.currentRate.toFixed(2)}\n`,
		);
	};
}

async function main(): Promise<void> {
	if (process.env.DEBUG) await traceThrottles();
	const args = process.argv.slice(2);
	const arg = (name: string) =>
		args.includes(name) ? args[args.indexOf(name) + 1].split(',') : undefined;
	const only = arg('--only') ?? ['quota', 'operations', 'shared', 'background', 'faults', 'cost'];
	const cases = QUOTA_CASES.filter((c) =>
		(arg('--cases') ?? QUOTA_CASES.map((q) => q.key)).includes(c.key),
	);
	const benchStarted = performance.now();
	const lines: string[] = [];
	const out = (line = '') => {
		lines.push(line);
		process.stdout.write(`${line}\n`);
	};
	const log = (line: string) =>
		process.stderr.write(`[${f1((performance.now() - benchStarted) / 1000)}s] ${line}\n`);
	const timed = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
		log(`${name}: start`);
		const result = await body();
		log(`${name}: done`);
		return result;
	};
	let correct = true;
	let failed = 0;
	let duplicates = 0;
	const tally = (c: Count) => {
		correct &&= isCorrect(c);
		failed += c.failed + c.missing;
		duplicates += c.duplicates;
	};
	const summary: string[] = [];

	out('# Bulk benchmark against the emulator');
	out();
	out(
		`${new Date().toISOString()}, Node ${process.version}, ${process.platform}/${process.arch}. The node's default options (concurrency 10, max attempts 8, no cap).`,
	);

	// The quota cases at 2/s and 5/s are long and light: they run alongside the rest.
	const light = cases.filter((c) => c.quota.perSecond <= 5);
	const heavy = cases.filter((c) => c.quota.perSecond > 5);
	const lightRuns = only.includes('quota')
		? Promise.all(light.map((c) => timed(`quota ${c.key}`, () => quotaCase(c))))
		: Promise.resolve([]);
	const operationRuns = only.includes('operations')
		? timed('operations', () => quotaCases(OPERATION_CASES))
		: Promise.resolve([]);
	const heavyRuns: QuotaResult[] = [];
	if (only.includes('quota'))
		for (const c of heavy) heavyRuns.push(await timed(`quota ${c.key}`, () => quotaCase(c)));
	const shared = only.includes('shared') ? await timed('shared', sharedCase) : undefined;
	const background = only.includes('background')
		? await timed('background', backgroundCase)
		: undefined;
	const faults = only.includes('faults') ? await timed('faults', faultCase) : undefined;
	const quota = [...(await lightRuns), ...heavyRuns].sort(
		(a, b) =>
			QUOTA_CASES.findIndex((c) => c.key === a.key) - QUOTA_CASES.findIndex((c) => c.key === b.key),
	);

	if (quota.length) {
		out();
		out(
			'## 1. Every quota (ideal time = (items − burst) / rate; bars: ≥ 95% of the quota, throttled ≤ 5% of items)',
		);
		out();
		out(
			'| quota (burst, latency) | items | seconds | ideal s | share of the quota | throttled (of items) | requests | failed | duplicates |',
		);
		out('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
		for (const q of quota) {
			const c = QUOTA_CASES.find((x) => x.key === q.key)!;
			tally(q.count);
			out(
				`| ${q.key} (${c.quota.burst}, ${c.latencyMs} ms) | ${q.items.toLocaleString('en')} | ${f1(q.seconds)} | ${f1(idealSeconds(q.items, c.quota))} | ` +
					`${pct(q.share)} ${mark(BARS.quotaShare(q.share))} | ${q.throttled} (${pct(q.throttled / q.items)}) ${mark(BARS.quotaThrottled(q.throttled, q.items))} | ${q.requests} | ${q.count.failed} | ${q.count.duplicates} |`,
			);
			summary.push(`quota ${q.key}: ${pct(q.share)} throttled ${pct(q.throttled / q.items)}`);
		}
		const hint = quota[quota.length - 1].hints[0];
		if (hint) out(`\nHint shown to the user (${quota[quota.length - 1].key}): "${hint.message}"`);
	}

	const operations = await operationRuns;
	if (operations.length) {
		out();
		out(
			'## 5. Every operation at its own quota: run together on one emulator, one quota per API (bars as in 1)',
		);
		out();
		out(
			'| operation, quota (burst), latency | items | seconds | ideal s | share of the quota | throttled (of items) | failed | duplicates |',
		);
		out('|---|---:|---:|---:|---:|---:|---:|---:|');
		for (const q of operations) {
			const c = OPERATION_CASES.find((x) => x.key === q.key)!;
			tally(q.count);
			out(
				`| ${q.key} (${c.quota.burst}), ${c.latencyMs} ms | ${q.items.toLocaleString('en')} | ${f1(q.seconds)} | ${f1(idealSeconds(q.items, c.quota))} | ` +
					`${pct(q.share)} ${mark(BARS.quotaShare(q.share))} | ${q.throttled} (${pct(q.throttled / q.items)}) ${mark(BARS.quotaThrottled(q.throttled, q.items))} | ${q.count.failed} | ${q.count.duplicates} |`,
			);
			summary.push(`${q.key}: ${pct(q.share)} throttled ${pct(q.throttled / q.items)}`);
		}
	}

	if (shared || background) {
		out();
		out('## 2. Shared quota (20/s, burst 5, latency 100 ms)');
		out();
		out('| case | seconds | figure | bar | throttled | failed | duplicates |');
		out('|---|---:|---|---|---:|---:|---:|');
		if (shared) {
			for (const c of shared.counts) tally(c);
			out(
				`| two executions of ${SHARED.itemsEach} items started together | ${shared.seconds.map(f1).join(' / ')} | together ${pct(shared.together)} of the quota, ` +
					`the smaller ${pct(shared.minShare)} of the contacts created while both ran | ≥ 90%, ≥ 40%: ${mark(BARS.shared(shared.together, shared.minShare))} | ` +
					`${shared.throttled} | ${shared.counts[0].failed + shared.counts[1].failed} | ${shared.counts[0].duplicates + shared.counts[1].duplicates} |`,
			);
			summary.push(`shared: ${pct(shared.together)} min ${pct(shared.minShare)}`);
		}
		if (background) {
			tally(background.count);
			out(
				`| ${BACKGROUND.items} items while another caller sends ${BACKGROUND.share * BACKGROUND.quota.perSecond}/s | ${f1(background.seconds)} | ` +
					`${pct(background.share)} of the ${f1((1 - BACKGROUND.share) * BACKGROUND.quota.perSecond)}/s left (the caller: ${background.caller.throttled} of ${background.caller.sent} throttled) | ` +
					`≥ 90%: ${mark(BARS.rateLeft(background.share))} | ${background.throttled} | ${background.count.failed} | ${background.count.duplicates} |`,
			);
			summary.push(`background: ${pct(background.share)}`);
		}
	}

	if (faults) {
		tally(faults.count);
		const perItem = requestsPerItem(FAULTS);
		out();
		out(
			`## 3. Faults: ${pct(FAULTS.throttle)} throttled, ${pct(FAULTS.internalError)} HTTP 500, ${pct(FAULTS.dropAfterStore)} dropped after the contact was stored (20/s, burst 5, latency 100 ms, ${FAULT_CASE.items.toLocaleString('en')} items)`,
		);
		out();
		out(
			`Every request takes a token and ${pct(1 / perItem)} of them give the item its answer (a repeat after a drop is answered with the stored contact), ` +
				`so the rate the faults leave is ${f1(FAULT_CASE.quota.perSecond / perItem)} items/s: ideal time = (items × ${f2(perItem)} − burst) / rate = ` +
				`${f1(idealSeconds(FAULT_CASE.items * perItem, FAULT_CASE.quota))} s.`,
		);
		out();
		out(
			"| seconds | share of the rate the faults leave | throttled (quota + injected) | failed | duplicates | contacts | the emulator's answers |",
		);
		out('|---:|---:|---:|---:|---:|---:|---|');
		out(
			`| ${f1(faults.seconds)} | ${pct(faults.share)} ${mark(BARS.rateLeft(faults.share))} | ${faults.throttled.quota} + ${faults.throttled.injected} | ${faults.count.failed} | ${faults.count.duplicates} | ` +
				`${faults.count.contacts}/${faults.count.items} | ${Object.entries(faults.outcomes)
					.map(([k, v]) => `${k} ${v}`)
					.join(', ')} |`,
		);
		summary.push(`faults: ${pct(faults.share)}`);
	}

	if (only.includes('cost')) {
		const runs = await timed('cost', () => costCase(COST_SIZES, log));
		for (const r of runs) tally(r.count);
		out();
		out(
			"## 4. The node's own cost: no quota, no latency (each size in a fresh process; the emulator in another)",
		);
		out();
		out(
			"The node's process runs the node, its client (the AWS SDK with its per-request work trimmed, transport/sdkPerRequest.ts) and a fake n8n context; its CPU less the client alone's (same process, same emulator, up to 20,000 requests) and less the fake context's parameter reads (replayed alone) is the node's own. A plain SDK client on the same requests is the baseline the client is compared with. " +
				"The input is held as n8n holds it: one `{ json: { name } }` per item and one set of parameters. RSS is the whole process's (Node.js, the SDK, the input, the outputs and the garbage between collections); the emulator's is not in it.",
		);
		out();
		out(
			'| items | seconds | items/s | CPU per item: process − client alone − fake context = own | plain SDK per request | own with the SDK answering at once | heap kept per item (peak, garbage included) | rss before → peak | failed | duplicates |',
		);
		out('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
		for (const r of runs) {
			out(
				`| ${r.items.toLocaleString('en')} | ${f1(r.seconds)} | ${Math.round(r.items / r.seconds)} | ${f2(r.cpuMsPerItem)} − ${f2(r.clientCpuMsPerRequest)} − ${f2(r.fakeMsPerItem)} = ${f2(ownCpuMsPerItem(r))} ms | ` +
					`${f2(r.plainSdkCpuMsPerRequest)} ms | ${f2(r.own.cpuMsPerItem)} ms | ` +
					`${f2(r.heapPerItem / 1024)} KB (${f2(r.peakHeapPerItem / 1024)} KB) | ${Math.round(mb(r.base.rss))} → ${Math.round(mb(r.peak.rss))} MB | ${r.count.failed} | ${r.count.duplicates} |`,
			);
		}
		if (runs.length === 2) {
			const [a, z] = runs;
			// Flatness from the figures that are not a difference of two near numbers (that one's noise would be the ratio).
			const cpuFlat = z.cpuMsPerItem / a.cpuMsPerItem;
			const ownFlat = z.own.cpuMsPerItem / a.own.cpuMsPerItem;
			const heapFlat = z.heapPerItem / a.heapPerItem;
			const flat = Math.max(cpuFlat, ownFlat, heapFlat) <= 1.25;
			out();
			out(
				`From ${a.items.toLocaleString('en')} to ${z.items.toLocaleString('en')} items, per item: process CPU x${f2(cpuFlat)}, own CPU with the SDK answering at once x${f2(ownFlat)}, heap kept x${f2(heapFlat)} (1 = flat; bar: none above 1.25 ${mark(flat)}). ` +
					`Bars at ${z.items.toLocaleString('en')}: the process's CPU ≤ 0.3 ms ${mark(z.cpuMsPerItem <= 0.3)} (the client alone ${f2(z.clientCpuMsPerRequest)} ms, x${f2(z.clientCpuMsPerRequest / z.plainSdkCpuMsPerRequest)} a plain SDK client's ${f2(z.plainSdkCpuMsPerRequest)} ms), own CPU ≤ 0.3 ms ${mark(ownCpuMsPerItem(z) <= 0.3)}, heap ≤ 2 KB ${mark(z.heapPerItem <= 2048)}, peak RSS ≤ 500 MB ${mark(mb(z.peak.rss) <= 500)}.`,
			);
			summary.push(
				`${z.items / 1000}k: process ${f2(z.cpuMsPerItem)} ms/item (client alone ${f2(z.clientCpuMsPerRequest)}, plain SDK ${f2(z.plainSdkCpuMsPerRequest)}, own ${f2(ownCpuMsPerItem(z))}) ${f1(z.heapPerItem / 1024)} KB/item rss ${Math.round(mb(z.peak.rss))} MB flat x${f2(Math.max(cpuFlat, ownFlat, heapFlat))}`,
			);
		}
	}

	summary.push(`failed=${failed} dup=${duplicates}`);
	out();
	out(`Bench took ${f1((performance.now() - benchStarted) / 1000)} s.`);
	const dir = path.resolve(__dirname, '../../../bench-results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, 'latest.md'), `${lines.join('\n')}\n\n${summary.join(' | ')}\n`);
	process.stdout.write(`${summary.join(' | ')}\n`);
	if (!correct) process.exitCode = 1;
}

if (require.main === module && process.argv[2] === '--cost-run') {
	costRun(Number(process.argv[3])).then(
		(run) => process.send!(run, () => process.exit(0)),
		(error: unknown) => {
			process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
			process.exit(2);
		},
	);
} else if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(2);
	});
}
