/**
 * n8n in queue mode on one machine: PostgreSQL and Redis (Debian's packages, throwaway instances, see
 * services.ts), then the pinned n8n as a main process (editor, REST API, no production webhooks), a
 * webhook processor and workers (two by default, 10 executions at once each), every one of them with
 * the packed n8n-nodes-amazon-connect installed in its own user folder.
 *
 * As a library (test/queue):
 *   const stack = await startQueueStack({ tarball, workDir, credentialsFiles, workflowsDir });
 *   stack.main.url / stack.webhook.url / stack.workers[i] / stack.workerOf(executionId)
 *   await stack.stop();
 * As a command (`npm run n8n:queue`, Ctrl+C stops everything):
 *   node build/scripts/n8n/queue.js [--port 5678] [--workers 2] [--concurrency 10] [--no-emulator]
 *     [--workflow wf.json]... [--credentials creds.json]...
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';

import { EMULATOR_DEFAULTS, spawnEmulator, type EmulatorProcess } from './emulator';
import {
	DEFAULT_OWNER,
	REPO_ROOT,
	ensureRuntime,
	freePort,
	n8nEnv,
	packNode,
	portFrom,
	prepareUserFolder,
	runN8n,
	cloneUserFolder,
	setupOwner,
	startN8n,
	writeCredentialsFile,
	type CliResult,
	type PreparedPackage,
	type RunningN8n,
	type RuntimePaths,
} from './lib';
import { ensureQueueServices, startPostgres, startRedis, type ServiceProcess } from './services';

export interface QueueStackOptions {
	/** The packed node (packNode), installed into every n8n's user folder. */
	tarball: string;
	/** Where the user folders and logs go (created; deleted by stop() unless keepWorkDir). */
	workDir?: string;
	keepWorkDir?: boolean;
	paths?: RuntimePaths;
	workers?: number;
	/** Executions each worker runs at once (n8n's default: 10). */
	concurrency?: number;
	mainPort?: number;
	webhookPort?: number;
	/** Extra environment for every n8n process (e.g. QUEUE_WORKER_LOCK_DURATION). */
	env?: Record<string, string | undefined>;
	/** Imported before the processes start (import:credentials). */
	credentialsFiles?: string[];
	/** Every *.json imported before the processes start; those with "active": true are published (their triggers and webhooks run). */
	workflowsDirs?: string[];
	/** Copies each process's output to stderr, prefixed with its name. */
	echo?: boolean;
	/** Startup timings and progress lines go here. */
	log?: (line: string) => void;
}

export interface QueueStack {
	postgres: ServiceProcess;
	redis: ServiceProcess;
	main: RunningN8n;
	webhook: RunningN8n;
	/** Index i is worker-(i+1); a killed worker stays in the list until restartWorker(i). */
	workers: RunningN8n[];
	/** The environment every n8n process shares (queue mode, database, Redis, encryption key), for CLI commands. */
	env: NodeJS.ProcessEnv;
	workDir: string;
	package: PreparedPackage;
	/** Startup timings in ms. */
	timings: Record<string, number>;
	/** `n8n <args>` against the stack's database (import, export, list). */
	cli(args: string[]): Promise<CliResult>;
	/** Index of the worker whose log says it started this execution, or -1. */
	workerOf(executionId: string): number;
	/** Starts worker i again (after kill). */
	restartWorker(i: number): Promise<RunningN8n>;
	stop(): Promise<void>;
}

const log0 = (line: string) => process.stderr.write(`[n8n:queue] ${line}\n`);

/** Environment shared by the main process, the webhook processor, the workers and CLI commands. */
export function queueEnv(
	userFolder: string,
	shared: Record<string, string | undefined>,
	paths: RuntimePaths,
): NodeJS.ProcessEnv {
	return n8nEnv(
		userFolder,
		{
			DB_SQLITE_POOL_SIZE: undefined,
			EXECUTIONS_MODE: 'queue',
			// Production webhooks are served by the webhook processor only; the main process serves the editor and the API.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// "Execute workflow" in the editor runs on a worker too (as production executions do).
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_LOG_LEVEL: 'info',
			...shared,
		},
		paths,
	);
}

