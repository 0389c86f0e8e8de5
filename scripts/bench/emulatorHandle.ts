/**
 * The bench's view of an emulator: what it needs to drive one and to count what it holds. The same
 * interface whether the emulator runs in this process (the bench's tests) or in a child process
 * (the bench itself: the emulator gets its own core and its own heap, so that the node's speed and
 * memory are the node's).
 */
import { fork } from 'node:child_process';
import path from 'node:path';

import {
	startEmulator,
	type EmulatorConfig,
	type EmulatorOptions,
	type EmulatorState,
} from '../../emulator';

export type EmulatorSettings = Pick<EmulatorOptions, 'rate' | 'rates' | 'latencyMs' | 'faults'>;

/** What the emulator holds, reduced to what the bench counts. */
export interface Snapshot {
	/** Every stored contact: its ID, the Name it was created with, its ClientToken. */
	contacts: Array<{ contactId: string; name?: string; clientToken?: string; createdAt: number }>;
	/** API requests by outcome ('ok', 'replay', 'throttled', 'fault:throttle', ...). */
	outcomes: Record<string, number>;
	/** The same by API operation (CreateContact, StartTaskContact, DescribeContact, ...). */
	byOperation: Record<string, Record<string, number>>;
	requests: number;
}

export interface EmulatorHandle {
	url: string;
	config: EmulatorConfig;
	/** Forgets every request, contact and token, and restarts the quota and the fault sequence. */
	reset(): Promise<void>;
	configure(settings: EmulatorSettings): Promise<void>;
	snapshot(): Promise<Snapshot>;
	/** CPU time the emulator's process has used so far, ms (undefined in this process). */
	cpuMs(): Promise<number | undefined>;
	close(): Promise<void>;
}

export function snapshotOf(state: EmulatorState): Snapshot {
	const outcomes: Record<string, number> = {};
	const byOperation: Record<string, Record<string, number>> = {};
	for (const r of state.requests) {
		outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
		const op = (byOperation[r.operation] ??= {});
		op[r.outcome] = (op[r.outcome] ?? 0) + 1;
	}
	return {
		contacts: state.contacts.map((c) => {
			const name = (c.request as { Name?: unknown } | undefined)?.Name;
			return {
				contactId: c.contactId,
				name: typeof name === 'string' ? name : undefined,
				clientToken: c.clientToken,
				createdAt: c.createdAt,
			};
		}),
		outcomes,
		byOperation,
		requests: state.requests.length,
	};
}

/** An emulator in this process. */
export async function inProcessEmulator(settings: EmulatorSettings): Promise<EmulatorHandle> {
	const emulator = await startEmulator({ port: 0, quiet: true, ...settings });
	return {
		url: emulator.url,
		config: emulator.config,
		reset: async () => emulator.reset(),
		configure: async (s) => emulator.configure(s),
		snapshot: async () => snapshotOf(emulator.state),
		cpuMs: async () => undefined,
		close: () => emulator.close(),
	};
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** An emulator in a child process (emulatorHost.js next to this file, compiled). */
export async function childEmulator(settings: EmulatorSettings): Promise<EmulatorHandle> {
	const child = fork(path.join(__dirname, 'emulatorHost.js'), [], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let nextId = 0;
	const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	child.on('message', (message: Reply) => {
		const waiter = pending.get(message.id);
		if (!waiter) return;
		pending.delete(message.id);
		if (message.ok) waiter.resolve(message.result);
		else waiter.reject(new Error(message.error));
	});
	child.on('exit', (code) => {
		for (const waiter of pending.values())
			waiter.reject(new Error(`emulator process exited (${code})`));
		pending.clear();
	});
	const call = <T>(command: string, arg?: unknown): Promise<T> =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			child.send({ id, command, arg });
		});

	const started = await call<{ url: string; config: EmulatorConfig }>('start', settings);
	return {
		url: started.url,
		config: started.config,
		reset: () => call('reset'),
		configure: (s) => call('configure', s),
		snapshot: () => call<Snapshot>('snapshot'),
		cpuMs: () => call<number>('cpu'),
		close: async () => {
			await call('close');
			child.disconnect();
		},
	};
}
