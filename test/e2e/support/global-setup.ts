import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	REPO_ROOT,
	ensureRuntime,
	n8nEnv,
	packNode,
	prepareUserFolder,
	runN8n,
	type PreparedPackage,
} from '../../../scripts/n8n/lib';
import { stateFile, type E2eState } from './state';

export const FIXTURE_PACKAGE_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'n8n-nodes-e2e-fixture');
const REAL_NODE_ENTRY = path.join(REPO_ROOT, 'dist', 'nodes', 'AmazonConnect', 'AmazonConnect.node.js');

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

export default async function globalSetup(): Promise<void> {
	const timings: Record<string, number> = {};
	const time = async <T>(label: string, fn: () => T | Promise<T>): Promise<T> => {
		const t = Date.now();
		const result = await fn();
		timings[label] = Date.now() - t;
		log(`${label}: ${timings[label]} ms`);
		return result;
	};

	const paths = await time('runtime', () => ensureRuntime({ quiet: !process.env.N8N_E2E_VERBOSE }));
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const packDir = path.join(workDir, 'packs');
	const templateUserFolder = path.join(workDir, 'user-template');

	const fixturePackage = await time('fixture package', () => prepareUserFolder(templateUserFolder, packNode(packDir, FIXTURE_PACKAGE_DIR), paths));

	let realPackage: PreparedPackage | null = null;
	let realPackageTarball: string | null = null;
	if (fs.existsSync(REAL_NODE_ENTRY)) {
		const srcNewest = Math.max(newestMtime(path.join(REPO_ROOT, 'nodes')), newestMtime(path.join(REPO_ROOT, 'credentials')));
		if (srcNewest > newestMtime(path.join(REPO_ROOT, 'dist')) + 1000) {
			log('WARNING: nodes/ or credentials/ changed after the last build; run `npm run build` first');
		}
		realPackageTarball = packNode(packDir);
		const tgz = realPackageTarball;
		realPackage = await time('real package', () => prepareUserFolder(templateUserFolder, tgz, paths));
	} else {
		log(`real package not built (${path.relative(REPO_ROOT, REAL_NODE_ENTRY)} missing): only the fixture package is installed`);
	}

	// Create and migrate the SQLite database once; every test clones this folder.
	await time('database init', async () => {
		const res = await runN8n(n8nEnv(templateUserFolder, {}, paths), ['list:workflow'], { paths });
		if (res.exitCode !== 0) throw new Error(`n8n list:workflow failed:\n${res.stdout}\n${res.stderr}`);
	});

	const state: E2eState = { workDir, templateUserFolder, fixturePackage, realPackage, realPackageTarball, paths, timings };
	const file = stateFile();
	process.env.N8N_E2E_STATE = file;
	fs.writeFileSync(file, JSON.stringify(state, null, 2));
	log(`work folder ${workDir}`);
}
