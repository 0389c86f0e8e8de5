/**
 * End-to-end tests against a REAL n8n (see scripts/n8n/). Run only these with
 *   npx jest -c test/e2e/jest.config.js
 * globalSetup installs/validates the runtime (.cache/), packs the community packages and prepares one
 * template n8n user folder; tests clone it (test/e2e/support/e2e.ts). Build the node first
 * (`npm run build`) so the real package is packed too; without dist/ only the fixture package is used.
 * N8N_E2E_KEEP=1 keeps the temporary work folder for inspection.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }] },
	globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
	testTimeout: 240_000,
	maxWorkers: 1,
	slowTestThreshold: 60,
	verbose: true,
};
