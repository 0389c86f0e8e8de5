/**
 * Runs one emulator in a child process for the bench (see childEmulator in emulatorHandle.ts), and
 * answers its commands over the IPC channel.
 */
import { startEmulator, type RunningEmulator } from '../../emulator';
import { snapshotOf, type EmulatorSettings } from './emulatorHandle';

let emulator: RunningEmulator | undefined;

async function handle(command: string, arg: unknown): Promise<unknown> {
	switch (command) {
		case 'start':
			emulator = await startEmulator({ port: 0, quiet: true, ...(arg as EmulatorSettings) });
			return { url: emulator.url, config: emulator.config };
		case 'reset':
			emulator!.reset();
			return null;
		case 'configure':
			emulator!.configure(arg as EmulatorSettings);
			return null;
		case 'snapshot':
			return snapshotOf(emulator!.state);
		case 'cpu': {
			const used = process.cpuUsage();
			return (used.user + used.system) / 1000;
		}
		case 'close':
			await emulator?.close();
			emulator = undefined;
			return null;
		default:
			throw new Error(`unknown command ${command}`);
	}
}

process.on('message', (message: { id: number; command: string; arg?: unknown }) => {
	handle(message.command, message.arg).then(
		(result) => process.send!({ id: message.id, ok: true, result }),
		(error: unknown) =>
			process.send!({ id: message.id, ok: false, error: (error as Error).message }),
	);
});
process.on('disconnect', () => {
	void emulator?.close().finally(() => process.exit(0));
	if (!emulator) process.exit(0);
});
