/// <reference lib="dom" />
/**
 * Browser harness for n8n 2.40.7's editor: Debian's /usr/bin/chromium (scripts/n8n/install-chromium.sh)
 * driven by playwright-core (no browser download). Log in with a REST session cookie, open a workflow
 * by URL, take screenshots into test-artifacts/ (git-ignored).
 *
 * Selectors verified on n8n 2.40.7's editor (see the helpers below, which use them):
 *   - canvas node:        `[data-test-id="canvas-node"][data-node-name="<node name>"]`
 *                         (it also carries `data-node-type="<package>.<node>"`)
 *   - open its panel:     double-click the canvas node, wait for `dialog[data-test-id="ndv"]` and
 *                         `[data-test-id="node-parameters"]` (openNode()); close: `[data-test-id="ndv-close-button"]`
 *                         (Escape only closes an open dropdown first)
 *   - a parameter:        `[data-test-id="parameter-input-<name>"]` (e.g. `parameter-input-channel`,
 *                         `parameter-input-resource`, `parameter-input-instanceId`); its wrapper
 *                         `[data-parameter-path="parameters.<name>"]`. Node *settings* (alwaysOutputData,
 *                         retryOnFail, ...) sit in the same DOM with paths without the `parameters.` prefix.
 *                         The inner text field of string inputs is `[data-test-id="parameter-input-field"]`.
 *   - its label:          `[data-test-id="node-parameters"] label[for="<name>"]` (class n8n-input-label; the
 *                         title is its first `span.n8n-text`, the label also holds the Fixed/Expression toggle)
 *   - each row:           `[data-test-id="parameter-item"]` (also notices and collections)
 *   - options dropdown:   click the parameter input; the open list is `.el-select__popper:visible`, its
 *                         items `[data-test-id="parameter-input-item"]` (`.option-headline` = option name,
 *                         `.option-description`); the selected one has class `selected`
 *   - notice parameters:  `[data-test-id="parameter-item"] .notice[role="alert"]` (text in `.notice-content`)
 *   - fixed collections:  `[data-test-id="fixed-collection-<name>"]`, add button `[data-test-id="fixed-collection-add"]`
 *   - collections:        add-option select `[data-test-id="collection-parameter-add"]`
 *   - resource locator:   `[data-test-id="resource-locator-<name>"]`, mode select `[data-test-id="rlc-mode-selector"]`
 *                         (items `mode-list` / `mode-id` / ...), text input `[data-test-id="rlc-input"]`
 *   - credential select:  `[data-test-id="node-credentials-select"]`
 *                         (items `node-credentials-select-item-<credential id>`)
 *   - tabs:               `[data-test-id="tab-params"]`, `[data-test-id="tab-settings"]`
 *   - node subtitle:      `[data-test-id="canvas-node"][data-node-name=...] [data-test-id="canvas-default-node"]
 *                         [class*="_subtitle_"]` (a CSS-module class; the node's label is `[class*="_label_"]`)
 *   - parameter issues:   `[data-test-id="parameter-issues"]` inside the parameter's row; hovering its icon shows
 *                         `[data-test-id="tooltip-content"]` "Issues:\n\n<one line per issue>". In the node panel a
 *                         required parameter has NO asterisk in 2.40.7 (ParameterInputFull does not pass `required`
 *                         to its label); an empty required parameter shows this issue icon ("Parameter "User" is
 *                         required."). The credential form does show a `*` after required labels.
 *   - resource locator:   list items `[data-test-id="rlc-item"]` (text "<name>"), search box `[data-test-id="rlc-search"]`
 *                         (an input; typing calls the node's listSearch method with the filter), mode items
 *                         `.el-select__popper:visible [data-test-id="mode-list|mode-id|mode-arn"]`
 *   - panel width:        the parameter column has two `[data-test-id="resize-handle"]` (left, right) to drag
 *   - credential modal:   `[data-test-id="credential-edit-dialog"]`, fields `[data-test-id="parameter-input-<name>"] input`
 *                         in `[data-test-id="credential-connection-parameter"]` forms, `[data-test-id="credential-save-button"]`;
 *                         test result banners: `[data-test-id="credentials-config-container-test-success"]`
 *                         ("Connection tested successfully": n8n does not show the test's own success message), and an
 *                         `.el-tag--danger` banner "Couldn’t connect with these settings" whose "More details" link
 *                         reveals the test's error message. Opening an existing credential re-runs its test; a NEW
 *                         credential's modal closes by itself once a save tested successfully.
 *   - node creator:       `[data-test-id="node-creator-search-bar"]`, results `[data-test-id="node-creator-node-item"]`
 *                         (name in `[data-test-id="node-creator-item-name"]`); an AI Agent's tool slot is
 *                         `[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"] [data-test-id="canvas-handle-plus"]`
 *
 * Workflows are edited by one browser tab at a time: n8n 2.x gives the first tab a write lock for 2 minutes
 * (renewed while open), and any other tab opening the same workflow gets a READ-ONLY editor. Open each workflow
 * in one page only (createWorkflow() makes a fresh one per test). Edits are saved automatically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	chromium,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page,
} from 'playwright-core';

import { defaultConfig, startEmulator, type RunningEmulator } from '../../../emulator';
import {
	REPO_ROOT,
	rest,
	setupOwner,
	startN8n,
	type RunningN8n,
	type Session,
} from '../../../scripts/n8n/lib';
import { newUserFolder, readState } from '../support/e2e';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');

export interface EditorBrowser {
	browser: Browser;
	close(): Promise<void>;
}

/**
 * Headless Debian chromium; no network features that reach the internet. chromium.launch() already
 * runs on a fresh temporary profile (it refuses a --user-data-dir argument; that is launchPersistentContext).
 */
