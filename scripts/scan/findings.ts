/**
 * Which of the n8n scanner's findings this package accepts, and why. Pure: the runner (scan.ts)
 * collects the findings; the README lists the same exceptions.
 *
 * The node is built on the AWS SDK (`@aws-sdk/client-connect`), a runtime dependency. That makes it
 * a self-hosted-only node (n8n Cloud allows no runtime dependencies), and it makes exactly two of the
 * scanner's rules unavoidable. Everything else the scanner reports fails the scan.
 */

export interface Finding {
	/** Which of the scanner's two passes found it. */
	pass: 'source' | 'tarball';
	/** Relative to the scanned folder. */
	file: string;
	line: number;
	column: number;
	/** null for a file ESLint could not parse. */
	ruleId: string | null;
	severity: 'error' | 'warning';
	message: string;
}

/** The AWS SDK and the packages it is made of: the only runtime dependencies the node may have. */
export const SDK_FAMILY = /^@(aws-sdk|smithy)\//;

export interface Allowance {
	rule: string;
	reason: string;
	/** Whether this finding is the one the reason covers (and not, say, an import of another package). */
	covers(finding: Finding, runtimeDependencies: readonly string[]): boolean;
}

/** The module a `no-restricted-imports` finding names: "Import of 'x' is not allowed", "Require of 'x'…". */
export function restrictedModule(message: string): string | undefined {
	return /\bof '([^']+)' is not allowed/.exec(message)?.[1];
}

export const ALLOWANCES: readonly Allowance[] = [
	{
		rule: '@n8n/community-nodes/no-runtime-dependencies',
		reason:
			'The node calls Amazon Connect through the AWS SDK (@aws-sdk/client-connect), installed with the package. Only the SDK and its own packages (@aws-sdk/*, @smithy/*) may be runtime dependencies.',
		covers: (_finding, runtimeDependencies) =>
			runtimeDependencies.length > 0 && runtimeDependencies.every((name) => SDK_FAMILY.test(name)),
	},
	{
		rule: '@n8n/community-nodes/no-restricted-imports',
		reason:
			'Imports (in the tarball: requires) of the AWS SDK and its own packages (@aws-sdk/*, @smithy/*), which the dependency above provides. An import of any other package still fails.',
		covers: (finding) => SDK_FAMILY.test(restrictedModule(finding.message) ?? ''),
	},
];

export interface Verdict {
	allowed: Array<Finding & { reason: string }>;
	failing: Finding[];
}

export function judge(findings: readonly Finding[], runtimeDependencies: readonly string[]): Verdict {
	const verdict: Verdict = { allowed: [], failing: [] };
	for (const finding of findings) {
		const allowance = ALLOWANCES.find((a) => a.rule === finding.ruleId && a.covers(finding, runtimeDependencies));
		if (allowance) verdict.allowed.push({ ...finding, reason: allowance.reason });
		else verdict.failing.push(finding);
	}
	return verdict;
}

/**
 * What a user needs from the tarball: the manifest, README and licence, and the compiled node and
 * credential with their icons and codex file. Anything else (sources, maps, declarations, tests,
 * tooling) is a mistake in `files` or in the build.
 */
export function unexpectedPackageFiles(paths: readonly string[]): string[] {
	const needed = /^(package\.json|README\.md|LICENSE|dist\/(nodes|credentials)\/.+\.(js|svg|png|json))$/;
	return paths.filter((p) => !needed.test(p));
}

export function formatFinding(f: Finding): string {
	const severity = f.severity === 'error' ? 'error  ' : 'warning';
	return `  [${f.pass}] ${f.file}:${f.line}:${f.column}  ${severity}  ${f.message}  (${f.ruleId ?? 'parse error'})`;
}
