/**
 * `npm start`: the one-command demo. Builds nothing itself (npm start builds first), then
 *   1. installs the runtime if needed (Node 24 + n8n 2.40.7 into .cache/, scripts/n8n/install.sh);
 *   2. starts the local Amazon Connect emulator (port 4566, or the next free one) — or, when
 *      AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION are set, uses real AWS instead;
 *   3. installs the packed node into an n8n user folder outside the repository
 *      ($TMPDIR/n8n-nodes-amazon-connect-demo), imports a credential and the examples/ workflows;
 *   4. runs the bulk-import example once (and, with the emulator, the outbound email, close-the-ticket
 *      and CRM ticket examples), starts n8n (port 5678, or the next free one) with the webhook example
 *      active, creates the owner account and posts one ticket to the webhook;
 *   5. prints the created contacts, the editor URL, the login and a curl command; stays up until Ctrl+C.
 *
 * Options: --check (or DEMO_CHECK=1): do everything in a throwaway user folder, verify the results,
 * print PASS and exit (0, or 1 with FAIL). --fresh: start from an empty user folder. --port N,
 * --emulator-port N (or DEMO_N8N_PORT, DEMO_EMULATOR_PORT). DEMO_USER_FOLDER moves the user folder.
 * Real AWS: AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional AWS_SESSION_TOKEN, and
 * CONNECT_INSTANCE_ID (the examples' instance; without it nothing is run), optional CONNECT_USER_ID
 * (the agent of the outbound email example).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

import {
	spawnEmulator,
	EMULATOR_CLI,
	EMULATOR_DEFAULTS,
	type EmulatorProcess,
	type EmulatorStateSnapshot,
} from '../n8n/emulator';
import {
	REPO_ROOT,
	ensureRuntime,
	executeWorkflow,
	importCredentials,
	importWorkflowsFromDir,
	isPortFree,
	isRuntimeInstalled,
	n8nEnv,
	nodeItems,
	packNode,
	portFrom,
	prepareUserFolder,
	publishWorkflow,
	setupOwner,
	startN8n,
	waitForWebhook,
	writeCredentialsFile,
	type ExecuteResult,
	type OwnerAccount,
	type RunningN8n,
} from '../n8n/lib';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const EXAMPLES = {
	webhook: { id: 'exampleWebhookTask', file: 'webhook-to-task.json', node: 'Create task' },
	bulk: {
		id: 'exampleBulkCompleted',
		file: 'bulk-import-completed-tasks.json',
		node: 'Create completed task',
	},
	email: {
		id: 'exampleOutboundEmail',
		file: 'outbound-email-contact.json',
		node: 'Create outbound email contact',
	},
	ticket: { id: 'exampleCrmTicketTask', file: 'crm-ticket-to-task.json', node: 'Start task' },
	closeTicket: { id: 'exampleCloseTicket', file: 'close-ticket.json', node: 'Stop the task' },
} as const;
/** In examples/outbound-email-contact.json: the node that sends the recorded email. */
const EMAIL_SEND_NODE = 'Send the email';
/** The quick connects examples/crm-ticket-to-task.json routes to (emulator/config.default.json), by ticket category. */
const EMULATOR_QUEUE_QUICK_CONNECTS = {
	billing: '7b4e3d2c-1a0f-4e9d-8c7b-6a5f4e3d2c02',
	support: '7b4e3d2c-1a0f-4e9d-8c7b-6a5f4e3d2c01',
};
export const WEBHOOK_PATH = 'amazon-connect-task';
const CREDENTIAL_ID = 'amazonConnectDemo';
/** In examples/outbound-email-contact.json: an inbound email contact of the emulator (emulator/config.default.json). */
const EMULATOR_INBOUND_EMAIL = '33b1a492-bec5-4ea5-8768-3a757d904bb7';

/** A local account for the demo's n8n (n8n 2.x needs an owner to open the editor). */
export const DEMO_OWNER: OwnerAccount = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-Passw0rd',
};

