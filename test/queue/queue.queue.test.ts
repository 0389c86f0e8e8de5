/**
 * The node in n8n's queue mode (scripts/n8n/queue.ts): PostgreSQL, Redis, a main process, a webhook
 * processor and two workers (10 executions at once each), all running the packed package, against one
 * emulator (one account, one quota). Executions start from production webhooks on the webhook processor,
 * as they do on a team's servers. The tests run in order: the last one kills a worker.
 *
 * Figures (rates, shares, throttles, timings) are printed at the end of the run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { defaultConfig } from '../../emulator';
import {
	EMULATOR_CLI,
	spawnEmulator,
	type EmulatorProcess,
	type EmulatorRequest,
	type EmulatorSettings,
} from '../../scripts/n8n/emulator';
import {
	ensureRuntime,
	packNode,
	setupOwner,
	waitForWebhook,
	writeCredentialsFile,
	type Session,
} from '../../scripts/n8n/lib';
import { startQueueStack, type QueueStack } from '../../scripts/n8n/queue';
import {
	attributes,
	contactsOfRun,
	contactsPerRecord,
	countBy,
	createRequests,
	getExecution,
	listExecutions,
	postJson,
	recordIds,
	retryExecution,
	waitForExecutions,
	waitUntil,
} from './support';

const QUOTA = { perSecond: 20, burst: 5 };
const WORKFLOWS_DIR = path.join(__dirname, 'workflows');
const KEYS = defaultConfig().accessKeys;
/** Workflows queueBatchA, queueKeyed, queueUnkeyed, queueDelivery sign with A; queueBatchB with B (temporary credentials). */
const CREDENTIAL_A = KEYS.find((k) => k.accessKeyId === 'AKIAEMULATOREXAMPLE1')!;
const CREDENTIAL_B = KEYS.find((k) => k.accessKeyId === 'ASIAEMULATOREXAMPLE2')!;
const SECRETS = [
	CREDENTIAL_A.secretAccessKey,
	CREDENTIAL_B.secretAccessKey,
	CREDENTIAL_B.sessionToken!,
];

/** Set by the shared-quota test, checked against the issue's bars by the next one. */
let quota: { togetherPerSecond: number; shares: number[]; throttledPerItem: number } | undefined;
/**
 * Items in each of the two executions that share the quota. The split is a convergence: an execution squeezed at the
 * start can look like a lone low quota for a while, and the longer both run the less that start weighs. In the sim
 * (`node build/scripts/bench/sim.js queue 500 750 1000 1500`: 80 seeds × 4 staggers × 2 latencies) the case misses
 * a bar in 10% of the runs at 500 items each (the issue's minimum), 4% at 750, 2% at 1,000 and 0.8% at 1,500; the
 * bars are asserted, so CI runs 1,500.
 */
const SHARED_ITEMS = 1500;

const figures: string[] = [];
const figure = (line: string) => {
	figures.push(line);
	process.stderr.write(`[queue] ${line}\n`);
};

let emulator: EmulatorProcess;
let stack: QueueStack;
let session: Session;
let workDir: string;
const suiteStarted = Date.now();

async function resetEmulator(settings: Partial<EmulatorSettings> = {}): Promise<void> {
	await emulator.client.configure({
		rate: settings.rate ?? null,
		latencyMs: settings.latencyMs ?? 0,
		faults: {
			seed: 1,
			throttle: 0,
			internalError: 0,
			dropBeforeHandling: 0,
			dropAfterStore: 0,
			...settings.faults,
		},
	});
	await emulator.client.reset();
}

const webhook = (p: string, body: unknown) => postJson(`${stack.webhook.url}/webhook/${p}`, body);
/** Ids of the executions that exist now: the executions a test waits for are the ones after them. */
const existingExecutions = async (...workflowIds: string[]) =>
	new Set(
		(await Promise.all(workflowIds.map((w) => listExecutions(stack.main.url, session, w))))
			.flat()
			.map((e) => e.id),
	);
