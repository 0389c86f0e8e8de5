/**
 * Once per e2e run: the runtime (.cache/), the tools compiled to build/ (the emulator CLI, the demo), the
 * REAL package packed from dist/ and installed into a template n8n user folder, the shared emulator
 * process, and in the template the emulator credential and every workflow of test/e2e/workflows.
 * Test files clone the template (support/e2e.ts: newUserFolder).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	spawnEmulator,
	EMULATOR_DEFAULTS,
	type EmulatorProcess,
} from '../../../scripts/n8n/emulator';
import {
	REPO_ROOT,
	ensureRuntime,
	importCredentials,
	importWorkflowsFromDir,
	n8nEnv,
	packNode,
	prepareUserFolder,
	runN8n,
	writeCredentialsFile,
} from '../../../scripts/n8n/lib';
import type { E2eState } from './state';

const REAL_NODE_ENTRY = path.join(
	REPO_ROOT,
	'dist',
	'nodes',
	'AmazonConnect',
	'AmazonConnect.node.js',
);
const REAL_CREDENTIAL_ENTRY = path.join(
	REPO_ROOT,
	'dist',
	'credentials',
	'AmazonConnectApi.credentials.js',
);
export const WORKFLOWS_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'workflows');
/** Referenced by every workflow in test/e2e/workflows. */
export const E2E_CREDENTIAL = {
	id: 'e2eConnectEmul01',
	name: 'Amazon Connect (e2e emulator)',
	type: 'amazonConnectApi',
} as const;

/** Shared with global-teardown.ts (same process). */
export const EMULATOR_GLOBAL = '__amazonConnectE2eEmulator';

function log(msg: string): void {
	process.stderr.write(`[e2e setup] ${msg}\n`);
}

/** Newest mtime (ms) of the files under a folder. */
function newestMtime(dir: string): number {
	if (!fs.existsSync(dir)) return 0;
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

function requireBuiltPackage(): void {
	const missing = [REAL_NODE_ENTRY, REAL_CREDENTIAL_ENTRY].filter((f) => !fs.existsSync(f));
	if (missing.length > 0) {
		throw new Error(
			`The e2e suite tests the real package, packed from dist/, but ${missing.map((f) => path.relative(REPO_ROOT, f)).join(' and ')} ` +
				'is missing. Build first: `npm run build` (or run the suite with `npm run test:e2e`, which builds).',
		);
	}
	const srcNewest = Math.max(
		newestMtime(path.join(REPO_ROOT, 'nodes')),
		newestMtime(path.join(REPO_ROOT, 'credentials')),
	);
	if (srcNewest > newestMtime(path.join(REPO_ROOT, 'dist')) + 1000) {
		log(
			'WARNING: nodes/ or credentials/ changed after the last build; the tests run the OLD dist/ (use `npm run test:e2e`, which builds)',
		);
	}
}

/** `tsc -p tsconfig.tools.json`: build/emulator/cli.js (the emulator process) and build/scripts/demo/ (the demo test). */
function compileTools(): void {
	const tsc = require.resolve('typescript/bin/tsc', { paths: [REPO_ROOT] });
	const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.tools.json'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	if (res.status !== 0)
		throw new Error(
			`tsc -p tsconfig.tools.json failed (exit ${res.status}):\n${res.stdout}${res.stderr}`,
		);
}

export default async function globalSetup(): Promise<void> {
	const timings: Record<string, number> = {};
	const time = async <T>(label: string, fn: () => T | Promise<T>): Promise<T> => {
		const t = Date.now();
		const result = await fn();
		timings[label] = Date.now() - t;
		log(`${label}: ${timings[label]} ms`);
		return result;
	};

	requireBuiltPackage();
	const paths = await time('runtime', () => ensureRuntime({ quiet: !process.env.N8N_E2E_VERBOSE }));
	await time('tools (tsc -p tsconfig.tools.json)', compileTools);

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const packDir = path.join(workDir, 'packs');
	const templateUserFolder = path.join(workDir, 'user-template');
	const realPackageTarball = await time('npm pack', () => packNode(packDir));
	const realPackage = await time('install package', () =>
		prepareUserFolder(templateUserFolder, realPackageTarball, paths),
	);

	// One emulator for the whole run (test files run one at a time and reset it first).
	const emulator: EmulatorProcess = await time('emulator', () =>
		spawnEmulator({ args: ['--no-rate', '--quiet'] }),
	);
	(globalThis as Record<string, unknown>)[EMULATOR_GLOBAL] = emulator;
	process.once('exit', () => emulator.process.kill('SIGKILL'));

	const env = n8nEnv(templateUserFolder, {}, paths);
	try {
		// Creates and migrates the SQLite database once; every test clones the folder.
		await time('database init', async () => {
			const res = await runN8n(env, ['list:workflow'], { paths });
			if (res.exitCode !== 0)
				throw new Error(`n8n list:workflow failed:\n${res.stdout}\n${res.stderr}`);
		});
		const credentialsFile = writeCredentialsFile(
			path.join(workDir, 'inputs', 'e2e.credentials.json'),
			[
				{
					...E2E_CREDENTIAL,
					data: {
						region: EMULATOR_DEFAULTS.region,
						accessKeyId: EMULATOR_DEFAULTS.accessKeyId,
						secretAccessKey: EMULATOR_DEFAULTS.secretAccessKey,
						sessionToken: '',
						endpoint: emulator.url,
					},
				},
			],
		);
		await time('import credential', () => importCredentials(env, credentialsFile));
		await time('import workflows', () => importWorkflowsFromDir(env, WORKFLOWS_DIR));
	} catch (error) {
		await emulator.stop();
		throw error;
	}

	const state: E2eState = {
		workDir,
		templateUserFolder,
		realPackage,
		realPackageTarball,
		emulator: { url: emulator.url, port: emulator.port, pid: emulator.pid },
		credential: { ...E2E_CREDENTIAL },
		paths,
		timings,
	};
	// One state file per run (inside its work folder): a fixed path would let two runs on the same machine
	// read each other's state, and one run's teardown delete the other's folder.
	const file = process.env.N8N_E2E_STATE ?? path.join(workDir, 'state.json');
	process.env.N8N_E2E_STATE = file;
	fs.writeFileSync(file, JSON.stringify(state, null, 2));
	log(`work folder ${workDir}, emulator ${emulator.url}`);
}
