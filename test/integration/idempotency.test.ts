/**
 * Idempotency end to end: what n8n repeats (Retry On Fail re-running the node in the same execution,
 * another execution for the same records with the Idempotency Key option) creates nothing new.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { ROOT_EXECUTION_KEY } from '../../nodes/AmazonConnect/shared/rootExecution';
import {
	contactArnOf,
	createContactRequests,
	DEMO,
	executionToken,
	keyToken,
	runNode,
	storedContactByToken,
	taskParameters,
	useTestEmulator,
} from './helpers';

const emulator = useTestEmulator();

const WORKFLOW = 'wf-idempotency';
const NODE_NAME = 'Create tasks';
const RECORDS = ['ticket-1001', 'ticket-1002', 'ticket-1003'];

/** Three tickets: the items differ, as records of a CRM would. */
const ticketParameters = (withKey: boolean) => (i: number) =>
	taskParameters({
		name: `Follow up ${RECORDS[i]}`,
		attributes: { attribute: [{ key: 'ticketId', value: RECORDS[i] }] },
		...(withKey && { options: { idempotencyKey: RECORDS[i] } }),
	});

const contactIds = (items: INodeExecutionData[]) => items.map((item) => item.json.contactId);

describe('Retry On Fail: the same execution runs the node again', () => {
	test('creates nothing new and returns the same contacts', async () => {
		const run = () =>
			runNode(emulator, {
				items: 3,
				parameters: ticketParameters(false),
				workflowId: WORKFLOW,
				executionId: 'exec-1',
				nodeName: NODE_NAME,
			});
		const first = await run();
		expect(emulator.state.contacts).toHaveLength(3);
		const tokens = RECORDS.map((_, i) => executionToken(WORKFLOW, 'exec-1', NODE_NAME, i));
		const stored = tokens.map((token) => storedContactByToken(emulator, token));
		expect(first.items).toStrictEqual(
			stored.map((contact, i) => ({
				json: {
					contactId: contact.contactId,
					contactArn: contactArnOf(DEMO, contact.contactId),
					channel: 'TASK',
					initiationMethod: 'API',
					clientToken: tokens[i],
				},
				pairedItem: { item: i },
			})),
		);

		const second = await run();
		expect(second.items).toStrictEqual(first.items);
		expect(emulator.state.contacts).toHaveLength(3);
		expect(
			createContactRequests(emulator)
				.map((r) => r.outcome)
				.sort(),
		).toStrictEqual(['ok', 'ok', 'ok', 'replay', 'replay', 'replay']);
		for (const token of tokens) expect(emulator.state.tokens[`${DEMO}:${token}`].hits).toBe(2);
	});

	test('after a partial failure, the re-run creates only the missing contact', async () => {
		// Item 1 relates to a contact the instance does not have: the emulator rejects it (404).
		const missing = '99999999-9999-4999-8999-999999999999';
		const params = (fixed: boolean) => (i: number) =>
			taskParameters({
				name: `Follow up ${RECORDS[i]}`,
				...(i === 1 && !fixed && { additionalFields: { relatedContactId: missing } }),
				options: { concurrency: 1 },
			});
		const failed = await runNode(emulator, {
			items: 3,
			parameters: params(false),
			workflowId: WORKFLOW,
			executionId: 'exec-partial',
			nodeName: NODE_NAME,
			continueOnFail: true,
		});
		const [notFound] = createContactRequests(emulator).filter((r) => r.outcome === 'notFound');
		expect(failed.items[1]).toStrictEqual({
			json: {
				error: `Item 1: ResourceNotFoundException: Contact not found for RelatedContactId: ${missing} (HTTP 404, request ID ${notFound.requestId})`,
				description: `Check the instance ID (${DEMO}) and that the instance is in the credential's region (us-east-1); a user ID, related or previous contact ID must also exist in that instance.`,
				itemIndex: 1,
			},
			pairedItem: { item: 1 },
		});
		expect([0, 2].map((i) => failed.items[i].json.clientToken)).toStrictEqual(
			[0, 2].map((i) => executionToken(WORKFLOW, 'exec-partial', NODE_NAME, i)),
		);
		expect(emulator.state.contacts).toHaveLength(2);

		const again = await runNode(emulator, {
			items: 3,
			parameters: params(true),
			workflowId: WORKFLOW,
			executionId: 'exec-partial',
			nodeName: NODE_NAME,
		});
		expect(emulator.state.contacts).toHaveLength(3);
		expect(again.items[0]).toStrictEqual(failed.items[0]);
		expect(again.items[2]).toStrictEqual(failed.items[2]);
		const created = storedContactByToken(
			emulator,
			executionToken(WORKFLOW, 'exec-partial', NODE_NAME, 1),
		);
		expect(again.items[1].json.contactId).toBe(created.contactId);
	});
});

