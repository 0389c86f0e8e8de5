/**
 * Time limits, a skewed clock and Stop, with the real SDK against the emulator: a hung connection is
 * given up after Timeout and retried with the same token; a host clock more than 5 minutes off is
 * corrected from the answer's Date header and the request sent again; after Stop no request starts,
 * the ones in flight are aborted, and (with an Idempotency Key) a Retry of the stopped execution creates only the missing ones.
 */
import {
	createContactRequests,
	DEMO,
	executionToken,
	keyToken,
	runNode,
	runNodeError,
	taskParameters,
	useTestEmulator,
} from './helpers';

const emulator = useTestEmulator();
beforeEach(() => {
	emulator.configure({ faults: { seed: 1 }, latencyMs: 0, clockOffsetMs: 0, rate: null });
});

const contactsPerToken = () => {
	const counts: Record<string, number> = {};
	for (const c of emulator.state.contacts)
		counts[c.clientToken ?? ''] = (counts[c.clientToken ?? ''] ?? 0) + 1;
	return counts;
};

describe('Timeout: a hung connection', () => {
	test('an answer that never comes: each attempt gives up after Timeout and is sent again with the same token; one contact', async () => {
		emulator.configure({ faults: { seed: 1, hangAfterStore: 1 } });
		const run = {
			parameters: taskParameters({ options: { timeoutSeconds: 1, maxAttempts: 3 } }),
			workflowId: 'wf-hang',
			executionId: 'exec-hang',
		};
		const started = Date.now();
		const error = await runNodeError(emulator, run);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2900); // three attempts of a second each
		expect(error.message).toMatch(/^Item 0: TimeoutError: .* \((ETIMEDOUT|no HTTP answer)\)$/);
		expect(error.description).toMatch(
			/^No answer from .* after 3 attempts .*Retry this execution from the executions list: it sends the same token/,
		);
		const token = executionToken('wf-hang', 'exec-hang', 'Amazon Connect', 0);
		const requests = createContactRequests(emulator);
		expect(
			requests.map((r) => [r.outcome, (r.body as { ClientToken: string }).ClientToken]),
		).toStrictEqual([
			['fault:hangAfterStore', token],
			['fault:hangAfterStore', token],
			['fault:hangAfterStore', token],
		]);
		expect(contactsPerToken()).toStrictEqual({ [token]: 1 });

		// The network is back: Retry On Fail (the same execution) gets the contact stored by the first attempt.
		emulator.configure({ faults: { seed: 1 } });
		const { items } = await runNode(emulator, run);
		expect(items[0].json.contactId).toBe(emulator.state.contacts[0].contactId);
		expect(contactsPerToken()).toStrictEqual({ [token]: 1 });
	}, 30_000);

	test('connections that hang now and then: every item ends with exactly one contact', async () => {
		emulator.configure({ faults: { seed: 7, hang: 0.2, hangAfterStore: 0.2 } });
		const { items } = await runNode(emulator, {
			items: 12,
			parameters: (i) =>
				taskParameters({
					name: `Hang ${i}`,
					options: { timeoutSeconds: 1, maxAttempts: 10, concurrency: 6 },
				}),
			workflowId: 'wf-hangs',
			executionId: 'exec-hangs',
		});
		const outcomes = createContactRequests(emulator).map((r) => r.outcome);
		expect(outcomes).toContain('fault:hang');
		expect(outcomes).toContain('fault:hangAfterStore');
		const tokens = Array.from({ length: 12 }, (_, i) =>
			executionToken('wf-hangs', 'exec-hangs', 'Amazon Connect', i),
		);
		expect(contactsPerToken()).toStrictEqual(Object.fromEntries(tokens.map((t) => [t, 1])));
		expect(items.map((item) => item.json.clientToken)).toStrictEqual(tokens);
	}, 60_000);
});

describe('a host clock more than 5 minutes off', () => {
	test.each([
		['behind AWS', 10 * 60_000],
		['ahead of AWS', -10 * 60_000],
	])(
		'%s: the SDK corrects its clock from the Date header, the request is sent again, one contact',
		async (_what, offset) => {
			emulator.configure({ clockOffsetMs: offset });
			const { items } = await runNode(emulator, {
				items: 3,
				parameters: taskParameters({ options: { concurrency: 1 } }),
				workflowId: 'wf-skew',
				executionId: 'exec-skew',
			});
			const requests = createContactRequests(emulator);
			// The first request is refused for its time; the client keeps the corrected clock for the others.
			expect(requests.map((r) => [r.outcome, r.errorType])).toStrictEqual([
				['unauthenticated', 'InvalidSignatureException'],
				['ok', undefined],
				['ok', undefined],
				['ok', undefined],
			]);
			expect(requests[0].errorMessage).toMatch(/^Signature (expired|not yet current)/);
			expect((requests[0].body as { ClientToken: string }).ClientToken).toBe(
				(requests[1].body as { ClientToken: string }).ClientToken,
			);
			expect(emulator.state.contacts).toHaveLength(3);
			expect(items.map((item) => item.json.contactId)).toStrictEqual(
				emulator.state.contacts.map((c) => c.contactId),
			);
		},
		30_000,
	);
});

