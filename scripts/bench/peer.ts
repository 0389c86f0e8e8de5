/**
 * The node beside what a user does today, in one run of the real n8n (npm run bench:peer): n8n's own HTTP
 * Request node with n8n's AWS credential (the built-in `aws` type as a predefined credential, SigV4) calling
 * CreateContact (PUT /contact/create-contact) on the same emulator quota as the node. Not in CI (minutes).
 *
 * Rows, per quota (each row has an emulator of its own, so each starts with a full bucket):
 *   node            the Amazon Connect node, default options
 *   http            HTTP Request, defaults (every item's request at once; the node stops at the first error)
 *   http-retry      HTTP Request with Retry On Fail at n8n's defaults when switched on (3 tries, 1 s apart)
 *   http-continue   HTTP Request with On Error: Continue (a failed item becomes an error item)
 *   http-batch-1s   HTTP Request, Options › Batching: <rate> items per batch, 1000 ms apart
 *   http-paced      HTTP Request, Options › Batching: 1 item per batch, 1000/<rate> ms apart
 *
 * How the HTTP Request reaches the emulator: n8n's AWS credential derives the signing service and region
 * from the URL's host (n8n-nodes-base credentials/common/aws/utils.ts, parseAwsUrl: on
 * connect.us-east-1.amazonaws.com the service is `connect` and the region `us-east-1`; on 127.0.0.1 the
 * service would be `127`, which Connect refuses). So the workflows call AWS's own host,
 * http://connect.us-east-1.amazonaws.com:<emulator port>/contact/create-contact, and n8n runs with
 * HTTP_PROXY set to a forwarder in this process, which hands each request unchanged (Host header and
 * signature included) to the emulator on that port: the emulator checks the signature as it does for the
 * node (service `connect`, the request's own Host). Plain http instead of https is the one difference from
 * a user's URL. The Amazon Connect node talks to its emulator directly (its credential's endpoint).
 *
 * Counted per row from the emulator (contacts by Name, one Name per item) and from the execution n8n
 * saved: share of the quota (ideal time = (items − burst) / rate over the node's own run time, for rows
 * where every item got its contact), throttled requests, failed items (items that leave the node without
 * their contact: an error item, or every item when the execution failed), duplicates (contacts beyond one
 * per item). Prints a markdown table (also written to bench-results/peer.md) and a last line of figures.
 *
 *   node build/scripts/bench/peer.js [--quotas 2/s,20/s] [--rows node,http,...] [--keep]
 */