describe('Retry from the executions list: a new execution ID, the original custom data', () => {
	/** Item 1 relates to a contact the instance does not have until `fixed`: the emulator rejects it (404). */
	const missing = '99999999-9999-4999-8999-999999999999';
	const params = (fixed: boolean) => (i: number) =>
		taskParameters({
			name: `Follow up ${RECORDS[i]}`,
			...(i === 1 && !fixed && { additionalFields: { relatedContactId: missing } }),
			options: { concurrency: 1 },
		});
	const run = (executionId: string, customData: Record<string, string>, fixed: boolean) =>
		runNode(emulator, {
			items: 3,
			parameters: params(fixed),
			workflowId: WORKFLOW,
			executionId,
			nodeName: NODE_NAME,
			customData,
			continueOnFail: true,
		});

	test("the retry and a retry of the retry get the first attempt's contacts and create only the missing one", async () => {
		const customData: Record<string, string> = {};
		const first = await run('101', customData, false);
		expect(Object.keys(customData)).toStrictEqual([ROOT_EXECUTION_KEY]);
		expect(customData[ROOT_EXECUTION_KEY]).toMatch(/^101\.[0-9a-f-]{36}$/);
		expect(emulator.state.contacts).toHaveLength(2);

		// n8n copies the original's custom data into the retry; the failed item still fails here.
		const retry = await run('102', { ...customData }, false);
		expect([0, 2].map((i) => retry.items[i])).toStrictEqual([0, 2].map((i) => first.items[i]));
		expect(emulator.state.contacts).toHaveLength(2);

		const retryOfRetry = await run('103', { ...customData }, true);
		expect([0, 2].map((i) => retryOfRetry.items[i])).toStrictEqual(
			[0, 2].map((i) => first.items[i]),
		);
		expect(emulator.state.contacts).toHaveLength(3);
		const root = customData[ROOT_EXECUTION_KEY];
		expect(retryOfRetry.items.map((item) => item.json.clientToken)).toStrictEqual(
			[0, 1, 2].map((i) => executionToken(WORKFLOW, '101', NODE_NAME, i, 0, DEMO, root)),
		);
		expect(retryOfRetry.hints).toStrictEqual([]);
	});

	test('custom data already full (10 keys from Code nodes): tokens of this execution only, and a hint says a Retry would create the contacts again', async () => {
		const full = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`code_${i}`, 'x']));
		const first = await run('201', { ...full }, true);
		expect(first.items.map((item) => item.json.clientToken)).toStrictEqual(
			[0, 1, 2].map((i) => executionToken(WORKFLOW, '201', NODE_NAME, i, 0, DEMO, '201')),
		);
		expect(first.hints).toStrictEqual([
			{
				message: expect.stringMatching(
					/^This execution's custom data already has 10 keys .* a Retry of this execution from the executions list would create these contacts again\./,
				),
				location: 'outputPane',
				type: 'warning',
			},
		]);
		await run('202', { ...full }, true);
		expect(emulator.state.contacts).toHaveLength(6); // what the hint says
	});

	test('from the editor (manual mode): a hint says a re-run creates the contacts again and what to do', async () => {
		const { hints } = await runNode(emulator, {
			items: 1,
			parameters: taskParameters(),
			executionId: '301',
			mode: 'manual',
		});
		expect(hints).toStrictEqual([
			{
				message:
					'Each run from the editor is a new execution with new tokens: running this step again creates these contacts again. To make re-runs safe, set Options › Idempotency Key to a stable ID of each record (e.g. {{ $json.ticketId }}). Retry On Fail and a Retry from the executions list are safe without it.',
				location: 'outputPane',
				type: 'warning',
			},
		]);
		const keyed = await runNode(emulator, {
			items: 1,
			parameters: taskParameters({ options: { idempotencyKey: 'T-1' } }),
			executionId: '302',
			mode: 'manual',
		});
		expect(keyed.hints).toStrictEqual([]);
	});
});