describe('Stop (the execution cancel signal)', () => {
	test('no request starts after Stop, the ones in flight are aborted, the node ends at once; with an Idempotency Key a Retry creates only the missing ones', async () => {
		emulator.configure({ latencyMs: 300 });
		const stop = new AbortController();
		const parameters = (i: number) =>
			taskParameters({
				name: `Stop ${i}`,
				options: { concurrency: 2, idempotencyKey: `rec-${i}` },
			});
		const run = runNodeError(emulator, {
			items: 40,
			parameters,
			workflowId: 'wf-stop',
			executionId: '501',
			customData: {},
			cancelSignal: stop.signal,
		});
		// Stop once some contacts are stored.
		while (emulator.state.contacts.length < 6) await new Promise((r) => setTimeout(r, 20));
		stop.abort();
		const stoppedAt = Date.now();
		const error = await run;
		expect(Date.now() - stoppedAt).toBeLessThan(2000);
		expect(error.message).toBe('The execution was stopped');
		expect(error.description).toMatch(
			/^\d+ of 40 item\(s\) were sent before the stop, and no request started after it .* A Retry of this execution sends the same Idempotency Keys: it gets those contacts back and creates only the missing ones\.$/,
		);
		const requestsAtStop = createContactRequests(emulator).length;
		expect(requestsAtStop).toBeLessThanOrEqual(emulator.state.contacts.length + 2); // at most the two in flight when Stop came
		await new Promise((r) => setTimeout(r, 800)); // longer than an answer takes
		expect(createContactRequests(emulator)).toHaveLength(requestsAtStop);
		const storedBeforeRetry = emulator.state.contacts.length;

		// n8n saves a stopped execution as it started: its Retry runs the node again under a new ID, without the custom data.
		emulator.configure({ latencyMs: 0 });
		const retry = await runNode(emulator, {
			items: 40,
			parameters,
			workflowId: 'wf-stop',
			executionId: '502',
			customData: {},
		});
		const tokens = Array.from({ length: 40 }, (_, i) => keyToken(DEMO, `rec-${i}`, 'wf-stop'));
		expect(retry.items.map((item) => item.json.clientToken)).toStrictEqual(tokens);
		expect(contactsPerToken()).toStrictEqual(Object.fromEntries(tokens.map((t) => [t, 1])));
		const replays = createContactRequests(emulator).filter((r) => r.outcome === 'replay').length;
		expect(replays).toBe(storedBeforeRetry);
	}, 30_000);

	test('Stop aborts the request in flight: the node does not wait for its answer, and sends nothing after it', async () => {
		emulator.configure({ latencyMs: 4000 });
		const stop = new AbortController();
		const run = runNodeError(emulator, {
			items: 3,
			parameters: taskParameters({ options: { concurrency: 1 } }),
			cancelSignal: stop.signal,
		});
		while (createContactRequests(emulator).length < 1) await new Promise((r) => setTimeout(r, 20));
		stop.abort();
		const stoppedAt = Date.now();
		const error = await run;
		expect(Date.now() - stoppedAt).toBeLessThan(2000); // the answer would take 4 s
		expect(error.message).toBe('The execution was stopped');
		expect(error.description).toMatch(/^0 of 3 item\(s\) were sent before the stop/);
		expect(createContactRequests(emulator)).toHaveLength(1);
		// Let the emulator's answer (to the closed connection) go before the next test.
		const answered = createContactRequests(emulator)[0].at + 4200;
		await new Promise((r) => setTimeout(r, Math.max(0, answered - Date.now())));
	}, 30_000);

	test('without an Idempotency Key the stop error says that a Retry creates the contacts again, and what to do', async () => {
		emulator.configure({ latencyMs: 200 });
		const stop = new AbortController();
		const run = runNodeError(emulator, {
			items: 10,
			parameters: taskParameters({ options: { concurrency: 1 } }),
			cancelSignal: stop.signal,
		});
		while (emulator.state.contacts.length < 1) await new Promise((r) => setTimeout(r, 20));
		stop.abort();
		const error = await run;
		expect(error.description).toMatch(
			/ n8n saves a stopped execution without this node's progress, so a Retry of it runs the node again with new tokens and creates those contacts again\. Set Options › Idempotency Key to a stable ID of each record to make that Retry safe\.$/,
		);
	}, 30_000);

	test('Stop during a back-off wait and during the rate wait: the node ends at once', async () => {
		emulator.configure({ faults: { seed: 1, internalError: 1 } });
		const stop = new AbortController();
		const run = runNodeError(emulator, {
			items: 20,
			parameters: (i) =>
				taskParameters({
					name: `Wait ${i}`,
					options: { maxAttempts: 20, maxRequestsPerSecond: 2, concurrency: 5 },
				}),
			cancelSignal: stop.signal,
		});
		await new Promise((r) => setTimeout(r, 1500));
		const requestsAtStop = createContactRequests(emulator).length;
		stop.abort();
		const stoppedAt = Date.now();
		const error = await run;
		expect(Date.now() - stoppedAt).toBeLessThan(2000);
		expect(error.message).toBe('The execution was stopped');
		await new Promise((r) => setTimeout(r, 1000));
		// At most the requests already on their way when Stop came (concurrency 5), none after.
		expect(createContactRequests(emulator).length).toBeLessThanOrEqual(requestsAtStop + 5);
	}, 30_000);
});