import * as fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { parse as parseFlatted } from 'flatted';
import type { INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../emulator';
import {
	ensureRuntime,
	importCredentials,
	importWorkflowsFromDir,
	N8N_VERSION,
	n8nEnv,
	packNode,
	prepareUserFolder,
	REPO_ROOT,
	rest,
	runN8n,
	setupOwner,
	startN8n,
	waitForWebhook,
	writeCredentialsFile,
	type RunningN8n,
	type Session,
} from '../n8n/lib';
import { countContacts, idealSeconds, type Count, type Quota } from './bench';
import { snapshotOf } from './emulatorHandle';

// ------------------------------------------------------------------ what runs

export interface PeerQuota {
	key: string;
	quota: Quota;
	latencyMs: number;
	items: number;
}

export const PEER_QUOTAS: PeerQuota[] = [
	{ key: '2/s', quota: { perSecond: 2, burst: 5 }, latencyMs: 0, items: 100 },
	{ key: '20/s', quota: { perSecond: 20, burst: 5 }, latencyMs: 100, items: 200 },
];

export interface PeerRow {
	key: string;
	/** How the row is configured, in the editor's words. */
	label: (q: Quota) => string;
	node: 'connect' | 'http';
	batching?: (q: Quota) => { batchSize: number; batchInterval: number };
	retryOnFail?: boolean;
	continueOnFail?: boolean;
}

export const PEER_ROWS: PeerRow[] = [
	{ key: 'node', label: () => 'Amazon Connect node, default options', node: 'connect' },
	{ key: 'http', label: () => 'HTTP Request, defaults', node: 'http' },
	{
		key: 'http-retry',
		label: () => 'HTTP Request, Retry On Fail (3 tries, 1000 ms apart)',
		node: 'http',
		retryOnFail: true,
	},
	{
		key: 'http-continue',
		label: () => 'HTTP Request, On Error: Continue',
		node: 'http',
		continueOnFail: true,
	},
	{
		key: 'http-batch-1s',
		label: (q) => `HTTP Request, Batching: ${q.perSecond} items per batch, 1000 ms interval`,
		node: 'http',
		batching: (q) => ({ batchSize: q.perSecond, batchInterval: 1000 }),
	},
	{
		key: 'http-paced',
		label: (q) => `HTTP Request, Batching: 1 item per batch, ${1000 / q.perSecond} ms interval`,
		node: 'http',
		batching: (q) => ({ batchSize: 1, batchInterval: 1000 / q.perSecond }),
	},
];

// ------------------------------------------------------------------ workflows and credentials

const REGION = 'us-east-1';
export const CONNECT_HOST = `connect.${REGION}.amazonaws.com`;
const NODE_UNDER_TEST = 'Create contact';

/** The run's unit of work: one row at one quota, with its own emulator, credential and workflow. */
interface Case {
	id: string;
	quota: PeerQuota;
	row: PeerRow;
	emulator: RunningEmulator;
	/** Names of the items, in order: the emulator's contacts are counted by Name. */
	names: string[];
}

const caseId = (q: PeerQuota, r: PeerRow) => `peer${q.quota.perSecond}${r.key.replace(/-/g, '')}`;

function workflowOf(c: Case, connectCredentialId: string): Record<string, unknown> {
	const instanceId = c.emulator.config.instances[0].id;
	const items = {
		id: `${c.id}-items`,
		name: 'Items',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0],
		parameters: {
			jsCode: `return ${JSON.stringify(c.names)}.map((name) => ({ json: { name } }));`,
		},
	};
	const underTest =
		c.row.node === 'connect'
			? {
					id: `${c.id}-create`,
					name: NODE_UNDER_TEST,
					type: 'n8n-nodes-amazon-connect.amazonConnect',
					typeVersion: 1,
					position: [440, 0],
					parameters: {
						resource: 'contact',
						operation: 'create',
						instanceId: { __rl: true, mode: 'id', value: instanceId },
						channel: 'TASK',
						initiationMethod: 'API',
						name: '={{ $json.name }}',
						options: {},
					},
					credentials: { amazonConnectApi: { id: connectCredentialId, name: connectCredentialId } },
				}
			: {
					id: `${c.id}-create`,
					name: NODE_UNDER_TEST,
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.4,
					position: [440, 0],
					...(c.row.retryOnFail && { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 }),
					...(c.row.continueOnFail && { onError: 'continueRegularOutput' }),
					parameters: {
						method: 'PUT',
						url: `http://${CONNECT_HOST}:${c.emulator.port}/contact/create-contact`,
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'aws',
						sendBody: true,
						specifyBody: 'json',
						jsonBody: `={{ JSON.stringify({ InstanceId: '${instanceId}', Channel: 'TASK', InitiationMethod: 'API', Name: $json.name }) }}`,
						options: c.row.batching ? { batching: { batch: c.row.batching(c.quota.quota) } } : {},
					},
					credentials: { aws: { id: AWS_CREDENTIAL_ID, name: 'AWS (emulator)' } },
				};
	return {
		id: c.id,
		name: `bench peer ${c.quota.key}: ${c.row.label(c.quota.quota)}`,
		active: false,
		nodes: [
			{
				id: `${c.id}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${c.id}-webhook`,
				parameters: { httpMethod: 'POST', path: c.id, responseMode: 'onReceived', options: {} },
			},
			items,
			underTest,
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const AWS_CREDENTIAL_ID = 'benchPeerAws0001';

// ------------------------------------------------------------------ the forwarder

/**
 * n8n's HTTP_PROXY: takes a request for http://connect.us-east-1.amazonaws.com:<port>/... and hands it,
 * headers and body unchanged, to the emulator on 127.0.0.1:<port> (only the ports of this run's emulators).
 */
export async function startForwarder(ports: Set<number>) {
	let forwarded = 0;
	const server = http.createServer((req, res) => {
		let target: URL;
		try {
			target = new URL(req.url ?? '');
		} catch {
			res.writeHead(400).end('absolute-form request expected (this is a forward proxy)');
			return;
		}
		const port = Number(target.port);
		if (target.hostname !== CONNECT_HOST || !ports.has(port)) {
			res.writeHead(502).end(`not forwarded: ${target.host}`);
			return;
		}
		forwarded++;
		const headers = { ...req.headers };
		delete headers['proxy-connection'];
		const upstream = http.request(
			{
				host: '127.0.0.1',
				port,
				method: req.method,
				path: `${target.pathname}${target.search}`,
				headers,
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		forwarded: () => forwarded,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

// ------------------------------------------------------------------ running and counting

interface ExecutionDetail {
	id: string;
	status: string;
	startedAt?: string;
	stoppedAt?: string;
	data: string;
}

interface TaskData {
	startTime?: number;
	executionTime?: number;
	error?: { message?: string; description?: string };
	data?: { main?: Array<INodeExecutionData[] | null> };
}

interface RunData {
	resultData: {
		runData: Record<string, TaskData[]>;
		error?: { message?: string };
	};
}

export interface PeerResult {
	quota: PeerQuota;
	row: PeerRow;
	status: string;
	/** The node's run time as n8n recorded it, all its tries, s. */
	seconds: number;
	/** Ideal seconds / seconds, when every item left the node with its contact. */
	share?: number;
	throttled: number;
	requests: number;
	count: Count;
	/** Where the execution stopped, in n8n's words. */
	error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExecution(
	n8n: RunningN8n,
	session: Session,
	workflowId: string,
	timeoutMs: number,
): Promise<ExecutionDetail> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await rest<{ results: Array<{ id: string; status: string }> }>(
			n8n.url,
			session,
			'GET',
			`/executions?filter=${filter}&limit=5`,
		);
		const done = list.results.find((e) => !['new', 'running', 'waiting'].includes(e.status));
		if (done) return rest<ExecutionDetail>(n8n.url, session, 'GET', `/executions/${done.id}`);
		if (Date.now() > deadline)
			throw new Error(`no finished execution of ${workflowId} within ${timeoutMs} ms`);
		await sleep(500);
	}
}

/** The node's output in the shape the bench counts: contactId from either node, errors kept. */
export function outputsOf(task: TaskData | undefined): INodeExecutionData[] {
	return (task?.data?.main?.[0] ?? []).map((item) => {
		const json = item.json;
		const contactId = json.contactId ?? json.ContactId;
		return { ...item, json: json.error !== undefined ? { error: json.error } : { contactId } };
	});
}

async function runCase(
	c: Case,
	n8n: RunningN8n,
	session: Session,
	log: (line: string) => void,
): Promise<PeerResult> {
	c.emulator.reset();
	const started = Date.now();
	const res = await fetch(`${n8n.url}/webhook/${c.id}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{}',
	});
	if (res.status !== 200) throw new Error(`webhook ${c.id}: HTTP ${res.status}`);
	const timeoutMs = 60_000 + 3_000 * idealSeconds(c.names.length, c.quota.quota);
	const detail = await waitForExecution(n8n, session, c.id, timeoutMs);
	// Requests the node started may still be answered after n8n saved a failed execution.
	await sleep(Math.max(500, 3 * c.quota.latencyMs));
	const run = parseFlatted(detail.data) as RunData;
	const task = run.resultData.runData[NODE_UNDER_TEST]?.at(-1);
	const snapshot = snapshotOf(c.emulator.state);
	const outputs = outputsOf(task);
	const threw = detail.status !== 'success' || task?.error !== undefined;
	const count = countContacts(snapshot, c.names, outputs, threw);
	// From the end of the Items node to the end of the node's last try (Retry On Fail records only that try).
	const before = run.resultData.runData.Items?.[0];
	const seconds =
		task?.startTime !== undefined && before?.startTime !== undefined
			? (task.startTime +
					(task.executionTime ?? 0) -
					before.startTime -
					(before.executionTime ?? 0)) /
				1000
			: (Date.now() - started) / 1000;
	const complete = count.failed === 0 && count.missing === 0;
	const answers = snapshot.byOperation.CreateContact ?? {};
	const result: PeerResult = {
		quota: c.quota,
		row: c.row,
		status: detail.status,
		seconds,
		share: complete ? idealSeconds(c.names.length, c.quota.quota) / seconds : undefined,
		throttled: answers.throttled ?? 0,
		requests: Object.values(answers).reduce((a, b) => a + b, 0),
		count,
		error: task?.error?.message ?? run.resultData.error?.message,
	};
	log(
		`${c.quota.key} ${c.row.key}: ${detail.status}, ${seconds.toFixed(1)} s, ${count.contacts} contacts, ${result.throttled} throttled`,
	);
	return result;
}

// ------------------------------------------------------------------ the table

const pct = (n: number) => `${Math.round(100 * n)}%`;

export function peerTable(results: PeerResult[]): string[] {
	const lines = [
		'| quota (burst, latency) | items | how it is configured | execution | seconds | share of the quota | throttled requests | failed items | contacts | duplicates |',
		'|---|---:|---|---|---:|---:|---:|---:|---:|---:|',
	];
	for (const r of results) {
		const q = r.quota;
		lines.push(
			`| ${q.key} (${q.quota.burst}, ${q.latencyMs} ms) | ${q.items} | ${r.row.label(q.quota)} | ${r.status} | ${r.seconds.toFixed(1)} | ` +
				`${r.share === undefined ? '—' : pct(r.share)} | ${r.throttled} (${pct(r.throttled / q.items)}) | ${r.count.failed + (r.count.failed === 0 ? r.count.missing : 0)} | ` +
				`${r.count.contacts} | ${r.count.duplicates} |`,
		);
	}
	return lines;
}

export function peerSummary(results: PeerResult[]): string {
	return results
		.map(
			(r) =>
				`${r.quota.key} ${r.row.key}: ${r.share === undefined ? '—' : pct(r.share)} throttled ${r.throttled} failed ${r.count.failed} dup ${r.count.duplicates}`,
		)
		.join(' | ');
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const arg = (name: string) =>
		args.includes(name) ? args[args.indexOf(name) + 1].split(',') : undefined;
	const quotas = PEER_QUOTAS.filter((q) => (arg('--quotas') ?? [q.key]).includes(q.key));
	const rows = PEER_ROWS.filter((r) => (arg('--rows') ?? [r.key]).includes(r.key));
	const keep = args.includes('--keep');
	const benchStarted = performance.now();
	const log = (line: string) =>
		process.stderr.write(`[${((performance.now() - benchStarted) / 1000).toFixed(1)}s] ${line}\n`);

	const paths = ensureRuntime({ quiet: true });
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-peer-'));
	const emulators: RunningEmulator[] = [];
	let n8n: RunningN8n | undefined;
	let forwarder: Awaited<ReturnType<typeof startForwarder>> | undefined;
	try {
		const tarball = packNode(path.join(workDir, 'packs'));
		const userFolder = path.join(workDir, 'user');
		prepareUserFolder(userFolder, tarball, paths);

		const cases: Case[] = [];
		for (const q of quotas)
			for (const r of rows) {
				const emulator = await startEmulator({
					port: 0,
					quiet: true,
					rate: q.quota,
					latencyMs: q.latencyMs,
					faults: {},
				});
				emulators.push(emulator);
				const id = caseId(q, r);
				cases.push({
					id,
					quota: q,
					row: r,
					emulator,
					names: Array.from({ length: q.items }, (_, i) => `${id} item ${i}`),
				});
			}
		forwarder = await startForwarder(new Set(cases.map((c) => c.emulator.port)));

		const key = cases[0].emulator.config.accessKeys[0];
		const credentials = [
			{
				id: AWS_CREDENTIAL_ID,
				name: 'AWS (emulator)',
				type: 'aws',
				data: {
					region: REGION,
					accessKeyId: key.accessKeyId,
					secretAccessKey: key.secretAccessKey,
					temporaryCredentials: false,
				},
			},
			...cases
				.filter((c) => c.row.node === 'connect')
				.map((c) => ({
					id: `${c.id}Cred`.slice(0, 16),
					name: `${c.id}Cred`.slice(0, 16),
					type: 'amazonConnectApi',
					data: {
						region: REGION,
						accessKeyId: key.accessKeyId,
						secretAccessKey: key.secretAccessKey,
						sessionToken: '',
						endpoint: c.emulator.url,
					},
				})),
		];
		const env = n8nEnv(userFolder, {
			HTTP_PROXY: forwarder.url,
			NO_PROXY: '127.0.0.1,localhost',
		});
		const initialised = await runN8n(env, ['list:workflow'], { paths });
		if (initialised.exitCode !== 0)
			throw new Error(`n8n list:workflow failed:\n${initialised.stdout}${initialised.stderr}`);
		await importCredentials(
			env,
			writeCredentialsFile(path.join(workDir, 'credentials.json'), credentials),
		);
		const workflowsDir = path.join(workDir, 'workflows');
		fs.mkdirSync(workflowsDir, { recursive: true });
		for (const c of cases)
			fs.writeFileSync(
				path.join(workflowsDir, `${c.id}.json`),
				JSON.stringify(workflowOf(c, `${c.id}Cred`.slice(0, 16)), null, 2),
			);
		await importWorkflowsFromDir(env, workflowsDir);
		log(`n8n prepared in ${workDir}`);

		n8n = await startN8n(env, undefined, {
			paths,
			logStream: fs.createWriteStream(path.join(workDir, 'n8n.log')),
		});
		const session = await setupOwner(n8n.url);
		// Published as the editor's Publish button does (one CLI publish:workflow per workflow takes seconds each).
		for (const c of cases) {
			const { versionId } = await rest<{ versionId: string }>(
				n8n.url,
				session,
				'GET',
				`/workflows/${c.id}`,
			);
			await rest(n8n.url, session, 'POST', `/workflows/${c.id}/activate`, { versionId });
		}
		for (const c of cases) await waitForWebhook(n8n.url, c.id);
		log(`n8n ${n8n.url} ready`);

		// Rows that fail fast run one at a time. The long ones (the node, batching) run side by side at a low
		// quota (each has its own emulator; they take a minute and little CPU), one at a time at a higher one.
		const results: PeerResult[] = [];
		const long = (c: Case) => c.row.node === 'connect' || c.row.batching !== undefined;
		for (const q of quotas) {
			const own = cases.filter((c) => c.quota === q);
			for (const c of own.filter((x) => !long(x)))
				results.push(await runCase(c, n8n, session, log));
			const slow = own.filter(long);
			if (q.quota.perSecond <= 5)
				results.push(...(await Promise.all(slow.map((c) => runCase(c, n8n!, session, log)))));
			else for (const c of slow) results.push(await runCase(c, n8n, session, log));
		}
		const order = (r: PeerResult) =>
			PEER_QUOTAS.indexOf(r.quota) * PEER_ROWS.length + PEER_ROWS.indexOf(r.row);
		results.sort((a, b) => order(a) - order(b));

		const lines = [
			'# The node beside n8n’s HTTP Request node, in a real n8n',
			'',
			`${new Date().toISOString()}, n8n ${N8N_VERSION}. ` +
				'CreateContact on the emulator, each row with a quota of its own; ideal time = (items − burst) / rate; ' +
				'failed items = items that leave the node without their contact (all of them when the execution failed).',
			'',
			...peerTable(results),
			'',
			...results.filter((r) => r.error).map((r) => `- ${r.quota.key} ${r.row.key}: "${r.error}"`),
		];
		for (const line of lines) process.stdout.write(`${line}\n`);
		const dir = path.join(REPO_ROOT, 'bench-results');
		fs.mkdirSync(dir, { recursive: true });
		const summary = peerSummary(results);
		fs.writeFileSync(path.join(dir, 'peer.md'), `${lines.join('\n')}\n\n${summary}\n`);
		log(`took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
		process.stdout.write(`\n${summary}\n`);
		const nodeCorrect = results
			.filter((r) => r.row.node === 'connect')
			.every((r) => r.count.failed === 0 && r.count.duplicates === 0 && r.count.missing === 0);
		if (!nodeCorrect) process.exitCode = 1;
	} finally {
		await n8n?.stop();
		await forwarder?.close();
		await Promise.all(emulators.map((e) => e.close()));
		if (!keep) fs.rmSync(workDir, { recursive: true, force: true });
		else log(`kept ${workDir}`);
	}
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(2);
	});
}
