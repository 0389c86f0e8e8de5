/**
 * What the editor asks of the package, over n8n's REST API as the editor calls it, in `n8n start` with the
 * packed package: n8n loads the node and its credential, the credential test answers, the pickers list.
 * It runs in the pinned n8n with the other e2e tests, and in n8n 1.x with package and channels tests
 * (`npm run test:compat`), so it only uses what both answer alike. The form itself: browser/form.e2e.test.ts.
 */
import * as path from 'node:path';

import { defaultConfig } from '../../emulator';
import { sleepOf } from '../../nodes/AmazonConnect/shared/sleep';
import {
	N8N_VERSION,
	rest,
	setupOwner,
	startN8n,
	type RunningN8n,
	type Session,
} from '../../scripts/n8n/lib';
import { emulator, newUserFolder, readState, resetEmulator } from './support/e2e';

const NODE_TYPE = 'n8n-nodes-amazon-connect.amazonConnect';
const EMULATOR = defaultConfig();
const [DEMO, EMEA, SANDBOX] = EMULATOR.instances;
const label = (i: { alias: string; id: string }) => `${i.alias} (${i.id})`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface ListResult {
	results: Array<{ name: string; value: string; url?: string }>;
	paginationToken?: string;
}

describe(`the editor's calls in n8n ${N8N_VERSION}`, () => {
	const state = readState();
	let n8n: RunningN8n;
	let session: Session;

	beforeAll(async () => {
		await resetEmulator();
		n8n = await startN8n(newUserFolder('smoke').env);
		session = await setupOwner(n8n.url);
	});
	afterAll(async () => {
		await n8n?.stop();
	});

	const listSearch = (
		methodName: string,
		currentNodeParameters: Record<string, unknown>,
		filter?: string,
	) =>
		rest<ListResult>(
			n8n.url,
			session,
			'POST',
			'/dynamic-node-parameters/resource-locator-results',
			{
				methodName,
				filter,
				path: `parameters.${methodName === 'searchUsers' ? 'userId' : 'instanceId'}`,
				nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
				currentNodeParameters,
				credentials: { amazonConnectApi: { id: state.credential.id, name: state.credential.name } },
			},
		);

	it('loads the node (inputs and outputs resolve to "main") and its credential from the package', async () => {
		const [node] = await rest<Array<Record<string, unknown>>>(
			n8n.url,
			session,
			'POST',
			'/node-types',
			{
				nodeInfos: [{ name: NODE_TYPE, version: 1 }],
			},
		);
		// (n8n answers with the description's own name; the type adds the package's name in front)
		expect(node).toMatchObject({
			name: 'amazonConnect',
			displayName: 'Amazon Connect',
			inputs: ['main'],
			outputs: ['main'],
			usableAsTool: true,
			credentials: [{ name: 'amazonConnectApi', required: true, testedBy: 'amazonConnectApiTest' }],
		});
		const res = await fetch(`${n8n.url}/types/credentials.json`, {
			headers: { cookie: session.cookie },
		});
		const credentials = (await res.json()) as Array<{
			name: string;
			displayName: string;
			iconUrl?: unknown;
		}>;
		// n8n serves a package's icon files under icons/<package>/ (its loader turns `icon` into `iconUrl`).
		expect(credentials.find((c) => c.name === 'amazonConnectApi')).toMatchObject({
			displayName: 'Amazon Connect API',
			iconUrl: {
				light: expect.stringMatching(/amazonConnectApi\.svg$/),
				dark: expect.stringMatching(/amazonConnectApi\.dark\.svg$/),
			},
		});
	});

	it('credential test: the stored credential connects; a wrong secret gets the reason in words', async () => {
		const test = (data: Record<string, unknown>) =>
			rest<{ status: string; message: string }>(n8n.url, session, 'POST', '/credentials/test', {
				credentials: { ...state.credential, data },
			});
		const key = EMULATOR.accessKeys[0];
		const data = {
			region: EMULATOR.region,
			accessKeyId: key.accessKeyId,
			secretAccessKey: key.secretAccessKey,
			sessionToken: '',
			endpoint: state.emulator.url,
		};
		const aliases = EMULATOR.instances.map((i) => i.alias).join(', ');
		await expect(test(data)).resolves.toEqual({
			status: 'OK',
			// (what it says of the identity depends on whether STS answers: not the point here)
			message: expect.stringMatching(
				new RegExp(
					`^Connected to Amazon Connect in ${escape(state.emulator.url)} \\(${EMULATOR.region}\\).*: ${EMULATOR.instances.length} instances visible \\(${escape(aliases)}\\)`,
				),
			),
		});
		await expect(test({ ...data, secretAccessKey: 'not-the-secret-of-this-key' })).resolves.toEqual(
			{
				status: 'Error',
				message:
					'AWS knows the Access Key ID, but the Secret Access Key does not match it. Paste the secret of this key again; if it is lost, create a new access key.',
			},
		);
	});

	it("the node's waits end on cancel with this n8n's own n8n-workflow (1.x: sleepWithAbort, 2.x: sleep)", async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const workflow = require(
			path.join(path.dirname(state.paths.n8nPackageDir), 'n8n-workflow'),
		) as object;
		const controller = new AbortController();
		const waiting = sleepOf(workflow)(3_600_000, controller.signal);
		controller.abort();
		await expect(waiting).rejects.toBeDefined();
	});

	it('pickers: the instances (filtered by the search), then the users of the chosen instance', async () => {
		const instances = await listSearch('searchInstances', {});
		expect(instances.results.map((r) => r.name)).toEqual([
			label(DEMO),
			label(EMEA),
			label(SANDBOX),
		]);
		const filtered = await listSearch('searchInstances', {}, EMEA.alias);
		expect(filtered.results.map((r) => r.value)).toEqual([EMEA.id]);

		const users = await listSearch('searchUsers', {
			instanceId: { __rl: true, mode: 'list', value: DEMO.id },
		});
		const demoUsers = EMULATOR.users[DEMO.id];
		expect(users.results.map((r) => r.value).sort()).toEqual(demoUsers.map((u) => u.id).sort());

		const calls = (await emulator().state()).requests.map((r) => `${r.operation} ${r.status}`);
		expect(calls).toEqual(expect.arrayContaining(['ListInstances 200', 'SearchUsers 200']));
	});
});
