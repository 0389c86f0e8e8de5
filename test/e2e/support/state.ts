import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { PreparedPackage, RuntimePaths } from '../../../scripts/n8n/lib';

/** What globalSetup prepared once per e2e run (written as JSON, read by every test file). */
export interface E2eState {
	workDir: string;
	/** User folder with the packages installed and the database migrated; clone it, never use it directly. */
	templateUserFolder: string;
	fixturePackage: PreparedPackage;
	/** The real n8n-nodes-amazon-connect package, when dist/ was built before the run. */
	realPackage: PreparedPackage | null;
	realPackageTarball: string | null;
	paths: RuntimePaths;
	timings: Record<string, number>;
}

/** The state file's location: set by globalSetup in the environment the test workers inherit. */
export function stateFile(): string {
	return process.env.N8N_E2E_STATE ?? path.join(os.tmpdir(), 'n8n-nodes-amazon-connect-e2e-state.json');
}

export function readState(): E2eState {
	const file = stateFile();
	if (!fs.existsSync(file)) throw new Error(`no e2e state at ${file}: run through test/e2e/jest.config.js (its globalSetup prepares it)`);
	return JSON.parse(fs.readFileSync(file, 'utf8')) as E2eState;
}
