/**
 * Bulk benchmark of Contact → Create against the local emulator (npm run bench), all in one run:
 *
 *   1. Quota 20 requests/s (burst 5), latency 100 ms, 1,000 TASK items: the node's real execute()
 *      with default options, against a sequential baseline (the same SDK with its default
 *      settings, one request at a time). The baseline runs alongside scenarios 1 and 2 on an
 *      emulator of its own (its own quota), so that the whole bench stays short.
 *   2. The same with faults: 10% throttled, 5% InternalServiceException, 3% of the connections
 *      dropped after the contact was stored. Every item must give exactly one contact.
 *   3. No quota, no latency: the node's own work, 2,500 then 10,000 items (cost should grow
 *      linearly), with its CPU time and peak memory. The emulators run in child processes, so the
 *      speed and memory measured here are the node's.
 *
 * Prints tables (also written to bench-results/latest.md) and a last line with the figures. Only
 * correctness (failed items, duplicates, contacts) sets the exit code: speed is a ratio to print,
 * since machines are shared and noisy.
 *
 *   node build/scripts/bench/bench.js [--sdk-adaptive] [--only s1,s2,s3]
 *
 * --sdk-adaptive adds a variant of scenarios 1 and 2: the same execute() with the SDK's adaptive
 * retry mode (maxAttempts 8) in the client instead of the node's own rate control (about 4 more minutes).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

import { ConnectClient, CreateContactCommand } from '@aws-sdk/client-connect';
import type { INodeExecutionData, INodeParameters, NodeExecutionHint } from 'n8n-workflow';

import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import * as clientModule from '../../nodes/AmazonConnect/transport/client';
import { fakeExecuteFunctions } from '../../test/unit/helpers/fakeExecuteFunctions';
import { emulatorCredentials } from '../../test/unit/helpers/emulatorCredentials';
import { childEmulator, type EmulatorHandle, type EmulatorSettings, type Snapshot } from './emulatorHandle';

// ------------------------------------------------------------------ scenarios

export const QUOTA = { perSecond: 20, burst: 5 };
export const S1: EmulatorSettings = { rate: QUOTA, latencyMs: 100, faults: {} };
export const S2: EmulatorSettings = {
	rate: QUOTA,
	latencyMs: 100,
	faults: { seed: 1, throttle: 0.1, internalError: 0.05, dropAfterStore: 0.03 },
};
export const S3: EmulatorSettings = { rate: null, latencyMs: 0, faults: {} };
const S1_ITEMS = 1000;
const S3_SIZES = [2500, 10000];

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
}

/**
 * The node's real execute() on `items` TASK items through the shared fake n8n context, with
 * Continue On Fail (a failed item becomes an error item instead of stopping the run) and the
 * node's default options unless given.
 */
export async function runNode(
	emulator: EmulatorHandle,
	run: string,
	items: number,
	options: INodeParameters = {},
): Promise<NodeRun> {
	const instanceId = emulator.config.instances[0].id;
	const names = Array.from({ length: items }, (_, i) => itemName(run, i));
	const parameters: INodeParameters[] = names.map((name) => ({
		resource: 'contact',
		operation: 'create',
		instanceId: { __rl: true, mode: 'id', value: instanceId },
		channel: 'TASK',
		initiationMethod: 'API',
		name,
		options,
	}));
	const fake = fakeExecuteFunctions({
		items,
		parameters: (i) => parameters[i],
		credentials: emulatorCredentials(emulator),
		continueOnFail: true,
		workflowId: 'bench',
		executionId: `${run}-${Date.now()}`,
	});
	// The fake logs every parameter read for tests; the bench does not need it, and at 10,000 items
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
	return { names, outputs, seconds, error, hints: fake.executionHints, cpuMs: (used.user + used.system) / 1000 };
}

/** The sequential baseline: the same SDK with its default settings, one request at a time. */
export async function runBaseline(emulator: EmulatorHandle, run: string, items: number) {
	const key = emulator.config.accessKeys[0];
	const client = new ConnectClient({
		region: emulator.config.region,
		endpoint: emulator.url,
		credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
	});
	const names = Array.from({ length: items }, (_, i) => itemName(run, i));
	let failed = 0;
	const started = performance.now();
	for (const name of names) {
		try {
			await client.send(
				new CreateContactCommand({ InstanceId: emulator.config.instances[0].id, Channel: 'TASK', InitiationMethod: 'API', Name: name }),
			);
		} catch {
			failed++;
		}
	}
	const seconds = (performance.now() - started) / 1000;
	client.destroy();
	return { names, seconds, failed };
}