/** Waits for `count` new (not retried) executions of a workflow to end; oldest first. */
const executionsOf = (
	workflowId: string,
	count: number,
	opts: { timeoutMs?: number; before?: Set<string> } = {},
) =>
	waitForExecutions(stack.main.url, session, workflowId, count, {
		timeoutMs: opts.timeoutMs,
		select: (e) => e.mode !== 'retry' && !(opts.before?.has(e.id) ?? false),
	});
const workerName = (i: number) => (i < 0 ? 'no worker' : `worker-${i + 1}`);

/** Which credential signed each execution's requests, per worker (filled by the tests, checked in the isolation test). */
const credentialsSeenByWorker = new Map<number, Set<string>>();
const noteCredential = (worker: number, accessKeyId: string) =>
	credentialsSeenByWorker.set(
		worker,
		new Set([...(credentialsSeenByWorker.get(worker) ?? []), accessKeyId]),
	);

beforeAll(async () => {
	if (!fs.existsSync(EMULATOR_CLI))
		throw new Error(
			'build/emulator/cli.js is missing: run the suite with `npm run test:queue` (it builds and compiles the tools)',
		);
	const paths = ensureRuntime({ quiet: true });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-test-'));
	const tarball = packNode(path.join(workDir, 'pack'));
	emulator = await spawnEmulator({ args: ['--no-rate', '--quiet'] });
	const credentials = writeCredentialsFile(path.join(workDir, 'credentials.json'), [
		{
			id: 'queueConnectA001',
			name: 'Amazon Connect A (queue e2e, access key)',
			type: 'amazonConnectApi',
			data: {
				region: 'us-east-1',
				accessKeyId: CREDENTIAL_A.accessKeyId,
				secretAccessKey: CREDENTIAL_A.secretAccessKey,
				sessionToken: '',
				endpoint: emulator.url,
			},
		},
		{
			id: 'queueConnectB001',
			name: 'Amazon Connect B (queue e2e, temporary credentials)',
			type: 'amazonConnectApi',
			data: {
				region: 'us-east-1',
				accessKeyId: CREDENTIAL_B.accessKeyId,
				secretAccessKey: CREDENTIAL_B.secretAccessKey,
				sessionToken: CREDENTIAL_B.sessionToken,
				endpoint: emulator.url,
			},
		},
	]);
	stack = await startQueueStack({
		tarball,
		paths,
		workDir: path.join(workDir, 'stack'),
		keepWorkDir: process.env.N8N_QUEUE_KEEP === '1',
		credentialsFiles: [credentials],
		workflowsDirs: [WORKFLOWS_DIR],
		env: {
			// A dead worker's job is noticed within seconds instead of n8n's defaults (lock 60 s, check every 30 s).
			// (20 s: a worker busy on a loaded machine still renews its lock in time.)
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			QUEUE_WORKER_TIMEOUT: '5',
		},
		log: (line) => figure(`stack: ${line}`),
	});
	session = await setupOwner(stack.main.url);
	for (const p of [
		'queue-batch-a',
		'queue-batch-b',
		'queue-keyed',
		'queue-unkeyed',
		'queue-delivery',
	])
		await waitForWebhook(stack.webhook.url, p);
	figure(
		`stack: started in ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s (logs in ${path.join(stack.workDir, 'logs')})`,
	);
}, 300_000);

afterAll(async () => {
	await stack?.stop();
	await emulator?.stop();
	if (workDir && process.env.N8N_QUEUE_KEEP !== '1')
		fs.rmSync(workDir, { recursive: true, force: true });
	figure(`suite: ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s in all`);
	process.stderr.write(
		`\n=== queue-mode figures ===\n${figures.filter((f) => !f.startsWith('stack: ') || f.includes('started in')).join('\n')}\n`,
	);
}, 120_000);

