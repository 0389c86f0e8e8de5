/**
 * The Amazon Connect node's form in n8n 2.40.7's real editor (headless Debian chromium, playwright-core):
 * the REAL package (packed from dist/ by the global setup) installed as a community node, an in-process
 * emulator (emulator/index.ts) answering the pickers and the credential test, one n8n for the file.
 *
 * Each test makes its own workflow over REST (n8n gives one tab at a time write access to a workflow)
 * and opens it in the page the tests share (switching inside the app: a reload costs about 5 s). The
 * editor saves edits by itself; tests read the stored workflow back over REST. Screenshots go to
 * test-artifacts/ (git-ignored); the README's, docs/form-task.png and docs/form-email.png, are taken on
 * every run and compared with the committed ones (docsScreenshots.ts: CI fails when the form looks different).
 *
 *   npm run build && npx jest -c test/e2e/jest.config.js test/e2e/browser
 */
import * as fs from 'node:fs';

import type { BrowserContext, Locator, Page } from 'playwright-core';

import { defaultConfig, type RunningEmulator } from '../../../emulator';
import { instanceField } from '../../../nodes/AmazonConnect/shared/instanceField';
import type { RunningN8n, Session } from '../../../scripts/n8n/lib';
import {
	canvasNode,
	canvasSubtitle,
	closeDropdown,
	closeNode,
	createWorkflow,
	fillParameter,
	fitViewportToForm,
	issuesOf,
	noticeTexts,
	openNode,
	openOptions,
	openResourceList,
	openWorkflow,
	parameterRow,
	parametersWithIssues,
	pickResource,
	resourceLocator,
	screenshot,
	searchResourceList,
	selectOption,
	setParameterPanelWidth,
	setResourceMode,
	shownOption,
	tidyForScreenshot,
	storedNode,
	visibleParameters,
	waitForSavedWorkflow,
	startEditorSuite,
	type EditorSuite,
	type WorkflowNode,
} from './editor';
import { docsScreenshot } from './docsScreenshots';

const NODE_TYPE = 'n8n-nodes-amazon-connect.amazonConnect';
const TOOL_TYPE = 'n8n-nodes-amazon-connect.amazonConnectTool';
const NODE = 'Amazon Connect';
/** Wide enough to read the form, the size of the docs screenshots. */
const VIEWPORT = { width: 1200, height: 1000 };
const PANEL_WIDTH = 680;

const EMULATOR = defaultConfig();
const KEY = EMULATOR.accessKeys[0]; // full access
const [DEMO, EMEA, SANDBOX] = EMULATOR.instances;
const label = (i: { alias: string; id: string }) => `${i.alias} (${i.id})`;

/** The credential form's labels, by the part of the form they belong to. */
const CREDENTIAL_FIELDS = {
	start: ['Authentication', 'Region'],
	role: [
		'Role ARN',
		'External ID',
		'Session Name',
		'Session Duration (Seconds)',
		'Assume Role With',
	],
	keys: ['Access Key ID', 'Secret Access Key', 'Session Token'],
	end: ['Use FIPS Endpoint', 'Use Dual-Stack Endpoint', 'Custom Endpoint', 'STS Endpoint'],
};

/** The labels of the credential dialog's fields, in order (notices have none). */
async function credentialLabels(dialog: Locator): Promise<string[]> {
	const fields = dialog.locator('[data-test-id="credential-connection-parameter"]');
	const labels = await fields.evaluateAll((forms) =>
		forms
			.filter((f) => (f as HTMLElement).checkVisibility())
			.map((f) => (f.querySelector('label')?.innerText ?? '').split('\n')[0].trim()),
	);
	return labels.filter((l) => l !== '');
}

/** Picks an option of an options field of the credential dialog. */
async function selectCredentialOption(
	page: Page,
	dialog: Locator,
	name: string,
	option: string,
): Promise<void> {
	await dialog.locator(`[data-test-id="parameter-input-${name}"]`).first().click();
	const item = page
		.locator('.el-select__popper:visible [data-test-id="parameter-input-item"]')
		.filter({
			has: page.locator('.option-headline', {
				hasText: new RegExp(`^\\s*${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`),
			}),
		})
		.first();
	await item.waitFor({ state: 'visible', timeout: 10_000 });
	await item.click();
	await page
		.locator('.el-select__popper:visible')
		.first()
		.waitFor({ state: 'hidden', timeout: 5_000 })
		.catch(() => undefined);
}
const arn = (id: string) =>
	`arn:aws:connect:${EMULATOR.region}:${EMULATOR.accountId}:instance/${id}`;
const DEMO_USERS = EMULATOR.users[DEMO.id];
const MARIA = DEMO_USERS.find((u) => u.username === 'mgarcia')!;