/** Printed by --check as the last line before PASS/FAIL, for the e2e test. */
export const CHECK_RESULT_PREFIX = 'DEMO_CHECK_RESULT ';

interface Options {
	check: boolean;
	fresh: boolean;
	port?: number;
	emulatorPort?: number;
}

interface AwsSettings {
	region: string;
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	instanceId?: string;
	userId?: string;
}

const HELP = `npm start [-- --check] [-- --fresh] [-- --port 5678] [-- --emulator-port 4566]
  Starts the Amazon Connect emulator and n8n with this node, imports and runs the examples.
  --check            do everything in a throwaway folder, verify, print PASS and exit (also DEMO_CHECK=1)
  --fresh            start from an empty n8n user folder (DEMO_USER_FOLDER, default $TMPDIR/n8n-nodes-amazon-connect-demo)
  --port N           n8n's port (default 5678, or the next free one; also DEMO_N8N_PORT)
  --emulator-port N  the emulator's port (default 4566, or the next free one; also DEMO_EMULATOR_PORT)
Real AWS instead of the emulator: AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY [AWS_SESSION_TOKEN]
  CONNECT_INSTANCE_ID (the examples' instance) [CONNECT_USER_ID (the outbound email's agent)]`;

// ----------------------------------------------------------------------------------- output

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
const bold = paint('1');
const dim = paint('2');
const green = paint('32');
const red = paint('31');
const yellow = paint('33');
const cyan = paint('36');

