/**
 * The Amazon Connect emulator as a separate process (build/emulator/cli.js), for the e2e suite and the
 * demo: n8n runs in its own process and reaches the emulator over HTTP like it would reach AWS.
 * Compile first with `tsc -p tsconfig.tools.json` (the CLI lands in build/emulator/cli.js).
 *
 *   const emu = await spawnEmulator({ args: ['--no-rate', '--quiet'] });  // port 0 = a free port
 *   await emu.client.configure({ rate: { perSecond: 20, burst: 5 } });
 *   const state = await emu.client.state();
 *   await emu.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	type ContactLife,
	defaultConfig,
	type EmulatorSettings,
	type RequestRecord,
	type SentEmail,
	type StoredContact,
	type TokenRecord,
} from '../../emulator';
import { REPO_ROOT } from './lib';

export const EMULATOR_CLI = path.join(REPO_ROOT, 'build', 'emulator', 'cli.js');

const shipped = defaultConfig();

/** The shipped emulator configuration (emulator/config.default.json), for tests and the demo. */
export const EMULATOR_DEFAULTS = {
	region: shipped.region,
	accountId: shipped.accountId,
	/** demo-contact-center */
	instanceId: shipped.instances[0].id,
	/** Full access (AKIAEMULATOREXAMPLE1). */
	accessKeyId: shipped.accessKeys[0].accessKeyId,
	secretAccessKey: shipped.accessKeys[0].secretAccessKey,
};

/** What GET /_emulator/state answers: the emulator's own records, as JSON. */
export type EmulatorRequest = RequestRecord;
export type EmulatorContact = Omit<StoredContact, 'request'> & { request: Record<string, unknown> };
export type EmulatorToken = TokenRecord;

export interface EmulatorStateSnapshot {
	requests: EmulatorRequest[];
	contacts: EmulatorContact[];
	tokens: Record<string, EmulatorToken>;
	/** Each contact's state after CreateContact: active or stopped, attributes, transfers (emulator/lifecycle.ts). */
	lives: Record<string, ContactLife>;
	/** The emails StartOutboundEmailContact sent. */
	emails: SentEmail[];
	options: unknown;
}

/** What POST /_emulator/configure takes. */
export type { EmulatorSettings };

/** The emulator's control endpoints (no signature needed). */
export class EmulatorClient {
	constructor(readonly url: string) {}

	private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
		const send = () =>
			fetch(`${this.url}${route}`, {
				method,
				headers: body === undefined ? {} : { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(10_000),
			});
		let res: Response;
		try {
			res = await send();
		} catch {
			// A kept-alive socket the emulator closed just as it was reused ("other side closed", seen on a
			// loaded machine): the control calls are idempotent, so one new connection settles it.
			res = await send();
		}
		const text = await res.text();
		if (!res.ok)
			throw new Error(`${method} ${this.url}${route}: HTTP ${res.status} ${text.slice(0, 300)}`);
		return JSON.parse(text) as T;
	}

	state(): Promise<EmulatorStateSnapshot> {
		return this.call('GET', '/_emulator/state');
	}

	/** Clears requests, contacts and tokens, and restarts the quota bucket and the fault sequence. */
	async reset(): Promise<void> {
		await this.call('POST', '/_emulator/reset');
	}

	/** Changes quota, latency or faults (and restarts the bucket and the fault sequence). */
	async configure(settings: EmulatorSettings): Promise<void> {
		await this.call('POST', '/_emulator/configure', settings);
	}

	async healthy(): Promise<boolean> {
		try {
			await this.call('GET', '/_emulator/health');
			return true;
		} catch {
			return false;
		}
	}
}

export interface EmulatorProcess {
	url: string;
	port: number;
	pid: number;
	process: ChildProcess;
	client: EmulatorClient;
	/** Output so far (the request log unless --quiet). */
	logs(): string;
	stop(): Promise<void>;
}

/**
 * Spawns `node build/emulator/cli.js --host 127.0.0.1 --port <port> ...args` with the current Node and
 * resolves once it printed its URL. `port` 0 (the default) lets the OS pick a free port.
 * `echo` copies its output (the request log) to the given stream.
 */
export async function spawnEmulator(
	opts: { port?: number; args?: string[]; echo?: NodeJS.WritableStream; timeoutMs?: number } = {},
): Promise<EmulatorProcess> {
	if (!fs.existsSync(EMULATOR_CLI)) {
		throw new Error(
			`${path.relative(REPO_ROOT, EMULATOR_CLI)} is missing: compile the tools first (npx tsc -p tsconfig.tools.json)`,
		);
	}
	const child = spawn(
		process.execPath,
		[EMULATOR_CLI, '--host', '127.0.0.1', '--port', String(opts.port ?? 0), ...(opts.args ?? [])],
		{
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			// Keep the caller's environment but not CONNECT_EMULATOR_* settings that would change the defaults.
			env: Object.fromEntries(
				Object.entries(process.env).filter(([k]) => !k.startsWith('CONNECT_EMULATOR_')),
			),
		},
	);
	let output = '';
	const collect = (d: string) => {
		output += d;
		if (output.length > 1_000_000) output = output.slice(-500_000);
		opts.echo?.write(d);
	};
	child.stdout!.setEncoding('utf8').on('data', collect);
	child.stderr!.setEncoding('utf8').on('data', collect);
	let exited = false;
	const exitPromise = new Promise<void>((resolve) =>
		child.once('exit', () => ((exited = true), resolve())),
	);

	const stop = async () => {
		if (exited) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
		await exitPromise;
		clearTimeout(timer);
	};

	const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
	for (;;) {
		const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
		if (m) {
			const url = m[1];
			return {
				url,
				port: Number(m[2]),
				pid: child.pid!,
				process: child,
				client: new EmulatorClient(url),
				logs: () => output,
				stop,
			};
		}
		if (exited)
			throw new Error(`the emulator exited before listening (exit ${child.exitCode}):\n${output}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(
				`the emulator did not start within ${opts.timeoutMs ?? 15_000} ms:\n${output}`,
			);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
}
