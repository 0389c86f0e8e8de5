/**
 * The queue-mode suite (`npm run test:queue`, builds first): a REAL n8n 2.40.7 in queue mode (PostgreSQL,
 * Redis, a main process, a webhook processor and two workers; scripts/n8n/queue.ts) with the packed package,
 * against the emulator. One stack for the whole file; the tests run in order (the last one kills a worker).
 * N8N_QUEUE_KEEP=1 keeps the work folder (the processes' logs) for inspection.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['<rootDir>/test/queue/**/*.queue.test.ts'],
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			{ tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } },
		],
	},
	testTimeout: 300_000,
	maxWorkers: 1,
	slowTestThreshold: 120,
	verbose: true,
};
