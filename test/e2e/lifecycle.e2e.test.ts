/**
 * The contact's life in the real n8n (2.40.7, the packed node): create an outbound email contact and
 * send it (a second execution, as a Retry of the execution is, sends nothing twice); close a ticket
 * whose task was created earlier (Get → Update Attributes → Stop, twice: harmless); escalate a task to
 * a queue. Asserted on the node's outputs and on what the emulator stored.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { importWorkflow, nodeItems, type ExecuteResult } from '../../scripts/n8n/lib';
import {
	CONNECT,
	e2eWorkflow,
	executeOk,
	N8N_INSTANCE_ID,
	newUserFolder,
	pairedIndexes,
	readState,
	resetEmulator,
} from './support/e2e';

/** Email → Send's token: derived from the contact (one contact is one email), whichever workflow or node sends it. */
const sendToken = (contactId: string) =>
	`n8nk-${createHash('sha256')
		.update(
			JSON.stringify([
				'key',
				N8N_INSTANCE_ID,
				CONNECT.instance,
				'StartOutboundEmailContact',
				`StartOutboundEmailContact:${contactId}`,
			]),
		)
		.digest('hex')}`;

const { env } = newUserFolder('lifecycle');

const json = (result: ExecuteResult, node: string) =>
	nodeItems(result.run!, node).map((i) => i.json);

it('create an outbound email contact and send it: one execution; a second execution sends nothing twice', async () => {
	const emu = await resetEmulator();
	const first = await executeOk(env, 'e2eLifecycleEmailSend');
	const created = json(first, 'Create Email Contact') as Array<{ contactId: string }>;
	const sent = json(first, 'Send Email');
	expect(sent).toEqual(
		created.map((c) => ({
			contactId: c.contactId,
			sent: true,
			clientToken: sendToken(c.contactId),
		})),
	);
	expect(pairedIndexes(nodeItems(first.run, 'Send Email'))).toEqual([0, 1]);
	let state = await emu.state();
	expect(
		state.emails.map((e) => [
			e.contactId,
			e.request.DestinationEmailAddress,
			(e.request.EmailMessage as { RawMessage: { Subject: string } }).RawMessage.Subject,
		]),
	).toEqual([
		[
			created[0].contactId,
			{ EmailAddress: 'mia.rossi@example.com', DisplayName: 'Mia Rossi' },
			'Your order 3001 has shipped',
		],
		[
			created[1].contactId,
			{ EmailAddress: 'li.wei@example.com', DisplayName: 'Li Wei' },
			'Your order 3002 has shipped',
		],
	]);

	// A new execution (a Retry of the execution also runs under a new ID): Create gets its contacts back
	// by the Idempotency Key, Send by the token derived from the contact; no second email.
	const second = await executeOk(env, 'e2eLifecycleEmailSend');
	expect(json(second, 'Send Email')).toEqual(sent);
	state = await emu.state();
	expect(state.emails).toHaveLength(2);
	expect(
		state.requests.filter((r) => r.operation === 'StartOutboundEmailContact').map((r) => r.outcome),
	).toEqual(['ok', 'ok', 'replay', 'replay']);
});

it('close the ticket: Get → Update Attributes → Stop on a task created earlier; closing again is harmless', async () => {
	const emu = await resetEmulator();
	const opened = await executeOk(env, 'e2eLifecycleOpenTicket');
	const [{ contactId }] = json(opened, 'Create Task') as Array<{ contactId: string }>;

	// The CRM stored the contact ID; its "ticket closed" event carries it into the closing workflow.
	const workflow = e2eWorkflow('e2eLifecycleCloseTicket');
	const event = workflow.nodes.find((n) => n.name === 'Ticket Closed')!;
	event.parameters.jsCode = String(event.parameters.jsCode).replace('__CONTACT_ID__', contactId);
	workflow.id = 'e2eLifecycleCloseTicketRun';
	const file = path.join(readState().workDir, 'inputs', 'close-ticket.json');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(workflow));
	expect((await importWorkflow(env, file)).exitCode).toBe(0);

	const closed = await executeOk(env, 'e2eLifecycleCloseTicketRun');
	const [got] = json(closed, 'Get Contact') as Array<Record<string, unknown>>;
	expect(got).toMatchObject({
		contactId,
		channel: 'TASK',
		initiationMethod: 'API',
		name: 'Printer on fire',
		attributes: { ticketId: 'T-5001', status: 'open' },
	});
	expect(got.initiationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
	expect(json(closed, 'Update Attributes')).toEqual([
		{
			contactId,
			attributes: {
				status: 'closed',
				resolution: 'replaced toner',
				openedAt: got.initiationTimestamp,
			},
			updated: true,
		},
	]);
	expect(json(closed, 'Stop Contact')).toEqual([
		{ contactId, stopped: true, alreadyStopped: false },
	]);
	let state = await emu.state();
	expect(state.lives[contactId]).toMatchObject({
		state: 'STOPPED',
		attributes: { ticketId: 'T-5001', status: 'closed', resolution: 'replaced toner' },
	});

	const again = await executeOk(env, 'e2eLifecycleCloseTicketRun');
	expect(json(again, 'Stop Contact')).toEqual([
		{
			contactId,
			stopped: true,
			alreadyStopped: true,
			note: 'Amazon Connect: The contact with the specified ID is not active or does not exist.',
		},
	]);
	state = await emu.state();
	expect(
		state.requests.filter((r) => r.operation === 'StopContact').map((r) => [r.status, r.errorType]),
	).toEqual([
		[200, undefined],
		[410, 'ContactNotFoundException'],
	]);
});

it('escalate: a task transferred to a queue; the contact that continues it is read back in the queue', async () => {
	const emu = await resetEmulator();
	const result = await executeOk(env, 'e2eLifecycleTransfer');
	const [{ contactId: taskId }] = json(result, 'Create Task') as Array<{ contactId: string }>;
	const [transfer] = json(result, 'Transfer to Escalations') as Array<{
		contactId: string;
		previousContactId: string;
		queueId: string;
	}>;
	expect(transfer.previousContactId).toBe(taskId);
	expect(transfer.contactId).not.toBe(taskId);
	const queueId = e2eWorkflow('e2eLifecycleTransfer').nodes.find(
		(n) => n.name === 'Transfer to Escalations',
	)!.parameters.queueId as { value: string };
	expect(transfer.queueId).toBe(queueId.value);
	expect(json(result, 'Get Contact')).toEqual([
		expect.objectContaining({
			contactId: transfer.contactId,
			previousContactId: taskId,
			initiationMethod: 'QUEUE_TRANSFER',
			queueInfo: expect.objectContaining({ Id: queueId.value }),
			attributes: { ticketId: 'T-6001' },
		}),
	]);
	const state = await emu.state();
	expect(state.lives[taskId].state).toBe('STOPPED');
});