/**
 * Runs `body` with the node's client built with the SDK's adaptive retry mode and `maxAttempts`
 * attempts: the SDK then absorbs throttles and server errors itself, so the node's own rate
 * control never sees a throttle and stays out of the way.
 */
export async function withSdkAdaptiveClient<T>(maxAttempts: number, body: () => Promise<T>): Promise<T> {
	const mutable = clientModule as { createConnectClient: typeof clientModule.createConnectClient };
	const original = mutable.createConnectClient;
	mutable.createConnectClient = (credentials) =>
		new ConnectClient({
			region: credentials.region,
			endpoint: credentials.endpoint,
			credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
			retryMode: 'adaptive',
			maxAttempts,
		});
	try {
		return await body();
	} finally {
		mutable.createConnectClient = original;
	}
}

// ------------------------------------------------------------------ counting

export interface Count {
	items: number;
	/** Contacts the emulator holds. */
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

export function countContacts(snapshot: Snapshot, names: string[], outputs?: INodeExecutionData[], threw = false): Count {
	const byName = new Map<string, string[]>();
	for (const c of snapshot.contacts) {
		const key = c.name ?? '';
		const ids = byName.get(key);
		if (ids) ids.push(c.contactId);
		else byName.set(key, [c.contactId]);
	}
	const itemsWithContact = names.filter((n) => byName.has(n)).length;
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
			if (out.json.error === undefined && !(typeof id === 'string' && byName.get(name)?.includes(id))) mismatched++;
		});
		if (outputs.length !== names.length) unpaired += Math.abs(outputs.length - names.length);
	}
	return {
		items: names.length,
		contacts: snapshot.contacts.length,
		itemsWithContact,
		duplicates: snapshot.contacts.length - itemsWithContact,
		missing: names.length - itemsWithContact,
		failed,
		unpaired,
		mismatched,
	};
}

/** Throttled answers: by the quota (and, with faults, the injected ones). */
export const throttledBy = (snapshot: Snapshot) => ({
	quota: snapshot.outcomes.throttled ?? 0,
	injected: snapshot.outcomes['fault:throttle'] ?? 0,
});

export const isCorrect = (c: Count) =>
	c.failed === 0 && c.duplicates === 0 && c.missing === 0 && c.unpaired === 0 && c.mismatched === 0 && c.contacts === c.items;

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

// ------------------------------------------------------------------ the bench

const mb = (bytes: number) => bytes / 1024 / 1024;
const f1 = (n: number) => n.toFixed(1);
const pct = (n: number) => `${(100 * n).toFixed(1)}%`;

interface Scenario1 {
	label: string;
	run: NodeRun;
	count: Count;
	throttled: { quota: number; injected: number };
	requests: number;
	outcomes: Record<string, number>;
}

async function scenario(emulator: EmulatorHandle, settings: EmulatorSettings, run: string, items: number): Promise<Scenario1> {
	await emulator.configure(settings);
	await emulator.reset();
	const result = await runNode(emulator, run, items);
	const snapshot = await emulator.snapshot();
	return {
		label: run,
		run: result,
		count: countContacts(snapshot, result.names, result.outputs, result.error !== undefined),
		throttled: throttledBy(snapshot),
		requests: snapshot.requests,
		outcomes: snapshot.outcomes,
	};
}

interface SizeRun {
	items: number;
	run: NodeRun;
	count: Count;
	base: MemoryPeak;
	peak: MemoryPeak;
	emulatorCpuMs: number;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : ['s1', 's2', 's3'];
	const adaptive = args.includes('--sdk-adaptive');
	const benchStarted = performance.now();
	const lines: string[] = [];
	const out = (line = '') => {
		lines.push(line);
		process.stdout.write(`${line}\n`);
	};
	const log = (line: string) => process.stderr.write(`[${f1((performance.now() - benchStarted) / 1000)}s] ${line}\n`);
	let correct = true;
	const summary: string[] = [];

	out(`# Contact → Create bulk benchmark`);
	out();
	out(`${new Date().toISOString()}, Node ${process.version}, ${process.platform}/${process.arch}. Default options: concurrency 10, max attempts 8, no requests/s cap.`);

