import * as fs from 'node:fs';

import type { PreparedPackage, RuntimePaths } from '../../../scripts/n8n/lib';

/** What globalSetup prepared once per e2e run (written as JSON, read by every test file). */
export interface E2eState {
	workDir: string;
	/**
	 * User folder with the real package installed, the database migrated, the emulator credential and
	 * every workflow of test/e2e/workflows imported; clone it (newUserFolder), never use it directly.
	 */
	templateUserFolder: string;
	/** The n8n-nodes-amazon-connect package packed from dist/ and installed as a community node. */
	realPackage: PreparedPackage;
	realPackageTarball: string;
	/** The shared emulator process (build/emulator/cli.js), started with no quota and no faults. */
	emulator: { url: string; port: number; pid: number };
	/** The credential imported into the template, pointing at the shared emulator. */
	credential: { id: string; name: string; type: string };
	paths: RuntimePaths;
	timings: Record<string, number>;
}

/**
 * The state file's location: globalSetup writes it into the run's work folder and sets N8N_E2E_STATE in
 * the environment the test workers inherit.
 */
export function stateFile(): string {
	const file = process.env.N8N_E2E_STATE;
	if (!file)
		throw new Error(
			'N8N_E2E_STATE is not set: run the e2e tests through test/e2e/jest.config.js (its globalSetup prepares them)',
		);
	return file;
}

export function readState(): E2eState {
	const file = stateFile();
	if (!fs.existsSync(file))
		throw new Error(
			`no e2e state at ${file}: run through test/e2e/jest.config.js (its globalSetup prepares it)`,
		);
	return JSON.parse(fs.readFileSync(file, 'utf8')) as E2eState;
}
