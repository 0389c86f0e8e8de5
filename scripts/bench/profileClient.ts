/**
 * Where the process's CPU per request goes, for the cost section of the bench (not shipped; not part
 * of `npm run bench`). Sends CreateContact, 10 at a time, to the emulator in a child process and
 * prints the CPU per request, in rounds that alternate:
 *
 *   node's client   transport/client.ts as the runner builds it (Options › Timeout, the execution's
 *                   cancel signal on its HTTP handler)
 *   no signal       the same client without the cancel signal
 *   SDK alone       a plain ConnectClient (cacheMiddleware, maxAttempts 1), as the bench's baseline
 *   bare HTTP       node:http alone: the same JSON body to the same path over a keep-alive agent,
 *                   unsigned (the emulator rejects it at once): Node's HTTP client and the loopback
 *
 *   node build/scripts/bench/profileClient.js [requests=10000] [rounds=3]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof build/scripts/bench/profileClient.js 20000 1 client
 *   node build/scripts/bench/profileClient.js --summary /tmp/prof/CPU.<...>.cpuprofile
 *
 * A third argument runs only those variants (client,nosignal,sdk,http). `--summary` prints a
 * .cpuprofile's self time by package and by function. V8's profile samples wall time: time the
 * process spent preempted (a busy machine) shows up on whatever was running, often `writev`.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import http from 'node:http';
import { readFileSync } from 'node:fs';

import { ConnectClient, CreateContactCommand } from '@aws-sdk/client-connect';

import { createConnectClient } from '../../nodes/AmazonConnect/transport/client';
import { DEFAULT_TIMEOUT_SECONDS } from '../../nodes/AmazonConnect/shared/runOperation';
import { emulatorCredentials } from '../../test/unit/helpers/emulatorCredentials';
import { runnerClient, sdkClient } from './bench';
import { childEmulator, type EmulatorHandle } from './emulatorHandle';

const CONCURRENCY = 10;

type Send = (name: string) => Promise<unknown>;
interface Variant {
	key: string;
	label: string;
	/** A sender and what to release after the round. */
	make(emulator: EmulatorHandle): { send: Send; close(): void };
}

const createContact = (emulator: EmulatorHandle, name: string) => ({
	InstanceId: emulator.config.instances[0].id,
	Channel: 'TASK' as const,
	InitiationMethod: 'API' as const,
	Name: name,
	ClientToken: name,
});

const viaClient = (client: ConnectClient, emulator: EmulatorHandle) => ({
	send: (name: string) => client.send(new CreateContactCommand(createContact(emulator, name))),
	close: () => client.destroy(),
});

const VARIANTS: Variant[] = [
	{
		key: 'client',
		label: "node's client",
		make: (emulator) => viaClient(runnerClient(emulator), emulator),
	},
	{
		key: 'nosignal',
		label: 'no signal',
		make: (emulator) =>
			viaClient(
				createConnectClient(emulatorCredentials(emulator), {
					timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
				}),
				emulator,
			),
	},
	{
		key: 'sdk',
		label: 'SDK alone',
		make: (emulator) => viaClient(sdkClient(emulator, true), emulator),
	},
	{
		key: 'http',
		label: 'bare HTTP',
		make: (emulator) => {
			const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
			const url = new URL(emulator.url);
			const send = (name: string) =>
				new Promise((resolve, reject) => {
					const body = JSON.stringify(createContact(emulator, name));
					const request = http.request(
						{
							host: url.hostname,
							port: url.port,
							method: 'PUT',
							path: '/contact/create-contact',
							agent,
							headers: {
								'content-type': 'application/json',
								'content-length': Buffer.byteLength(body),
							},
						},
						(response) => {
							const chunks: Buffer[] = [];
							response.on('data', (chunk: Buffer) => chunks.push(chunk));
							response.on('end', () => resolve(Buffer.concat(chunks).toString()));
						},
					);
					request.on('error', reject);
					request.end(body);
				});
			return { send, close: () => agent.destroy() };
		},
	},
];

/** CPU ms per request of `count` requests, CONCURRENCY at a time. */
async function round(emulator: EmulatorHandle, variant: Variant, run: string, count: number) {
	const { send, close } = variant.make(emulator);
	let next = 0;
	let failed = 0;
	const cpu = process.cpuUsage();
	const worker = async () => {
		while (next < count) {
			try {
				await send(`${run} ${next++}`);
			} catch {
				failed++;
			}
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	const used = process.cpuUsage(cpu);
	close();
	// The bare HTTP requests are rejected by design; an SDK request that fails would skew its figure.
	if (failed > 0 && variant.key !== 'http') throw new Error(`${variant.label}: ${failed} failed`);
	return (used.user + used.system) / 1000 / count;
}

async function measure(requests: number, rounds: number, only?: string[]) {
	const variants = VARIANTS.filter((v) => !only || only.includes(v.key));
	const emulator = await childEmulator({ rate: null, latencyMs: 0, faults: {} });
	try {
		for (const v of variants) await round(emulator, v, `warm-up ${v.key}`, 1000);
		const figures = new Map(variants.map((v) => [v, [] as number[]]));
		for (let r = 0; r < rounds; r++) {
			for (const v of variants) {
				await emulator.reset();
				figures.get(v)!.push(await round(emulator, v, `round ${r} ${v.key}`, requests));
			}
		}
		process.stdout.write(
			`CPU per request, ms (${requests} requests, ${CONCURRENCY} at a time, ${rounds} round(s)):\n`,
		);
		for (const [v, ms] of figures) {
			const sorted = [...ms].sort((a, b) => a - b);
			const median = sorted[Math.floor(sorted.length / 2)];
			process.stdout.write(
				`  ${v.label.padEnd(14)} ${median.toFixed(3)}   (${ms.map((m) => m.toFixed(3)).join(' ')})\n`,
			);
		}
	} finally {
		await emulator.close();
	}
}

interface CpuProfile {
	nodes: Array<{
		id: number;
		callFrame: { functionName: string; url: string; lineNumber: number };
	}>;
	samples: number[];
	timeDeltas: number[];
}

/** The package (and @smithy/@aws-sdk submodule) or Node.js module a script URL belongs to. */
function packageOf(url: string): string {
	if (!url) return '(V8 / native)';
	const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/dist-cjs\/submodules\/([^/]+))?/.exec(url);
	if (dep) return dep[2] ? `${dep[1]}/${dep[2]}` : dep[1];
	if (url.startsWith('node:')) return url.replace('node:internal/', 'node:');
	return 'ours';
}

function summarise(file: string, top = 30) {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
	const byPackage = new Map<string, number>();
	const byFunction = new Map<string, number>();
	let total = 0;
	profile.samples.forEach((id, i) => {
		const us = profile.timeDeltas[i] ?? 0;
		const frame = byId.get(id)!;
		const pkg = packageOf(frame.url);
		const fn = `${frame.functionName || '(anonymous)'}  ${pkg}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
		total += us;
		byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
		byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
	});
	const print = (title: string, map: Map<string, number>) => {
		process.stdout.write(`${title}\n`);
		for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
			process.stdout.write(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}\n`);
	};
	process.stdout.write(`${(total / 1e6).toFixed(1)} s sampled\n`);
	print('Self time by package:', byPackage);
	print('Self time by function:', byFunction);
}

const args = process.argv.slice(2);
const main =
	args[0] === '--summary'
		? async () => summarise(args[1])
		: () => measure(Number(args[0] ?? 10_000), Number(args[1] ?? 3), args[2]?.split(','));
main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(2);
});
