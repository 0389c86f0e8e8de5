/**
 * The bench's logic, not its timing: its functions at tiny sizes against an in-process emulator
 * without quota or latency, and its counting of contacts, duplicates and failed items, including
 * cases built to fail, so that a counter that can never move would be caught.
 */
import { ConnectClient, CreateContactCommand } from '@aws-sdk/client-connect';
import type { INodeExecutionData } from 'n8n-workflow';

import {
	backgroundCaller,
	countAnswers,
	costInput,
	countContacts,
	DESCRIBE_CONTACT,
	createdBy,
	FAULTS,
	idealSeconds,
	isCorrect,
	itemName,
	nodeInput,
	ownCost,
	requestsPerItem,
	runNode,
	runClientAlone,
	sampleMemory,
	throttledBy,
} from '../../scripts/bench/bench';
import {
	inProcessEmulator,
	type EmulatorHandle,
	type Snapshot,
} from '../../scripts/bench/emulatorHandle';

let emulator: EmulatorHandle;
const clients: ConnectClient[] = [];

beforeAll(async () => {
	emulator = await inProcessEmulator({ rate: null, latencyMs: 0, faults: {} });
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await emulator.close();
});
beforeEach(async () => {
	await emulator.configure({ rate: null, latencyMs: 0, faults: {} });
	await emulator.reset();
});

/** A contact created behind the node's back, with a token of its own. */
async function createExtraContact(name: string, clientToken: string): Promise<void> {
	const key = emulator.config.accessKeys[0];
	const client = new ConnectClient({
		region: emulator.config.region,
		endpoint: emulator.url,
		credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
	});
	clients.push(client);
	await client.send(
		new CreateContactCommand({
			InstanceId: emulator.config.instances[0].id,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: name,
			ClientToken: clientToken,
		}),
	);
}

describe('runNode and countContacts', () => {
	it('20 items: 20 contacts, no duplicate, nothing failed, outputs paired in order with their contact', async () => {
		const run = await runNode(emulator, 't', 20);
		expect(run.error).toBeUndefined();
		expect(run.outputs).toHaveLength(20);
		const count = countContacts(await emulator.snapshot(), run.names, run.outputs);
		expect(count).toStrictEqual({
			items: 20,
			contacts: 20,
			itemsWithContact: 20,
			duplicates: 0,
			missing: 0,
			failed: 0,
			unpaired: 0,
			mismatched: 0,
		});
		expect(isCorrect(count)).toBe(true);
	});

	it('an injected duplicate is counted, and makes the run incorrect', async () => {
		const run = await runNode(emulator, 't', 20);
		await createExtraContact(itemName('t', 3), 'another-token-for-item-3');
		const count = countContacts(await emulator.snapshot(), run.names, run.outputs);
		expect(count.contacts).toBe(21);
		expect(count.duplicates).toBe(1);
		expect(count.itemsWithContact).toBe(20);
		expect(count.failed).toBe(0);
		expect(isCorrect(count)).toBe(false);
	});

	it('a contact that belongs to no item counts as a duplicate too', async () => {
		const run = await runNode(emulator, 't', 5);
		await createExtraContact('not an item of this run', 'stranger-token');
		const count = countContacts(await emulator.snapshot(), run.names, run.outputs);
		expect(count).toMatchObject({ contacts: 6, duplicates: 1, missing: 0 });
	});

	it('items that fail are counted as failed and missing', async () => {
		// Every request answered InternalServiceException; one attempt each.
		await emulator.configure({ rate: null, latencyMs: 0, faults: { internalError: 1 } });
		const run = await runNode(emulator, 't', 4, { maxAttempts: 1 });
		expect(run.error).toBeUndefined(); // Continue On Fail: error items, not a thrown error
		const count = countContacts(await emulator.snapshot(), run.names, run.outputs);
		expect(count).toMatchObject({
			items: 4,
			contacts: 0,
			failed: 4,
			missing: 4,
			duplicates: 0,
			unpaired: 0,
			mismatched: 0,
		});
		expect(isCorrect(count)).toBe(false);
	});

	it('when execute() throws, every item counts as failed', () => {
		const snapshot: Snapshot = { contacts: [], outcomes: {}, byOperation: {}, requests: 0 };
		expect(countContacts(snapshot, ['a', 'b'], [], true)).toMatchObject({ failed: 2, missing: 2 });
	});

	it('outputs out of order or pointing at another contact are caught', async () => {
		const run = await runNode(emulator, 't', 3);
		const snapshot = await emulator.snapshot();
		const swapped: INodeExecutionData[] = [run.outputs[1], run.outputs[0], run.outputs[2]];
		expect(countContacts(snapshot, run.names, swapped)).toMatchObject({
			unpaired: 2,
			mismatched: 2,
		});
		const wrongId = run.outputs.map((o, i) =>
			i === 2 ? { ...o, json: { ...o.json, contactId: 'not-the-stored-one' } } : o,
		);
		expect(countContacts(snapshot, run.names, wrongId)).toMatchObject({
			unpaired: 0,
			mismatched: 1,
		});
		expect(countContacts(snapshot, run.names, run.outputs.slice(0, 2))).toMatchObject({
			failed: 1,
			unpaired: 1,
		});
	});

	it('with faults (throttles, 500s, drops after the contact was stored) each item still gives one contact', async () => {
		await emulator.configure({
			rate: null,
			latencyMs: 0,
			faults: { seed: 3, throttle: 0.2, internalError: 0.1, dropAfterStore: 0.2 },
		});
		const run = await runNode(emulator, 'f', 20);
		const snapshot = await emulator.snapshot();
		const count = countContacts(snapshot, run.names, run.outputs);
		expect(count).toMatchObject({ contacts: 20, duplicates: 0, failed: 0, mismatched: 0 });
		// The faults did happen: the counts are not trivially clean.
		expect(snapshot.outcomes['fault:dropAfterStore']).toBeGreaterThan(0);
		expect(snapshot.outcomes.replay).toBeGreaterThan(0);
		expect(throttledBy(snapshot).injected).toBeGreaterThan(0);
		// About 4 s here (the back-off after 500s and drops), near Jest's default 5 s, which a busy CI machine went past.
	}, 30_000);

	it('throttles by the quota are counted apart from injected ones', async () => {
		await emulator.configure({ rate: { perSecond: 10, burst: 2 }, latencyMs: 0, faults: {} });
		const run = await runNode(emulator, 'q', 6);
		const snapshot = await emulator.snapshot();
		expect(throttledBy(snapshot).quota).toBeGreaterThan(0);
		expect(throttledBy(snapshot).injected).toBe(0);
		expect(countContacts(snapshot, run.names, run.outputs)).toMatchObject({
			contacts: 6,
			duplicates: 0,
			failed: 0,
		});
	});
});

