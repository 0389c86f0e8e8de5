/**
 * The contact's life through the node with the real SDK against the emulator: a task created by
 * Contact → Create, read back, its attributes updated, stopped, stopped again (harmless), and each
 * API under its own quota bucket.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	byId,
	CONFIG,
	contactArnOf,
	DEMO,
	runNode,
	runNodeError,
	taskParameters,
	useTestEmulator,
} from './helpers';

const emulator = useTestEmulator();
beforeEach(() => {
	emulator.configure({ rate: null, rates: {} });
});

const op = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'contact',
	operation,
	instanceId: byId(DEMO),
	...extra,
});

async function createTasks(n: number, extra: INodeParameters = {}): Promise<string[]> {
	const { items } = await runNode(emulator, {
		items: n,
		parameters: taskParameters({ resource: 'contact', operation: 'create', ...extra }),
	});
	return items.map((i) => i.json.contactId as string);
}

test('close the ticket: Get → Update Attributes → Stop on a task created earlier; Stop again is harmless', async () => {
	const [id] = await createTasks(1, {
		attributes: { attribute: [{ key: 'ticket', value: 'T-42' }] },
	});

	const got = await runNode(emulator, {
		items: [{ json: { contactId: id } }],
		parameters: op('get', { contactId: id }),
	});
	expect(got.items[0].json).toMatchObject({
		contactId: id,
		contactArn: contactArnOf(DEMO, id),
		channel: 'TASK',
		initiationMethod: 'API',
		name: 'Call back customer',
		attributes: { ticket: 'T-42' },
	});
	expect(got.items[0].json.initiationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
	expect(got.items[0].json.disconnectTimestamp).toBeUndefined();

	const updated = await runNode(emulator, {
		parameters: op('updateAttributes', {
			contactId: id,
			attributesMode: 'json',
			attributesJson: '{"status": "closed"}',
		}),
	});
	expect(updated.items[0].json).toEqual({
		contactId: id,
		attributes: { status: 'closed' },
		updated: true,
	});
	expect(emulator.state.lives[id].attributes).toEqual({ ticket: 'T-42', status: 'closed' });

	const stopped = await runNode(emulator, { parameters: op('stop', { contactId: id }) });
	expect(stopped.items[0].json).toEqual({ contactId: id, stopped: true, alreadyStopped: false });
	expect(emulator.state.lives[id].state).toBe('STOPPED');

	const again = await runNode(emulator, { parameters: op('stop', { contactId: id }) });
	expect(again.items[0].json).toEqual({
		contactId: id,
		stopped: true,
		alreadyStopped: true,
		note: 'Amazon Connect: The contact with the specified ID is not active or does not exist.',
	});
	const read = await runNode(emulator, {
		parameters: op('get', { contactId: id, includeAttributes: false }),
	});
	expect(read.items[0].json.disconnectTimestamp).toMatch(/Z$/);
	expect(read.items[0].json.attributes).toBeUndefined();
});

test('an unknown contact: the error names the item and the API, and says what to check', async () => {
	const error = await runNodeError(emulator, {
		parameters: op('get', { contactId: 'does-not-exist' }),
	});
	expect(error.message).toMatch(
		/^Item 0: ResourceNotFoundException: Contact not found for ContactId: does-not-exist \(HTTP 404, request ID [0-9a-f-]{36}\)$/,
	);
	expect(error.description).toContain(
		'the contact (and the queue, user, flow or email address the request names) must also exist',
	);
});

test('the emulator refuses what the node lets through only where the documentation is silent: attribute rules match', async () => {
	const [id] = await createTasks(1);
	const error = await runNodeError(emulator, {
		parameters: op('updateAttributes', {
			contactId: id,
			attributes: { attribute: [{ key: 'bad.key', value: 'x' }] },
		}),
	});
	expect(error.message).toBe(
		'Item 0: Attributes › bad.key: the key "bad.key" has characters that are not allowed',
	);
	expect(
		emulator.state.requests.filter((r) => r.operation === 'UpdateContactAttributes'),
	).toHaveLength(0);
});

test('each API has its own quota: a throttled StopContact does not slow DescribeContact, and the hint names StopContact', async () => {
	const ids = await createTasks(4);
	emulator.configure({
		rates: {
			StopContact: { perSecond: 2, burst: 1 },
			DescribeContact: { perSecond: 1000, burst: 1000 },
		},
	});
	const items = ids.map((contactId) => ({ json: { contactId } }));
	const got = await runNode(emulator, {
		items,
		parameters: (i) => op('get', { contactId: ids[i], includeAttributes: false }),
	});
	expect(got.hints).toEqual([]);
	const stopped = await runNode(emulator, {
		items,
		parameters: (i) => op('stop', { contactId: ids[i] }),
	});
	expect(stopped.items.map((i) => i.json.alreadyStopped)).toEqual([false, false, false, false]);
	const outcomes = emulator.state.requests
		.filter((r) => r.operation === 'StopContact')
		.map((r) => r.outcome);
	expect(outcomes.filter((o) => o === 'ok')).toHaveLength(4);
	expect(outcomes.filter((o) => o === 'throttled').length).toBeGreaterThan(0);
	expect(
		emulator.state.requests
			.filter((r) => r.operation === 'DescribeContact')
			.every((r) => r.outcome === 'ok'),
	).toBe(true);
	expect(stopped.hints.map((h) => h.message)).toEqual([
		expect.stringMatching(/ask AWS Support to raise the StopContact quota\.$/),
	]);
});

describe('Contact → Transfer', () => {
	const QUEUE = CONFIG.queues![DEMO][1].id;
	const FLOW = CONFIG.flows![DEMO].find((f) => f.type === 'QUEUE_TRANSFER')!.id;
	const transfer = (contactId: string, extra: INodeParameters = {}) =>
		op('transfer', { contactId, queueId: byId(QUEUE), contactFlowId: byId(FLOW), ...extra });

	test('a task to a queue: the new contact is in the queue with the same attributes; a repeat of the item gets the same transfer', async () => {
		const [id] = await createTasks(1, {
			attributes: { attribute: [{ key: 'ticket', value: 'T-7' }] },
		});
		const first = await runNode(emulator, { executionId: 'exec-t', parameters: transfer(id) });
		const next = first.items[0].json.contactId as string;
		expect(first.items[0].json).toEqual({
			contactId: next,
			contactArn: contactArnOf(DEMO, next),
			previousContactId: id,
			queueId: QUEUE,
			clientToken: expect.stringMatching(/^n8ne-/),
		});
		expect(next).not.toBe(id);
		const again = await runNode(emulator, { executionId: 'exec-t', parameters: transfer(id) });
		expect(again.items[0].json).toEqual(first.items[0].json);
		expect(
			emulator.state.requests
				.filter((r) => r.operation === 'TransferContact')
				.map((r) => r.outcome),
		).toEqual(['ok', 'replay']);

		const got = await runNode(emulator, { parameters: op('get', { contactId: next }) });
		expect(got.items[0].json).toMatchObject({
			previousContactId: id,
			initiationMethod: 'QUEUE_TRANSFER',
			queueInfo: { Id: QUEUE },
			attributes: { ticket: 'T-7' },
		});
	});

	test("a voice contact cannot be transferred: AWS's answer is reported on the item", async () => {
		const { items } = await runNode(emulator, {
			parameters: op('create', { channel: 'VOICE', initiationMethod: 'TRANSFER' }),
		});
		const error = await runNodeError(emulator, {
			parameters: transfer(items[0].json.contactId as string),
		});
		expect(error.message).toMatch(
			/^Item 0: InvalidRequestException: TransferContact supports only TASK and EMAIL contacts; this contact's channel is VOICE\./,
		);
	});
});

describe('Contact → Update', () => {
	test('a task: name and references are stored and read back; queue and user only for external audio contacts', async () => {
		const [id] = await createTasks(1);
		const updated = await runNode(emulator, {
			parameters: op('update', {
				contactId: id,
				name: 'Escalated',
				references: {
					reference: [{ key: 'Ticket', type: 'URL', value: 'https://crm.example.com/9' }],
				},
			}),
		});
		expect(updated.items[0].json).toEqual({ contactId: id, updated: ['name', 'references'] });
		expect(emulator.state.lives[id]).toMatchObject({
			name: 'Escalated',
			references: { Ticket: { Type: 'URL', Value: 'https://crm.example.com/9' } },
		});

		const queue = CONFIG.queues![DEMO][0].id;
		const refused = await runNodeError(emulator, {
			parameters: op('update', { contactId: id, externalAudio: true, queueId: byId(queue) }),
		});
		expect(refused.message).toMatch(
			/^Item 0: InvalidRequestException: QueueInfo can be updated only for external audio contacts/,
		);

		const { items } = await runNode(emulator, {
			executionId: 'exec-voice',
			parameters: op('create', { channel: 'VOICE', initiationMethod: 'TRANSFER' }),
		});
		const voice = items[0].json.contactId as string;
		await runNode(emulator, {
			parameters: op('update', { contactId: voice, externalAudio: true, queueId: byId(queue) }),
		});
		const got = await runNode(emulator, {
			parameters: op('get', { contactId: voice, includeAttributes: false }),
		});
		expect(got.items[0].json.queueInfo).toMatchObject({ Id: queue });
	});
});