const say = (s = '') => process.stdout.write(`${s}\n`);
const step = (s: string) => say(`${cyan('▸')} ${s}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

class DemoError extends Error {}

// ----------------------------------------------------------------------------------- setup

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
	const opts: Options = { check: /^(1|true|yes)$/i.test(env.DEMO_CHECK ?? ''), fresh: false };
	const port = (name: string, raw: string | undefined): number | undefined => {
		if (raw === undefined || raw === '') return undefined;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 1 || n > 65535)
			throw new DemoError(`${name} must be a port number, got '${raw}'`);
		return n;
	};
	opts.port = port('DEMO_N8N_PORT', env.DEMO_N8N_PORT);
	opts.emulatorPort = port('DEMO_EMULATOR_PORT', env.DEMO_EMULATOR_PORT);
	const values = (() => {
		try {
			return parseArgs({
				args: argv,
				options: {
					check: { type: 'boolean' },
					fresh: { type: 'boolean' },
					port: { type: 'string' },
					'emulator-port': { type: 'string' },
					help: { type: 'boolean', short: 'h' },
				},
			}).values;
		} catch (error) {
			throw new DemoError(`${(error as Error).message}\n${HELP}`);
		}
	})();
	if (values.help) {
		say(HELP);
		process.exit(0);
	}
	if (values.check) opts.check = true;
	if (values.fresh) opts.fresh = true;
	if (values.port !== undefined) opts.port = port('--port', values.port);
	if (values['emulator-port'] !== undefined)
		opts.emulatorPort = port('--emulator-port', values['emulator-port']);
	return opts;
}

function awsFromEnv(env: NodeJS.ProcessEnv): AwsSettings | undefined {
	const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'] as const;
	const given = names.filter((n) => env[n]);
	if (given.length === 0) return undefined;
	if (given.length < names.length) {
		const missing = names.filter((n) => !env[n]);
		throw new DemoError(
			`real AWS needs ${names.join(', ')}; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (unset them all to use the local emulator)`,
		);
	}
	return {
		region: env.AWS_REGION!,
		accessKeyId: env.AWS_ACCESS_KEY_ID!,
		secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
		sessionToken: env.AWS_SESSION_TOKEN || undefined,
		instanceId: env.CONNECT_INSTANCE_ID || undefined,
		userId: env.CONNECT_USER_ID || undefined,
	};
}

/** The port asked for (must be free), or the default / the next free one after it. */
async function choosePort(
	what: string,
	asked: number | undefined,
	preferred: number,
): Promise<number> {
	if (asked !== undefined) {
		if (await isPortFree(asked)) return asked;
		const next = await portFrom(asked + 1);
		say(yellow(`  port ${asked} for ${what} is busy; using ${next}`));
		return next;
	}
	const port = await portFrom(preferred);
	if (port !== preferred) say(yellow(`  port ${preferred} for ${what} is busy; using ${port}`));
	return port;
}

type Workflow = {
	id: string;
	name: string;
	nodes: Array<{
		type: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
	}>;
};

/** The examples as imported: the credential's name, and for real AWS the instance, the agent and no emulator contact. */
function prepareExamples(dir: string, credentialName: string, aws: AwsSettings | undefined): void {
	fs.mkdirSync(dir, { recursive: true });
	for (const { file } of Object.values(EXAMPLES)) {
		let text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
		if (aws) text = text.split(EMULATOR_INBOUND_EMAIL).join('');
		const wf = JSON.parse(text) as Workflow;
		for (const node of wf.nodes) {
			if (node.credentials?.amazonConnectApi)
				node.credentials.amazonConnectApi = { id: CREDENTIAL_ID, name: credentialName };
			if (aws && node.type === 'n8n-nodes-amazon-connect.amazonConnect') {
				if (aws.instanceId)
					node.parameters.instanceId = { __rl: true, mode: 'id', value: aws.instanceId };
				if (aws.userId && node.parameters.userId)
					node.parameters.userId = { __rl: true, mode: 'id', value: aws.userId };
			}
		}
		fs.writeFileSync(path.join(dir, file), JSON.stringify(wf, null, 2));
	}
}

/** Refuses to share a user folder (one SQLite database) with another running demo. */
function takeLock(userFolder: string): () => void {
	const lock = path.join(userFolder, 'demo.pid');
	if (fs.existsSync(lock)) {
		const pid = Number(fs.readFileSync(lock, 'utf8').trim());
		let alive = false;
		try {
			process.kill(pid, 0);
			alive = pid !== process.pid;
		} catch {
			alive = false;
		}
		if (alive) {
			throw new DemoError(
				`another demo (pid ${pid}) is using ${userFolder}: stop it with Ctrl+C first, or set DEMO_USER_FOLDER to another folder`,
			);
		}
	}
	fs.mkdirSync(userFolder, { recursive: true });
	fs.writeFileSync(lock, String(process.pid));
	return () => {
		try {
			if (fs.readFileSync(lock, 'utf8').trim() === String(process.pid)) fs.rmSync(lock);
		} catch {
			// already gone
		}
	};
}

// ----------------------------------------------------------------------------------- the demo

interface Created {
	contactId: string;
	contactArn: string;
	clientToken: string;
	[k: string]: unknown;
}

function createdContacts(
	result: ExecuteResult,
	nodeName: string,
): { created: Created[]; errors: string[] } {
	if (!result.run)
		throw new DemoError(
			`the workflow did not run: ${result.error?.message ?? 'no output from n8n execute'}`,
		);
	const items = nodeItems(result.run, nodeName).map((i) => i.json);
	return {
		created: items.filter((j) => typeof j.contactId === 'string') as Created[],
		errors: [
			...(result.error?.message
				? [
						`${result.error.message}${result.error.description ? ` — ${String(result.error.description)}` : ''}`,
					]
				: []),
			...items.filter((j) => j.error).map((j) => String(j.error)),
		],
	};
}

function curlCommand(url: string): string {
	const body = JSON.stringify({
		subject: 'Call back about order 1234',
		message: 'The customer asked for a call back about a late delivery.',
		customer: { id: 'C-1234', tier: 'gold' },
		url: 'https://crm.example.com/tickets/1234',
	});
	return `curl -s -X POST ${url}/webhook/${WEBHOOK_PATH} \\\n  -H 'content-type: application/json' -H "x-delivery-id: delivery-$(date +%s)" \\\n  -d '${body}'`;
}

function summarize(state: EmulatorStateSnapshot): string {
	const kinds = new Map<string, number>();
	for (const c of state.contacts) {
		const r = c.request as { Channel?: string; InitiationMethod?: string; InitiateAs?: string };
		const kind =
			(c as { operation?: string }).operation === 'StartTaskContact'
				? 'routed task'
				: `${r.Channel}/${r.InitiationMethod}${r.InitiateAs === 'COMPLETED' ? ' (completed)' : ''}`;
		kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
	}
	const throttled = state.requests.filter((r) => r.outcome === 'throttled').length;
	const list = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
	return `${state.contacts.length} contact(s): ${list || 'none'}; ${state.requests.length} API request(s), ${throttled} throttled`;
}

/** Undone in reverse order on exit, on Ctrl+C and on errors: child processes, lock, temporary folders. */
const cleanups: Array<() => Promise<void> | void> = [];
let cleaned = false;
async function cleanup(): Promise<void> {
	if (cleaned) return;
	cleaned = true;
	for (const fn of cleanups.reverse()) {
		try {
			await fn();
		} catch {
			// keep cleaning
		}
	}
}
const children: Array<{ pid?: number; group: boolean }> = [];
process.once('exit', () => {
	// Last resort (e.g. a second Ctrl+C): never leave n8n or the emulator running.
	for (const c of children) {
		try {
			if (c.pid) process.kill(c.group ? -c.pid : c.pid, 'SIGKILL');
		} catch {
			// gone
		}
	}
});

async function main(): Promise<number> {
	const opts = parseOptions(process.argv.slice(2), process.env);
	const aws = awsFromEnv(process.env);
	const started = Date.now();

	say(bold(`n8n-nodes-amazon-connect demo${opts.check ? ' (check)' : ''}`));
	for (const f of [
		path.join(REPO_ROOT, 'dist', 'nodes', 'AmazonConnect', 'AmazonConnect.node.js'),
		EMULATOR_CLI,
	]) {
		if (!fs.existsSync(f))
			throw new DemoError(
				`${path.relative(REPO_ROOT, f)} is missing: run \`npm start\` (it builds first), or npm run build && npx tsc -p tsconfig.tools.json`,
			);
	}

	// 1. Runtime
	if (!isRuntimeInstalled())
		step('First run: installing Node 24 and n8n 2.40.7 into .cache/ (about 4 minutes, once)');
	const paths = ensureRuntime({ quiet: isRuntimeInstalled() });

	// 2. User folder and package
	const userFolder = opts.check
		? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-amazon-connect-demo-check-'))
		: path.resolve(
				process.env.DEMO_USER_FOLDER || path.join(os.tmpdir(), 'n8n-nodes-amazon-connect-demo'),
			);
	if (opts.check && process.env.DEMO_KEEP !== '1')
		cleanups.push(() => fs.rmSync(userFolder, { recursive: true, force: true }));
	if (opts.fresh && !opts.check) {
		takeLock(userFolder)();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	cleanups.push(takeLock(userFolder));
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-demo-work-'));
	cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
	const pkg = prepareUserFolder(userFolder, packNode(work), paths);
	step(`Installed ${pkg.name}@${pkg.version} as a community node in ${userFolder}`);

	// 3. Amazon Connect: the emulator, or real AWS
	let emulator: EmulatorProcess | undefined;
	let endpoint = '';
	if (aws) {
		step(
			`Using real AWS in ${aws.region} (no emulator)${aws.instanceId ? `, instance ${aws.instanceId}` : ''}`,
		);
		if (!aws.instanceId)
			say(
				yellow(
					'  CONNECT_INSTANCE_ID is not set: the examples are imported but not run; pick your instance in them in the editor',
				),
			);
		if (opts.check && !aws.instanceId)
			throw new DemoError('--check with real AWS needs CONNECT_INSTANCE_ID');
	} else {
		const port = await choosePort('the emulator', opts.emulatorPort, 4566);
		const log = fs.createWriteStream(path.join(userFolder, 'emulator.log'), { flags: 'a' });
		emulator = await spawnEmulator({ port, echo: log });
		children.push({ pid: emulator.pid, group: false });
		cleanups.push(async () => {
			await emulator!.stop();
			log.end();
		});
		endpoint = emulator.url;
		step(
			`Amazon Connect emulator on ${emulator.url} ${dim('(quota 2 requests/s, burst 5, like a new AWS account; log: emulator.log)')}`,
		);
	}

	// 4. Credential and examples
	// No fixed encryption key: n8n creates one in <userFolder>/.n8n/config on first use.
	const env = n8nEnv(userFolder, { N8N_ENCRYPTION_KEY: undefined }, paths);
	const credentialName = aws
		? `Amazon Connect (AWS ${aws.region})`
		: 'Amazon Connect (local emulator)';
	const credentialsFile = writeCredentialsFile(path.join(work, 'credentials.json'), [
		{
			id: CREDENTIAL_ID,
			name: credentialName,
			type: 'amazonConnectApi',
			data: aws
				? {
						region: aws.region,
						accessKeyId: aws.accessKeyId,
						secretAccessKey: aws.secretAccessKey,
						sessionToken: aws.sessionToken ?? '',
						endpoint: '',
					}
				: {
						region: EMULATOR_DEFAULTS.region,
						accessKeyId: EMULATOR_DEFAULTS.accessKeyId,
						secretAccessKey: EMULATOR_DEFAULTS.secretAccessKey,
						sessionToken: '',
						endpoint,
					},
		},
	]);
	let t = Date.now();
	await importCredentials(env, credentialsFile);
	fs.rmSync(credentialsFile);
	prepareExamples(path.join(work, 'examples'), credentialName, aws);
	await importWorkflowsFromDir(env, path.join(work, 'examples'));
	step(
		`Imported the credential "${credentialName}" and ${Object.keys(EXAMPLES).length} example workflows from examples/ ${dim(seconds(Date.now() - t))}`,
	);

	const runExamples = !aws || Boolean(aws.instanceId);
	const check: Record<string, unknown> = {};
	const failures: string[] = [];

	// 5. The bulk import, once
	if (runExamples) {
		step('Running "Example: bulk import of completed tasks" (25 records → 25 completed tasks)…');
		t = Date.now();
		const bulk = createdContacts(
			await executeWorkflow(env, EXAMPLES.bulk.id, { timeoutMs: 600_000 }),
			EXAMPLES.bulk.node,
		);
		say(
			`  ${green(`${bulk.created.length} completed tasks created`)} in ${seconds(Date.now() - t)}${aws ? '' : dim(' (the node slows down to the quota and retries throttled requests)')}`,
		);
		for (const c of bulk.created.slice(0, 3)) say(`    ${c.contactId}  ${dim(c.contactArn)}`);
		if (bulk.created.length > 3) say(dim(`    … and ${bulk.created.length - 3} more`));
		for (const e of bulk.errors.slice(0, 5)) say(red(`  ${e}`));
		check.bulk = {
			created: bulk.created.length,
			contactIds: bulk.created.map((c) => c.contactId),
			errors: bulk.errors,
		};
		if (bulk.created.length !== 25 || bulk.errors.length > 0)
			failures.push(
				`the bulk import created ${bulk.created.length} of 25 contacts${bulk.errors.length ? ` (${bulk.errors[0]})` : ''}`,
			);
	}

	// The contact's life after Create: an outbound email recorded and sent, a ticket's task closed. With
	// real AWS they are not run (the email would go out): open them in the editor.
	if (runExamples && !aws) {
		step('Running "Example: create an outbound email contact and send it"…');
		const emailRun = await executeWorkflow(env, EXAMPLES.email.id);
		const email = createdContacts(emailRun, EXAMPLES.email.node);
		const sentItems = emailRun.run
			? nodeItems(emailRun.run, EMAIL_SEND_NODE)
					.map((i) => i.json)
					.filter((j) => typeof j.contactId === 'string')
			: [];
		for (const c of email.created)
			say(`    ${c.contactId}  ${dim('outbound email contact recorded')}`);
		for (const j of sentItems)
			say(`    ${String(j.contactId)}  ${green('email sent')} ${dim(`(Email → Send)`)}`);
		for (const e of email.errors.slice(0, 5)) say(red(`  ${e}`));
		if (emailRun.error?.message) say(red(`  ${emailRun.error.message}`));
		check.email = {
			created: email.created.length,
			contactIds: email.created.map((c) => c.contactId),
			sentContactIds: sentItems.map((j) => j.contactId),
			errors: [...email.errors, ...(emailRun.error?.message ? [emailRun.error.message] : [])],
		};
		if (
			email.created.length !== 1 ||
			sentItems.length !== 1 ||
			sentItems[0].contactId !== email.created[0].contactId ||
			email.errors.length > 0
		)
			failures.push(
				`the outbound email example created ${email.created.length} of 1 contacts and sent ${sentItems.length}${email.errors.length ? ` (${email.errors[0]})` : ''}${emailRun.error?.message ? ` (${emailRun.error.message})` : ''}`,
			);

		step('Running "Example: close the ticket" (open a task, then Get → Update Attributes → Stop)…');
		const closeRun = await executeWorkflow(env, EXAMPLES.closeTicket.id);
		const stopped = closeRun.run
			? nodeItems(closeRun.run, EXAMPLES.closeTicket.node).map((i) => i.json)
			: [];
		for (const j of stopped)
			say(
				`    ${String(j.contactId)}  ${j.stopped === true ? green('task stopped') : red('not stopped')}`,
			);
		if (closeRun.error?.message) say(red(`  ${closeRun.error.message}`));
		check.closeTicket = {
			contactIds: stopped.map((j) => j.contactId),
			stopped: stopped.filter((j) => j.stopped === true).length,
			errors: closeRun.error?.message ? [closeRun.error.message] : [],
		};
		if (stopped.length !== 1 || stopped[0].stopped !== true)
			failures.push(
				`the close-the-ticket example did not stop its task${closeRun.error?.message ? ` (${closeRun.error.message})` : ''}`,
			);
	}

	// CRM tickets → tasks routed to the right queue (Task → Start). Its quick connects are the emulator's:
	// with real AWS, open it in the editor and pick yours.
	if (runExamples && !aws) {
		step('Running "Example: CRM ticket → task for the right queue" (3 tickets → 3 routed tasks)…');
		const tickets = createdContacts(
			await executeWorkflow(env, EXAMPLES.ticket.id),
			EXAMPLES.ticket.node,
		);
		const queueNames = Object.fromEntries(
			Object.entries(EMULATOR_QUEUE_QUICK_CONNECTS).map(([name, id]) => [id, name]),
		);
		for (const t of tickets.created)
			say(
				`    ${t.contactId}  ${dim(`to the ${queueNames[String((t as { quickConnectId?: string }).quickConnectId)] ?? '?'} queue`)}`,
			);
		for (const e of tickets.errors.slice(0, 5)) say(red(`  ${e}`));
		check.tickets = {
			created: tickets.created.length,
			contactIds: tickets.created.map((c) => c.contactId),
			errors: tickets.errors,
		};
		if (tickets.created.length !== 3 || tickets.errors.length > 0)
			failures.push(
				`the CRM ticket example started ${tickets.created.length} of 3 tasks${tickets.errors.length ? ` (${tickets.errors[0]})` : ''}`,
			);
	}

	// 6. n8n with the webhook active
	if (runExamples) await publishWorkflow(env, EXAMPLES.webhook.id);
	const port = await choosePort('n8n', opts.port, 5678);
	const url = `http://127.0.0.1:${port}`;
	step(`Starting n8n on ${url} ${dim('(log: n8n.log)')}…`);
	const n8nLog = fs.createWriteStream(path.join(userFolder, 'n8n.log'), { flags: 'a' });
	let n8n: RunningN8n;
	try {
		n8n = await startN8n({ ...env, WEBHOOK_URL: `${url}/` }, port, {
			logStream: n8nLog,
			timeoutMs: 180_000,
		});
	} catch (error) {
		n8nLog.end();
		throw error;
	}
	children.push({ pid: n8n.process.pid, group: true });
	cleanups.push(async () => {
		await n8n.stop();
		n8nLog.end();
	});
	const owner = { ...DEMO_OWNER };
	await setupOwner(url, owner);
	say(`  ready in ${seconds(n8n.startupMs)}`);

	// 7. One ticket through the webhook
	if (runExamples) {
		const deliveryId = `demo-delivery-${Date.now()}`;
		const ticket = {
			subject: 'Call back about order 1234',
			message: 'The customer asked for a call back about a late delivery.',
			customer: { id: 'C-1234', tier: 'gold' },
			url: 'https://crm.example.com/tickets/1234',
		};
		await waitForWebhook(url, WEBHOOK_PATH);
		step(`POST ${url}/webhook/${WEBHOOK_PATH} (a ticket from a CRM)…`);
		const res = await fetch(`${url}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-delivery-id': deliveryId },
			body: JSON.stringify(ticket),
			signal: AbortSignal.timeout(60_000),
		});
		const text = await res.text();
		let answer: Record<string, unknown> = {};
		try {
			answer = JSON.parse(text) as Record<string, unknown>;
		} catch {
			// not JSON: reported below
		}
		if (res.ok && typeof answer.contactId === 'string') {
			say(`  ${green('task created')}: ${answer.contactId}  ${dim(String(answer.contactArn))}`);
		} else {
			say(red(`  the webhook answered HTTP ${res.status}: ${text.slice(0, 500)}`));
			failures.push(`the webhook answered HTTP ${res.status}: ${text.slice(0, 200)}`);
		}
		check.webhook = {
			status: res.status,
			contactId: answer.contactId,
			name: ticket.subject,
			deliveryId,
		};
	}

	if (emulator) {
		const state = await emulator.client.state();
		say(`  ${dim('The emulator now holds')} ${summarize(state)}`);
		if (opts.check) {
			const byId = new Map(
				state.contacts.map((c) => [c.contactId, c.request as Record<string, unknown>]),
			);
			const bulkIds = (check.bulk as { contactIds?: string[] } | undefined)?.contactIds ?? [];
			const completed = bulkIds.filter(
				(id) => byId.get(id)?.InitiateAs === 'COMPLETED' && byId.get(id)?.Channel === 'TASK',
			);
			if (completed.length !== 25)
				failures.push(`the emulator holds ${completed.length} of the 25 completed tasks`);
			const hook = check.webhook as { contactId?: string; name?: string } | undefined;
			const task = hook?.contactId ? byId.get(hook.contactId) : undefined;
			if (!task || task.Channel !== 'TASK' || task.Name !== hook?.name)
				failures.push('the emulator holds no task for the webhook delivery');
			const emailId = ((check.email as { contactIds?: string[] } | undefined)?.contactIds ?? [])[0];
			const email = emailId ? byId.get(emailId) : undefined;
			if (!email || email.Channel !== 'EMAIL' || email.InitiationMethod !== 'OUTBOUND')
				failures.push('the emulator holds no outbound email contact');
			// What the emulator recorded as sent for that contact: one email, to the customer, with the subject.
			const emailsSent = state.emails
				.filter((e) => e.contactId === emailId)
				.map((e) => {
					const r = e.request as {
						DestinationEmailAddress?: { EmailAddress?: string };
						EmailMessage?: { RawMessage?: { Subject?: string } };
					};
					return {
						to: r.DestinationEmailAddress?.EmailAddress,
						subject: r.EmailMessage?.RawMessage?.Subject,
					};
				});
			if (emailsSent.length !== 1)
				failures.push(
					`the emulator recorded ${emailsSent.length} emails sent for the outbound email contact, not 1`,
				);
			const ticketTaskId = ((check.closeTicket as { contactIds?: unknown[] } | undefined)
				?.contactIds ?? [])[0];
			const ticketTask = typeof ticketTaskId === 'string' ? state.lives[ticketTaskId] : undefined;
			const ticketClosed =
				ticketTask?.channel === 'TASK' &&
				ticketTask.state === 'STOPPED' &&
				ticketTask.attributes.status === 'closed';
			if (!ticketClosed)
				failures.push(
					`the emulator holds the ticket's task ${String(ticketTaskId)} as ${JSON.stringify(ticketTask ?? null)}, not stopped with status closed`,
				);
			const ticketIds = (check.tickets as { contactIds?: string[] } | undefined)?.contactIds ?? [];
			const routed = ticketIds.map((id) => byId.get(id)?.QuickConnectId);
			const wanted = [
				EMULATOR_QUEUE_QUICK_CONNECTS.billing,
				EMULATOR_QUEUE_QUICK_CONNECTS.support,
				EMULATOR_QUEUE_QUICK_CONNECTS.billing,
			];
			if (!aws && JSON.stringify(routed) !== JSON.stringify(wanted))
				failures.push(
					`the emulator holds the CRM tickets' tasks routed to ${JSON.stringify(routed)}`,
				);
			check.emulator = {
				contacts: state.contacts.length,
				completedTasks: completed.length,
				webhookTask: Boolean(task),
				outboundEmail: Boolean(email),
				emailsSent,
				ticketTask: ticketTask && {
					channel: ticketTask.channel,
					state: ticketTask.state,
					attributes: ticketTask.attributes,
				},
				routedTasks: routed.filter(Boolean).length,
			};
		}
	}

	say();
	say(bold('Open the editor'));
	say(
		`  ${url}   sign in as ${bold(owner.email)} / ${bold(owner.password)} ${dim('(local demo account)')}`,
	);
	say(
		`  Workflows: "Example: webhook → Amazon Connect task"${runExamples ? ' (active)' : ''}, "Example: bulk import of completed tasks", "Example: create an outbound email contact and send it", "Example: close the ticket", "Example: CRM ticket → task for the right queue"`,
	);
	if (runExamples) {
		say(bold('Create a task through the webhook'));
		say(curlCommand(url));
		say(dim('  (send the same x-delivery-id twice: the second call returns the same task)'));
	}
	if (emulator) say(dim(`  Emulator state: curl -s ${emulator.url}/_emulator/state`));

	if (opts.check) {
		check.ms = Date.now() - started;
		check.ports = { n8n: port, emulator: emulator?.port };
		say(`${CHECK_RESULT_PREFIX}${JSON.stringify(check)}`);
		await cleanup();
		if (failures.length > 0) {
			say(red(`FAIL: ${failures.join('; ')}`));
			return 1;
		}
		say(green(`PASS (${seconds(Date.now() - started)})`));
		return 0;
	}

	say();
	say(dim(`Press Ctrl+C to stop n8n${emulator ? ' and the emulator' : ''}.`));
	return await new Promise<number>((resolve) => {
		const stop = (signal: string) => {
			say(`\n${signal}: stopping n8n${emulator ? ' and the emulator' : ''}…`);
			void cleanup().then(() => resolve(0));
		};
		process.once('SIGINT', () => stop('SIGINT'));
		process.once('SIGTERM', () => stop('SIGTERM'));
		n8n.process.once('exit', (code) => {
			if (cleaned) return;
			say(red(`n8n exited unexpectedly (code ${code}); see ${path.join(userFolder, 'n8n.log')}`));
			void cleanup().then(() => resolve(1));
		});
	}).finally(cleanup);
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		async (error: unknown) => {
			const message = error instanceof Error ? error.message : String(error);
			process.stderr.write(
				`${red(error instanceof DemoError ? `Error: ${message}` : `Unexpected error: ${error instanceof Error ? (error.stack ?? message) : message}`)}\n`,
			);
			await cleanup();
			if (process.argv.includes('--check') || /^(1|true|yes)$/i.test(process.env.DEMO_CHECK ?? ''))
				process.stdout.write('FAIL\n');
			process.exit(1);
		},
	);
}
