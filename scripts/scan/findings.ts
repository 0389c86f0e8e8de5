/**
 * Which of the n8n scanner's findings this package accepts, and why. Pure: the runner (scan.ts)
 * collects the findings; the README lists the same exceptions.
 *
 * The node is built on the AWS SDK (`@aws-sdk/client-connect`), a runtime dependency. That makes it
 * a self-hosted-only node (n8n Cloud allows no runtime dependencies), and it makes two of the
 * scanner's rules unavoidable; a third finding comes with the Host Identity credential mode. Everything
 * else the scanner reports fails the scan.
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

/** The AWS SDK and the packages it is made of. */
export const SDK_FAMILY = /^@(aws-sdk|smithy)\//;
/**
 * What the SDK needs to use a proxy: its HTTP handler takes an agent, and these are the packages n8n
 * itself uses to honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY (transport/endpoints.ts).
 */
export const SDK_PROXY_PACKAGES: readonly string[] = [
	'http-proxy-agent',
	'https-proxy-agent',
	'proxy-from-env',
];

/** Whether a package is the SDK, one of its own packages, or what it needs for a proxy. */
export const isSdkPackage = (name: string): boolean =>
	SDK_FAMILY.test(name) || SDK_PROXY_PACKAGES.includes(name);

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
			'The node calls Amazon Connect through the AWS SDK (@aws-sdk/client-connect and its own @aws-sdk/*, @smithy/* packages), installed with the package, with the agents the SDK needs for a proxy (http-proxy-agent, https-proxy-agent, proxy-from-env). Any other runtime dependency fails.',
		covers: (_finding, runtimeDependencies) =>
			runtimeDependencies.length > 0 && runtimeDependencies.every(isSdkPackage),
	},
	{
		rule: '@n8n/community-nodes/no-restricted-imports',
		reason:
			'Imports (in the tarball: requires) of those packages, which the dependency above provides. An import of any other package, Node.js modules included, still fails.',
		covers: (finding) => isSdkPackage(restrictedModule(finding.message) ?? ''),
	},
	{
		rule: '@n8n/community-nodes/no-restricted-globals',
		reason:
			"The Host Identity credential mode reads n8n's own admin switch N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED from process.env, as n8n's AWS credentials do; n8n gives a community node no other way to read it. Only `process`, only in transport/identity.ts.",
		covers: (finding) =>
			/^(dist\/)?nodes\/AmazonConnect\/transport\/identity\.(ts|js)$/.test(finding.file) &&
			/global 'process'/.test(finding.message),
	},
];

export interface Verdict {
	allowed: Array<Finding & { reason: string }>;
	failing: Finding[];
}

export function judge(
	findings: readonly Finding[],
	runtimeDependencies: readonly string[],
): Verdict {
	const verdict: Verdict = { allowed: [], failing: [] };
	for (const finding of findings) {
		const allowance = ALLOWANCES.find(
			(a) => a.rule === finding.ruleId && a.covers(finding, runtimeDependencies),
		);
		if (allowance) verdict.allowed.push({ ...finding, reason: allowance.reason });
		else verdict.failing.push(finding);
	}
	return verdict;
}

/**
 * What a user needs from the tarball: the manifest, README, licence and changelog, and the compiled node and
 * credential with their icons and codex file. Anything else (sources, maps, declarations, tests,
 * tooling) is a mistake in `files` or in the build.
 */
export function unexpectedPackageFiles(paths: readonly string[]): string[] {
	const needed =
		/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/(nodes|credentials)\/.+\.(js|svg|png|json))$/;
	return paths.filter((p) => !needed.test(p));
}

export function formatFinding(f: Finding): string {
	const severity = f.severity === 'error' ? 'error  ' : 'warning';
	return `  [${f.pass}] ${f.file}:${f.line}:${f.column}  ${severity}  ${f.message}  (${f.ruleId ?? 'parse error'})`;
}