describe('content that changes between tries ({{ $now }} in a field)', () => {
	test('Retry On Fail with another name: no second contact, and an error that says what happened and what to do', async () => {
		const run = (name: string) =>
			runNode(emulator, {
				parameters: taskParameters({ name }),
				workflowId: WORKFLOW,
				executionId: 'exec-now',
				nodeName: NODE_NAME,
				continueOnFail: true,
			});
		const first = await run('Call back at 10:00:01');
		const second = await run('Call back at 10:00:04');
		expect(emulator.state.contacts).toHaveLength(1);
		expect(second.items[0].json).toStrictEqual({
			error: expect.stringMatching(/^Item 0: IdempotencyException: /),
			description:
				'An earlier try of this item (Retry On Fail, or the execution this one retries) already created a contact with this token, with other field values: an expression such as {{ $now }} gives a new value on each try. No second contact was created. Keep those fields the same between tries (compute changing values in an earlier node: a retry does not run it again), or, for a new contact, run the workflow again as a new execution.',
			itemIndex: 0,
		});
		expect(first.items[0].json.contactId).toBe(emulator.state.contacts[0].contactId);
	});
});

describe('an Idempotency Key that is not a plain value', () => {
	test('is an error of that item, naming the field; the other items are sent', async () => {
		const keys: unknown[] = ['T-1', { id: 'T-2' }, ['T-3']];
		const { items } = await runNode(emulator, {
			items: 3,
			parameters: (i) => taskParameters({ options: { idempotencyKey: keys[i] as string } }),
			continueOnFail: true,
		});
		expect(items[1]).toStrictEqual({
			json: {
				error: 'Item 1: Options › Idempotency Key: is an object, not a plain value',
				description: expect.stringContaining('{{ $json.ticketId }}'),
				itemIndex: 1,
			},
			pairedItem: { item: 1 },
		});
		expect(items[2].json.error).toBe(
			'Item 2: Options › Idempotency Key: is a list, not a plain value',
		);
		expect(items[0].json.clientToken).toBe(keyToken(DEMO, 'T-1'));
		expect(emulator.state.contacts).toHaveLength(1);
	});
});

describe('Loop Over Items: the node runs again in the same execution with new items', () => {
	test('each run (run index) creates its own contacts; repeating a run creates nothing new', async () => {
		const run = (runIndex: number) =>
			runNode(emulator, {
				items: 2,
				parameters: ticketParameters(false),
				workflowId: WORKFLOW,
				executionId: 'exec-loop',
				nodeName: NODE_NAME,
				runIndex,
			});
		const batch0 = await run(0);
		const batch1 = await run(1);
		expect(emulator.state.contacts).toHaveLength(4);
		expect(batch1.items.map((item) => item.json.clientToken)).toStrictEqual(
			[0, 1].map((i) => executionToken(WORKFLOW, 'exec-loop', NODE_NAME, i, 1)),
		);
		expect(new Set([...contactIds(batch0.items), ...contactIds(batch1.items)]).size).toBe(4);

		const batch1Again = await run(1);
		expect(batch1Again.items).toStrictEqual(batch1.items);
		expect(emulator.state.contacts).toHaveLength(4);
	});
});

