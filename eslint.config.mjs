// The rules n8n's package scanner (@n8n/scan-community-package) applies, as `n8n-node lint` sets them
// up: @n8n/eslint-plugin-community-nodes (recommended) and eslint-plugin-n8n-nodes-base's three
// rulesets, with the same exceptions. Like the scanner, inline `eslint-disable` comments are ignored.
//
// Two rules are off here because the AWS SDK dependency makes them unavoidable, and `process` is allowed
// in transport/identity.ts (n8n's admin switch for the host identity); `npm run scan` runs the scanner
// itself and allows only those findings (scripts/scan/findings.ts, README "n8n's scanner").
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'build/**'] },
	{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
	n8nCommunityNodesPlugin.configs.recommended,
	{
		rules: {
			'no-console': 'error',
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
		},
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Not valid for community nodes (the scanner turns them off too)
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// As in the scanner: inputs/outputs are NodeConnectionTypes, and a maximum may be AWS's limit
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	// The rule takes no options: off for this file here; `npm run scan` still fails on any global but `process` in it.
	{
		files: ['nodes/AmazonConnect/transport/identity.ts'],
		rules: { '@n8n/community-nodes/no-restricted-globals': 'off' },
	},
	{ files: ['**/*.json'], languageOptions: { parser: tseslint.parser } },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
];
