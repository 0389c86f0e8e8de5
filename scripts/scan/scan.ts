/**
 * n8n's own package scanner (@n8n/scan-community-package), run on this checkout as n8n runs it on a
 * published package: `analyzePackage` on the source (the scanner's SOURCE_FILE_PATTERNS) and on the
 * unpacked `npm pack` tarball (compiled `.js` and package.json), with the scanner's own ESLint config
 * (inline `eslint-disable` comments are ignored). Fails on every finding, warnings included, except
 * the ones findings.ts allows (the AWS SDK dependency); also fails when the tarball holds more than a
 * user needs or misses a file package.json points at.
 *
 * Usage (after `npm run build`): npm run scan
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ESLint } from 'eslint';

import { packNode, REPO_ROOT } from '../n8n/lib';
import { type Finding, formatFinding, judge, unexpectedPackageFiles } from './findings';

const SCANNER = '@n8n/scan-community-package/scanner/scanner.mjs';
/** The tarball leg's patterns, as in the scanner's analyzePackageByName (not exported by it). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

interface PackageJson {
	main?: string;
	dependencies?: Record<string, string>;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

/**
 * `analyzePackage` returns its findings only as formatted text. The scanner and this script share
 * one ESLint (checked below), so the results are read from ESLint as they pass by.
 */
function captureLintResults(): ESLint.LintResult[] {
	const scannerEslint = require.resolve('eslint', {
		paths: [path.dirname(require.resolve(SCANNER))],
	});
	if (scannerEslint !== require.resolve('eslint')) {
		throw new Error(
			`the scanner uses another ESLint (${scannerEslint}); align the project's eslint version with the scanner's`,
		);
	}
	const captured: ESLint.LintResult[] = [];
	const lintFiles = ESLint.prototype.lintFiles;
	ESLint.prototype.lintFiles = async function (this: ESLint, patterns: string | string[]) {
		const results = await lintFiles.call(this, patterns);
		captured.push(...results);
		return results;
	};
	return captured;
}

async function runPass(
	pass: Finding['pass'],
	dir: string,
	patterns: string[],
	captured: ESLint.LintResult[],
): Promise<{ files: number; findings: Finding[]; failure?: string }> {
	// Loaded with require(): Node >= 20.19 loads the scanner's ES module synchronously.
	const { analyzePackage } = (await import(
		SCANNER
	)) as typeof import('@n8n/scan-community-package/scanner/scanner.mjs');
	captured.length = 0;
	const result = await analyzePackage(dir, patterns);
	const findings: Finding[] = captured.flatMap((r) =>
		r.messages.map((m) => ({
			pass,
			file: path.relative(dir, r.filePath),
			line: m.line,
			column: m.column,
			ruleId: m.ruleId,
			severity: m.severity === 2 ? ('error' as const) : ('warning' as const),
			message: m.message,
		})),
	);
	let failure: string | undefined;
	if (captured.length === 0)
		failure = `the scanner linted no file (${result.message ?? 'no message'})`;
	else if (!result.passed && !findings.some((f) => f.severity === 'error')) {
		failure = `the scanner failed without a finding: ${result.message ?? ''}`;
	}
	return { files: captured.length, findings, failure };
}

async function main(): Promise<number> {
	const started = Date.now();
	const pkg = JSON.parse(
		fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
	) as PackageJson;
	const entries = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	if (!entries.every((entry) => fs.existsSync(path.join(REPO_ROOT, entry)))) {
		console.error('scan: dist/ is missing or stale; run `npm run build` first');
		return 2;
	}
	const captured = captureLintResults();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	const problems: string[] = [];
	try {
		const source = await runPass(
			'source',
			REPO_ROOT,
			(await import(SCANNER)).SOURCE_FILE_PATTERNS,
			captured,
		);

		const tarball = packNode(work);
		const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
			.split('\n')
			.filter((line) => line && !line.endsWith('/'))
			.map((line) => line.replace(/^package\//, ''));
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const packed = await runPass('tarball', unpacked, TARBALL_FILE_PATTERNS, captured);

		for (const pass of [source, packed]) if (pass.failure) problems.push(pass.failure);
		const verdict = judge(
			[...source.findings, ...packed.findings],
			Object.keys(pkg.dependencies ?? {}),
		);

		const extra = unexpectedPackageFiles(listed);
		if (extra.length)
			problems.push(`the tarball holds files a user does not need: ${extra.join(', ')}`);
		for (const file of [...entries, ...(pkg.main ? [pkg.main] : [])]) {
			if (!listed.includes(path.posix.normalize(file)))
				problems.push(`package.json points at ${file}, which the tarball does not hold`);
		}

		console.log(
			`scan: source ${source.files} files, tarball ${packed.files} files (${listed.length} in the tarball)`,
		);
		console.log(
			`scan: ${verdict.allowed.length} allowed finding(s) (the AWS SDK dependency, see the README):`,
		);
		for (const f of verdict.allowed) console.log(formatFinding(f));
		if (verdict.failing.length) {
			console.log(`scan: ${verdict.failing.length} finding(s) to fix:`);
			for (const f of verdict.failing) console.log(formatFinding(f));
		}
		for (const p of problems) console.log(`scan: ${p}`);
		const ok = verdict.failing.length === 0 && problems.length === 0;
		console.log(
			`scan: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
		return ok ? 0 : 1;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(2);
	},
);
