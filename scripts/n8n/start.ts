/**
 * Runs a local n8n editor with this repository's built package installed as a community node,
 * for manual checks. Build first (`npm run build`), compile the tools (`tsc -p tsconfig.tools.json`), then
 *   node build/scripts/n8n/start.js [--port 5678] [--fresh] [--workflow wf.json]... [--credentials creds.json]...
 * The user folder is $TMPDIR/n8n-nodes-amazon-connect-dev (or N8N_DEV_USER_FOLDER), outside the repository on
 * purpose (see prepareUserFolder); --fresh recreates it. Ctrl-C stops n8n.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

import {
	DEFAULT_OWNER,
	REPO_ROOT,
	ensureRuntime,
	importCredentials,
	importWorkflow,
	n8nEnv,
	packNode,
	prepareUserFolder,
	setupOwner,
	startN8n,
} from './lib';

function cliArgs(args: string[]): {
	port: number;
	fresh: boolean;
	workflows: string[];
	credentials: string[];
} {
	const { values } = parseArgs({
		args,
		options: {
			port: { type: 'string', default: '5678' },
			fresh: { type: 'boolean', default: false },
			workflow: { type: 'string', multiple: true, default: [] },
			credentials: { type: 'string', multiple: true, default: [] },
		},
	});
	return {
		port: Number(values.port),
		fresh: values.fresh,
		workflows: values.workflow.map((file) => path.resolve(file)),
		credentials: values.credentials.map((file) => path.resolve(file)),
	};
}

async function main(): Promise<void> {
	const args = cliArgs(process.argv.slice(2));
	const entry = path.join(REPO_ROOT, 'dist', 'nodes', 'AmazonConnect', 'AmazonConnect.node.js');
	if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);

	const paths = ensureRuntime();
	const userFolder =
		process.env.N8N_DEV_USER_FOLDER ?? path.join(os.tmpdir(), 'n8n-nodes-amazon-connect-dev');
	if (args.fresh) fs.rmSync(userFolder, { recursive: true, force: true });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dev-pack-'));
	try {
		const pkg = prepareUserFolder(userFolder, packNode(packDir), paths);
		console.log(`installed ${pkg.name}@${pkg.version} into ${pkg.dir}`);
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}

	const env = n8nEnv(userFolder, { N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info' }, paths);
	for (const file of args.credentials) await importCredentials(env, file);
	for (const file of args.workflows) await importWorkflow(env, file);

	const n8n = await startN8n(env, args.port, { echo: true });
	await setupOwner(n8n.url);
	console.log(
		`\nn8n ${n8n.url} ready in ${(n8n.startupMs / 1000).toFixed(1)} s; sign in as ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password} (local test account)`,
	);

	const shutdown = async () => {
		await n8n.stop();
		process.exit(0);
	};
	process.once('SIGINT', () => void shutdown());
	process.once('SIGTERM', () => void shutdown());
	n8n.process.once('exit', (code) => {
		console.error(`n8n exited (${code})`);
		process.exit(code ?? 1);
	});
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