	const quotaEmulator = only.some((s) => s === 's1' || s === 's2') ? await childEmulator(S1) : undefined;
	const baselineEmulator = only.includes('s1') ? await childEmulator(S1) : undefined;
	try {
		// The baseline has its own emulator (its own quota) and runs alongside scenarios 1 and 2.
		const baseline = baselineEmulator
			? (async () => {
					const b = await runBaseline(baselineEmulator, 'baseline', S1_ITEMS);
					const snapshot = await baselineEmulator.snapshot();
					log(`baseline done: ${f1(S1_ITEMS / b.seconds)}/s`);
					return { ...b, count: countContacts(snapshot, b.names), throttled: throttledBy(snapshot), requests: snapshot.requests };
				})()
			: undefined;

		let s1: Scenario1 | undefined;
		let s2: Scenario1 | undefined;
		const variants: Scenario1[] = [];
		if (quotaEmulator && only.includes('s1')) {
			log('scenario 1: quota 20/s, latency 100 ms, 1,000 items');
			s1 = await scenario(quotaEmulator, S1, 's1', S1_ITEMS);
			log(`scenario 1 done: ${f1(S1_ITEMS / s1.run.seconds)}/s`);
		}
		if (quotaEmulator && only.includes('s2')) {
			log('scenario 2: the same with faults');
			s2 = await scenario(quotaEmulator, S2, 's2', S1_ITEMS);
			log(`scenario 2 done: ${f1(S1_ITEMS / s2.run.seconds)}/s`);
		}
		const b = baseline ? await baseline : undefined;
		if (quotaEmulator && adaptive) {
			for (const [label, settings] of [
				['s1 SDK adaptive', S1],
				['s2 SDK adaptive', S2],
			] as const) {
				log(`variant: ${label}`);
				variants.push(await withSdkAdaptiveClient(8, () => scenario(quotaEmulator, settings, label, S1_ITEMS)));
			}
		}

		if (s1 || s2 || b) {
			out();
			out(`## 1-2. Quota ${QUOTA.perSecond} requests/s (burst ${QUOTA.burst}), latency 100 ms, ${S1_ITEMS.toLocaleString('en')} TASK items`);
			out();
			out('| run | seconds | items/s | of quota | vs baseline | throttled (quota + injected) | requests | failed | duplicates | contacts |');
			out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
			const baselineRate = b ? S1_ITEMS / b.seconds : undefined;
			const row = (name: string, s: Scenario1) => {
				const rate = S1_ITEMS / s.run.seconds;
				out(
					`| ${name} | ${f1(s.run.seconds)} | ${f1(rate)} | ${pct(rate / QUOTA.perSecond)} | ${baselineRate ? `x${(rate / baselineRate).toFixed(2)}` : '-'} | ` +
						`${s.throttled.quota} + ${s.throttled.injected} | ${s.requests} | ${s.count.failed} | ${s.count.duplicates} | ${s.count.contacts}/${s.count.items} |`,
				);
			};
			if (b) {
				out(
					`| baseline: SDK defaults, sequential | ${f1(b.seconds)} | ${f1(baselineRate!)} | ${pct(baselineRate! / QUOTA.perSecond)} | x1.00 | ` +
						`${b.throttled.quota} + ${b.throttled.injected} | ${b.requests} | ${b.failed} | ${b.count.duplicates} | ${b.count.contacts}/${b.count.items} |`,
				);
			}
			if (s1) row('1. node, default options', s1);
			if (s2) row('2. node, faults 10% throttle, 5% 500, 3% dropped after store', s2);
			for (const v of variants) row(`${v.label} (variant: retryMode adaptive, maxAttempts 8, no own rate control)`, v);
			out();
			if (s1) {
				const rate = S1_ITEMS / s1.run.seconds;
				const ok = isCorrect(s1.count);
				correct &&= ok;
				out(
					`Scenario 1: ${pct(rate / QUOTA.perSecond)} of the quota (target ≥ 95%: ${rate >= 0.95 * QUOTA.perSecond ? 'met' : 'NOT met'}), ` +
						`${ok ? 'every item one contact, outputs paired in order' : `NOT CORRECT: ${JSON.stringify(s1.count)}`}.` +
						(s1.run.hints.length ? ` Hint shown to the user: "${s1.run.hints.map((h) => h.message).join(' / ')}"` : ''),
				);
				summary.push(
					`s1 ${f1(rate)}/s ${pct(rate / QUOTA.perSecond)} of quota ${baselineRate ? `x${(rate / baselineRate).toFixed(1)} baseline ` : ''}` +
						`throttled=${s1.throttled.quota} failed=${s1.count.failed} dup=${s1.count.duplicates}`,
				);
			}
			if (s2) {
				const ok = isCorrect(s2.count);
				correct &&= ok;
				out(
					`Scenario 2: ${ok ? 'exactly one contact per item, outputs paired in order' : `NOT CORRECT: ${JSON.stringify(s2.count)}`}. ` +
						`The emulator's answers: ${Object.entries(s2.outcomes)
							.map(([k, v]) => `${k} ${v}`)
							.join(', ')} (a replay is a repeat with the same ClientToken answered with the contact already stored).`,
				);
				summary.push(`s2 failed=${s2.count.failed} dup=${s2.count.duplicates} contacts=${s2.count.contacts}/${s2.count.items}`);
			}
			if (b) {
				correct &&= b.count.duplicates === 0;
				out(`Baseline: ${b.failed} failed, ${b.count.duplicates} duplicates (run alongside scenarios 1-2 on an emulator of its own).`);
			}
		}
	} finally {
		await quotaEmulator?.close();
		await baselineEmulator?.close();
	}

