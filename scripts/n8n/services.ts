/**
 * PostgreSQL and Redis for the queue-mode stack (queue.ts): Debian's binaries (installed by
 * install-queue-services.sh), each instance in a throwaway folder, on a free port of 127.0.0.1 only.
 *
 *   ensureQueueServices();                                    // apt-get install when missing (root or sudo)
 *   const pg = await startPostgres();                         // initdb + postgres, database "n8n"
 *   const redis = await startRedis();
 *   ... pg.env (DB_POSTGRESDB_*), redis.env (QUEUE_BULL_REDIS_*) for n8n ...
 *   await redis.stop(); await pg.stop();                      // stops and deletes their folders
 *
 * PostgreSQL refuses to run as root: as root, initdb and postgres run as the `postgres` user the Debian
 * package creates, with the data folder owned by it.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT, freePort } from './lib';

export const INSTALL_QUEUE_SERVICES = path.join(
	REPO_ROOT,
	'scripts',
	'n8n',
	'install-queue-services.sh',
);

/** Runs install-queue-services.sh (a second when both are present; apt-get otherwise). */
export function ensureQueueServices(opts: { quiet?: boolean } = {}): void {
	const res = spawnSync('bash', [INSTALL_QUEUE_SERVICES], {
		encoding: 'utf8',
		stdio: opts.quiet ? 'pipe' : 'inherit',
	});
	if (res.status !== 0)
		throw new Error(
			`install-queue-services.sh failed (exit ${res.status})\n${res.stdout ?? ''}${res.stderr ?? ''}`,
		);
}

/** The newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		: [];
	if (versions.length === 0)
		throw new Error(
			`no PostgreSQL under ${root}: run bash ${path.relative(process.cwd(), INSTALL_QUEUE_SERVICES)}`,
		);
	versions.sort((a, b) => Number(b) - Number(a));
	return path.join(root, versions[0], 'bin');
}

export interface ServiceProcess {
	port: number;
	/** The instance's folder (data, sockets, logs); deleted by stop(). */
	dir: string;
	process: ChildProcess;
	logs(): string;
	/** Environment for n8n (DB_* or QUEUE_BULL_REDIS_*). */
	env: Record<string, string>;
	stop(): Promise<void>;
}

function collectOutput(child: ChildProcess, echo?: NodeJS.WritableStream): () => string {
	let output = '';
	const collect = (d: string) => {
		output += d;
		if (output.length > 500_000) output = output.slice(-250_000);
		echo?.write(d);
	};
	child.stdout?.setEncoding('utf8').on('data', collect);
	child.stderr?.setEncoding('utf8').on('data', collect);
	return () => output;
}

function stopper(
	child: ChildProcess,
	signal: NodeJS.Signals,
	cleanup: () => void,
): () => Promise<void> {
	const exited = new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});
	return async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		cleanup();
	};
}

/** Whether a TCP connection to 127.0.0.1:port succeeds and `probe` (optional) gets an answer containing `expect`. */
function answers(port: number, probe?: string, expect?: string): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let got = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => {
			if (!probe) return done(true);
			socket.write(probe);
		});
		socket.on('data', (d) => {
			got += d.toString('utf8');
			if (expect && got.includes(expect)) done(true);
		});
	});
}

async function waitFor(
	what: string,
	check: () => Promise<boolean>,
	child: ChildProcess,
	logs: () => string,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(
				`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logs().slice(-3000)}`,
			);
		if (await check()) return;
		if (Date.now() > deadline)
			throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${logs().slice(-3000)}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** uid/gid to run PostgreSQL as: the `postgres` user when we are root, else ourselves. */
function postgresIdentity(): { uid?: number; gid?: number; user: string } {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0)
		return { user: os.userInfo().username };
	const id = (flag: string) =>
		Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	try {
		return { uid: id('-u'), gid: id('-g'), user: 'postgres' };
	} catch {
		throw new Error(
			'running as root, and there is no `postgres` user to run PostgreSQL as (PostgreSQL refuses root): install the postgresql package, or run as another user',
		);
	}
}