export async function launchBrowser(): Promise<EditorBrowser> {
	if (!fs.existsSync(CHROMIUM_PATH)) {
		throw new Error(`${CHROMIUM_PATH} is missing: run bash scripts/n8n/install-chromium.sh`);
	}
	const browser = await chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-features=Translate,MediaRouter,OptimizationHints',
		],
	});
	return { browser, close: async () => await browser.close().catch(() => undefined) };
}

/** A browser context already logged into n8n (the session's n8n-auth cookie) and a page. */
export async function openEditor(
	browser: Browser,
	baseUrl: string,
	session: Session,
	opts: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({
		viewport: opts.viewport ?? { width: 1600, height: 1000 },
		locale: 'en-US',
	});
	await context.addCookies([
		{ name: session.authCookie.name, value: session.authCookie.value, url: baseUrl },
	]);
	const page = await context.newPage();
	return { context, page };
}

/** What a browser test file runs against: its own emulator, n8n, owner, credential and logged-in browser. */
export interface EditorSuite {
	/** In-process (emulator/index.ts), no quota: the tests read its state directly. */
	emulator: RunningEmulator;
	n8n: RunningN8n;
	session: Session;
	/** The amazonConnectApi credential "Emulator": the emulator's full-access keys, the emulator as endpoint. */
	credential: { id: string; name: string };
	/** Logged in, its HTTP cache shared by the pages opened in it. */
	context: BrowserContext;
	page: Page;
	/** Stops all of it, last started first; what did not start is skipped. */
	close(): Promise<void>;
}

/**
 * Starts a browser test file's world: a clone of the template user folder (`user-browser-<name>`; the
 * real package installed), an in-process emulator, n8n on it with an owner, the credential "Emulator",
 * and a browser logged in with a page of the given viewport. If a step fails, what started is stopped.
 */
