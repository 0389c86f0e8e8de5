/**
 * End-to-end tests against a REAL n8n (see scripts/n8n/README.md): `npm run test:e2e` (builds first), or
 *   npm run build && npx jest -c test/e2e/jest.config.js [test/e2e/channels]
 * globalSetup (support/global-setup.ts) needs the built package (dist/; it fails clearly without it), installs or
 * checks the runtime (.cache/), compiles the tools (tsc -p tsconfig.tools.json: the emulator CLI, the demo),
 * packs the package and installs it into a template n8n user folder, starts one emulator process for the run,
 * and imports into the template a credential pointing at it and every workflow of test/e2e/workflows/.
 * Each test file clones the template (support/e2e.ts: newUserFolder) and resets the emulator first; files run
 * one at a time. N8N_E2E_KEEP=1 keeps the temporary work folder for inspection.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			{ tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } },
		],
	},
	globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
	testTimeout: 240_000,
	maxWorkers: 1,
	slowTestThreshold: 60,
	verbose: true,
};
