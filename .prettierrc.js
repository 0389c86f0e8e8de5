// n8n's formatting (the settings of n8n's community-node starter and `n8n-node` templates).
// https://prettier.io/docs/en/options.html
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
	// npm writes package.json itself, with two spaces
	overrides: [{ files: ['package.json'], options: { useTabs: false } }],
};
