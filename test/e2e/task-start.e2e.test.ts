/**
 * Task → Start in a real n8n, one n8n for the file (it serves the webhook and the editor):
 *  - a published workflow "webhook → Task → Start", routed by a task template whose fields are mapped
 *    from the webhook body, receives the same delivery twice (one x-delivery-id): one task, and both
 *    answers carry its contact ID;
 *  - the editor (headless chromium): the node shows resource Task / operation Start, the route choice,
 *    the flow, quick connect and template pickers over the emulator, and the template's fields
 *    (required ones marked, read-only and invisible ones absent) appearing once a template is picked.
 *
 *   npm run build && npx jest -c test/e2e/jest.config.js test/e2e/task-start
 */
import type { BrowserContext, Page } from 'playwright-core';

import { defaultConfig } from '../../emulator';
import {
	publishWorkflow,
	setupOwner,
	startN8n,
	waitForWebhook,
	type RunningN8n,
	type Session,
} from '../../scripts/n8n/lib';
import {
	closeDropdown,
	createWorkflow,
	launchBrowser,
	openEditor,
	openNode,
	openOptions,
	openResourceList,
	openWorkflow,
	pickResource,
	screenshot,
	selectOption,
	setParameterPanelWidth,
	storedNode,
	visibleParameters,
	waitForSavedWorkflow,
	type EditorBrowser,
} from './browser/editor';
import { docsScreenshot } from './browser/docsScreenshots';
import { CONNECT, keyedToken, newUserFolder, resetEmulator } from './support/e2e';

const CONFIG = defaultConfig();
const DEMO = CONFIG.instances[0];
const REFUND = CONFIG.taskTemplates![DEMO.id].find((t) => t.name === 'Refund request')!;
const NODE_TYPE = 'n8n-nodes-amazon-connect.amazonConnect';
const NODE = 'Start task';
const WEBHOOK_PATH = 'e2e-task-start';

