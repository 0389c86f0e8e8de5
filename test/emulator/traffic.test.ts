import { ListInstancesCommand } from '@aws-sdk/client-connect';
import { startEmulator } from '../../emulator';
import { mulberry32, pickFault } from '../../emulator/traffic';
import {
	INSTANCE_ID,
	NO_CREATE_KEY,
	SESSION_KEY,
	client,
	createContact,
	failure,
	task,
	type SdkError,
	useEmulator,
} from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const emu = useEmulator();
beforeEach(() => {
	emu.configure({ rate: null, rates: {}, latencyMs: 0, faults: {} });
});

describe('throttling (token bucket)', () => {
	test('the default is 2 requests/s with a burst of 5', async () => {
		const dflt = await startEmulator({ quiet: true });
		try {
			const c = client(dflt);
			const results = await Promise.allSettled(
				Array.from({ length: 7 }, () => c.send(new ListInstancesCommand({}))),
			);
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
			expect(dflt.state.requests.filter((r) => r.outcome === 'throttled')).toHaveLength(2);
		} finally {
			await dflt.close();
		}
	});

	test('a burst beyond capacity is answered ThrottlingException 429, and the bucket refills', async () => {
		// 0.5/s: the five concurrent requests arrive well within the 2 s one token takes to come back,
		// even on a busy machine.
		emu.configure({ rate: { perSecond: 0.5, burst: 3 } });
		const c = client(emu);
		const results = await Promise.allSettled(
			Array.from({ length: 5 }, (_, i) => createContact(c, task({ ClientToken: `burst-${i}` }))),
		);
		const ok = results.filter((r) => r.status === 'fulfilled');
		const throttled = results
			.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
			.map((r) => r.reason as SdkError);
		expect(ok).toHaveLength(3);
		expect(throttled.map((e) => [e.name, e.message, e.$metadata?.httpStatusCode])).toEqual([
			['ThrottlingException', 'Rate exceeded', 429],
			['ThrottlingException', 'Rate exceeded', 429],
		]);
		expect(emu.state.contacts).toHaveLength(3);
		expect(emu.state.requests.filter((r) => r.outcome === 'throttled')).toHaveLength(2);

		await sleep(2100); // 0.5/s → one token back after 2 s
		await createContact(c, task({ ClientToken: 'after-refill' }));
		expect(emu.state.contacts).toHaveLength(4);
	});

	test('each operation has its own bucket, shared by all keys (each AWS API has its own account quota)', async () => {
		emu.configure({ rate: { perSecond: 0.2, burst: 2 } }); // no token comes back during the test
		await client(emu).send(new ListInstancesCommand({}));
		await client(emu, { key: SESSION_KEY }).send(new ListInstancesCommand({}));
		const e = await failure(client(emu, { key: NO_CREATE_KEY }).send(new ListInstancesCommand({})));
		expect(e.name).toBe('ThrottlingException');
		// CreateContact's bucket is untouched by the ListInstances calls.
		await createContact(client(emu), task());
		await createContact(client(emu, { key: SESSION_KEY }), task());
		expect(emu.state.contacts).toHaveLength(2);
	});

	test('rates sets one operation its own quota', async () => {
		emu.configure({ rate: null, rates: { ListInstances: { perSecond: 0.2, burst: 1 } } });
		await client(emu).send(new ListInstancesCommand({}));
		const e = await failure(client(emu).send(new ListInstancesCommand({})));
		expect(e.name).toBe('ThrottlingException');
		await Promise.all(
			Array.from({ length: 5 }, (_, i) =>
				createContact(client(emu), task({ ClientToken: `free-${i}` })),
			),
		);
		expect(emu.state.contacts).toHaveLength(5);
	});

	test('rate null means unlimited', async () => {
		const c = client(emu);
		await Promise.all(Array.from({ length: 20 }, () => c.send(new ListInstancesCommand({}))));
		expect(emu.state.requests.every((r) => r.outcome === 'ok')).toBe(true);
	});
});

