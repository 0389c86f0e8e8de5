/**
 * The forms of Email → Send and Contact → Get, Update, Update Attributes, Stop and Transfer in n8n
 * 2.40.7's real editor, once each: the fields each shows (and hides), the pickers it uses answered by an
 * in-process emulator with its seeded data, what the editor stores, and a run of the node from its
 * panel ("Execute step") whose effect is read back from the emulator. One n8n for the file, one page
 * for the tests; each test makes its own workflow and its own contact.
 *
 *   npm run build && npx jest -c test/e2e/jest.config.js test/e2e/browser/lifecycle-form
 */
import { ConnectClient, CreateContactCommand } from '@aws-sdk/client-connect';
import { parse } from 'flatted';
import type { Page } from 'playwright-core';

import { defaultConfig, type RunningEmulator } from '../../../emulator';
import { rest, type RunningN8n, type Session } from '../../../scripts/n8n/lib';
import {
	closeDropdown,
	createWorkflow,
	fillParameter,
	noticeTexts,
	openNode,
	openOptions,
	openResourceList,
	openWorkflow,
	parametersWithIssues,
	pickResource,
	screenshot,
	selectOption,
	storedNode,
	visibleParameters,
	waitForSavedWorkflow,
	startEditorSuite,
	type EditorSuite,
} from './editor';

const NODE_TYPE = 'n8n-nodes-amazon-connect.amazonConnect';
const NODE = 'Amazon Connect';
const VIEWPORT = { width: 1200, height: 1000 };
const EMULATOR = defaultConfig();
const KEY = EMULATOR.accessKeys[0];
const DEMO = EMULATOR.instances[0];
const COMMON = ['resource', 'operation', 'instanceId'];
const DEMO_USERS = EMULATOR.users[DEMO.id];
const JANE = DEMO_USERS.find((u) => u.username === 'jdoe')!;
const queueId = (name: string) => EMULATOR.queues![DEMO.id].find((q) => q.name === name)!.id;
const flowId = (name: string) => EMULATOR.flows![DEMO.id].find((f) => f.name === name)!.id;

