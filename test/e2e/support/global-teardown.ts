import * as fs from 'node:fs';

import { readState, stateFile } from './state';

export default async function globalTeardown(): Promise<void> {
	if (!fs.existsSync(stateFile())) return;
	const { workDir } = readState();
	if (process.env.N8N_E2E_KEEP === '1') {
		process.stderr.write(`[e2e teardown] kept ${workDir}\n`);
		return;
	}
	fs.rmSync(workDir, { recursive: true, force: true });
	fs.rmSync(stateFile(), { force: true });
}