/** The ok requests of a set, by arrival time. */
const okTimes = (requests: EmulatorRequest[]) =>
	requests
		.filter((r) => r.outcome === 'ok')
		.map((r) => r.at)
		.sort((a, b) => a - b);

describe('n8n queue mode: a main process, a webhook processor, two workers, PostgreSQL and Redis', () => {
	it(`two executions of ${SHARED_ITEMS} items started together run on the two workers and share one account quota: one contact per item, each signed with its own credential`, async () => {
		const ITEMS = SHARED_ITEMS;
		await resetEmulator({ rate: QUOTA });
		const started = Date.now();
		const answers = await Promise.all([
			webhook('queue-batch-a', { run: 'quota-a', count: ITEMS }),
			webhook('queue-batch-b', { run: 'quota-b', count: ITEMS }),
		]);
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		const progress = async () => {
			const s = await emulator.client.state();
			return `contacts so far: A ${contactsOfRun(s, 'quota-a').length}, B ${contactsOfRun(s, 'quota-b').length} of ${ITEMS} each; ${createRequests(s).filter((r) => r.outcome === 'throttled').length} throttled`;
		};
		const [[a], [b]] = await Promise.all([
			executionsOf('queueBatchA', 1, { timeoutMs: 360_000 }),
			executionsOf('queueBatchB', 1, { timeoutMs: 360_000 }),
		]).catch(async (error: Error) => {
			figure(
				`quota: not finished in time after ${((Date.now() - started) / 1000).toFixed(0)} s: ${await progress()}`,
			);
			throw error;
		});
		const wallMs = Date.now() - started;
		expect([a.status, b.status]).toEqual(['success', 'success']);

		// Each execution ran on its own worker.
		const workers = [stack.workerOf(a.id), stack.workerOf(b.id)];
		expect(workers.every((w) => w >= 0)).toBe(true);
		expect(workers[0]).not.toBe(workers[1]);
		noteCredential(workers[0], CREDENTIAL_A.accessKeyId);
		noteCredential(workers[1], CREDENTIAL_B.accessKeyId);

		// Exactly one contact per item, each signed with its own execution's credential.
		const state = await emulator.client.state();
		for (const [run, key] of [
			['quota-a', CREDENTIAL_A.accessKeyId],
			['quota-b', CREDENTIAL_B.accessKeyId],
		] as const) {
			const perRecord = contactsPerRecord(contactsOfRun(state, run));
			expect([...perRecord.keys()].sort()).toEqual(recordIds(run, ITEMS).sort());
			expect([...perRecord.values()].every((n) => n === 1)).toBe(true);
			expect(
				new Set(
					createRequests(state)
						.filter((r) => attributes(r).run === run)
						.map((r) => r.accessKeyId),
				),
			).toEqual(new Set([key]));
		}
		expect(state.contacts).toHaveLength(2 * ITEMS);

		// The figures, while both ran: from the later one's first created contact to the earlier one's last.
		const requests = createRequests(state);
		const outcomes = countBy(requests, (r) => r.outcome);
		expect(Object.keys(outcomes).sort()).toEqual(['ok', 'throttled']);
		const timesA = okTimes(requests.filter((r) => attributes(r).run === 'quota-a'));
		const timesB = okTimes(requests.filter((r) => attributes(r).run === 'quota-b'));
		const from = Math.max(timesA[0], timesB[0]);
		const to = Math.min(timesA[timesA.length - 1], timesB[timesB.length - 1]);
		const within = (times: number[]) => times.filter((t) => t >= from && t <= to).length;
		const [inA, inB] = [within(timesA), within(timesB)];
		const togetherPerSecond = (inA + inB) / ((to - from) / 1000);
		const shares = [inA / (inA + inB), inB / (inA + inB)];
		const allTimes = [...timesA, ...timesB].sort((x, y) => x - y);
		const overallPerSecond =
			(allTimes.length - 1) / ((allTimes[allTimes.length - 1] - allTimes[0]) / 1000);
		const throttled = outcomes.throttled ?? 0;
		const ofRun = (run: string) => requests.filter((r) => attributes(r).run === run);
		const firstSent = (run: string) => Math.min(...ofRun(run).map((r) => r.at));
		const apart = firstSent('quota-b') - firstSent('quota-a');
		const throttledOf = (run: string) => ofRun(run).filter((r) => r.outcome === 'throttled').length;
		figure(
			`quota: 2 × ${ITEMS} items on ${workerName(workers[0])} (credential A) and ${workerName(workers[1])} (credential B), quota ${QUOTA.perSecond}/s burst ${QUOTA.burst}`,
		);
		figure(
			`quota: together ${togetherPerSecond.toFixed(1)}/s = ${((100 * togetherPerSecond) / QUOTA.perSecond).toFixed(0)}% of the quota over the ${((to - from) / 1000).toFixed(1)} s both ran ` +
				`(A ${inA} contacts = ${(100 * shares[0]).toFixed(0)}%, B ${inB} = ${(100 * shares[1]).toFixed(0)}%); whole run ${overallPerSecond.toFixed(1)}/s, ` +
				`${throttled} throttled requests (${((100 * throttled) / (2 * ITEMS)).toFixed(1)}% of items; A ${throttledOf('quota-a')}, B ${throttledOf('quota-b')}), ` +
				`first requests ${Math.abs(apart)} ms apart (${apart < 0 ? 'B' : 'A'} first), ${(wallMs / 1000).toFixed(1)} s from the webhooks to both finished`,
		);
		quota = { togetherPerSecond, shares, throttledPerItem: throttled / (2 * ITEMS) };
	}, 420_000);

	it('…and together they use at least 90% of the quota, each at least 40% of what they got together, throttled requests at most 10% of the items', () => {
		expect(quota).toBeDefined();
		expect(quota!.togetherPerSecond).toBeGreaterThanOrEqual(0.9 * QUOTA.perSecond);
		expect(Math.min(...quota!.shares)).toBeGreaterThanOrEqual(0.4);
		expect(quota!.throttledPerItem).toBeLessThanOrEqual(0.1);
	});

	it('isolation: concurrent executions with different credentials on the same workers never see each other’s credentials or items', async () => {
		const ITEMS = 20;
		await resetEmulator();
		const before = await existingExecutions('queueBatchA', 'queueBatchB');
		// A, A, B, B: n8n's queue hands jobs to the two workers in turn, so each worker gets both credentials at once.
		const runs = [
			{
				run: 'iso-a1',
				workflow: 'queueBatchA',
				path: 'queue-batch-a',
				key: CREDENTIAL_A.accessKeyId,
			},
			{
				run: 'iso-a2',
				workflow: 'queueBatchA',
				path: 'queue-batch-a',
				key: CREDENTIAL_A.accessKeyId,
			},
			{
				run: 'iso-b1',
				workflow: 'queueBatchB',
				path: 'queue-batch-b',
				key: CREDENTIAL_B.accessKeyId,
			},
			{
				run: 'iso-b2',
				workflow: 'queueBatchB',
				path: 'queue-batch-b',
				key: CREDENTIAL_B.accessKeyId,
			},
		];
		for (const r of runs)
			expect((await webhook(r.path, { run: r.run, count: ITEMS })).status).toBe(200);
		const executions = [
			...(await executionsOf('queueBatchA', 2, { before })),
			...(await executionsOf('queueBatchB', 2, { before })),
		];
		expect(executions.map((e) => e.status)).toEqual(['success', 'success', 'success', 'success']);

		const state = await emulator.client.state();
		expect(createRequests(state).every((r) => r.outcome === 'ok')).toBe(true);
		for (const execution of executions) {
			const details = await getExecution(stack.main.url, session, execution.id);
			const out = details.data.resultData.runData['Amazon Connect'][0].data!.main![0]!.map(
				(i) => i.json as { contactId: string },
			);
			// The execution's output: its own records' contacts, nothing else.
			const records = details.data.resultData.runData.Records[0].data!.main![0]!.map(
				(i) => i.json as { id: string; run: string },
			);
			const run = records[0].run;
			const mine = runs.find((r) => r.run === run)!;
			expect(records.map((r) => r.id)).toEqual(recordIds(run, ITEMS));
			const contacts = contactsOfRun(state, run);
			const byContact = new Map(contacts.map((c) => [c.contactId, attributes(c).recordId]));
			expect(out.map((o) => byContact.get(o.contactId))).toEqual(recordIds(run, ITEMS));
			// Every request for its items was signed with its workflow's credential.
			const signedWith = new Set(
				createRequests(state)
					.filter((r) => attributes(r).run === run)
					.map((r) => r.accessKeyId),
			);
			expect(signedWith).toEqual(new Set([mine.key]));
			const worker = stack.workerOf(execution.id);
			expect(worker).toBeGreaterThanOrEqual(0);
			noteCredential(worker, mine.key);
			// No secret in the output.
			const text = JSON.stringify(details.data);
			for (const secret of SECRETS) expect(text).not.toContain(secret);
		}
		expect(state.contacts).toHaveLength(runs.length * ITEMS);
		// Both workers ran executions; a worker that ran both credentials kept each execution to its own.
		expect([...credentialsSeenByWorker.keys()].sort()).toEqual([0, 1]);
		expect([...credentialsSeenByWorker.values()].some((keys) => keys.size === 2)).toBe(true);
		figure(
			`isolation: ${runs.length} executions of ${ITEMS} items; credentials seen per worker: ${[
				...credentialsSeenByWorker.entries(),
			]
				.sort(([x], [y]) => x - y)
				.map(
					([w, keys]) =>
						`${workerName(w)} ${[...keys]
							.map((k) => (k === CREDENTIAL_A.accessKeyId ? 'A' : 'B'))
							.sort()
							.join('+')}`,
				)
				.join(
					', ',
				)}; each execution's requests signed with its own credential, outputs only its own items`,
		);
		// No secret in any process's log.
		for (const n8n of [stack.main, stack.webhook, ...stack.workers])
			for (const secret of SECRETS) expect(n8n.logs()).not.toContain(secret);
	});

	it('the same webhook delivery posted twice at once, run on both workers: one contact, and both executions answer with it', async () => {
		// Latency keeps both requests in flight together.
		await resetEmulator({ latencyMs: 300 });
		const delivery = { deliveryId: 'dlv-7f3a9c', subject: 'Customer asked for a call back' };
		const [first, second] = await Promise.all([
			webhook('queue-delivery', delivery),
			webhook('queue-delivery', delivery),
		]);
		expect([first.status, second.status]).toEqual([200, 200]);
		const state = await emulator.client.state();
		expect(state.contacts).toHaveLength(1);
		const contact = state.contacts[0];
		expect(attributes(contact)).toEqual({ deliveryId: delivery.deliveryId });
		expect(first.body).toEqual(
			expect.objectContaining({
				contactId: contact.contactId,
				contactArn: contact.contactArn,
				clientToken: contact.clientToken,
			}),
		);
		expect(second.body).toEqual(first.body);
		expect(countBy(createRequests(state), (r) => r.outcome)).toEqual({ ok: 1, replay: 1 });

		const executions = await executionsOf('queueDelivery', 2);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		const workers = executions.map((e) => stack.workerOf(e.id));
		expect(workers.every((w) => w >= 0)).toBe(true);
		expect(workers[0]).not.toBe(workers[1]);
		const [r1, r2] = createRequests(state).sort((x, y) => x.at - y.at);
		figure(
			`webhook twice: executions ${executions.map((e) => e.id).join(' and ')} on ${workers.map(workerName).join(' and ')}, requests ${r2.at - r1.at} ms apart: 1 contact, both answered ${contact.contactId}`,
		);
	});

	it('Retry from the executions list without an Idempotency Key: the retried node sends the same tokens, one contact per item', async () => {
		const ITEMS = 60;
		// Seed 9 answers request 26 with InternalServiceException; Max Attempts 1 makes the node fail there.
		await resetEmulator({ faults: { seed: 9, internalError: 0.1 } });
		const before = await existingExecutions('queueUnkeyed');
		expect((await webhook('queue-unkeyed', { run: 'retry', count: ITEMS })).status).toBe(200);
		const [failed] = await executionsOf('queueUnkeyed', 1, { before });
		expect(failed.status).toBe('error');
		const createdBefore = contactsOfRun(await emulator.client.state(), 'retry').length;
		expect(createdBefore).toBeGreaterThan(0);
		expect(createdBefore).toBeLessThan(ITEMS);

		await emulator.client.configure({
			faults: { seed: 1, throttle: 0, internalError: 0, dropBeforeHandling: 0, dropAfterStore: 0 },
		});
		const retried = await retryExecution(stack.main.url, session, failed.id);
		expect(retried).toEqual(expect.objectContaining({ status: 'success', retryOf: failed.id }));
		const state = await emulator.client.state();
		const contacts = contactsOfRun(state, 'retry');
		const perRecord = contactsPerRecord(contacts);
		figure(
			`retry from the list: ${createdBefore} of ${ITEMS} contacts before the failure; after the retry (execution ${retried.id} on ${workerName(stack.workerOf(retried.id))}) ` +
				`${contacts.length} contacts for ${perRecord.size} items`,
		);
		expect([...perRecord.keys()].sort()).toEqual(recordIds('retry', ITEMS).sort());
		expect([...perRecord.values()].every((n) => n === 1)).toBe(true);
	});

	/**
	 * What n8n 2.40.7 does when a worker dies (seen here, and in its source): Bull fails the job once its lock
	 * expires, and the process that enqueued it (the webhook processor) records the execution as `error`
	 * ("failed to be processed too many times", MaxStalledCountError) with an EMPTY run: no node's data, nothing left
	 * to run. n8n's Retry (the executions list, or its REST API) then runs nothing and ends in the same error. The
	 * node never sees the crashed run's outputs either. What works is sending the same items again (re-delivering
	 * the webhook, re-running the trigger): with an Idempotency Key that creates exactly the missing contacts;
	 * without one, every item the crashed run had sent gets a second contact. The README says so.
	 */
	it("a worker killed (SIGKILL) in the middle of 300-item runs: the executions end in error, n8n's retry runs nothing, sending the items again with an Idempotency Key creates exactly the missing contacts", async () => {
		const ITEMS = 300;
		await resetEmulator({ rate: QUOTA });
		const before = await existingExecutions('queueKeyed', 'queueUnkeyed');
		// Both runs on one worker: the other one is stopped, and started again once the first is killed.
		await stack.workers[1].stop();
		expect((await webhook('queue-keyed', { run: 'crash-keyed', count: ITEMS })).status).toBe(200);
		expect((await webhook('queue-unkeyed', { run: 'crash-unkeyed', count: ITEMS })).status).toBe(
			200,
		);
		await waitUntil(
			'a third of the contacts',
			async () => (await emulator.client.state()).contacts.length >= (2 * ITEMS) / 3,
			120_000,
		);
		await stack.workers[0].kill('SIGKILL');
		const killedAt = Date.now();
		await new Promise((r) => setTimeout(r, 1000));
		const atKill = await emulator.client.state();
		const keyedBefore = contactsOfRun(atKill, 'crash-keyed').length;
		const unkeyedBefore = contactsOfRun(atKill, 'crash-unkeyed').length;
		expect(keyedBefore).toBeGreaterThan(0);
		expect(keyedBefore).toBeLessThan(ITEMS);
		expect(unkeyedBefore).toBeGreaterThan(0);
		expect(unkeyedBefore).toBeLessThan(ITEMS);

		// A live worker notices the dead one's job once its lock expired (20 s here, 60 s by default).
		await stack.restartWorker(1);
		const [keyed] = await executionsOf('queueKeyed', 1, { timeoutMs: 120_000, before });
		const [unkeyed] = await executionsOf('queueUnkeyed', 1, { timeoutMs: 120_000, before });
		const noticedMs = Date.now() - killedAt;
		for (const execution of [keyed, unkeyed]) {
			expect(execution.status).toBe('error');
			const details = await getExecution(stack.main.url, session, execution.id);
			expect(details.data.resultData.error?.message).toMatch(
				/^This execution failed to be processed too many times and will no longer retry/,
			);
			expect(details.data.resultData.runData).toEqual({});
			expect(
				(details.data as { executionData?: { nodeExecutionStack?: unknown[] } }).executionData
					?.nodeExecutionStack,
			).toEqual([]);
		}
		figure(
			`worker killed: ${keyedBefore} of ${ITEMS} contacts (keyed run) and ${unkeyedBefore} of ${ITEMS} (unkeyed run) created before the kill; ` +
				`both executions recorded as error (MaxStalledCountError) with an empty run ${(noticedMs / 1000).toFixed(1)} s after the kill`,
		);

		// n8n's Retry runs nothing: the saved run is empty.
		const retries = await Promise.all([
			retryExecution(stack.main.url, session, keyed.id),
			retryExecution(stack.main.url, session, unkeyed.id),
		]);
		expect(retries.map((r) => [r.status, r.retryOf])).toEqual([
			['error', keyed.id],
			['error', unkeyed.id],
		]);
		expect((await emulator.client.state()).contacts).toHaveLength(keyedBefore + unkeyedBefore);

		// Sending the same items again (the webhook delivered again) works; no quota, to keep the suite short.
		await emulator.client.configure({ rate: null });
		expect((await webhook('queue-keyed', { run: 'crash-keyed', count: ITEMS })).status).toBe(200);
		expect((await webhook('queue-unkeyed', { run: 'crash-unkeyed', count: ITEMS })).status).toBe(
			200,
		);
		const keyedAgain = (await executionsOf('queueKeyed', 2, { before }))[1];
		const unkeyedAgain = (await executionsOf('queueUnkeyed', 2, { before }))[1];
		expect([keyedAgain.status, unkeyedAgain.status]).toEqual(['success', 'success']);
		const state = await emulator.client.state();
		const keyedPerRecord = contactsPerRecord(contactsOfRun(state, 'crash-keyed'));
		expect([...keyedPerRecord.keys()].sort()).toEqual(recordIds('crash-keyed', ITEMS).sort());
		expect([...keyedPerRecord.values()].every((n) => n === 1)).toBe(true);
		const keyedReplays = createRequests(state).filter(
			(r) => attributes(r).run === 'crash-keyed' && r.outcome === 'replay',
		).length;
		expect(keyedReplays).toBe(keyedBefore);
		const unkeyedContacts = contactsOfRun(state, 'crash-unkeyed');
		const unkeyedTwice = [...contactsPerRecord(unkeyedContacts).values()].filter(
			(n) => n > 1,
		).length;
		figure(
			`worker killed, items sent again: with an Idempotency Key ${keyedPerRecord.size} contacts for ${ITEMS} items (${keyedReplays} returned, ${ITEMS - keyedBefore} created); ` +
				`without: ${unkeyedContacts.length} contacts for ${ITEMS} items (${unkeyedTwice} items twice)`,
		);
		// Without a key nothing tells the new execution what the crashed one created.
		expect(unkeyedContacts).toHaveLength(ITEMS + unkeyedBefore);
		expect(unkeyedTwice).toBe(unkeyedBefore);
	});
});