	if (only.includes('s3')) {
		log('scenario 3: no quota, no latency');
		const emulator = await childEmulator(S3);
		const sizes: SizeRun[] = [];
		try {
			await runNode(emulator, 'warm-up', 1000); // JIT, modules, the first connections
			for (const items of S3_SIZES) {
				await emulator.reset();
				collectGarbage();
				const base = { rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed };
				const stop = sampleMemory();
				const emulatorCpu = await emulator.cpuMs();
				const run = await runNode(emulator, `s3-${items}`, items);
				const peak = stop();
				const emulatorCpuMs = (await emulator.cpuMs())! - emulatorCpu!;
				const count = countContacts(await emulator.snapshot(), run.names, run.outputs, run.error !== undefined);
				correct &&= isCorrect(count);
				sizes.push({ items, run, count, base, peak, emulatorCpuMs });
				log(`scenario 3, ${items} items: ${Math.round(items / run.seconds)}/s`);
			}
		} finally {
			await emulator.close();
		}
		out();
		out('## 3. No quota, no latency: the node\'s own work');
		out();
		out('| items | seconds | items/s | node CPU per item (emulator) | rss before → peak | heap used before → peak | heap growth per item | failed | duplicates |');
		out('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
		for (const s of sizes) {
			out(
				`| ${s.items.toLocaleString('en')} | ${s.run.seconds.toFixed(2)} | ${Math.round(s.items / s.run.seconds)} | ${Math.round((1000 * s.run.cpuMs) / s.items)} µs (${Math.round((1000 * s.emulatorCpuMs) / s.items)} µs) | ` +
					`${f1(mb(s.base.rss))} → ${f1(mb(s.peak.rss))} MB | ${f1(mb(s.base.heapUsed))} → ${f1(mb(s.peak.heapUsed))} MB | ${((s.peak.heapUsed - s.base.heapUsed) / s.items / 1024).toFixed(2)} KB | ${s.count.failed} | ${s.count.duplicates} |`,
			);
		}
		if (sizes.length === 2) {
			const [a, z] = sizes;
			const perItem = (s: SizeRun) => s.run.seconds / s.items;
			const heapPerItem = (s: SizeRun) => (s.peak.heapUsed - s.base.heapUsed) / s.items;
			out();
			out(
				`From ${a.items.toLocaleString('en')} to ${z.items.toLocaleString('en')} items (x${z.items / a.items}): time per item x${(perItem(z) / perItem(a)).toFixed(2)}, ` +
					`CPU per item x${(z.run.cpuMs / z.items / (a.run.cpuMs / a.items)).toFixed(2)}, heap growth per item x${(heapPerItem(z) / heapPerItem(a)).toFixed(2)} ` +
					`(about 1 = linear). The emulator runs in a process of its own.`,
			);
		}
		const last = sizes[sizes.length - 1];
		if (last) summary.push(`s3 ${Math.round(last.items / last.run.seconds)} items/s peak rss ${Math.round(mb(last.peak.rss))}MB`);
	}

	out();
	out(`Bench took ${f1((performance.now() - benchStarted) / 1000)} s.`);
	const dir = path.resolve(__dirname, '../../../bench-results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, 'latest.md'), `${lines.join('\n')}\n\nbench: ${summary.join(' | ')}\n`);
	process.stdout.write(`bench: ${summary.join(' | ')}\n`);
	if (!correct) process.exitCode = 1;
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(2);
	});
}