describe('Idempotency Key: another execution for the same records', () => {
	test('with the key set to the record IDs, a second execution creates nothing new', async () => {
		const first = await runNode(emulator, {
			items: 3,
			parameters: ticketParameters(true),
			workflowId: WORKFLOW,
			executionId: 'exec-10',
			nodeName: NODE_NAME,
		});
		const tokens = RECORDS.map((record) => keyToken(DEMO, record, WORKFLOW, NODE_NAME));
		expect(first.items.map((item) => item.json.clientToken)).toStrictEqual(tokens);
		expect(tokens.every((token) => /^n8nk-[0-9a-f]{64}$/.test(token))).toBe(true);
		expect(emulator.state.contacts.map((c) => c.clientToken)).toStrictEqual(
			expect.arrayContaining(tokens),
		);
		expect(emulator.state.contacts).toHaveLength(3);

		// Another execution of the same node (a new run, an editor click, a custom data store of its own): the key decides.
		const second = await runNode(emulator, {
			items: 3,
			parameters: ticketParameters(true),
			workflowId: WORKFLOW,
			executionId: 'exec-11',
			nodeName: NODE_NAME,
			customData: {},
		});
		expect(emulator.state.contacts).toHaveLength(3);
		expect(second.items).toStrictEqual(first.items);
		expect(contactIds(second.items)).toStrictEqual(
			tokens.map((token) => storedContactByToken(emulator, token).contactId),
		);
	});

	test('the key is scoped to its node: another node using the same record IDs for other contacts does not get these back', async () => {
		const first = await runNode(emulator, {
			items: 3,
			parameters: ticketParameters(true),
			workflowId: WORKFLOW,
			executionId: 'exec-12',
			nodeName: NODE_NAME,
		});
		const other = await runNode(emulator, {
			items: 3,
			parameters: ticketParameters(true),
			workflowId: WORKFLOW,
			executionId: 'exec-12',
			nodeName: 'Another node',
		});
		expect(emulator.state.contacts).toHaveLength(6);
		expect(other.items.map((item) => item.json.clientToken)).toStrictEqual(
			RECORDS.map((record) => keyToken(DEMO, record, WORKFLOW, 'Another node')),
		);
		expect(new Set([...contactIds(first.items), ...contactIds(other.items)]).size).toBe(6);
	});

	test('the key is per record: the same key in another order returns each record its own contact', async () => {
		const first = await runNode(emulator, {
			items: 3,
			parameters: ticketParameters(true),
			workflowId: WORKFLOW,
			executionId: 'exec-20',
		});
		const reversed = (i: number) => ticketParameters(true)(2 - i);
		const second = await runNode(emulator, {
			items: 3,
			parameters: reversed,
			workflowId: WORKFLOW,
			executionId: 'exec-21',
		});
		expect(emulator.state.contacts).toHaveLength(3);
		expect(contactIds(second.items)).toStrictEqual(contactIds(first.items).reverse());
		expect(second.items.map((item) => item.pairedItem)).toStrictEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	test('without the key, a different execution creates new contacts', async () => {
		const first = await runNode(emulator, {
			items: 3,
			parameters: ticketParameters(false),
			workflowId: WORKFLOW,
			executionId: 'exec-30',
			nodeName: NODE_NAME,
		});
		const second = await runNode(emulator, {
			items: 3,
			parameters: ticketParameters(false),
			workflowId: WORKFLOW,
			executionId: 'exec-31',
			nodeName: NODE_NAME,
		});
		expect(emulator.state.contacts).toHaveLength(6);
		const firstIds = contactIds(first.items);
		const secondIds = contactIds(second.items);
		expect(new Set([...firstIds, ...secondIds]).size).toBe(6);
		expect(second.items.map((item) => item.json.clientToken)).toStrictEqual(
			RECORDS.map((_, i) => executionToken(WORKFLOW, 'exec-31', NODE_NAME, i)),
		);
		expect(createContactRequests(emulator).map((r) => r.outcome)).toStrictEqual([
			'ok',
			'ok',
			'ok',
			'ok',
			'ok',
			'ok',
		]);
	});

	test('an explicit Client Token wins over the Idempotency Key', async () => {
		const params = taskParameters({
			additionalFields: { clientToken: 'explicit-token-1' },
			options: { idempotencyKey: 'ticket-1001' },
		});
		const first = await runNode(emulator, {
			parameters: params,
			workflowId: WORKFLOW,
			executionId: 'exec-40',
		});
		const second = await runNode(emulator, {
			parameters: params,
			workflowId: WORKFLOW,
			executionId: 'exec-41',
		});
		expect(emulator.state.contacts).toHaveLength(1);
		expect(storedContactByToken(emulator, 'explicit-token-1').contactId).toBe(
			first.items[0].json.contactId,
		);
		expect(second.items).toStrictEqual(first.items);
	});

	test('the same key with different parameters is an IdempotencyException naming the cause', async () => {
		await runNode(emulator, {
			parameters: taskParameters({ options: { idempotencyKey: 'ticket-2000' } }),
			executionId: 'exec-50',
		});
		const { items } = await runNode(emulator, {
			parameters: taskParameters({
				name: 'Something else',
				options: { idempotencyKey: 'ticket-2000' },
			}),
			executionId: 'exec-51',
			continueOnFail: true,
		});
		const [conflict] = createContactRequests(emulator).filter((r) => r.outcome === 'conflict');
		const token = keyToken(DEMO, 'ticket-2000');
		expect(items).toStrictEqual([
			{
				json: {
					error: `Item 0: IdempotencyException: ClientToken '${token}' was already used for a CreateContact request with different parameters in this instance. (HTTP 409, request ID ${conflict.requestId})`,
					description:
						'This Client Token (or Idempotency Key) was already used for a contact with different parameters. No second contact was created. A token stands for one contact: use a new key for a different contact, or send the same parameters again.',
					itemIndex: 0,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(emulator.state.contacts).toHaveLength(1);
	});
});
