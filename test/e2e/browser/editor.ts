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
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { REPO_ROOT, type Session } from '../../../scripts/n8n/lib';

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
	const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1600, height: 1000 }, locale: 'en-US' });
	await context.addCookies([{ name: session.authCookie.name, value: session.authCookie.value, url: baseUrl }]);
	const page = await context.newPage();
	return { context, page };
}

/** Opens /workflow/<id> and waits until the canvas shows its nodes. */
export async function openWorkflow(page: Page, baseUrl: string, workflowId: string, opts: { timeoutMs?: number } = {}): Promise<void> {
	const timeout = opts.timeoutMs ?? 60_000;
	await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded', timeout });
	if (/\/signin/.test(page.url())) throw new Error('the editor redirected to /signin: the session cookie was not accepted');
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
	await page.locator('[data-test-id="node-parameters"]').first().waitFor({ state: 'visible', timeout: 15_000 });
	return ndv;
}

export async function closeNode(page: Page): Promise<void> {
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await page.locator('dialog[data-test-id="ndv"]').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The input of a parameter in the open panel (`[data-test-id="parameter-input-<name>"]`). */
export function findParameter(page: Page, parameterName: string): Locator {
	return page.locator(`[data-test-id="node-parameters"] [data-test-id="parameter-input-${parameterName}"]`);
}

/**
 * The label title of a parameter in the open panel (the `label[for=<name>]` element also holds the
 * Fixed/Expression toggle, so its own innerText is "Channel\nFixed\nExpression"; this is just "Channel").
 */
export function parameterLabel(page: Page, parameterName: string): Locator {
	return page.locator(`[data-test-id="node-parameters"] label[for="${parameterName}"] span.n8n-text`).first();
}

/**
 * Names of the node's top-level parameters currently shown in the open panel, in display order
 * (node settings, notices and empty fixed collections are not included: they have no input).
 */
export async function parameterNames(page: Page): Promise<string[]> {
	return await page.locator('[data-test-id="node-parameters"] [data-parameter-path^="parameters."]').evaluateAll((els) =>
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
	const notices = page.locator('[data-test-id="node-parameters"] [data-test-id="parameter-item"] .notice[role="alert"]');
	return (await notices.evaluateAll((els) => els.filter((el) => el.checkVisibility()).map((el) => (el.textContent ?? '').trim())));
}

/** Opens an options parameter's dropdown and returns the option names (headlines) it lists. */
export async function openOptions(page: Page, parameterName: string): Promise<string[]> {
	await findParameter(page, parameterName).click();
	const items = page.locator('.el-select__popper:visible [data-test-id="parameter-input-item"]');
	await items.first().waitFor({ state: 'visible', timeout: 10_000 });
	return await items.locator('.option-headline').allInnerTexts();
}

/** Selects an option (by its display name) of an options parameter. */
export async function selectOption(page: Page, parameterName: string, optionName: string): Promise<void> {
	await openOptions(page, parameterName);
	await page
		.locator('.el-select__popper:visible [data-test-id="parameter-input-item"]')
		.filter({ has: page.locator('.option-headline', { hasText: new RegExp(`^\\s*${optionName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
		.first()
		.click();
	await page.locator('.el-select__popper:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** Saves a PNG into test-artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean; locator?: Locator } = {}): Promise<string> {
	fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
	const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
	if (opts.locator) await opts.locator.screenshot({ path: file });
	else await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
	return file;
}
