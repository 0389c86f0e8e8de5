// The scanner ships plain ESM without types (and without an `exports` map): what scan.ts uses of it.
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	export interface AnalysisResult {
		passed: boolean;
		message?: string;
		/** ESLint's "stylish" report: the only form in which the scanner returns its findings. */
		details?: string;
	}
	/** The source leg's patterns: package.json and `{nodes,credentials}/**` sources. */
	export const SOURCE_FILE_PATTERNS: string[];
	export function analyzePackage(
		packageDir: string,
		filePatterns?: string[],
	): Promise<AnalysisResult>;
}