describe('Task → Start in n8n', () => {
	const { env, state } = newUserFolder('task-start');
	let n8n: RunningN8n;
	let session: Session;

	beforeAll(async () => {
		await publishWorkflow(env, 'e2eTaskWebhook');
		n8n = await startN8n(env, undefined, { paths: state.paths });
		session = await setupOwner(n8n.url);
	});
	afterAll(async () => {
		await n8n?.stop();
	});

	it('the webhook delivered twice with one delivery ID starts one task from the template, its fields from the body', async () => {
		const emu = await resetEmulator();
		await waitForWebhook(n8n.url, WEBHOOK_PATH);
		const ticket = {
			ticketId: 'T-1001',
			customer: { name: 'Ana Silva', email: 'ana.silva@example.com', tier: 'gold' },
			order: { number: '1001' },
			reason: 'Late',
			message: 'The parcel is two weeks late; the customer asks for a refund.',
			url: 'https://crm.example.com/tickets/1001',
			dueAt: '2026-12-24T09:00:00.000Z',
		};
		const deliver = async () => {
			const res = await fetch(`${n8n.url}/webhook/${WEBHOOK_PATH}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-delivery-id': 'dlv-task-1001' },
				body: JSON.stringify(ticket),
				signal: AbortSignal.timeout(60_000),
			});
			return { status: res.status, body: (await res.json()) as Record<string, unknown> };
		};
		const first = await deliver();
		const second = await deliver();

		const snapshot = await emu.state();
		const tasks = snapshot.contacts.filter(
			(c) => (c as { operation?: string }).operation === 'StartTaskContact',
		);
		expect(tasks).toHaveLength(1);
		const token = keyedToken(
			'e2eTaskWebhook',
			CONNECT.instance,
			'dlv-task-1001',
			'Start task',
			'StartTaskContact',
		);
		const expected = {
			contactId: tasks[0].contactId,
			route: 'taskTemplate',
			taskTemplateId: REFUND.id,
			clientToken: token,
		};
		expect(first).toEqual({ status: 200, body: expected });
		expect(second).toEqual({ status: 200, body: expected });
		expect(
			snapshot.requests.filter((r) => r.operation === 'StartTaskContact').map((r) => r.outcome),
		).toEqual(['ok', 'replay']);
		expect(tasks[0].request).toEqual({
			InstanceId: DEMO.id,
			TaskTemplateId: REFUND.id,
			Name: 'Refund for order 1001',
			Description: ticket.message,
			Attributes: { ticketId: 'T-1001' },
			References: {
				'Customer name': { Type: 'STRING', Value: 'Ana Silva' },
				'Order number': { Type: 'NUMBER', Value: '1001' },
				'Refund reason': { Type: 'STRING', Value: 'Late' },
				Notes: { Type: 'STRING', Value: ticket.message },
				'Ticket link': { Type: 'URL', Value: ticket.url },
				'Customer email': { Type: 'EMAIL', Value: 'ana.silva@example.com' },
				VIP: { Type: 'STRING', Value: 'true' },
				Due: { Type: 'DATE', Value: String(Date.parse(ticket.dueAt) / 1000) },
			},
			ClientToken: token,
		});
	});

	describe('the editor', () => {
		let eb: EditorBrowser;
		let context: BrowserContext;
		let page: Page;

		beforeAll(async () => {
			eb = await launchBrowser();
			({ context, page } = await openEditor(eb.browser, n8n.url, session, {
				viewport: { width: 1200, height: 1000 },
			}));
		});
		afterAll(async () => {
			await context?.close();
			await eb?.close();
		});

		it('route choice, the three pickers, and the template fields appearing after a template is picked', async () => {
			await resetEmulator();
			const workflow = await createWorkflow(n8n.url, session, {
				name: 'Task Start form',
				nodes: [
					{
						id: '3b1f0000-0000-4000-8000-000000000001',
						name: 'Manual Trigger',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: '3b1f0000-0000-4000-8000-000000000002',
						name: NODE,
						type: NODE_TYPE,
						typeVersion: 1,
						position: [260, 0],
						parameters: {
							resource: 'task',
							operation: 'start',
							instanceId: {
								__rl: true,
								mode: 'list',
								value: DEMO.id,
								cachedResultName: DEMO.alias,
							},
						},
						credentials: {
							amazonConnectApi: { id: state.credential.id, name: state.credential.name },
						},
					},
				],
				connections: { 'Manual Trigger': { main: [[{ node: NODE, type: 'main', index: 0 }]] } },
			});
			try {
				await openWorkflow(page, n8n.url, workflow.id);
				await openNode(page, NODE);
				await setParameterPanelWidth(page, 680);
				await expect(openOptions(page, 'resource')).resolves.toEqual(
					expect.arrayContaining(['Contact', 'Task']),
				);
				await closeDropdown(page);
				await expect(openOptions(page, 'routeBy')).resolves.toEqual([
					'Flow',
					'Quick Connect',
					'Task Template',
				]);
				await closeDropdown(page);

				// Flow: contact flows only, active and published first
				await expect(visibleParameters(page)).resolves.toEqual(
					expect.arrayContaining(['routeBy', 'contactFlowId', 'name']),
				);
				await expect(openResourceList(page, 'contactFlowId')).resolves.toEqual([
					'Default inbound flow',
					'Route task to Billing',
					'Route task to Support',
					'Old task routing – archived',
					'VIP task routing – saved, not published',
				]);
				await pickResource(page, 'Route task to Support');

				// Quick Connect: agents and queues
				await selectOption(page, 'routeBy', 'Quick Connect');
				await expect(openResourceList(page, 'quickConnectId')).resolves.toEqual([
					'Billing queue (queue)',
					'Jane Doe (agent)',
					'Support queue (queue)',
				]);
				await pickResource(page, 'Support queue (queue)');

				// Task Template: active templates; its fields appear once it is picked
				await selectOption(page, 'routeBy', 'Task Template');
				const fieldsBefore = await page
					.locator('[data-test-id="mapping-fields-container"]:visible')
					.count();
				expect(fieldsBefore).toBe(0);
				await expect(openResourceList(page, 'taskTemplateId')).resolves.toEqual([
					'Callback request',
					'Refund request',
				]);
				await pickResource(page, 'Refund request');
				const container = page.locator('[data-test-id="mapping-fields-container"]');
				await container.waitFor({ state: 'visible', timeout: 20_000 });
				// One .parameter-item per field: its label's first line is the field's name (the rest are hover controls).
				const labels = await container
					.locator('.parameter-item')
					.evaluateAll((els) =>
						els
							.filter((el) => el.checkVisibility())
							.map((el) =>
								((el.querySelector('label') as HTMLElement | null)?.innerText ?? '')
									.split('\n')[0]
									.trim(),
							),
					);
				expect(labels).toEqual([
					'Customer name',
					'Order number',
					'Refund reason',
					'Notes (text area)',
					'Ticket link (URL)',
					'Customer email (email)',
					'VIP',
					'Due (date and time)',
				]);
				// Required fields cannot be removed; the optional ones can.
				const removable = await container.locator('[data-test-id^="remove-field-button-"]').count();
				expect(removable).toBe(5);
				// The README's screenshot (compared with the committed one: docsScreenshots.ts).
				await docsScreenshot(page, 'form-task-start', { fitToForm: false });

				const saved = await waitForSavedWorkflow(n8n.url, session, workflow.id, (wf) => {
					const parameters = storedNode(wf, NODE).parameters as Record<
						string,
						{ value?: unknown; schema?: Array<{ id: string; required: boolean }> }
					>;
					expect(parameters.taskTemplateId.value).toBe(REFUND.id);
					expect(parameters.templateFields.schema?.length).toBe(8);
				});
				const schema = (
					storedNode(saved, NODE).parameters as {
						templateFields: { schema: Array<{ id: string; required: boolean }> };
					}
				).templateFields.schema;
				expect(schema.filter((f) => f.required).map((f) => f.id)).toEqual([
					'TEXT:Customer name',
					'NUMBER:Order number',
					'SINGLE_SELECT:Refund reason',
				]);
				expect(schema.map((f) => f.id)).not.toContain('NUMBER:Risk score');
				expect(schema.map((f) => f.id)).not.toContain('TEXT:Fraud check');
			} catch (error) {
				await screenshot(page, 'failed-task-start-form').catch(() => undefined);
				throw error;
			}
		});
	});
});
