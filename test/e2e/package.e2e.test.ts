/**
 * The package under test is the real one: `npm pack` of the built repository, installed where n8n's
 * "Install community node" puts it (global-setup.ts). Checks what ships and how it is installed; the
 * other e2e tests then run it inside n8n.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { REPO_ROOT } from '../../scripts/n8n/lib';
import { readState } from './support/e2e';

describe('the packed package, installed as a community node', () => {
	const state = readState();
	const repoPkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		name: string;
		version: string;
		dependencies: Record<string, string>;
		n8n: { nodes: string[]; credentials: string[] };
	};

	it('ships only the built node, its credential, icons, README, licence and changelog', () => {
		const files = execFileSync('tar', ['-tzf', state.realPackageTarball], { encoding: 'utf8' })
			.split('\n')
			.filter(Boolean)
			.map((f) => f.replace(/^package\//, ''));
		const unexpected = files.filter(
			(f) =>
				!['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(f) &&
				!/^dist\/(nodes|credentials)\//.test(f),
		);
		expect(unexpected).toEqual([]);
		expect(files).toEqual(
			expect.arrayContaining([...repoPkg.n8n.nodes, ...repoPkg.n8n.credentials]),
		);
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/AmazonConnect/AmazonConnect.node.json',
				'dist/nodes/AmazonConnect/amazonConnect.svg',
				'dist/nodes/AmazonConnect/amazonConnect.dark.svg',
				'dist/credentials/amazonConnectApi.svg',
			]),
		);
	});

	it('is installed where n8n loads community nodes, with its dependency and without a second n8n-workflow', () => {
		const nodesDir = path.join(state.templateUserFolder, '.n8n', 'nodes');
		expect(state.realPackage).toEqual({
			name: repoPkg.name,
			version: repoPkg.version,
			dir: path.join(nodesDir, 'node_modules', repoPkg.name),
		});
		const installed = JSON.parse(
			fs.readFileSync(path.join(state.realPackage.dir, 'package.json'), 'utf8'),
		) as Record<string, unknown>;
		expect(installed.dependencies).toEqual(repoPkg.dependencies);
		expect(installed).not.toHaveProperty('devDependencies');
		expect(installed).not.toHaveProperty('peerDependencies');
		for (const dep of Object.keys(repoPkg.dependencies)) {
			expect(
				fs.existsSync(path.join(state.realPackage.dir, 'node_modules', dep, 'package.json')),
			).toBe(true);
		}
		expect(fs.existsSync(path.join(state.realPackage.dir, 'node_modules', 'n8n-workflow'))).toBe(
			false,
		);
		expect(fs.existsSync(path.join(nodesDir, 'node_modules', 'n8n-workflow'))).toBe(false);
		expect(
			JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')).dependencies,
		).toEqual({ [repoPkg.name]: repoPkg.version });
	});
});