describe('the clients-alone baselines, the background caller and the figures', () => {
	it.each(['node', 'plain'] as const)(
		'the %s client alone creates one contact per request and reports its CPU per request',
		async (which) => {
			const sdk = await runClientAlone(emulator, `b ${which}`, 5, 2, which);
			expect(sdk.failed).toBe(0);
			expect(sdk.cpuMsPerRequest).toBeGreaterThan(0);
			expect(
				countContacts(
					await emulator.snapshot(),
					[0, 1, 2, 3, 4].map((i) => itemName(`b ${which}`, i)),
				),
			).toMatchObject({ contacts: 5, duplicates: 0, missing: 0 });
		},
	);

	it("the background caller sends until stopped, and its contacts are not counted as the run's", async () => {
		const stop = backgroundCaller(emulator, 50);
		const run = await runNode(emulator, 'r', 3);
		await new Promise((resolve) => setTimeout(resolve, 150));
		const caller = await stop();
		expect(caller.sent).toBeGreaterThan(0);
		expect(caller.throttled).toBe(0);
		const snapshot = await emulator.snapshot();
		expect(snapshot.contacts.length).toBe(3 + caller.sent);
		expect(countContacts(snapshot, run.names, run.outputs, false, 'r ')).toMatchObject({
			contacts: 3,
			duplicates: 0,
			failed: 0,
		});
		// Without the prefix, the caller's contacts count against the run.
		expect(countContacts(snapshot, run.names, run.outputs).duplicates).toBe(caller.sent);
	});

	it("createdBy counts a run's contacts up to a time", async () => {
		const run = await runNode(emulator, 'c', 4);
		const snapshot = await emulator.snapshot();
		expect(createdBy(snapshot, 'c ', run.endedAt)).toBe(4);
		expect(createdBy(snapshot, 'c ', 0)).toBe(0);
		expect(createdBy(snapshot, 'other ', run.endedAt)).toBe(0);
	});

	it("an operation that creates nothing is counted by its outputs and the emulator's answers", async () => {
		const run = await runNode(emulator, 'd', nodeInput(emulator, 'd', 3, {}, DESCRIBE_CONTACT));
		const snapshot = await emulator.snapshot();
		expect(snapshot.byOperation.DescribeContact).toMatchObject({ ok: 3 });
		const count = countAnswers(snapshot, 'DescribeContact', run.names, run.outputs);
		expect(count).toMatchObject({ items: 3, failed: 0, missing: 0, unpaired: 0 });
		expect(isCorrect(count)).toBe(true);
		// An error item and a missing answer are caught.
		const broken = [run.outputs[0], { ...run.outputs[1], json: { error: 'x' } }, run.outputs[2]];
		expect(
			countAnswers(snapshot, 'DescribeContact', [...run.names, 'one more'], broken),
		).toMatchObject({ failed: 2, missing: 1, unpaired: 1 });
	});

	it("the cost input is n8n's: one item per record, one set of parameters, the Name from the item", () => {
		const input = costInput(emulator.config, 'c', 3);
		expect(input.names).toEqual(['c item 0', 'c item 1', 'c item 2']);
		expect(input.inputItems).toEqual(input.names.map((name) => ({ json: { name } })));
		const second = input.parameters(1);
		expect(second).toEqual({ ...nodeInput(emulator, 'c', 3).parameters[1], options: {} });
		expect(input.parameters(1)).toBe(second); // an item's reads share one evaluation
		expect(input.parameters(2).name).toBe('c item 2');
		expect(input.parameters(2).instanceId).toBe(second.instanceId); // one set, not a copy per item
	});

	it('the own cost runs the node with the SDK answering at once', async () => {
		const own = await ownCost(50);
		expect(own.outputs).toBe(50);
		expect(own.cpuMsPerItem).toBeGreaterThan(0);
		expect((await emulator.snapshot()).requests).toBe(0); // nothing reached the emulator
	});

	it('ideal times: the burst at once, then one request per token; faults take more requests per item', () => {
		expect(idealSeconds(300, { perSecond: 2, burst: 5 })).toBe(147.5);
		expect(idealSeconds(3, { perSecond: 2, burst: 5 })).toBe(0);
		expect(requestsPerItem({ throttle: 0, internalError: 0, dropAfterStore: 0 })).toBe(1);
		expect(requestsPerItem(FAULTS)).toBeCloseTo(1 / 0.82, 10);
	});
});

it('sampleMemory reports peaks at least as high as the memory now', () => {
	const stop = sampleMemory(5);
	const peak = stop();
	expect(peak.rss).toBeGreaterThan(0);
	expect(peak.heapUsed).toBeGreaterThan(0);
});