export async function startEditorSuite(
	name: string,
	viewport: { width: number; height: number },
): Promise<EditorSuite> {
	if (!readState().realPackage)
		throw new Error('the real package is not installed: run `npm run build` before the e2e suite');
	const { env } = newUserFolder(`browser-${name}`);
	const stops: Array<() => Promise<void>> = [];
	const close = async () => {
		for (const stop of stops.splice(0).reverse()) await stop();
	};
	try {
		const emulator = await startEmulator({ host: '127.0.0.1', port: 0, rate: null, quiet: true });
		stops.push(async () => await emulator.close());
		const n8n = await startN8n(env);
		stops.push(async () => await n8n.stop());
		const session = await setupOwner(n8n.url);
		const config = defaultConfig();
		const key = config.accessKeys[0]; // full access
		const credential = {
			id: await createCredential(n8n.url, session, {
				name: 'Emulator',
				type: 'amazonConnectApi',
				data: {
					region: config.region,
					accessKeyId: key.accessKeyId,
					secretAccessKey: key.secretAccessKey,
					endpoint: emulator.url,
				},
			}),
			name: 'Emulator',
		};
		const eb = await launchBrowser();
		stops.push(eb.close);
		const { context, page } = await openEditor(eb.browser, n8n.url, session, { viewport });
		stops.push(async () => await context.close());
		return { emulator, n8n, session, credential, context, page, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/**
 * Opens /workflow/<id> and waits until the canvas shows its nodes. With `name`, also waits until the
 * header shows that workflow name.
 *
 * A page that already shows the editor is switched inside the app (the router follows a history change)
 * instead of reloading it: a full load of n8n's editor (about 570 module files) takes about 5 s on
 * 2 cores, the switch well under 1 s. Give `name` then (it tells the new workflow from the old one).
 * Pending autosaves of the workflow left may be dropped: wait for them first (waitForSavedWorkflow).
 */
export async function openWorkflow(
	page: Page,
	baseUrl: string,
	workflowId: string,
	opts: { timeoutMs?: number; name?: string } = {},
): Promise<void> {
	const timeout = opts.timeoutMs ?? 60_000;
	const route = `/workflow/${workflowId}`;
	if (opts.name !== undefined && page.url().startsWith(`${baseUrl}/workflow/`)) {
		if (await page.locator('dialog[data-test-id="ndv"]').isVisible()) await closeNode(page);
		await page.evaluate((to) => {
			window.history.pushState({}, '', to);
			window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
		}, route);
	} else {
		await page.goto(`${baseUrl}${route}`, { waitUntil: 'domcontentloaded', timeout });
		if (/\/signin/.test(page.url()))
			throw new Error('the editor redirected to /signin: the session cookie was not accepted');
	}
	if (opts.name !== undefined) {
		await page
			.locator('[data-test-id="workflow-name-input"] [data-test-id="inline-edit-preview"]')
			.filter({
				hasText: new RegExp(`^\\s*${opts.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`),
			})
			.waitFor({ state: 'visible', timeout });
	}
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ state: 'visible', timeout });
	await dismissOverlays(page);
}

/** Closes toasts/popups that can cover the canvas (none are expected offline, but be safe). */
export async function dismissOverlays(page: Page): Promise<void> {
	for (const close of await page.locator('.el-notification .el-notification__closeBtn').all()) {
		await close.click({ timeout: 1000 }).catch(() => undefined);
	}
}

export function canvasNode(page: Page, nodeName: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
}

/** Double-clicks a node on the canvas and waits for its parameter panel (NDV). */
export async function openNode(page: Page, nodeName: string): Promise<Locator> {
	await canvasNode(page, nodeName).dblclick();
	const ndv = page.locator('dialog[data-test-id="ndv"]');
	await ndv.waitFor({ state: 'visible', timeout: 15_000 });
	await page
		.locator('[data-test-id="node-parameters"]')
		.first()
		.waitFor({ state: 'visible', timeout: 15_000 });
	return ndv;
}

export async function closeNode(page: Page): Promise<void> {
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await page.locator('dialog[data-test-id="ndv"]').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The input of a parameter in the open panel (`[data-test-id="parameter-input-<name>"]`). */
export function findParameter(page: Page, parameterName: string): Locator {
	return page.locator(
		`[data-test-id="node-parameters"] [data-test-id="parameter-input-${parameterName}"]`,
	);
}

/**
 * The label title of a parameter in the open panel (the `label[for=<name>]` element also holds the
 * Fixed/Expression toggle, so its own innerText is "Channel\nFixed\nExpression"; this is just "Channel").
 */
export function parameterLabel(page: Page, parameterName: string): Locator {
	return page
		.locator(`[data-test-id="node-parameters"] label[for="${parameterName}"] span.n8n-text`)
		.first();
}

/**
 * Names of the node's top-level parameters currently shown in the open panel, in display order
 * (node settings, notices and empty fixed collections are not included: they have no input).
 */
export async function parameterNames(page: Page): Promise<string[]> {
	return await page
		.locator('[data-test-id="node-parameters"] [data-parameter-path^="parameters."]')
		.evaluateAll((els) =>
			els
				.filter((el) => el.checkVisibility())
				.map((el) => (el.getAttribute('data-parameter-path') ?? '').split('.'))
				.filter((parts) => parts.length === 2)
				.map((parts) => parts[1])
				.filter((name, i, all) => all.indexOf(name) === i),
		);
}

/** Texts of the notices shown in the open panel. */
export async function noticeTexts(page: Page): Promise<string[]> {
	const notices = page.locator(
		'[data-test-id="node-parameters"] [data-test-id="parameter-item"] .notice[role="alert"]',
	);
	return await notices.evaluateAll((els) =>
		els.filter((el) => el.checkVisibility()).map((el) => (el.textContent ?? '').trim()),
	);
}

/** Opens an options parameter's dropdown and returns the option names (headlines) it lists. */
export async function openOptions(page: Page, parameterName: string): Promise<string[]> {
	await findParameter(page, parameterName).click();
	const items = page.locator('.el-select__popper:visible [data-test-id="parameter-input-item"]');
	await items.first().waitFor({ state: 'visible', timeout: 10_000 });
	return await items.locator('.option-headline').allInnerTexts();
}

/** Selects an option (by its display name) of an options parameter. */
export async function selectOption(
	page: Page,
	parameterName: string,
	optionName: string,
): Promise<void> {
	await openOptions(page, parameterName);
	await page
		.locator('.el-select__popper:visible [data-test-id="parameter-input-item"]')
		.filter({
			has: page.locator('.option-headline', {
				hasText: new RegExp(`^\\s*${optionName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`),
			}),
		})
		.first()
		.click();
	await page
		.locator('.el-select__popper:visible')
		.first()
		.waitFor({ state: 'hidden', timeout: 5_000 })
		.catch(() => undefined);
}

/** Saves a PNG into test-artifacts/<name>.png and returns its path. */
export async function screenshot(
	page: Page,
	name: string,
	opts: { fullPage?: boolean; locator?: Locator } = {},
): Promise<string> {
	fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
	const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
	if (opts.locator) await opts.locator.screenshot({ path: file });
	else await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
	return file;
}

// ---------------------------------------------------------------------------------------------
// REST set-up (faster than the CLI imports: no extra n8n boot)
// ---------------------------------------------------------------------------------------------

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface StoredWorkflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }>>>
	>;
}