describe('the contact lifecycle forms in the n8n editor', () => {
	let emulator: RunningEmulator;
	let n8n: RunningN8n;
	let session: Session;
	let page: Page;
	let credential: { id: string; name: string };
	let connect: ConnectClient;

	/** A workflow Manual Trigger → Amazon Connect with these parameters, opened with the node's panel. */
	async function open(name: string, parameters: Record<string, unknown>): Promise<string> {
		const workflow = await createWorkflow(n8n.url, session, {
			name,
			nodes: [
				{
					id: '8e3b5c21-0000-4000-8000-000000000001',
					name: 'Manual Trigger',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: '8e3b5c21-0000-4000-8000-000000000002',
					name: NODE,
					type: NODE_TYPE,
					typeVersion: 1,
					position: [260, 0],
					parameters: {
						instanceId: { __rl: true, mode: 'list', value: DEMO.id, cachedResultName: DEMO.alias },
						...parameters,
					},
					credentials: { amazonConnectApi: credential },
				},
			],
			connections: { 'Manual Trigger': { main: [[{ node: NODE, type: 'main', index: 0 }]] } },
		});
		await openWorkflow(page, n8n.url, workflow.id, { name });
		await openNode(page, NODE);
		return workflow.id;
	}

	/**
	 * Runs the open node from its panel ("Execute step"), as a user tries a form, and returns what the
	 * node output, read from the execution n8n saved (a manual run is saved like any other).
	 */
	async function runFromPanel(workflowId: string): Promise<Array<Record<string, unknown>>> {
		const list = async () =>
			(
				await rest<{ results: Array<{ id: string; status: string }> }>(
					n8n.url,
					session,
					'GET',
					`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=50`,
				)
			).results;
		const known = new Set((await list()).map((e) => e.id));
		await page.locator('[data-test-id="node-execute-button"]').first().click();
		const deadline = Date.now() + 60_000;
		let run: { id: string; status: string } | undefined;
		while (!run) {
			run = (await list()).find(
				(e) => !known.has(e.id) && ['success', 'error', 'crashed'].includes(e.status),
			);
			if (!run && Date.now() > deadline)
				throw new Error(`no finished execution of ${workflowId} after Execute step`);
			if (!run) await page.waitForTimeout(250);
		}
		const detail = await rest<{ data: string }>(n8n.url, session, 'GET', `/executions/${run.id}`);
		const data = parse(detail.data) as {
			resultData: {
				runData: Record<
					string,
					Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>
				>;
				error?: { message?: string };
			};
		};
		expect({ status: run.status, error: data.resultData.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		// The panel shows the run's output too.
		await page
			.locator('dialog[data-test-id="ndv"]')
			.getByText('1 item', { exact: true })
			.waitFor({ state: 'visible', timeout: 15_000 });
		return (data.resultData.runData[NODE]?.[0]?.data?.main?.[0] ?? []).map((i) => i.json);
	}

	/** A contact made with CreateContact in the emulator (what Contact → Create would make). */
	async function seedContact(input: Record<string, unknown>): Promise<string> {
		const answer = await connect.send(
			new CreateContactCommand({ InstanceId: DEMO.id, ...input } as never),
		);
		return answer.ContactId!;
	}
	const seedTask = async (name: string, attributes: Record<string, string> = {}) =>
		await seedContact({
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: name,
			Attributes: attributes,
		});
	const requests = (operation: string) =>
		emulator.state.requests.filter((r) => r.operation === operation);

	async function step(name: string, fn: () => Promise<void>): Promise<void> {
		try {
			await fn();
		} catch (error) {
			await screenshot(page, `failed-lifecycle-${name}`).catch(() => undefined);
			throw error;
		}
	}

	let suite: EditorSuite | undefined;
	beforeAll(async () => {
		suite = await startEditorSuite('lifecycle', VIEWPORT);
		({ emulator, n8n, session, credential, page } = suite);
		connect = new ConnectClient({
			region: EMULATOR.region,
			endpoint: emulator.url,
			credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey },
		});
	});

	afterAll(async () => {
		connect?.destroy();
		await suite?.close();
	});

	it('the resources and the operations of Contact and Email, by their public names', async () => {
		await step('operations', async () => {
			await open('Lifecycle: operations', { resource: 'contact', operation: 'get' });
			await expect(openOptions(page, 'resource')).resolves.toEqual(['Contact', 'Email', 'Task']);
			await closeDropdown(page);
			await expect(openOptions(page, 'operation')).resolves.toEqual([
				'Create',
				'Get',
				'Update',
				'Update Attributes',
				'Stop',
				'Transfer',
			]);
			await closeDropdown(page);
			await selectOption(page, 'resource', 'Email');
			await expect(openOptions(page, 'operation')).resolves.toEqual(['Send']);
			await closeDropdown(page);
		});
	});

	it("Email → Send: raw by default, the template fields on Template; From lists the instance's addresses; a run sends the recorded contact", async () => {
		await step('send', async () => {
			const contactId = await seedContact({
				Channel: 'EMAIL',
				InitiationMethod: 'OUTBOUND',
				Name: 'Re: order 2001',
				UserInfo: { UserId: JANE.id },
			});
			const id = await open('Lifecycle: send', { resource: 'email', operation: 'send', contactId });
			const raw = [
				...COMMON,
				'contactId',
				'fromEmailAddress',
				'toAddress',
				'toDisplayName',
				'cc',
				'messageSource',
				'subject',
				'body',
				'contentType',
				'additionalFields',
				'options',
			];
			await expect(visibleParameters(page)).resolves.toEqual(raw);
			await expect(noticeTexts(page)).resolves.toEqual([
				expect.stringMatching(/^Sends an EMAIL contact that Contact → Create recorded/),
			]);
			// From: SearchEmailAddresses of the instance, by address.
			const addresses = [...EMULATOR.emailAddresses![DEMO.id]].sort((a, b) =>
				a.address.localeCompare(b.address),
			);
			await expect(openResourceList(page, 'fromEmailAddress')).resolves.toEqual(
				addresses.map((a) => `${a.displayName} <${a.address}>`),
			);
			const support = addresses.find((a) => a.displayName === 'Demo Support')!;
			await pickResource(page, support.address);
			// Template: the knowledge base, template and its attributes instead of the raw message.
			await selectOption(page, 'messageSource', 'Template');
			await expect(visibleParameters(page)).resolves.toEqual([
				...COMMON,
				'contactId',
				'fromEmailAddress',
				'toAddress',
				'toDisplayName',
				'cc',
				'messageSource',
				'knowledgeBaseId',
				'messageTemplateId',
				'attributesMode',
				'attributes',
				'additionalFields',
				'options',
			]);
			await screenshot(page, 'form-email-send-template');
			await selectOption(page, 'messageSource', 'Raw');
			await expect(visibleParameters(page)).resolves.toEqual(raw);
			await fillParameter(page, 'parameters.toAddress', 'mia.rossi@example.com');
			await fillParameter(page, 'parameters.subject', 'Re: Where is my order 2001?');
			await fillParameter(page, 'parameters.body', 'Your order ships today.');
			await expect(parametersWithIssues(page)).resolves.toEqual([]);
			const stored = storedNode(
				await waitForSavedWorkflow(n8n.url, session, id, (w) =>
					expect(storedNode(w, NODE).parameters.body).toBe('Your order ships today.'),
				),
				NODE,
			);
			expect(stored.parameters.fromEmailAddress).toMatchObject({
				mode: 'list',
				value: support.address,
			});

			await expect(runFromPanel(id)).resolves.toEqual([
				{ contactId, sent: true, clientToken: expect.stringMatching(/^n8nk-/) },
			]);
			expect(emulator.state.emails.map((e) => ({ contactId: e.contactId, ...e.request }))).toEqual([
				expect.objectContaining({
					contactId,
					FromEmailAddress: { EmailAddress: support.address },
					DestinationEmailAddress: { EmailAddress: 'mia.rossi@example.com' },
					EmailMessage: {
						MessageSourceType: 'RAW',
						RawMessage: {
							Subject: 'Re: Where is my order 2001?',
							Body: 'Your order ships today.',
							ContentType: 'text/plain',
						},
					},
				}),
			]);
		});
	});

	it('Contact → Get: the contact from the incoming item, attributes read too; a run outputs the task', async () => {
		await step('get', async () => {
			const contactId = await seedTask('Printer on fire', { ticketId: 'T-9001' });
			const id = await open('Lifecycle: get', { resource: 'contact', operation: 'get', contactId });
			await expect(visibleParameters(page)).resolves.toEqual([
				...COMMON,
				'contactId',
				'includeAttributes',
				'options',
			]);
			const [got, ...more] = await runFromPanel(id);
			expect(more).toEqual([]);
			expect(got).toMatchObject({
				contactId,
				channel: 'TASK',
				initiationMethod: 'API',
				name: 'Printer on fire',
				attributes: { ticketId: 'T-9001' },
			});
			expect(requests('DescribeContact').map((r) => r.status)).toEqual([200]);
			expect(requests('GetContactAttributes').map((r) => r.status)).toEqual([200]);
		});
	});

	it('Contact → Update Attributes: key/value rows; a run sets them on the contact', async () => {
		await step('update-attributes', async () => {
			const contactId = await seedTask('Ticket T-9002', { status: 'open' });
			const id = await open('Lifecycle: update attributes', {
				resource: 'contact',
				operation: 'updateAttributes',
				contactId,
				attributes: { attribute: [{ key: 'status', value: 'closed' }] },
			});
			await expect(visibleParameters(page)).resolves.toEqual([
				...COMMON,
				'contactId',
				'attributesMode',
				'attributes',
				'options',
			]);
			await expect(runFromPanel(id)).resolves.toEqual([
				{ contactId, attributes: { status: 'closed' }, updated: true },
			]);
			expect(emulator.state.lives[contactId].attributes).toEqual({ status: 'closed' });
		});
	});

	it('Contact → Stop: only the contact; a run stops it', async () => {
		await step('stop', async () => {
			const contactId = await seedTask('Ticket T-9003');
			const id = await open('Lifecycle: stop', {
				resource: 'contact',
				operation: 'stop',
				contactId,
			});
			await expect(visibleParameters(page)).resolves.toEqual([...COMMON, 'contactId', 'options']);
			await expect(noticeTexts(page)).resolves.toEqual([
				expect.stringMatching(/already stopped is output as stopped/),
			]);
			await expect(runFromPanel(id)).resolves.toEqual([
				{ contactId, stopped: true, alreadyStopped: false },
			]);
			expect(emulator.state.lives[contactId].state).toBe('STOPPED');
		});
	});

	it('Contact → Update: queue, user and endpoints only for an external audio contact; a run renames a task', async () => {
		await step('update', async () => {
			const contactId = await seedTask('Ticket T-9004');
			const base = [
				...COMMON,
				'contactId',
				'name',
				'description',
				'referencesMode',
				'references',
				'segmentAttributesJson',
				'externalAudio',
			];
			await open('Lifecycle: update external audio', {
				resource: 'contact',
				operation: 'update',
				externalAudio: true,
			});
			await expect(visibleParameters(page)).resolves.toEqual([
				...base,
				'queueId',
				'userId',
				'customerEndpoint',
				'systemEndpoint',
				'options',
			]);
			// Its queue and user pickers list the instance's standard queues and its users.
			await expect(openResourceList(page, 'queueId')).resolves.toEqual([
				'Billing',
				'Escalations',
				'Support',
			]);
			await closeDropdown(page);
			await expect(openResourceList(page, 'userId')).resolves.toEqual(
				DEMO_USERS.map((u) => `${u.firstName} ${u.lastName} (${u.username})`),
			);
			await closeDropdown(page);

			const id = await open('Lifecycle: update', {
				resource: 'contact',
				operation: 'update',
				contactId,
			});
			await expect(visibleParameters(page)).resolves.toEqual([...base, 'options']);
			await fillParameter(page, 'parameters.name', 'Ticket T-9004 (escalated)');
			await expect(runFromPanel(id)).resolves.toEqual([{ contactId, updated: ['name'] }]);
			expect(emulator.state.lives[contactId].name).toBe('Ticket T-9004 (escalated)');
		});
	});

	it("Contact → Transfer: a queue or a user from the instance's lists through a transfer flow; a run transfers a task to the queue", async () => {
		await step('transfer', async () => {
			const contactId = await seedTask('Ticket T-9005');
			const id = await open('Lifecycle: transfer', {
				resource: 'contact',
				operation: 'transfer',
				contactId,
			});
			const toQueue = [
				...COMMON,
				'contactId',
				'transferTarget',
				'queueId',
				'contactFlowId',
				'additionalFields',
				'options',
			];
			await expect(visibleParameters(page)).resolves.toEqual(toQueue);
			// A queue (the default): the standard queues of the instance (no agent queues).
			await expect(openResourceList(page, 'queueId')).resolves.toEqual([
				'Billing',
				'Escalations',
				'Support',
			]);
			await pickResource(page, 'Escalations');
			// Inbound, transfer-to-agent and transfer-to-queue flows only (no customer queue or whisper flows).
			await expect(openResourceList(page, 'contactFlowId')).resolves.toEqual([
				'Default agent transfer',
				'Default inbound flow',
				'Default queue transfer',
				'Route task to Billing',
				'Route task to Support',
				'Old task routing – archived',
				'VIP task routing – saved, not published',
			]);
			await pickResource(page, 'Default queue transfer');
			await expect(parametersWithIssues(page)).resolves.toEqual([]);
			// Stored as picked (Transfer To keeps its default, Queue, so n8n does not store it).
			const stored = storedNode(
				await waitForSavedWorkflow(n8n.url, session, id, (w) =>
					expect(storedNode(w, NODE).parameters.contactFlowId).toMatchObject({
						mode: 'list',
						value: flowId('Default queue transfer'),
					}),
				),
				NODE,
			);
			expect(stored.parameters).toMatchObject({
				queueId: { mode: 'list', value: queueId('Escalations') },
			});
			expect(stored.parameters.transferTarget).toBeUndefined();
			await screenshot(page, 'form-contact-transfer');

			const [transferred, ...more] = await runFromPanel(id);
			expect(more).toEqual([]);
			const transfer = requests('TransferContact');
			expect(transfer.map((r) => [r.status, r.body])).toEqual([
				[
					200,
					expect.objectContaining({
						ContactId: contactId,
						QueueId: queueId('Escalations'),
						ContactFlowId: flowId('Default queue transfer'),
					}),
				],
			]);
			expect((transfer[0].body as { UserId?: string }).UserId).toBeUndefined();
			const next = Object.values(emulator.state.lives).find(
				(l) => l.previousContactId === contactId,
			);
			expect(transferred).toEqual({
				contactId: next?.contactId,
				contactArn: expect.stringMatching(new RegExp(`/contact/${next?.contactId}$`)),
				previousContactId: contactId,
				queueId: queueId('Escalations'),
				clientToken: expect.any(String),
			});
			expect(next).toMatchObject({
				channel: 'TASK',
				state: 'ACTIVE',
				queueId: queueId('Escalations'),
			});

			// To a user instead: the users of the instance; the queue is hidden, and n8n drops its value
			// from the stored node (the node would not send it for a user transfer anyway).
			await selectOption(page, 'transferTarget', 'User');
			await expect(visibleParameters(page)).resolves.toEqual([
				...COMMON,
				'contactId',
				'transferTarget',
				'userId',
				'contactFlowId',
				'additionalFields',
				'options',
			]);
			await expect(openResourceList(page, 'userId')).resolves.toEqual(
				DEMO_USERS.map((u) => `${u.firstName} ${u.lastName} (${u.username})`),
			);
			await pickResource(page, 'Maria Garcia (mgarcia)');
			// The editor may save the target a moment before the picked user: wait for both.
			const toUser = storedNode(
				await waitForSavedWorkflow(n8n.url, session, id, (w) =>
					expect(storedNode(w, NODE).parameters).toMatchObject({
						transferTarget: 'user',
						userId: {
							mode: 'list',
							value: DEMO_USERS.find((u) => u.username === 'mgarcia')!.id,
						},
					}),
				),
				NODE,
			);
			expect(toUser.parameters).toMatchObject({
				contactFlowId: { mode: 'list', value: flowId('Default queue transfer') },
			});
			expect(toUser.parameters.queueId).toBeUndefined();
		});
	});
});