const NOTICE = {
	emailNotSent:
		'CreateContact records an email contact but does not send the email: the StartOutboundEmailContact API sends it',
	voiceTransfer:
		'Voice Transfer creates an external audio contact, used with Contact Lens for external voice systems',
	completedBulk:
		'Creating many completed tasks needs a raised CreateContact quota from AWS Support; without it requests are throttled (the node slows down and retries)',
};

const BEFORE_CHANNEL = ['resource', 'operation', 'instanceId', 'channel', 'initiationMethod'];
const AFTER_CHANNEL = ['name', 'description', 'attributesMode', 'attributes'];
const COLLECTIONS = ['additionalFields', 'options'];
const VISIBLE = {
	task: [
		...BEFORE_CHANNEL,
		'initiateAs',
		...AFTER_CHANNEL,
		'referencesMode',
		'references',
		...COLLECTIONS,
	],
	email: [...BEFORE_CHANNEL, 'userId', 'initiateAs', ...AFTER_CHANNEL, ...COLLECTIONS],
	voice: [...BEFORE_CHANNEL, 'previousContactId', 'initiateAs', ...AFTER_CHANNEL, ...COLLECTIONS],
};
const INITIATE_AS = {
	task: ['Default (Not Sent)', 'Connected to User', 'Completed'],
	other: ['Default (Not Sent)', 'Connected to User'],
};

/** What the issue tooltip shows for a validation message: n8n renders it as HTML, so `<...>` disappears. */
function asRendered(message: string): string {
	return message.replace(/<[^>]*>/g, '');
}

function validationMessage(mode: string): string {
	const found = instanceField.modes?.find((m) => m.name === mode)?.validation?.[0];
	const message =
		found && typeof found === 'object' && 'properties' in found
			? (found.properties as { errorMessage?: string }).errorMessage
			: undefined;
	if (!message) throw new Error(`no validation message for the ${mode} mode of the Instance field`);
	return message;
}

