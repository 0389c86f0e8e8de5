/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
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
