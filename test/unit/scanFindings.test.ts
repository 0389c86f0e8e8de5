/**
 * scripts/scan/findings.ts: which findings of n8n's scanner the package accepts (only what the AWS SDK
 * dependency makes unavoidable) and what the tarball may hold. Messages are the scanner's own
 * (@n8n/scan-community-package 0.32.0), as it printed them on this package.
 */
import {
	type Finding,
	judge,
	restrictedModule,
	unexpectedPackageFiles,
} from '../../scripts/scan/findings';

const finding = (
	ruleId: string | null,
	message: string,
	extra: Partial<Finding> = {},
): Finding => ({
	pass: 'source',
	file: 'nodes/AmazonConnect/transport/client.ts',
	line: 5,
	column: 1,
	ruleId,
	severity: 'error',
	message,
	...extra,
});

const importOf = (module: string) =>
	finding(
		'@n8n/community-nodes/no-restricted-imports',
		`Import of '${module}' is not allowed. n8n Cloud does not allow community nodes with dependencies.`,
	);
const requireOf = (module: string) =>
	finding(
		'@n8n/community-nodes/no-restricted-imports',
		`Require of '${module}' is not allowed. n8n Cloud does not allow community nodes with dependencies.`,
		{ pass: 'tarball', file: 'dist/nodes/AmazonConnect/transport/client.js' },
	);
const runtimeDependencies = finding(
	'@n8n/community-nodes/no-runtime-dependencies',
	'The "dependencies" field must be empty or absent in community node packages. Runtime dependencies get bundled into the n8n instance and can conflict with other nodes or the n8n runtime itself. Move shared libraries to "peerDependencies" or bundle them into your build artifact.',
	{ file: 'package.json', line: 54, column: 3 },
);
const SDK_ONLY = ['@aws-sdk/client-connect'];

describe('judge: only the AWS SDK dependency is excused', () => {
	it('allows imports and requires of the SDK and its own packages', () => {
		const findings = [
			importOf('@aws-sdk/client-connect'),
			requireOf('@aws-sdk/client-connect'),
			importOf('@smithy/types'),
		];
		const verdict = judge(findings, SDK_ONLY);
		expect(verdict.failing).toEqual([]);
		expect(verdict.allowed.map((f) => f.message)).toEqual(findings.map((f) => f.message));
	});

	it('fails an import of any other package, also one whose name merely starts like the SDK', () => {
		const verdict = judge(
			[
				importOf('axios'),
				requireOf('aws-sdk'),
				importOf('@aws-sdkx/evil'),
				importOf('@aws-sdk/client-connect'),
			],
			SDK_ONLY,
		);
		expect(verdict.failing.map(restrictedModuleOf)).toEqual(['axios', 'aws-sdk', '@aws-sdkx/evil']);
		expect(verdict.allowed.map(restrictedModuleOf)).toEqual(['@aws-sdk/client-connect']);
	});

	it('allows runtime dependencies only while all of them are the SDK family', () => {
		expect(
			judge([runtimeDependencies], ['@aws-sdk/client-connect', '@smithy/types']).failing,
		).toEqual([]);
		expect(judge([runtimeDependencies], ['@aws-sdk/client-connect', 'lodash']).failing).toEqual([
			runtimeDependencies,
		]);
	});

	it('allows the proxy agents the SDK needs, not other packages or Node.js modules', () => {
		const verdict = judge(
			[
				importOf('https-proxy-agent'),
				requireOf('proxy-from-env'),
				importOf('node:http'),
				importOf('undici'),
			],
			SDK_ONLY,
		);
		expect(verdict.allowed.map(restrictedModuleOf)).toEqual([
			'https-proxy-agent',
			'proxy-from-env',
		]);
		expect(verdict.failing.map(restrictedModuleOf)).toEqual(['node:http', 'undici']);
		expect(
			judge([runtimeDependencies], ['@aws-sdk/client-connect', 'http-proxy-agent']).failing,
		).toEqual([]);
	});

	it("allows `process` in transport/identity.ts only (n8n's host-identity switch), and no other global there", () => {
		const global = (name: string, file: string) =>
			finding(
				'@n8n/community-nodes/no-restricted-globals',
				`Use of restricted global '${name}' is not allowed`,
				{ file },
			);
		const identity = 'nodes/AmazonConnect/transport/identity.ts';
		const verdict = judge(
			[
				global('process', identity),
				global('process', 'dist/nodes/AmazonConnect/transport/identity.js'),
				global('setTimeout', identity),
				global('process', 'nodes/AmazonConnect/transport/client.ts'),
			],
			SDK_ONLY,
		);
		expect(verdict.allowed.map((f) => f.file)).toEqual([
			identity,
			'dist/nodes/AmazonConnect/transport/identity.js',
		]);
		expect(verdict.failing.map((f) => `${f.file} ${f.message}`)).toEqual([
			`${identity} Use of restricted global 'setTimeout' is not allowed`,
			"nodes/AmazonConnect/transport/client.ts Use of restricted global 'process' is not allowed",
		]);
	});

	it('fails every other rule, warnings and unparseable files included', () => {
		const others = [
			finding(
				'@n8n/community-nodes/no-restricted-globals',
				"Use of restricted global 'setTimeout' is not allowed. Use the 'sleep' helper from 'n8n-workflow' instead.",
			),
			finding(
				'@n8n/community-nodes/require-node-api-error',
				'Use `NodeApiError` or `NodeOperationError` instead of `InputProblemError`.',
			),
			finding(
				'@n8n/community-nodes/icon-prefer-themed-variants',
				'Icon is defined as a single file.',
				{ severity: 'warning' },
			),
			finding(null, 'Parsing error: Unexpected token'),
		];
		expect(judge(others, SDK_ONLY)).toEqual({ allowed: [], failing: others });
	});

	it('fails a restricted-import finding whose module it cannot read, rather than guessing', () => {
		const reworded = finding(
			'@n8n/community-nodes/no-restricted-imports',
			'Importing @aws-sdk/client-connect is not allowed.',
		);
		expect(judge([reworded], SDK_ONLY).failing).toEqual([reworded]);
	});
});

describe('unexpectedPackageFiles: the tarball holds what a user needs', () => {
	it('accepts the manifest, README, licence, changelog and the compiled node, credential, icons and codex file', () => {
		const needed = [
			'package.json',
			'README.md',
			'LICENSE',
			'CHANGELOG.md',
			'dist/nodes/AmazonConnect/AmazonConnect.node.js',
			'dist/nodes/AmazonConnect/AmazonConnect.node.json',
			'dist/nodes/AmazonConnect/amazonConnect.dark.svg',
			'dist/credentials/AmazonConnectApi.credentials.js',
			'dist/credentials/amazonConnectApi.svg',
		];
		expect(unexpectedPackageFiles(needed)).toEqual([]);
	});

	it('names source maps, declarations, sources, tests and tooling', () => {
		const extra = [
			'dist/nodes/AmazonConnect/AmazonConnect.node.js.map',
			'dist/nodes/AmazonConnect/AmazonConnect.node.d.ts',
			'nodes/AmazonConnect/AmazonConnect.node.ts',
			'dist/test/unit/check.test.js',
			'dist/emulator/cli.js',
			'tsconfig.json',
		];
		expect(unexpectedPackageFiles(['package.json', ...extra])).toEqual(extra);
	});
});

function restrictedModuleOf(f: Finding): string | undefined {
	return restrictedModule(f.message);
}
