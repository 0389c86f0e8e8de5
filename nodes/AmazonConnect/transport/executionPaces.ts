/**
 * Each execution's pace per API, kept across the node's runs in that execution. Loop Over Items runs
 * the node once per batch, and Retry On Fail and an AI agent's tool calls run it again: a run with a
 * pace of its own starts over with a burst against the bucket the last run left empty (in the
 * simulation, batches of 10 items at 2 requests/s: one throttled request per item, against 4 in 100
 * with the kept pace). Keyed by the execution, the API, the credential and the cap: nothing is shared
 * between executions. A pace unused for IDLE_MS is forgotten: the execution has ended, or has waited
 * long enough for the account's bucket to fill again.
 */
import { RateControl } from './rateControl';

export interface PaceKey {
	/** Empty: no execution to keep a pace for (each run gets a new one). */
	executionId: string;
	api: string;
	/** The credential's ID (or name): another credential may be another account, with a quota of its own. */
	credential: string;
	/** Options › Max Requests per Second; 0 or undefined for none. */
	maxPerSecond?: number;
}

export interface KeptPace {
	rate: RateControl;
	/** The run no longer uses the pace: it may be forgotten once idle. */
	release(): void;
}

const IDLE_MS = 60_000;
/** Paces kept at most (the oldest idle one goes first); one per execution and API in use. */
const MAX_KEPT = 1000;

interface Entry {
	rate: RateControl;
	users: number;
	lastUsed: number;
}

export class ExecutionPaces {
	private readonly kept = new Map<string, Entry>();

	constructor(private readonly now: () => number = Date.now) {}

	/** The execution's pace for this API (a new one when none is kept); give it back with release(). */
	take(key: PaceKey): KeptPace {
		const fresh = () => new RateControl({ maxPerSecond: key.maxPerSecond });
		if (!key.executionId) return { rate: fresh(), release: () => {} };
		const id = JSON.stringify([key.executionId, key.api, key.credential, key.maxPerSecond ?? 0]);
		this.forgetIdle();
		const entry = this.kept.get(id) ?? { rate: fresh(), users: 0, lastUsed: 0 };
		this.kept.delete(id); // re-inserted last: the map's order is the order of use
		this.kept.set(id, entry);
		entry.users++;
		entry.lastUsed = this.now();
		let released = false;
		return {
			rate: entry.rate,
			release: () => {
				if (released) return;
				released = true;
				entry.users--;
				entry.lastUsed = this.now();
			},
		};
	}

	/** Forgets every pace (tests: each starts without one). */
	forget(): void {
		this.kept.clear();
	}

	/** How many paces are kept (tests). */
	get size(): number {
		return this.kept.size;
	}

	private forgetIdle(): void {
		const now = this.now();
		let over = this.kept.size - MAX_KEPT + 1;
		for (const [id, entry] of this.kept) {
			if (entry.users > 0) continue;
			if (now - entry.lastUsed >= IDLE_MS || over > 0) {
				this.kept.delete(id);
				over--;
			}
		}
	}
}

/** The process's paces: every run of the node in this process (a worker runs whole executions). */
export const executionPaces = new ExecutionPaces();