describe('fault injection', () => {
	/** Sends n CreateContacts one by one and returns what the SDK saw and what the emulator recorded. */
	async function run(n: number) {
		const c = client(emu);
		const seen: string[] = [];
		for (let i = 0; i < n; i++) {
			try {
				await createContact(c, task({ ClientToken: `t-${i}` }));
				seen.push('ok');
			} catch (e) {
				const err = e as SdkError;
				seen.push(
					err.$metadata?.httpStatusCode ? `${err.name}:${err.$metadata.httpStatusCode}` : 'network',
				);
			}
		}
		return { seen, outcomes: emu.state.requests.map((r) => r.outcome) };
	}

	const mixed = {
		seed: 2026,
		throttle: 0.15,
		internalError: 0.15,
		dropBeforeHandling: 0.15,
		dropAfterStore: 0.15,
	};

	test('the same seed gives the same outcomes, in the order the PRNG dictates', async () => {
		emu.configure({ faults: mixed });
		const first = await run(16);
		const contactsFirst = emu.state.contacts.length;
		emu.reset(); // also re-seeds
		const second = await run(16);
		expect(second).toEqual(first);
		expect(emu.state.contacts).toHaveLength(contactsFirst);

		const draw = mulberry32(2026);
		const labels: Record<string, string> = {
			dropBefore: 'fault:dropBefore',
			throttle: 'fault:throttle',
			internal: 'fault:internal',
			dropAfterStore: 'fault:dropAfterStore',
		};
		const expected = Array.from({ length: 16 }, () => {
			const f = pickFault(draw(), mixed);
			return f ? labels[f] : 'ok';
		});
		expect(first.outcomes).toEqual(expected);
		// What the SDK saw for each outcome.
		const sdkView = {
			ok: 'ok',
			'fault:throttle': 'ThrottlingException:429',
			'fault:internal': 'InternalServiceException:500',
			'fault:dropBefore': 'network',
			'fault:dropAfterStore': 'network',
		} as Record<string, string>;
		expect(first.seen).toEqual(first.outcomes.map((o) => sdkView[o]));
		// Every kind occurred, and only ok + dropAfterStore stored a contact.
		expect(new Set(first.outcomes)).toEqual(new Set(Object.keys(sdkView)));
		expect(contactsFirst).toBe(
			first.outcomes.filter((o) => o === 'ok' || o === 'fault:dropAfterStore').length,
		);
	});

	test('a different seed gives a different sequence', async () => {
		emu.configure({ faults: mixed });
		const a = await run(16);
		emu.configure({ faults: { ...mixed, seed: 7 } });
		emu.reset();
		const b = await run(16);
		expect(b.outcomes).not.toEqual(a.outcomes);
	});

	test('throttle share: ThrottlingException 429 even with no bucket', async () => {
		emu.configure({ faults: { throttle: 1 } });
		const e = await failure(createContact(client(emu), task()));
		expect([e.name, e.message, e.$metadata?.httpStatusCode]).toEqual([
			'ThrottlingException',
			'Rate exceeded',
			429,
		]);
		expect(emu.state.requests[0]).toMatchObject({
			status: 429,
			outcome: 'fault:throttle',
			errorType: 'ThrottlingException',
		});
	});

	test('internalError share: InternalServiceException 500, contact not stored', async () => {
		emu.configure({ faults: { internalError: 1 } });
		const e = await failure(createContact(client(emu), task({ ClientToken: 'ise' })));
		expect(e.name).toBe('InternalServiceException');
		expect(e.$metadata?.httpStatusCode).toBe(500);
		expect(e.$metadata?.attempts).toBe(1);
		expect(emu.state.contacts).toHaveLength(0);
		expect(emu.state.tokens).toEqual({});
	});

	test('dropBeforeHandling share: connection dropped, nothing stored', async () => {
		emu.configure({ faults: { dropBeforeHandling: 1 } });
		const e = await failure(createContact(client(emu), task()));
		expect(e.$metadata?.httpStatusCode).toBeUndefined();
		expect(e.message).toMatch(/socket hang up|ECONNRESET/); // 3.1136.0: "AWS SDK error wrapper for TimeoutError: socket hang up"
		expect(emu.state.contacts).toHaveLength(0);
		expect(emu.state.requests[0]).toMatchObject({ status: 0, outcome: 'fault:dropBefore' });
	});

	test('dropAfterStore share: the contact is stored, the SDK sees a connection error; a retry with the same token replays it', async () => {
		emu.configure({ faults: { dropAfterStore: 1 } });
		const input = task({ ClientToken: 'dropped' });
		const e = await failure(createContact(client(emu), input));
		expect(e.$metadata?.httpStatusCode).toBeUndefined();
		expect(e.message).toMatch(/socket hang up|ECONNRESET/); // 3.1136.0: "AWS SDK error wrapper for TimeoutError: socket hang up"
		expect(emu.state.contacts).toHaveLength(1);
		expect(emu.state.requests[0]).toMatchObject({ status: 0, outcome: 'fault:dropAfterStore' });
		const stored = emu.state.contacts[0];
		expect(emu.state.tokens[`${INSTANCE_ID}:dropped`]).toMatchObject({
			contactId: stored.contactId,
			hits: 1,
		});

		emu.configure({ faults: {} });
		const again = await createContact(client(emu), input);
		expect(again.ContactId).toBe(stored.contactId);
		expect(emu.state.contacts).toHaveLength(1);
		expect(emu.state.tokens[`${INSTANCE_ID}:dropped`].hits).toBe(2);
	});

	test("the SDK's own retry after a dropped answer reuses its ClientToken and gets the stored contact", async () => {
		// Find a seed whose first draw drops after storing and whose second draw passes.
		const dropsThenPasses = (s: number) => {
			const draw = mulberry32(s);
			return draw() < 0.5 && draw() >= 0.5;
		};
		let seed = 1;
		while (!dropsThenPasses(seed)) seed++;
		emu.configure({ faults: { seed, dropAfterStore: 0.5 } });
		const out = await createContact(client(emu, { maxAttempts: 2 }), task());
		expect(out.$metadata.attempts).toBe(2);
		expect(emu.state.requests.map((r) => r.outcome)).toEqual(['fault:dropAfterStore', 'replay']);
		expect(emu.state.contacts).toHaveLength(1);
		expect(emu.state.contacts[0].contactId).toBe(out.ContactId);
		expect(Object.values(emu.state.tokens)[0].hits).toBe(2);
	});

	test('shares must be within 0..1 and add up to at most 1', () => {
		expect(() => emu.configure({ faults: { throttle: 1.5 } })).toThrow(
			'faults.throttle must be a number between 0 and 1',
		);
		expect(() => emu.configure({ faults: { throttle: 0.6, internalError: 0.6 } })).toThrow(
			'must not exceed 1',
		);
	});
});

describe('latency', () => {
	test('is added before each answer, including errors', async () => {
		const c = client(emu);
		await c.send(new ListInstancesCommand({})); // warm the client up
		// 400 ms: far above what a request takes on a busy machine, so the last check holds there too.
		emu.configure({ latencyMs: 400 });
		let t = Date.now();
		await c.send(new ListInstancesCommand({}));
		expect(Date.now() - t).toBeGreaterThanOrEqual(395);
		t = Date.now();
		await failure(createContact(c, task({ Channel: 'CHAT' })));
		expect(Date.now() - t).toBeGreaterThanOrEqual(395);
		emu.configure({ latencyMs: 0 });
		t = Date.now();
		await c.send(new ListInstancesCommand({}));
		expect(Date.now() - t).toBeLessThan(395);
	});
});