/** POST /rest/workflows; returns the stored workflow (with its new id). */
export async function createWorkflow(
	baseUrl: string,
	session: Session,
	workflow: { name: string; nodes: WorkflowNode[]; connections?: StoredWorkflow['connections'] },
): Promise<StoredWorkflow> {
	return await rest<StoredWorkflow>(baseUrl, session, 'POST', '/workflows', {
		connections: {},
		settings: {},
		...workflow,
	});
}

export async function getWorkflow(
	baseUrl: string,
	session: Session,
	id: string,
): Promise<StoredWorkflow> {
	return await rest<StoredWorkflow>(baseUrl, session, 'GET', `/workflows/${id}`);
}

/** POST /rest/credentials with plain data (n8n encrypts it); returns its id. */
export async function createCredential(
	baseUrl: string,
	session: Session,
	credential: { name: string; type: string; data: Record<string, unknown> },
): Promise<string> {
	return (await rest<{ id: string }>(baseUrl, session, 'POST', '/credentials', credential)).id;
}

/**
 * The editor saves edits by itself (n8n 2.x autosave, about a second after a change). Polls the stored
 * workflow until `check` passes (it throws while the saved state is not there yet) and returns it.
 */
export async function waitForSavedWorkflow(
	baseUrl: string,
	session: Session,
	id: string,
	check: (workflow: StoredWorkflow) => void,
	timeoutMs = 15_000,
): Promise<StoredWorkflow> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const workflow = await getWorkflow(baseUrl, session, id);
		try {
			check(workflow);
			return workflow;
		} catch (error) {
			if (Date.now() > deadline) throw error;
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

export function storedNode(workflow: StoredWorkflow, name: string): WorkflowNode {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node)
		throw new Error(
			`no node "${name}" in workflow ${workflow.id}: ${workflow.nodes.map((n) => n.name).join(', ')}`,
		);
	return node;
}

// ---------------------------------------------------------------------------------------------
// The node panel
// ---------------------------------------------------------------------------------------------

/** The subtitle under a node on the canvas (e.g. "Create Task contact: API"). */
export function canvasSubtitle(page: Page, nodeName: string): Locator {
	return canvasNode(page, nodeName).locator(
		'[data-test-id="canvas-default-node"] [class*="_subtitle_"]',
	);
}

/**
 * Names of the top-level parameters shown in the open panel, in display order, from their labels
 * (`label[for=<name>]`): options and strings as well as fixed collections (attributes, references) and
 * collections (additionalFields, options). Notices have no label: see noticeTexts(). The credential row is not included.
 */
