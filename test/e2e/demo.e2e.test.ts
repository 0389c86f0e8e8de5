/**
 * The README's first command, `npm start`, in its non-interactive check mode: the demo
 * (scripts/demo/start.ts, compiled to build/ by the global setup like `npm start` does) installs the
 * packed node into a throwaway user folder, starts its own emulator and n8n, imports examples/*.json,
 * runs the bulk import and the outbound email example, posts to the webhook example, verifies the
 * contacts in the emulator, prints PASS and exits 0, leaving nothing running.
 * The ports it prefers are held busy here, so it must pick others by itself.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { REPO_ROOT, isPortFree } from '../../scripts/n8n/lib';

const DEMO = path.join(REPO_ROOT, 'build', 'scripts', 'demo', 'start.js');
/** The line scripts/demo/start.ts prints in check mode (CHECK_RESULT_PREFIX). */
const CHECK_RESULT_PREFIX = 'DEMO_CHECK_RESULT ';

function holdPort(): Promise<net.Server> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => resolve(srv));
	});
}
const portOf = (srv: net.Server) => (srv.address() as net.AddressInfo).port;

function runDemo(
	args: string[],
	env: NodeJS.ProcessEnv,
	timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [DEMO, ...args], {
			cwd: REPO_ROOT,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		const timer = setTimeout(() => {
			child.kill('SIGINT'); // the demo cleans up its children on SIGINT
			reject(new Error(`the demo did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr, ms: Date.now() - started });
		});
	});
}

describe('npm start -- --check (the one-command demo)', () => {
	it('runs the examples against its own emulator and n8n, verifies them, prints PASS and cleans up', async () => {
		const busyEmulatorPort = await holdPort();
		const busyN8nPort = await holdPort();
		const busy = { emulator: portOf(busyEmulatorPort), n8n: portOf(busyN8nPort) };
		// Never let a developer's AWS settings turn this into a run against real AWS. Where the pinned n8n
		// is cached is kept: it is not a setting of n8n, and without it a worktree installs n8n again.
		const env = Object.fromEntries(
			Object.entries(process.env).filter(
				([k]) => k === 'N8N_CACHE_DIR' || !/^(AWS_|CONNECT_|DEMO_|N8N_)/.test(k),
			),
		);
		env.DEMO_EMULATOR_PORT = String(busy.emulator);
		env.DEMO_N8N_PORT = String(busy.n8n);
		let result: Awaited<ReturnType<typeof runDemo>>;
		try {
			result = await runDemo(['--check'], env, 420_000);
		} finally {
			busyEmulatorPort.close();
			busyN8nPort.close();
		}
		const { code, stdout, stderr, ms } = result;
		process.stderr.write(`[demo] npm start -- --check: ${ms} ms\n`);
		const lines = stdout.trim().split('\n');
		expect({ code, last: lines[lines.length - 1], stderr }).toEqual({
			code: 0,
			last: expect.stringMatching(/^PASS \(\d+\.\d s\)$/),
			stderr: '',
		});

		expect(stdout).toContain(`port ${busy.emulator} for the emulator is busy; using `);
		expect(stdout).toContain(`port ${busy.n8n} for n8n is busy; using `);
		expect(stdout).toMatch(/sign in as demo@example\.com \/ Demo-Passw0rd/);
		expect(stdout).toMatch(
			/curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/webhook\/amazon-connect-task/,
		);

		const check = JSON.parse(
			lines.find((l) => l.startsWith(CHECK_RESULT_PREFIX))!.slice(CHECK_RESULT_PREFIX.length),
		) as {
			bulk: { created: number; contactIds: string[]; errors: string[] };
			email: { created: number; contactIds: string[]; errors: string[] };
			closeTicket: { contactIds: string[]; stopped: number; errors: string[] };
			tickets: { created: number; contactIds: string[]; errors: string[] };
			webhook: { status: number; contactId: string };
			emulator: Record<string, unknown>;
			ports: { n8n: number; emulator: number };
		};
		expect(check.bulk).toEqual({ created: 25, contactIds: expect.any(Array), errors: [] });
		expect(new Set(check.bulk.contactIds).size).toBe(25);
		// Create → Email Send: one contact recorded, the same contact sent.
		expect(check.email).toEqual({
			created: 1,
			contactIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
			sentContactIds: check.email.contactIds,
			errors: [],
		});
		// Close the ticket: the task the example opened is stopped.
		expect(check.closeTicket).toEqual({
			contactIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
			stopped: 1,
			errors: [],
		});
		expect(stdout).toContain(`${check.email.contactIds[0]}  email sent`);
		expect(stdout).toContain(`${check.closeTicket.contactIds[0]}  task stopped`);
		expect(check.webhook).toMatchObject({
			status: 200,
			contactId: expect.stringMatching(/^[0-9a-f-]{36}$/),
		});
		expect(check.tickets).toEqual({
			created: 3,
			contactIds: [expect.any(String), expect.any(String), expect.any(String)],
			errors: [],
		});
		expect(check.emulator).toEqual({
			contacts: 31,
			completedTasks: 25,
			webhookTask: true,
			outboundEmail: true,
			emailsSent: [{ to: 'mia.rossi@example.com', subject: 'Re: Where is my order 2001?' }],
			ticketTask: {
				channel: 'TASK',
				state: 'STOPPED',
				attributes: {
					ticketId: 'T-9001',
					status: 'closed',
					resolution: 'Replaced the toner; printer working',
				},
			},
			routedTasks: 3,
		});
		for (const line of [...check.bulk.contactIds.slice(0, 3), check.webhook.contactId])
			expect(stdout).toContain(line);

		// Nothing is left behind: both ports are free again, the throwaway user folder is gone.
		await expect(isPortFree(check.ports.n8n)).resolves.toBe(true);
		await expect(isPortFree(check.ports.emulator)).resolves.toBe(true);
		const folder = /community node in (\S+)/.exec(stdout)?.[1];
		expect(folder).toBeDefined();
		expect(fs.existsSync(folder!)).toBe(false);
	}, 480_000);
});