describe('the Amazon Connect form in the n8n editor', () => {
	let emulator: RunningEmulator;
	let n8n: RunningN8n;
	let session: Session;
	/** One context (logged in, its HTTP cache shared: pages load faster); a page per test. */
	let context: BrowserContext;
	let credential: { id: string; name: string };

	const amazonConnectNode = (parameters: Record<string, unknown>): WorkflowNode => ({
		id: '7d2a4b10-0000-4000-8000-000000000002',
		name: NODE,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [260, 0],
		parameters,
		credentials: { amazonConnectApi: credential },
	});

	/** A new workflow (Manual Trigger → Amazon Connect) with these node parameters. */
	async function workflowWith(
		name: string,
		parameters: Record<string, unknown>,
	): Promise<{ id: string; name: string }> {
		const workflow = await createWorkflow(n8n.url, session, {
			name,
			nodes: [
				{
					id: '7d2a4b10-0000-4000-8000-000000000001',
					name: 'Manual Trigger',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				amazonConnectNode(parameters),
			],
			connections: { 'Manual Trigger': { main: [[{ node: NODE, type: 'main', index: 0 }]] } },
		});
		return { id: workflow.id, name };
	}

	/**
	 * The page the tests share (openWorkflow switches workflows inside the app, much faster than a
	 * reload). A test that fails leaves a screenshot `failed-<name>.png` and the page is replaced.
	 */
	let shared: Page | null = null;
	async function withPage(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
		shared ??= await context.newPage();
		const page = shared;
		await page.setViewportSize(VIEWPORT);
		try {
			await fn(page);
		} catch (error) {
			await screenshot(page, `failed-${name}`).catch(() => undefined);
			shared = null;
			await page.close().catch(() => undefined);
			throw error;
		}
	}

	/** The whole form, tidied (no focus, no hover controls), in a window tall enough to show all of it. */
	async function formScreenshot(page: Page, name: string): Promise<string> {
		await fitViewportToForm(page);
		await tidyForScreenshot(page);
		return await screenshot(page, name);
	}

	const demoInstance = { __rl: true, mode: 'list', value: DEMO.id, cachedResultName: label(DEMO) };
	/** What n8n stores when the demo instance is picked from the list (the item's link is the instance's access URL). */
	const pickedDemo = { ...demoInstance, cachedResultUrl: `https://${DEMO.alias}.my.connect.aws` };

	let suite: EditorSuite | undefined;
	beforeAll(async () => {
		suite = await startEditorSuite('form', VIEWPORT);
		({ emulator, n8n, session, credential, context } = suite);
		await suite.page.close();
	});

	afterAll(async () => {
		await suite?.close();
	});

	it('n8n serves the node and its AI-agent tool variant (usableAsTool)', async () => {
		const res = await fetch(`${n8n.url}/types/nodes.json`, { headers: { cookie: session.cookie } });
		expect(res.status).toBe(200);
		const types = (await res.json()) as Array<{
			name: string;
			displayName: string;
			inputs: unknown;
			outputs: unknown;
			properties: Array<{ name: string }>;
		}>;
		const ours = types.filter((t) => t.name.startsWith('n8n-nodes-amazon-connect.'));
		expect(ours.map((t) => t.name).sort()).toEqual([NODE_TYPE, TOOL_TYPE]);
		const tool = ours.find((t) => t.name === TOOL_TYPE)!;
		expect(tool.displayName).toBe('Amazon Connect Tool');
		expect(tool.inputs).toEqual([]);
		expect(tool.outputs).toEqual(['ai_tool']);
		const node = ours.find((t) => t.name === NODE_TYPE)!;
		// The tool has n8n's tool-description parameters in front of the node's own.
		expect(tool.properties.map((p) => p.name)).toEqual([
			'descriptionType',
			'toolDescription',
			...node.properties.map((p) => p.name),
		]);
	});

	it('each channel offers its own methods, fields, "Initiate As" values and notices; the canvas subtitle follows', async () => {
		const wf = await workflowWith('Form: channels', { instanceId: demoInstance });
		await withPage('channels', async (page) => {
			await openWorkflow(page, n8n.url, wf.id, { name: wf.name });
			await expect(canvasNode(page, NODE).getAttribute('data-node-type')).resolves.toBe(NODE_TYPE);
			await expect(canvasSubtitle(page, NODE).innerText()).resolves.toBe(
				'Create Task contact: API',
			);
			await openNode(page, NODE);
			await setParameterPanelWidth(page, PANEL_WIDTH);

			await expect(openOptions(page, 'channel')).resolves.toEqual(['Task', 'Email', 'Voice']);
			await closeDropdown(page);

			// Task (the default)
			await expect(shownOption(page, 'channel')).resolves.toBe('Task');
			await expect(openOptions(page, 'initiationMethod')).resolves.toEqual(['API']);
			await closeDropdown(page);
			await expect(visibleParameters(page)).resolves.toEqual(VISIBLE.task);
			await expect(noticeTexts(page)).resolves.toEqual([]);
			await expect(parametersWithIssues(page)).resolves.toEqual([]);
			await expect(openOptions(page, 'initiateAs')).resolves.toEqual(INITIATE_AS.task);
			await closeDropdown(page);
			await selectOption(page, 'initiateAs', 'Completed');
			await expect(noticeTexts(page)).resolves.toEqual([NOTICE.completedBulk]);
			await expect(visibleParameters(page)).resolves.toEqual(VISIBLE.task);
			await formScreenshot(page, 'form-channel-task-completed');
			await selectOption(page, 'initiateAs', 'Default (Not Sent)');
			await expect(noticeTexts(page)).resolves.toEqual([]);

			// Voice
			await selectOption(page, 'channel', 'Voice');
			await expect(shownOption(page, 'initiationMethod')).resolves.toBe('Transfer');
			await expect(openOptions(page, 'initiationMethod')).resolves.toEqual(['Transfer']);
			await closeDropdown(page);
			await expect(visibleParameters(page)).resolves.toEqual(VISIBLE.voice);
			await expect(noticeTexts(page)).resolves.toEqual([NOTICE.voiceTransfer]);
			await expect(parametersWithIssues(page)).resolves.toEqual([]);
			await expect(openOptions(page, 'initiateAs')).resolves.toEqual(INITIATE_AS.other);
			await closeDropdown(page);
			await expect(canvasSubtitle(page, NODE).innerText()).resolves.toBe(
				'Create Voice contact: Transfer',
			);
			await formScreenshot(page, 'form-channel-voice');

			// Email: Agent Reply (its default), Flow, Outbound
			await selectOption(page, 'channel', 'Email');
			await expect(shownOption(page, 'initiationMethod')).resolves.toBe('Agent Reply');
			await expect(openOptions(page, 'initiationMethod')).resolves.toEqual([
				'Agent Reply',
				'Flow',
				'Outbound',
			]);
			await closeDropdown(page);
			await expect(visibleParameters(page)).resolves.toEqual(VISIBLE.email);
			await expect(noticeTexts(page)).resolves.toEqual([NOTICE.emailNotSent]);
			// The node panel has no asterisk for required parameters in n8n 2.40.7: an empty required one shows an issue.
			await expect(parametersWithIssues(page)).resolves.toEqual(['userId']);
			await expect(issuesOf(page, 'userId')).resolves.toEqual(['Parameter "User" is required.']);
			await expect(openOptions(page, 'initiateAs')).resolves.toEqual(INITIATE_AS.other);
			await closeDropdown(page);
			await expect(canvasSubtitle(page, NODE).innerText()).resolves.toBe(
				'Create Email contact: Agent Reply',
			);

			await selectOption(page, 'initiationMethod', 'Flow');
			await expect(visibleParameters(page)).resolves.toEqual(VISIBLE.email);
			await expect(noticeTexts(page)).resolves.toEqual([]);
			await expect(parametersWithIssues(page)).resolves.toEqual([]); // the user is optional for Flow
			await expect(canvasSubtitle(page, NODE).innerText()).resolves.toBe(
				'Create Email contact: Flow',
			);

			await selectOption(page, 'initiationMethod', 'Outbound');
			await expect(visibleParameters(page)).resolves.toEqual(VISIBLE.email);
			await expect(noticeTexts(page)).resolves.toEqual([NOTICE.emailNotSent]);
			await expect(parametersWithIssues(page)).resolves.toEqual(['userId']);
			await expect(issuesOf(page, 'userId')).resolves.toEqual(['Parameter "User" is required.']);
			await expect(openOptions(page, 'initiateAs')).resolves.toEqual(INITIATE_AS.other);
			await closeDropdown(page);
			await expect(canvasSubtitle(page, NODE).innerText()).resolves.toBe(
				'Create Email contact: Outbound',
			);
			await formScreenshot(page, 'form-channel-email-outbound');

			await waitForSavedWorkflow(n8n.url, session, wf.id, (wf) =>
				expect(storedNode(wf, NODE).parameters).toEqual({
					instanceId: demoInstance,
					channel: 'EMAIL',
					initiationMethod: 'OUTBOUND',
					userId: { __rl: true, mode: 'list', value: '' },
					additionalFields: {},
					options: {},
				}),
			);
		});
	});

	it('known form issue: a method or "Initiate As" value of the previous channel stays, and n8n flags it', async () => {
		// The three "Initiation Method" and two "Initiate As" variants share their names, so n8n keeps a
		// non-default value when the channel changes. n8n marks it (issue icon) and the subtitle shows it;
		// the checks reject it before anything is sent.
		const wf = await workflowWith('Form: channel switch', {
			instanceId: demoInstance,
			initiateAs: 'COMPLETED',
		});
		await withPage('channel-switch', async (page) => {
			await openWorkflow(page, n8n.url, wf.id, { name: wf.name });
			await openNode(page, NODE);
			await expect(noticeTexts(page)).resolves.toEqual([NOTICE.completedBulk]);

			await selectOption(page, 'channel', 'Email');
			await expect(shownOption(page, 'initiateAs')).resolves.toBe('Completed');
			await expect(parametersWithIssues(page)).resolves.toEqual(['userId', 'initiateAs']);
			await expect(issuesOf(page, 'initiateAs')).resolves.toEqual([
				'The value "COMPLETED" is not supported!',
			]);
			await expect(noticeTexts(page)).resolves.toEqual([NOTICE.emailNotSent]); // the completed-tasks notice is for TASK only
			await expect(visibleParameters(page)).resolves.toEqual(VISIBLE.email);

			await selectOption(page, 'initiateAs', 'Default (Not Sent)');
			await selectOption(page, 'initiationMethod', 'Outbound');
			await selectOption(page, 'channel', 'Voice');
			await expect(shownOption(page, 'initiationMethod')).resolves.toBe('Outbound');
			await expect(parametersWithIssues(page)).resolves.toEqual(['initiationMethod']);
			await expect(issuesOf(page, 'initiationMethod')).resolves.toEqual([
				'The value "OUTBOUND" is not supported!',
			]);
			await expect(canvasSubtitle(page, NODE).innerText()).resolves.toBe(
				'Create Voice contact: Outbound',
			);
			// Fields that every Voice method has follow the channel alone, so they show despite the stale method.
			await expect(visibleParameters(page)).resolves.toEqual(VISIBLE.voice);
			await expect(noticeTexts(page)).resolves.toEqual([NOTICE.voiceTransfer]);
			await formScreenshot(page, 'form-channel-switch-stale-method');
		});
	});

	it('Instance picker: lists the emulator\'s instances, filters by the search, picks one; By ID and By ARN validate; User picker lists "First Last (username)"', async () => {
		const wf = await workflowWith('Form: pickers', {
			channel: 'EMAIL',
			initiationMethod: 'OUTBOUND',
		});
		emulator.reset();
		await withPage('pickers', async (page) => {
			await openWorkflow(page, n8n.url, wf.id, { name: wf.name });
			await openNode(page, NODE);
			await setParameterPanelWidth(page, PANEL_WIDTH);
			await expect(parametersWithIssues(page)).resolves.toEqual(['instanceId', 'userId']);
			await expect(issuesOf(page, 'instanceId')).resolves.toEqual([
				'Parameter "Instance" is required.',
			]);

			// From List: searchInstances -> ListInstances on the emulator, signed with the credential's key.
			await expect(openResourceList(page, 'instanceId')).resolves.toEqual([
				label(DEMO),
				label(EMEA),
				label(SANDBOX),
			]);
			await expect(searchResourceList(page, 'emea', [label(EMEA)])).resolves.toEqual([label(EMEA)]);
			await expect(searchResourceList(page, 'sandbox tasks', [label(SANDBOX)])).resolves.toEqual([
				label(SANDBOX),
			]);
			await expect(searchResourceList(page, DEMO.id.slice(0, 8), [label(DEMO)])).resolves.toEqual([
				label(DEMO),
			]);
			await expect(searchResourceList(page, 'no-such-instance', [])).resolves.toEqual([]);
			await expect(searchResourceList(page, 'contact', [label(DEMO)])).resolves.toEqual([
				label(DEMO),
			]);
			await pickResource(page, label(DEMO));
			await expect(
				resourceLocator(page, 'instanceId').locator('[data-test-id="rlc-input"]').inputValue(),
			).resolves.toBe(label(DEMO));
			const listed = emulator.state.requests.filter((r) => r.operation === 'ListInstances');
			expect(listed.length).toBeGreaterThanOrEqual(1);
			expect(new Set(listed.map((r) => `${r.accessKeyId} ${r.status}`))).toEqual(
				new Set([`${KEY.accessKeyId} 200`]),
			);

			// User (From List): searchUsers -> SearchUsers on the chosen instance.
			const everyone = DEMO_USERS.map((u) => `${u.firstName} ${u.lastName} (${u.username})`);
			await expect(openResourceList(page, 'userId')).resolves.toEqual(everyone);
			await expect(searchResourceList(page, 'garcia', ['Maria Garcia (mgarcia)'])).resolves.toEqual(
				['Maria Garcia (mgarcia)'],
			);
			await pickResource(page, 'Maria Garcia (mgarcia)');
			await expect(parametersWithIssues(page)).resolves.toEqual([]);
			const searched = emulator.state.requests.filter((r) => r.operation === 'SearchUsers');
			expect(searched.length).toBeGreaterThanOrEqual(2);
			expect(
				searched.every(
					(r) => (r.body as { InstanceId?: string }).InstanceId === DEMO.id && r.status === 200,
				),
			).toBe(true);

			await fillParameter(page, 'parameters.name', 'Reply to order question 1234');
			await waitForSavedWorkflow(n8n.url, session, wf.id, (wf) =>
				expect(storedNode(wf, NODE).parameters).toEqual({
					instanceId: pickedDemo,
					channel: 'EMAIL',
					initiationMethod: 'OUTBOUND',
					userId: {
						__rl: true,
						mode: 'list',
						value: MARIA.id,
						cachedResultName: 'Maria Garcia (mgarcia)',
					},
					name: 'Reply to order question 1234',
					additionalFields: {},
					options: {},
				}),
			);
			await docsScreenshot(page, 'form-email');

			// By ID: n8n carries the chosen ID over; a value that is no UUID is flagged with the field's message.
			await setResourceMode(page, 'instanceId', 'id');
			const input = resourceLocator(page, 'instanceId').locator('[data-test-id="rlc-input"]');
			await expect(input.inputValue()).resolves.toBe(DEMO.id);
			await expect(parametersWithIssues(page)).resolves.toEqual([]);
			await input.fill('not-an-instance-id');
			await parameterRow(page, 'instanceId')
				.locator('[data-test-id="parameter-issues"]')
				.waitFor({ state: 'visible' });
			await expect(issuesOf(page, 'instanceId')).resolves.toEqual([
				asRendered(validationMessage('id')),
			]);

			// By ARN
			await setResourceMode(page, 'instanceId', 'arn');
			await input.fill(arn(EMEA.id));
			await expect(parameterRow(page, 'instanceId').innerText()).resolves.toContain(
				"The instance's region must be the credential's region",
			);
			await expect(parametersWithIssues(page)).resolves.toEqual([]);
			await waitForSavedWorkflow(n8n.url, session, wf.id, (wf) =>
				expect(storedNode(wf, NODE).parameters.instanceId).toEqual({
					__rl: true,
					mode: 'arn',
					value: arn(EMEA.id),
				}),
			);
			await formScreenshot(page, 'form-instance-by-arn');
			await input.fill('arn:aws:connect:us-east-1:12345:instance/nope');
			await parameterRow(page, 'instanceId')
				.locator('[data-test-id="parameter-issues"]')
				.waitFor({ state: 'visible' });
			// The message reads "...expected arn:aws:connect:<region>:<account>:instance/<id>", but n8n renders the
			// tooltip as HTML and the <...> placeholders vanish (reported).
			await expect(issuesOf(page, 'instanceId')).resolves.toEqual([
				asRendered(validationMessage('arn')),
			]);
		});
	});

	it('a Task filled in through the form is stored as entered (docs screenshot)', async () => {
		const wf = await workflowWith('Form: task', {});
		await withPage('task', async (page) => {
			await openWorkflow(page, n8n.url, wf.id, { name: wf.name });
			await openNode(page, NODE);
			await setParameterPanelWidth(page, PANEL_WIDTH);
			await openResourceList(page, 'instanceId');
			await pickResource(page, label(DEMO));
			await selectOption(page, 'initiateAs', 'Completed');
			await fillParameter(page, 'parameters.name', 'Call back customer about order 1234');
			await fillParameter(
				page,
				'parameters.description',
				'The customer asked for a call back about a late delivery.',
			);
			await page
				.locator(
					'[data-test-id="fixed-collection-attributes"] [data-test-id="fixed-collection-add"]',
				)
				.click();
			await fillParameter(page, 'parameters.attributes.attribute[0].key', 'orderId');
			await fillParameter(page, 'parameters.attributes.attribute[0].value', '1234');
			await page
				.locator(
					'[data-test-id="fixed-collection-references"] [data-test-id="fixed-collection-add"]',
				)
				.click();
			await fillParameter(page, 'parameters.references.reference[0].key', 'Ticket');
			await fillParameter(
				page,
				'parameters.references.reference[0].value',
				'https://crm.example.com/tickets/1234',
			);
			await tidyForScreenshot(page);

			await expect(visibleParameters(page)).resolves.toEqual(VISIBLE.task);
			await expect(noticeTexts(page)).resolves.toEqual([NOTICE.completedBulk]);
			await expect(parametersWithIssues(page)).resolves.toEqual([]);
			await waitForSavedWorkflow(n8n.url, session, wf.id, (wf) =>
				expect(storedNode(wf, NODE).parameters).toEqual({
					instanceId: pickedDemo,
					initiateAs: 'COMPLETED',
					name: 'Call back customer about order 1234',
					description: 'The customer asked for a call back about a late delivery.',
					attributes: { attribute: [{ key: 'orderId', value: '1234' }] },
					// The reference type stays at its default (URL), which n8n does not store.
					references: {
						reference: [{ key: 'Ticket', value: 'https://crm.example.com/tickets/1234' }],
					},
					additionalFields: {},
					options: {},
				}),
			);
			const { png } = await docsScreenshot(page, 'form-task');
			expect(fs.statSync(png).size).toBeGreaterThan(20_000);
		});
	});

	it('credential form: the fields, a failed connection test with its reason, then a successful one (ListInstances on the emulator)', async () => {
		const wf = await workflowWith('Form: credential', {});
		emulator.reset();
		await withPage('credential', async (page) => {
			await openWorkflow(page, n8n.url, wf.id, { name: wf.name });
			await openNode(page, NODE);
			await page.locator('[data-test-id="node-credentials-select"]').click();
			await page.locator('[data-test-id="node-credentials-select-item-new"]').click();
			const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
			await dialog.waitFor({ state: 'visible', timeout: 15_000 });
			const modal = page.locator('[data-test-id="editCredential-modal"]');
			await expect(
				modal.locator('[data-test-id="credential-name"]').innerText(),
			).resolves.toContain('Amazon Connect account');

			// The fields follow Authentication: keys, then a role, then the host's identity (with its notice).
			const shownLabels = () => credentialLabels(dialog);
			await expect(shownLabels()).resolves.toEqual([
				...CREDENTIAL_FIELDS.start,
				...CREDENTIAL_FIELDS.keys,
				...CREDENTIAL_FIELDS.end,
			]);
			const input = (name: string) =>
				dialog.locator(`[data-test-id="parameter-input-${name}"] input`).first();
			await expect(input('authentication').inputValue()).resolves.toBe('Access Keys');
			await expect(input('region').inputValue()).resolves.toBe('US East (N. Virginia) (us-east-1)');
			const types = await Promise.all(
				['accessKeyId', 'secretAccessKey', 'sessionToken', 'endpoint'].map((n) =>
					input(n).getAttribute('type'),
				),
			);
			expect(types).toEqual(['text', 'password', 'password', 'text']);
			await selectCredentialOption(page, dialog, 'authentication', 'Assume Role');
			await expect(shownLabels()).resolves.toEqual([
				...CREDENTIAL_FIELDS.start,
				...CREDENTIAL_FIELDS.role,
				...CREDENTIAL_FIELDS.keys,
				...CREDENTIAL_FIELDS.end,
			]);
			await selectCredentialOption(page, dialog, 'authentication', 'Host Identity');
			await expect(shownLabels()).resolves.toEqual([
				...CREDENTIAL_FIELDS.start,
				...CREDENTIAL_FIELDS.end,
			]);
			await expect(
				dialog
					.getByText(/N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true/)
					.first()
					.isVisible(),
			).resolves.toBe(true);
			await selectCredentialOption(page, dialog, 'region', 'Other (Enter the Region Code)');
			await expect(shownLabels()).resolves.toContain('Region Code');
			await selectCredentialOption(page, dialog, 'region', 'US East (N. Virginia) (us-east-1)');
			await input('endpoint').fill(emulator.url);
			await input('stsEndpoint').fill(emulator.url);
			// Host identity while the n8n admin has not allowed it (this n8n runs without the switch): the test says how.
			const hostTest = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'));
			await page.locator('[data-test-id="credential-save-button"]').click();
			const host = (await (await hostTest).json()) as { data: { status: string; message: string } };
			expect(host.data.status).toBe('Error');
			expect(host.data.message).toMatch(
				/^This credential uses the n8n host's own AWS identity, which the n8n admin has not allowed\. To allow it, set the environment variable N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true/,
			);
			await screenshot(page, 'credential-host-identity-off');
			await selectCredentialOption(page, dialog, 'authentication', 'Access Keys');

			// A wrong secret: the test's reason is behind "More details".
			await input('accessKeyId').fill(KEY.accessKeyId);
			await input('secretAccessKey').fill('not-the-secret-of-this-key');
			const failedTest = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'));
			await page.locator('[data-test-id="credential-save-button"]').click();
			const failed = (await (await failedTest).json()) as {
				data: { status: string; message: string };
			};
			const reason =
				'AWS knows the Access Key ID, but the Secret Access Key does not match it. Paste the secret of this key again; if it is lost, create a new access key.';
			expect(failed.data).toEqual({ status: 'Error', message: reason });
			const banner = dialog
				.locator('.el-tag--danger')
				.filter({ hasText: 'Couldn’t connect with these settings' });
			await banner.waitFor({ state: 'visible' });
			await banner.getByText('More details').click();
			await dialog.getByText(reason, { exact: true }).waitFor({ state: 'visible' });
			await screenshot(page, 'credential-test-failed');
			// STS (GetCallerIdentity) first, then ListInstances, both signed with the key (the host identity made no request).
			const rejected = emulator.state.requests.map((r) => [
				r.operation,
				r.accessKeyId,
				r.status,
				r.errorType,
			]);
			expect(rejected.sort()).toEqual([
				['GetCallerIdentity', KEY.accessKeyId, 403, 'SignatureDoesNotMatch'],
				['ListInstances', KEY.accessKeyId, 403, 'InvalidSignatureException'],
			]);

			// The right secret: saved, tested OK, and the (new) credential's modal closes by itself.
			await input('secretAccessKey').fill(KEY.secretAccessKey);
			const passedTest = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'));
			await page.locator('[data-test-id="credential-save-button"]').click();
			const passed = (await (await passedTest).json()) as {
				data: { status: string; message: string };
			};
			const aliases = EMULATOR.instances.map((i) => i.alias).join(', ');
			expect(passed.data).toEqual({
				status: 'OK',
				message: `Connected to Amazon Connect in ${emulator.url} (${EMULATOR.region}) as ${KEY.principalArn} (account ${EMULATOR.accountId}): ${EMULATOR.instances.length} instances visible (${aliases})`,
			});
			await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
			await expect(
				page.locator('[data-test-id="node-credentials-select"] input').first().inputValue(),
			).resolves.toBe('Amazon Connect account');

			// Reopened, the saved credential is tested again: n8n's success banner.
			await page.locator('[data-test-id="credential-edit-button"]').click();
			const success = dialog.locator('[data-test-id="credentials-config-container-test-success"]');
			await success.waitFor({ state: 'visible', timeout: 15_000 });
			await expect(success.innerText()).resolves.toMatch(
				/^Connection tested successfully\s+Retry$/,
			);
			await screenshot(page, 'credential-test-passed');
			await page.keyboard.press('Escape');
			await dialog.waitFor({ state: 'hidden' });
			const statuses = emulator.state.requests
				.filter((r) => r.operation === 'ListInstances')
				.map((r) => r.status);
			expect(statuses.slice(0, 2)).toEqual([403, 200]);
			expect(statuses.slice(2).every((s) => s === 200)).toBe(true);
		});
	});

	it('an assume-role credential made in the editor: Test answers in words, then a workflow runs with the role session', async () => {
		const wf = await workflowWith('Form: assume role', {
			instanceId: { __rl: true, mode: 'id', value: DEMO.id },
			channel: 'TASK',
			initiationMethod: 'API',
			name: 'Call back (assumed role)',
		});
		emulator.reset();
		const role = EMULATOR.roles![0];
		await withPage('assume-role', async (page) => {
			await openWorkflow(page, n8n.url, wf.id, { name: wf.name });
			await openNode(page, NODE);
			await page.locator('[data-test-id="node-credentials-select"]').click();
			await page.locator('[data-test-id="node-credentials-select-item-new"]').click();
			const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
			await dialog.waitFor({ state: 'visible', timeout: 15_000 });
			const input = (name: string) =>
				dialog.locator(`[data-test-id="parameter-input-${name}"] input`).first();
			await selectCredentialOption(page, dialog, 'authentication', 'Assume Role');
			await input('roleArn').fill(role.arn);
			await input('externalId').fill('not-the-external-id');
			await input('accessKeyId').fill(KEY.accessKeyId);
			await input('secretAccessKey').fill(KEY.secretAccessKey);
			await input('endpoint').fill(emulator.url);
			await input('stsEndpoint').fill(emulator.url);

			const failedTest = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'));
			await page.locator('[data-test-id="credential-save-button"]').click();
			const failed = (await (await failedTest).json()) as {
				data: { status: string; message: string };
			};
			expect(failed.data.status).toBe('Error');
			expect(failed.data.message).toBe(
				`STS did not let these keys assume the role ${role.arn}. The role ${role.arn} does not let this identity assume it: either its trust policy (IAM, Roles, the role, Trust relationships) does not name the identity as Principal, or the External ID differs from the value the trust policy requires (its sts:ExternalId condition). AWS does not say which of the two. (AWS: AccessDenied: User: ${KEY.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${role.arn})`,
			);
			await screenshot(page, 'credential-assume-role-failed');

			await input('externalId').fill(role.externalId!);
			const passedTest = page.waitForResponse((r) => r.url().endsWith('/rest/credentials/test'));
			await page.locator('[data-test-id="credential-save-button"]').click();
			const passed = (await (await passedTest).json()) as {
				data: { status: string; message: string };
			};
			expect(passed.data).toEqual({
				status: 'OK',
				message: `Connected to Amazon Connect in ${emulator.url} (${EMULATOR.region}) as arn:aws:sts::${EMULATOR.accountId}:assumed-role/n8n-connect/n8n-amazon-connect (account ${EMULATOR.accountId}): ${EMULATOR.instances.length} instances visible (${EMULATOR.instances.map((i) => i.alias).join(', ')})`,
			});
			await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
			await expect(
				page.locator('[data-test-id="node-credentials-select"] input').first().inputValue(),
			).resolves.toMatch(/^Amazon Connect account/);
			await closeNode(page);

			// The workflow runs from the editor with the new credential: the contact is created with the role's session.
			const before = emulator.state.contacts.length;
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			for (let i = 0; i < 150 && emulator.state.contacts.length === before; i++)
				await page.waitForTimeout(200);
			expect(
				emulator.state.contacts.slice(before).map((c) => (c.request as { Name?: string }).Name),
			).toEqual(['Call back (assumed role)']);
			const create = emulator.state.requests.filter((r) => r.operation === 'CreateContact');
			const sessionKeys = emulator.state.sessions
				.filter((x) => x.roleArn === role.arn)
				.map((x) => x.accessKeyId);
			expect(create.map((r) => r.outcome)).toEqual(['ok']);
			expect(sessionKeys).toContain(create[0].accessKeyId);
			await screenshot(page, 'workflow-run-assume-role');
		});
	});

	it('an AI Agent finds "Amazon Connect Tool" among its tools and connects it', async () => {
		const workflow = await createWorkflow(n8n.url, session, {
			name: 'Form: agent tool',
			nodes: [
				{
					id: '7d2a4b10-0000-4000-8000-000000000011',
					name: 'Chat Trigger',
					type: '@n8n/n8n-nodes-langchain.manualChatTrigger',
					typeVersion: 1.1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: '7d2a4b10-0000-4000-8000-000000000012',
					name: 'AI Agent',
					type: '@n8n/n8n-nodes-langchain.agent',
					typeVersion: 3.1,
					position: [300, 0],
					parameters: {},
				},
			],
			connections: { 'Chat Trigger': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] } },
		});
		await withPage('agent-tool', async (page) => {
			await openWorkflow(page, n8n.url, workflow.id, { name: workflow.name });
			await canvasNode(page, 'AI Agent')
				.locator(
					'[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"] [data-test-id="canvas-handle-plus"]',
				)
				.click();
			const search = page.locator('[data-test-id="node-creator-search-bar"]');
			await search.waitFor({ state: 'visible' });
			await search.fill('Amazon Connect');
			const results = page.locator('[data-test-id="node-creator-node-item"]');
			await results
				.filter({ hasText: 'Amazon Connect Tool' })
				.first()
				.waitFor({ state: 'visible' });
			await expect(
				results.locator('[data-test-id="node-creator-item-name"]').allInnerTexts(),
			).resolves.toEqual(['Amazon Connect Tool']);
			await screenshot(page, 'agent-tools-search');
			await results.first().click();

			await page
				.locator('dialog[data-test-id="ndv"]')
				.waitFor({ state: 'visible', timeout: 15_000 });
			await expect(visibleParameters(page)).resolves.toEqual(['descriptionType', ...VISIBLE.task]);
			await closeNode(page);
			const toolNode = page.locator(`[data-test-id="canvas-node"][data-node-type="${TOOL_TYPE}"]`);
			await expect(toolNode.count()).resolves.toBe(1);
			const toolName = await toolNode.getAttribute('data-node-name');
			expect(toolName).toBe('Create a contact in Amazon Connect');
			await waitForSavedWorkflow(n8n.url, session, workflow.id, (wf) => {
				expect(storedNode(wf, toolName!).type).toBe(TOOL_TYPE);
				expect(wf.connections[toolName!]).toEqual({
					ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]],
				});
			});
			await screenshot(page, 'agent-with-amazon-connect-tool');
		});
	});
});