export async function visibleParameters(page: Page): Promise<string[]> {
	return await page
		.locator('[data-test-id="node-parameters"] [data-test-id="parameter-item"]')
		.evaluateAll((items) =>
			items
				.filter(
					(item) =>
						item.checkVisibility() &&
						!item.parentElement?.closest('[data-test-id="parameter-item"]'),
				)
				.map((item) => item.querySelector('label[for]')?.getAttribute('for'))
				.filter((name): name is string => typeof name === 'string' && name !== ''),
		);
}

/** The top-level row of a parameter in the open panel. */
export function parameterRow(page: Page, parameterName: string): Locator {
	return page
		.locator('[data-test-id="node-parameters"] [data-test-id="parameter-item"]')
		.filter({ has: page.locator(`label[for="${parameterName}"]`) })
		.first();
}

/** Names of the top-level parameters that show an issue icon (e.g. an empty required field, a value not in the options). */
export async function parametersWithIssues(page: Page): Promise<string[]> {
	return await page
		.locator('[data-test-id="node-parameters"] [data-test-id="parameter-issues"]')
		.evaluateAll((icons) =>
			icons
				.filter((icon) => icon.checkVisibility())
				.map((icon) => {
					let item = icon.closest('[data-test-id="parameter-item"]');
					while (item?.parentElement?.closest('[data-test-id="parameter-item"]'))
						item = item.parentElement.closest('[data-test-id="parameter-item"]');
					return item?.querySelector('label[for]')?.getAttribute('for') ?? '?';
				}),
		);
}

/** Hovers a parameter's issue icon and returns the issues its tooltip lists (without the "Issues:" heading). */
export async function issuesOf(page: Page, parameterName: string): Promise<string[]> {
	const icon = parameterRow(page, parameterName)
		.locator('[data-test-id="parameter-issues"]')
		.first();
	await icon.locator('span').first().hover();
	const tooltip = page.locator('[data-test-id="tooltip-content"]:visible').first();
	await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
	const lines = (await tooltip.innerText())
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l !== '');
	await page.mouse.move(1, 1);
	await tooltip.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
	if (lines[0] !== 'Issues:') throw new Error(`unexpected issue tooltip: ${JSON.stringify(lines)}`);
	return lines.slice(1);
}

/** The option name an options parameter shows. */
export async function shownOption(page: Page, parameterName: string): Promise<string> {
	return await findParameter(page, parameterName).locator('input').first().inputValue();
}

/** Closes an open options dropdown without choosing. */
export async function closeDropdown(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page
		.locator('.el-select__popper:visible')
		.first()
		.waitFor({ state: 'hidden', timeout: 5_000 })
		.catch(() => undefined);
}

/** Fills a string parameter (input or textarea) of the open panel. */
export async function fillParameter(page: Page, path: string, value: string): Promise<void> {
	await page
		.locator(`[data-test-id="node-parameters"] [data-parameter-path="${path}"]`)
		.locator('input, textarea')
		.first()
		.fill(value);
}

/**
 * Blurs the focused field (its "Tip" popup would cover the next field), moves the mouse off the form and
 * waits until no label shows its hover controls (Fixed/Expression), no tooltip is open and no CSS
 * transition runs (the hover controls fade out after their class is gone).
 */
export async function tidyForScreenshot(page: Page): Promise<void> {
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.mouse.move(1, 1);
	await page
		.waitForFunction(
			() =>
				!Array.from(
					document.querySelectorAll(
						'[data-test-id="node-parameters"] [data-test-id$="-parameter-input-options-container"]',
					),
				).some((el) => /_visible_/.test(el.className)) &&
				!Array.from(document.querySelectorAll('[data-test-id="tooltip-content"]')).some((el) =>
					el.checkVisibility(),
				) &&
				!document
					.getAnimations()
					.some((a) => a.constructor.name === 'CSSTransition' && a.playState === 'running'),
			undefined,
			{ timeout: 5_000 },
		)
		.catch(() => undefined); // cosmetic only
}

/**
 * Makes the browser window tall enough that the open panel's parameters need no scrolling
 * (at most `maxHeight`), so a screenshot shows the whole form.
 */
export async function fitViewportToForm(page: Page, maxHeight = 2400): Promise<void> {
	const viewport = page.viewportSize();
	if (!viewport) return;
	const hidden = await page
		.locator('[data-test-id="node-parameters"]')
		.first()
		.evaluate((el) => el.scrollHeight - el.clientHeight);
	if (hidden <= 0) return;
	await page.setViewportSize({
		width: viewport.width,
		height: Math.min(maxHeight, viewport.height + hidden + 16),
	});
	await page
		.waitForFunction(
			() => {
				const el = document.querySelector('[data-test-id="node-parameters"]');
				return !!el && el.scrollHeight <= el.clientHeight + 1;
			},
			undefined,
			{ timeout: 5_000 },
		)
		.catch(() => undefined);
}

