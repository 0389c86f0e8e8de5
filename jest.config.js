/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	// Each test starts without the paces earlier tests' runs kept (they share execution IDs).
	setupFilesAfterEnv: ['<rootDir>/test/unit/helpers/freshPaces.ts'],
	testMatch: [
		'**/test/unit/**/*.test.ts',
		'**/test/integration/**/*.test.ts',
		'**/test/emulator/**/*.test.ts',
		'**/test/bench/**/*.test.ts',
	],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
	},
};
