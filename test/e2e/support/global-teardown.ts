import * as fs from 'node:fs';

import type { EmulatorProcess } from '../../../scripts/n8n/emulator';
import { EMULATOR_GLOBAL } from './global-setup';
import { readState, stateFile } from './state';

export default async function globalTeardown(): Promise<void> {
	const emulator = (globalThis as Record<string, unknown>)[EMULATOR_GLOBAL] as
		EmulatorProcess | undefined;
	await emulator?.stop();
	if (!process.env.N8N_E2E_STATE || !fs.existsSync(stateFile())) return;
	const { workDir } = readState();
	if (process.env.N8N_E2E_KEEP === '1') {
		process.stderr.write(`[e2e teardown] kept ${workDir}\n`);
		return;
	}
	fs.rmSync(workDir, { recursive: true, force: true });
	fs.rmSync(stateFile(), { force: true });
}