export async function startQueueStack(opts: QueueStackOptions): Promise<QueueStack> {
	const log = opts.log ?? log0;
	const paths = opts.paths ?? ensureRuntime({ quiet: true });
	const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	fs.mkdirSync(workDir, { recursive: true });
	const timings: Record<string, number> = {};
	const time = async <T>(label: string, fn: () => T | Promise<T>): Promise<T> => {
		const t = Date.now();
		const result = await fn();
		timings[label] = Date.now() - t;
		log(`${label}: ${timings[label]} ms`);
		return result;
	};
	const started: Array<{ stop(): Promise<void> }> = [];
	const stopAll = async () => {
		for (const s of started.reverse()) await s.stop().catch(() => undefined);
		started.length = 0;
	};

	try {
		await time('PostgreSQL and Redis installed', () => ensureQueueServices({ quiet: true }));
		const [postgres, redis] = await time('PostgreSQL and Redis started', () =>
			Promise.all([startPostgres(), startRedis()]),
		);
		started.push(postgres, redis);

		const template = path.join(workDir, 'user-template');
		const pkg = await time('package installed', () =>
			prepareUserFolder(template, opts.tarball, paths),
		);
		const shared: Record<string, string | undefined> = {
			...postgres.env,
			...redis.env,
			// One key for all processes: a worker decrypts the credentials the main process stored.
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('base64url'),
			...opts.env,
		};
		const cliEnv = queueEnv(template, shared, paths);
		const cli = (args: string[]) => runN8n(cliEnv, args, { paths });
		const mustCli = async (args: string[]) => {
			const res = await cli(args);
			if (res.exitCode !== 0)
				throw new Error(
					`n8n ${args.join(' ')} failed (exit ${res.exitCode}):\n${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`,
				);
			return res;
		};
		// The first command migrates the database.
		await time('database migrated, credentials and workflows imported', async () => {
			if ((opts.credentialsFiles ?? []).length === 0 && (opts.workflowsDirs ?? []).length === 0)
				await mustCli(['list:workflow']);
			for (const file of opts.credentialsFiles ?? [])
				await mustCli(['import:credentials', `--input=${path.resolve(file)}`]);
			for (const dir of opts.workflowsDirs ?? [])
				await mustCli(['import:workflow', '--separate', `--input=${path.resolve(dir)}`]);
			// (import:workflow --activeState=fromJson fails to activate from the CLI in 2.40.7; publish:workflow works.)
			await Promise.all(
				activeWorkflowIds(opts.workflowsDirs ?? []).map((id) =>
					mustCli(['publish:workflow', `--id=${id}`]),
				),
			);
		});

		const logDir = path.join(workDir, 'logs');
		fs.mkdirSync(logDir, { recursive: true });
		const spawnRole = async (name: string, command: string[], port: number) => {
			const dir = cloneUserFolder(template, path.join(workDir, `user-${name}`));
			const logStream = fs.createWriteStream(path.join(logDir, `${name}.log`));
			const prefixed = opts.echo ? prefixStream(name) : undefined;
			const tee = prefixed ? teeStream(logStream, prefixed) : logStream;
			const env = queueEnv(dir, shared, paths);
			const n8n = await startN8n(env, port, { paths, command, logStream: tee, timeoutMs: 180_000 });
			started.push(n8n);
			return n8n;
		};
		const workerCount = opts.workers ?? 2;
		const concurrency = opts.concurrency ?? 10;
		const mainPort = opts.mainPort ?? (await freePort());
		const webhookPort = opts.webhookPort ?? (await freePort());
		const workerPorts = await Promise.all(Array.from({ length: workerCount }, () => freePort()));
		shared.WEBHOOK_URL = `http://127.0.0.1:${webhookPort}/`;
		const workerCommand = ['worker', `--concurrency=${concurrency}`];
		const [main, webhook, ...workers] = await time(
			`main, webhook processor and ${workerCount} workers ready`,
			() =>
				Promise.all([
					spawnRole('main', ['start'], mainPort),
					spawnRole('webhook', ['webhook'], webhookPort),
					...workerPorts.map((p, i) => spawnRole(`worker-${i + 1}`, workerCommand, p)),
				]),
		);
		await time('owner account', () => setupOwner(main.url));

		const stack: QueueStack = {
			postgres,
			redis,
			main,
			webhook,
			workers,
			env: cliEnv,
			workDir,
			package: pkg,
			timings,
			cli,
			workerOf: (executionId) =>
				stack.workers.findIndex((w) =>
					new RegExp(`Worker started execution ${executionId} \\(job`).test(w.logs()),
				),
			restartWorker: async (i) => {
				await stack.workers[i].stop();
				stack.workers[i] = await spawnRole(
					`worker-${i + 1}-restarted`,
					workerCommand,
					await freePort(),
				);
				return stack.workers[i];
			},
			stop: async () => {
				await stopAll();
				if (!opts.keepWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
			},
		};
		return stack;
	} catch (error) {
		await stopAll();
		if (!opts.keepWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
		throw error;
	}
}

/** IDs of the workflows marked "active": true among the *.json files of the folders. */
function activeWorkflowIds(dirs: string[]): string[] {
	return dirs.flatMap((dir) =>
		fs
			.readdirSync(dir)
			.filter((f) => f.endsWith('.json'))
			.map(
				(f) =>
					JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as {
						id?: string;
						active?: boolean;
					},
			)
			.filter((wf) => wf.active === true && typeof wf.id === 'string')
			.map((wf) => wf.id as string),
	);
}

function prefixStream(name: string): NodeJS.WritableStream {
	let partial = '';
	return new Writable({
		write(chunk: Buffer, _enc, cb) {
			const lines = (partial + chunk.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) process.stderr.write(`[${name}] ${line}\n`);
			cb();
		},
	});
}

function teeStream(...targets: NodeJS.WritableStream[]): NodeJS.WritableStream {
	return new Writable({
		write(chunk: Buffer, _enc, cb) {
			for (const t of targets) t.write(chunk);
			cb();
		},
	});
}

// ---------------------------------------------------------------------------------------------
// Command line: npm run n8n:queue
// ---------------------------------------------------------------------------------------------

interface CliArgs {
	port: number;
	workers: number;
	concurrency: number;
	emulator: boolean;
	workflows: string[];
	credentials: string[];
	echo: boolean;
}

function cliArgs(args: string[]): CliArgs {
	const { values } = parseArgs({
		args,
		options: {
			port: { type: 'string', default: '5678' },
			workers: { type: 'string', default: '2' },
			concurrency: { type: 'string', default: '10' },
			'no-emulator': { type: 'boolean', default: false },
			workflow: { type: 'string', multiple: true, default: [] },
			credentials: { type: 'string', multiple: true, default: [] },
			echo: { type: 'boolean', default: false },
		},
	});
	return {
		port: Number(values.port),
		workers: Number(values.workers),
		concurrency: Number(values.concurrency),
		emulator: !values['no-emulator'],
		workflows: values.workflow.map((file) => path.resolve(file)),
		credentials: values.credentials.map((file) => path.resolve(file)),
		echo: values.echo,
	};
}

async function main(): Promise<void> {
	const t0 = Date.now();
	const args = cliArgs(process.argv.slice(2));
	const entry = path.join(REPO_ROOT, 'dist', 'nodes', 'AmazonConnect', 'AmazonConnect.node.js');
	if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
	const paths = ensureRuntime();
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	const tarball = packNode(path.join(workDir, 'pack'));

	let emulator: EmulatorProcess | undefined;
	const credentialsFiles = [...args.credentials];
	const workflowsDir = path.join(workDir, 'workflows');
	fs.mkdirSync(workflowsDir, { recursive: true });
	args.workflows.forEach((file, i) =>
		fs.copyFileSync(file, path.join(workflowsDir, `${i}-${path.basename(file)}`)),
	);
	if (args.emulator) {
		emulator = await spawnEmulator({ args: ['--quiet'] });
		credentialsFiles.push(
			writeCredentialsFile(path.join(workDir, 'emulator.credentials.json'), [
				{
					id: 'queueConnectEmul1',
					name: 'Amazon Connect (local emulator)',
					type: 'amazonConnectApi',
					data: {
						region: EMULATOR_DEFAULTS.region,
						accessKeyId: EMULATOR_DEFAULTS.accessKeyId,
						secretAccessKey: EMULATOR_DEFAULTS.secretAccessKey,
						sessionToken: '',
						endpoint: emulator.url,
					},
				},
			]),
		);
	}

	let stack: QueueStack | undefined;
	let stopping = false;
	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		log0('stopping workers, webhook processor, main, Redis and PostgreSQL');
		await stack?.stop();
		await emulator?.stop();
		fs.rmSync(workDir, { recursive: true, force: true });
		process.exit(code);
	};
	process.once('SIGINT', () => void shutdown(0));
	process.once('SIGTERM', () => void shutdown(0));

	stack = await startQueueStack({
		tarball,
		workDir: path.join(workDir, 'stack'),
		paths,
		workers: args.workers,
		concurrency: args.concurrency,
		mainPort: await portFrom(args.port),
		credentialsFiles,
		workflowsDirs: args.workflows.length > 0 ? [workflowsDir] : [],
		echo: args.echo,
	});
	for (const [name, n8n] of [
		['main', stack.main],
		['webhook processor', stack.webhook],
		...stack.workers.map((w, i) => [`worker-${i + 1}`, w] as const),
	] as const) {
		n8n.process.once('exit', (code, signal) => {
			if (stopping) return;
			log0(`${name} exited (${code ?? signal}); see ${path.join(stack!.workDir, 'logs')}`);
			void shutdown(1);
		});
	}
	const lines = [
		'',
		`n8n in queue mode, ready in ${((Date.now() - t0) / 1000).toFixed(1)} s:`,
		`  editor and API     ${stack.main.url}  (sign in as ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}, a local test account)`,
		`  webhook processor  ${stack.webhook.url}/webhook/<path>  (production webhooks; the main process serves none)`,
		...stack.workers.map(
			(w, i) =>
				`  worker-${i + 1}           health ${w.url}/healthz, ${args.concurrency} executions at once`,
		),
		`  PostgreSQL         127.0.0.1:${stack.postgres.port} database n8n   Redis 127.0.0.1:${stack.redis.port}`,
		...(emulator
			? [`  emulator           ${emulator.url}  (credential "Amazon Connect (local emulator)")`]
			: []),
		`  logs               ${path.join(stack.workDir, 'logs')}`,
		'Ctrl+C stops everything and deletes the data.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