/**
 * Sets the width of the parameter column (the middle of the panel) by dragging both its edges,
 * so screenshots show the form wide enough to read. n8n remembers the width for later panels.
 */
export async function setParameterPanelWidth(page: Page, width: number): Promise<void> {
	const handles = page.locator('dialog[data-test-id="ndv"] [data-test-id="resize-handle"]');
	const left = await handles.nth(0).boundingBox();
	const right = await handles.nth(1).boundingBox();
	if (!left || !right) throw new Error('no NDV resize handles');
	const delta = Math.round((width - (right.x - left.x)) / 2);
	if (Math.abs(delta) < 4) return;
	const drag = async (box: { x: number; y: number; width: number; height: number }, dx: number) => {
		const x = box.x + box.width / 2;
		const y = box.y + Math.min(300, box.height / 2);
		await page.mouse.move(x, y);
		await page.mouse.down();
		await page.mouse.move(x + dx / 2, y, { steps: 5 });
		await page.mouse.move(x + dx, y, { steps: 5 });
		await page.mouse.up();
	};
	await drag(right, delta);
	await drag((await handles.nth(0).boundingBox()) ?? left, -delta);
	await page.mouse.move(1, 1);
}

// ---------------------------------------------------------------------------------------------
// Resource locators
// ---------------------------------------------------------------------------------------------

export function resourceLocator(page: Page, parameterName: string): Locator {
	return page.locator(
		`[data-test-id="node-parameters"] [data-test-id="resource-locator-${parameterName}"]`,
	);
}

/** The names the open resource-locator dropdown lists. */
export async function rlcItems(page: Page): Promise<string[]> {
	return await page
		.locator('[data-test-id="rlc-item"]')
		.evaluateAll((els) =>
			els.filter((el) => el.checkVisibility()).map((el) => (el.textContent ?? '').trim()),
		);
}

/** Opens a resource locator's list (From List mode) and waits for its first item. */
export async function openResourceList(page: Page, parameterName: string): Promise<string[]> {
	await resourceLocator(page, parameterName).locator('[data-test-id="rlc-input"]').click();
	await page
		.locator('[data-test-id="rlc-item"]:visible')
		.first()
		.waitFor({ state: 'visible', timeout: 15_000 });
	return await rlcItems(page);
}

/**
 * Types into the open list's search box and waits until the list shows exactly `expected`
 * (the search is answered by the node's listSearch method, after n8n's debounce).
 */
export async function searchResourceList(
	page: Page,
	filter: string,
	expected: string[],
	timeoutMs = 10_000,
): Promise<string[]> {
	await page.locator('[data-test-id="rlc-search"]:visible').fill(filter);
	await page
		.waitForFunction(
			(want) =>
				JSON.stringify(
					Array.from(document.querySelectorAll('[data-test-id="rlc-item"]'))
						.filter((el) => el.checkVisibility())
						.map((el) => (el.textContent ?? '').trim()),
				) === want,
			JSON.stringify(expected),
			{ timeout: timeoutMs },
		)
		.catch(() => undefined); // the assertion on the returned list reports what was shown instead
	return await rlcItems(page);
}

export async function pickResource(page: Page, itemName: string): Promise<void> {
	await page
		.locator('[data-test-id="rlc-item"]:visible')
		.filter({ hasText: itemName })
		.first()
		.click();
	await page
		.locator('[data-test-id="rlc-item"]:visible')
		.first()
		.waitFor({ state: 'hidden', timeout: 5_000 })
		.catch(() => undefined);
}

/** Switches a resource locator's mode: 'list' | 'id' | 'arn' | 'url'. */
export async function setResourceMode(
	page: Page,
	parameterName: string,
	mode: string,
): Promise<void> {
	await resourceLocator(page, parameterName).locator('[data-test-id="rlc-mode-selector"]').click();
	await page.locator(`.el-select__popper:visible [data-test-id="mode-${mode}"]`).click();
	await page
		.locator('.el-select__popper:visible')
		.first()
		.waitFor({ state: 'hidden', timeout: 5_000 })
		.catch(() => undefined);
}