/**
 * A throwaway PostgreSQL: initdb into a new folder under the system temp folder, then `postgres`
 * listening on 127.0.0.1:<port> only (its socket in that folder too), with password authentication over
 * TCP for user `n8n` and a database `n8n`. Durability is off (fsync, synchronous_commit): the data is
 * thrown away anyway. stop() shuts it down and deletes the folder.
 */
export async function startPostgres(
	opts: { port?: number; echo?: NodeJS.WritableStream; timeoutMs?: number } = {},
): Promise<ServiceProcess> {
	const bin = postgresBinDir();
	const who = postgresIdentity();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	const data = path.join(dir, 'data');
	const password = randomBytes(12).toString('hex');
	const pwfile = path.join(dir, 'pwfile');
	fs.writeFileSync(pwfile, `${password}\n`);
	if (who.uid !== undefined) {
		fs.chownSync(dir, who.uid, who.gid!);
		fs.chownSync(pwfile, who.uid, who.gid!);
	}
	const asUser = {
		uid: who.uid,
		gid: who.gid,
		cwd: dir,
		env: { PATH: `${bin}:/usr/bin:/bin`, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: dir },
	};
	const init = spawnSync(
		path.join(bin, 'initdb'),
		[
			'-D',
			data,
			'-U',
			'n8n',
			'--pwfile',
			pwfile,
			'--auth-local=trust',
			'--auth-host=scram-sha-256',
			'-E',
			'UTF8',
			'--locale=C.UTF-8',
			'--no-sync',
		],
		{ ...asUser, encoding: 'utf8' },
	);
	if (init.status !== 0) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw new Error(
			`initdb failed (exit ${init.status}, as ${who.user}):\n${init.stdout}${init.stderr}`,
		);
	}
	const port = opts.port ?? (await freePort());
	const child = spawn(
		path.join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${dir}`,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=100',
		],
		{ ...asUser, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const logs = collectOutput(child, opts.echo);
	// SIGINT: PostgreSQL's "fast" shutdown (rolls back open transactions, exits at once).
	const stop = stopper(child, 'SIGINT', () => fs.rmSync(dir, { recursive: true, force: true }));
	try {
		await waitFor(
			`PostgreSQL on 127.0.0.1:${port}`,
			async () => logs().includes('ready to accept connections') && (await answers(port)),
			child,
			logs,
			opts.timeoutMs ?? 30_000,
		);
		const created = spawnSync(
			path.join(bin, 'createdb'),
			['-h', dir, '-p', String(port), '-U', 'n8n', 'n8n'],
			{ ...asUser, encoding: 'utf8' },
		);
		if (created.status !== 0)
			throw new Error(`createdb n8n failed:\n${created.stdout}${created.stderr}`);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		port,
		dir,
		process: child,
		logs,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: password,
		},
		stop,
	};
}

/**
 * A throwaway Redis on 127.0.0.1:<port> only, nothing saved to disk. stop() shuts it down and deletes
 * its folder.
 */
export async function startRedis(
	opts: { port?: number; echo?: NodeJS.WritableStream; timeoutMs?: number } = {},
): Promise<ServiceProcess> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-redis-'));
	const port = opts.port ?? (await freePort());
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--protected-mode',
			'yes',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
			'--loglevel',
			'warning',
		],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const logs = collectOutput(child, opts.echo);
	const stop = stopper(child, 'SIGTERM', () => fs.rmSync(dir, { recursive: true, force: true }));
	try {
		await waitFor(
			`Redis on 127.0.0.1:${port}`,
			() => answers(port, 'PING\r\n', '+PONG'),
			child,
			logs,
			opts.timeoutMs ?? 15_000,
		);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		port,
		dir,
		process: child,
		logs,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop,
	};
}
