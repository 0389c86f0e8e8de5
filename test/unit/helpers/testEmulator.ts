/**
 * The in-process emulator a test file (or a describe block) runs against, with its jest hooks: started
 * before the tests, closed after them and, unless told otherwise, reset before each test.
 */
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../../emulator';

/** Starts an emulator for one test file: no quota, no latency, no log unless asked. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	return startEmulator({ port: 0, rate: null, latencyMs: 0, quiet: true, ...options });
}

/**
 * Registers beforeAll (start, with startTestEmulator's defaults under `options`), afterAll (close) and,
 * with `resetEach` (the default), beforeEach (reset: nothing stored, no requests; the settings stay).
 * Call it where the hooks belong (the file's top level or a describe block); hooks registered after it
 * run after its own. The handle stands for the emulator once started: use it in hooks and tests, not
 * at module load.
 */
export function useTestEmulator(
	options: EmulatorOptions = {},
	{ resetEach = true }: { resetEach?: boolean } = {},
): RunningEmulator {
	let running: RunningEmulator | undefined;
	const started = (): RunningEmulator => {
		if (!running) throw new Error('the test emulator is not started: use it in hooks and tests');
		return running;
	};
	beforeAll(async () => {
		running = await startTestEmulator(options);
	});
	afterAll(async () => {
		await running?.close();
	});
	if (resetEach) beforeEach(() => started().reset());
	return {
		get url() {
			return started().url;
		},
		get port() {
			return started().port;
		},
		get config() {
			return started().config;
		},
		get state() {
			return started().state;
		},
		reset: () => started().reset(),
		issuedSecrets: () => started().issuedSecrets(),
		configure: (settings) => started().configure(settings),
		close: async () => await started().close(),
	};
}
