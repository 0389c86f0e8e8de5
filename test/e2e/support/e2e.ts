/** Helpers for e2e test files (the prepared state comes from global-setup.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { cloneUserFolder, n8nEnv } from '../../../scripts/n8n/lib';
import { readState, type E2eState } from './state';

export { readState, type E2eState };

/**
 * A fresh n8n user folder for one test file (a copy of the template: packages installed, database
 * migrated) and its environment. Use one per `n8n start`; CLI commands may share one sequentially.
 */
export function newUserFolder(name: string, extraEnv: Record<string, string | undefined> = {}): { dir: string; env: NodeJS.ProcessEnv; state: E2eState } {
	const state = readState();
	const dir = cloneUserFolder(state.templateUserFolder, path.join(state.workDir, `user-${name}`));
	return { dir, env: n8nEnv(dir, extraEnv, state.paths), state };
}

/** Writes JSON into the run's work folder and returns its path (for --input=...). */
export function writeJson(name: string, value: unknown): string {
	const file = path.join(readState().workDir, 'inputs', name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	return file;
}

/** Reads a workflow fixture from test/e2e/fixtures/workflows/. */
export function workflowFixture<T = Record<string, unknown>>(file: string): T {
	return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'workflows', file), 'utf8')) as T;
}
