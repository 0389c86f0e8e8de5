/**
 * Browser harness check: a real n8n editor (headless Debian chromium via playwright-core) opens a
 * workflow that uses a community node, renders the canvas and the node's parameter panel.
 * Screenshots go to test-artifacts/. Detailed form assertions for the Amazon Connect node build on
 * the helpers in ./editor.ts.
 */
import * as fs from 'node:fs';

import { importWorkflow, setupOwner, startN8n, type RunningN8n, type Session } from '../../../scripts/n8n/lib';
import { newUserFolder, workflowFixture, writeJson } from '../support/e2e';
import {
	canvasNode,
	closeNode,
	launchBrowser,
	openEditor,
	openNode,
	openWorkflow,
	parameterLabel,
	parameterNames,
	screenshot,
	type EditorBrowser,
} from './editor';

interface WorkflowJson {
	id: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
}

describe('n8n editor in a headless browser', () => {
	const { env, state } = newUserFolder('editor');
	const workflow = workflowFixture<WorkflowJson>('editor.workflow.json');
	if (state.realPackage) {
		// Also put the real node on the canvas when the package was built before the run.
		workflow.nodes.push({
			id: '7d2a4b10-0000-4000-8000-000000000003',
			name: 'Amazon Connect',
			type: 'n8n-nodes-amazon-connect.amazonConnect',
			typeVersion: 1,
			position: [520, 0],
			parameters: {},
		});
		workflow.connections['E2E Fixture'] = { main: [[{ node: 'Amazon Connect', type: 'main', index: 0 }]] };
	}

	let n8n: RunningN8n;
	let session: Session;
	let eb: EditorBrowser;

	beforeAll(async () => {
		await importWorkflow(env, writeJson('editor.workflow.json', workflow));
		n8n = await startN8n(env);
		session = await setupOwner(n8n.url);
		eb = await launchBrowser();
	});

	afterAll(async () => {
		await eb?.close();
		await n8n?.stop();
	});

	it('opens the workflow by URL with a REST session and renders the canvas', async () => {
		const { context, page } = await openEditor(eb.browser, n8n.url, session);
		try {
			await openWorkflow(page, n8n.url, workflow.id);
			await expect(canvasNode(page, 'Manual Trigger').isVisible()).resolves.toBe(true);
			await expect(canvasNode(page, 'E2E Fixture').getAttribute('data-node-type')).resolves.toBe('n8n-nodes-e2e-fixture.e2eFixture');
			if (state.realPackage) {
				await expect(canvasNode(page, 'Amazon Connect').getAttribute('data-node-type')).resolves.toBe('n8n-nodes-amazon-connect.amazonConnect');
			}
			const png = await screenshot(page, 'editor-canvas');
			expect(fs.statSync(png).size).toBeGreaterThan(10_000);
		} finally {
			await context.close();
		}
	});

	it("opens a community node's parameter panel by double-clicking it", async () => {
		const { context, page } = await openEditor(eb.browser, n8n.url, session);
		try {
			await openWorkflow(page, n8n.url, workflow.id);
			await openNode(page, 'E2E Fixture');
			await expect(parameterNames(page)).resolves.toEqual(['prefix', 'failOnIndex']);
			await expect(parameterLabel(page, 'prefix').innerText()).resolves.toBe('Prefix');
			await screenshot(page, 'editor-fixture-node');
			await closeNode(page);

			if (state.realPackage) {
				await openNode(page, 'Amazon Connect');
				expect((await parameterNames(page)).length).toBeGreaterThan(0);
				await screenshot(page, 'editor-amazon-connect-node');
				await closeNode(page);
			}
		} finally {
			await context.close();
		}
	});
});
