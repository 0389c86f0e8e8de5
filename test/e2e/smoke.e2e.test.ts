/**
 * Smoke test of the e2e pipeline: npm pack -> community-node folder -> n8n import:credentials /
 * import:workflow -> n8n execute, with a throwaway fixture node (test/e2e/fixtures/n8n-nodes-e2e-fixture)
 * so it does not depend on the real node's behaviour.
 */
import * as fs from 'node:fs';

import { executeWorkflow, importCredentials, importWorkflow, nodeOutput, writeCredentialsFile } from '../../scripts/n8n/lib';
import { newUserFolder, workflowFixture, writeJson } from './support/e2e';

interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
}

describe('e2e smoke: real n8n runs a packed community node', () => {
	const { env, state } = newUserFolder('smoke');
	const workflow = workflowFixture<WorkflowJson>('smoke.workflow.json');

	beforeAll(async () => {
		const credsFile = writeCredentialsFile(`${state.workDir}/inputs/smoke.credentials.json`, [
			{ id: 'e2eFixtureCred01', name: 'E2E fixture credential', type: 'e2eFixtureApi', data: { token: 'fixture-token', baseUrl: 'http://127.0.0.1:9' } },
		]);
		await importCredentials(env, credsFile);

		await importWorkflow(env, writeJson('smoke.workflow.json', workflow));

		const failing = structuredClone(workflow);
		failing.id = 'e2eSmokeFailing01';
		failing.name = 'E2E smoke: failing item';
		failing.nodes.find((n) => n.name === 'E2E Fixture')!.parameters.failOnIndex = 1;
		await importWorkflow(env, writeJson('smoke-failing.workflow.json', failing));
	});

	it('installs the package where n8n loads community nodes, without a second n8n-workflow', () => {
		expect(fs.existsSync(`${state.fixturePackage.dir}/package.json`)).toBe(true);
		expect(fs.existsSync(`${state.fixturePackage.dir}/node_modules/n8n-workflow`)).toBe(false);
		expect(fs.existsSync(`${state.templateUserFolder}/.n8n/nodes/node_modules/n8n-workflow`)).toBe(false);
		if (state.realPackage) {
			expect(fs.existsSync(`${state.realPackage.dir}/node_modules/@aws-sdk/client-connect/package.json`)).toBe(true);
			expect(fs.existsSync(`${state.realPackage.dir}/node_modules/n8n-workflow`)).toBe(false);
		}
	});

	it('executes Manual Trigger -> Code (3 items) -> community node and returns its items', async () => {
		const result = await executeWorkflow(env, workflow.id);
		expect(result.error).toBeUndefined();
		expect(result.ok).toBe(true);
		const items = nodeOutput(result.run!, 'E2E Fixture');
		expect(items).toEqual([1, 2, 3].map((n, i) => ({
			n,
			name: `contact-${n}`,
			tag: `row-${i}`,
			nodeVersion: expect.stringMatching(/^v24\./),
			credential: { tokenLength: 'fixture-token'.length, baseUrl: 'http://127.0.0.1:9' },
		})));
		expect(result.run!.data.resultData.lastNodeExecuted).toBe('E2E Fixture');
	});

	it('reports a node error with the failing node and message', async () => {
		const result = await executeWorkflow(env, 'e2eSmokeFailing01');
		expect(result.ok).toBe(false);
		expect(result.error?.message).toBe('Fixture failure on item 1');
		expect((result.error?.node as { name?: string } | undefined)?.name).toBe('E2E Fixture');
		expect(result.run?.data.resultData.runData['E2E Fixture']?.[0]?.error).toBeDefined();
	});
});
