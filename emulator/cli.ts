/**
 * Runs the emulator as its own process:
 *   node build/emulator/cli.js [--host 127.0.0.1] [--port 4566] [--config file.json] [--rate 2] [--burst 5]
 *     [--no-rate] [--latency 0] [--seed 1] [--throttle 0] [--internal-error 0] [--drop-before 0]
 *     [--drop-after-store 0] [--session-seconds N] [--quiet]
 * Each flag also reads CONNECT_EMULATOR_<FLAG> from the environment (e.g. CONNECT_EMULATOR_PORT,
 * CONNECT_EMULATOR_NO_RATE=1); flags win over the environment.
 */
import { readFileSync } from 'node:fs';
import { defaultConfig, startEmulator, type EmulatorConfig, type EmulatorOptions } from './index';

const VALUE_FLAGS = [
	'host',
	'port',
	'config',
	'rate',
	'burst',
	'latency',
	'seed',
	'throttle',
	'internal-error',
	'drop-before',
	'drop-after-store',
	'session-seconds',
] as const;
const BOOLEAN_FLAGS = ['no-rate', 'quiet', 'help'] as const;

type Flags = Partial<Record<(typeof VALUE_FLAGS)[number], string>> &
	Partial<Record<(typeof BOOLEAN_FLAGS)[number], boolean>>;

const USAGE = `Usage: node build/emulator/cli.js [--host 127.0.0.1] [--port 4566] [--config file.json] [--rate 2] [--burst 5]
  [--no-rate] [--latency 0] [--seed 1] [--throttle 0] [--internal-error 0] [--drop-before 0] [--drop-after-store 0] [--session-seconds N] [--quiet]
Environment: CONNECT_EMULATOR_HOST, CONNECT_EMULATOR_PORT, ... (flag name upper-cased, '-' → '_').`;

export function parseFlags(argv: string[], env: NodeJS.ProcessEnv): Flags {
	const flags: Flags = {};
	const envName = (f: string) => `CONNECT_EMULATOR_${f.toUpperCase().replace(/-/g, '_')}`;
	for (const f of VALUE_FLAGS) if (env[envName(f)] !== undefined) flags[f] = env[envName(f)];
	for (const f of BOOLEAN_FLAGS)
		if (env[envName(f)] !== undefined) flags[f] = !/^(0|false|no|)$/i.test(env[envName(f)] ?? '');
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`Unexpected argument '${arg}'`);
		const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
		if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
			flags[name as (typeof BOOLEAN_FLAGS)[number]] = true;
		} else if ((VALUE_FLAGS as readonly string[]).includes(name)) {
			const value = inline ?? argv[++i];
			if (value === undefined) throw new Error(`--${name} needs a value`);
			flags[name as (typeof VALUE_FLAGS)[number]] = value;
		} else {
			throw new Error(`Unknown option --${name}`);
		}
	}
	return flags;
}

function num(flags: Flags, name: (typeof VALUE_FLAGS)[number]): number | undefined {
	const raw = flags[name];
	if (raw === undefined) return undefined;
	const n = Number(raw);
	if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got '${raw}'`);
	return n;
}

export function optionsFromFlags(flags: Flags): EmulatorOptions {
	const config: EmulatorConfig = flags.config
		? (JSON.parse(readFileSync(flags.config, 'utf8')) as EmulatorConfig)
		: defaultConfig();
	const rate = flags['no-rate']
		? null
		: { perSecond: num(flags, 'rate') ?? 2, burst: num(flags, 'burst') ?? 5 };
	return {
		host: flags.host ?? '127.0.0.1',
		port: num(flags, 'port') ?? 4566,
		config,
		rate,
		latencyMs: num(flags, 'latency') ?? 0,
		faults: {
			seed: num(flags, 'seed') ?? 1,
			throttle: num(flags, 'throttle') ?? 0,
			internalError: num(flags, 'internal-error') ?? 0,
			dropBeforeHandling: num(flags, 'drop-before') ?? 0,
			dropAfterStore: num(flags, 'drop-after-store') ?? 0,
		},
		quiet: flags.quiet ?? false,
		sessionSeconds: num(flags, 'session-seconds'),
	};
}

async function main(): Promise<void> {
	const flags = parseFlags(process.argv.slice(2), process.env);
	if (flags.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const emulator = await startEmulator(optionsFromFlags(flags));
	const c = emulator.config;
	process.stdout.write(
		`Amazon Connect emulator listening on ${emulator.url} (region ${c.region}, instance ${c.instances[0]?.id ?? 'none'}, access key ${c.accessKeys[0].accessKeyId})\n`,
	);
	const stop = (signal: string) => {
		process.stdout.write(`Amazon Connect emulator stopping (${signal})\n`);
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((e: unknown) => {
		process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
		process.exit(2);
	});
}
