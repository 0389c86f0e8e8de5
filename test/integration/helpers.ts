/**
 * Shared by the integration tests: the node's real execute() with the real SDK against the local
 * emulator. Each test file starts its own emulator (port 0, useTestEmulator) and runs the node through the shared
 * fake n8n context, with n8n's parameter defaults and hiding applied from the node description.
 */
import { createHash } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	INodeParameters,
	NodeExecutionHint,
} from 'n8n-workflow';

import { defaultConfig, type EmulatorAccessKey, type RunningEmulator } from '../../emulator';
import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { emulatorCredentials } from '../unit/helpers/emulatorCredentials';
import {
	FAKE_N8N_INSTANCE_ID,
	type FakeExecuteOptions,
	fakeExecuteFunctions,
	fakeNodeId,
	fakeRoot,
} from '../unit/helpers/fakeExecuteFunctions';

export const CONFIG = defaultConfig();
export const ACCOUNT_ID = CONFIG.accountId;
export const REGION = CONFIG.region;
/** demo-contact-center: has users and pre-existing contacts. */
export const DEMO = CONFIG.instances[0].id;
/** emea-support. */
export const EMEA = CONFIG.instances[1].id;
export const DEMO_USER = CONFIG.users[DEMO][0].id;
export const DEMO_USER_2 = CONFIG.users[DEMO][1].id;
/** Contacts the shipped config says already exist in DEMO (targets of RelatedContactId / PreviousContactId). */
export const DEMO_CONTACT = CONFIG.contacts![DEMO][0];
export const DEMO_CONTACT_2 = CONFIG.contacts![DEMO][1];

export const FULL_KEY = CONFIG.accessKeys[0];
export const SESSION_KEY = CONFIG.accessKeys[1];
export const DENIED_KEY = CONFIG.accessKeys[2];

export const CREDENTIAL_NAME = 'Connect emulator (integration)';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export { useTestEmulator } from '../unit/helpers/testEmulator';

/** The node's credential pointing at the emulator (the full-access key unless another is given). */
export const credentialsFor = emulatorCredentials;

export type RunOptions = Omit<FakeExecuteOptions, 'nodeType' | 'credentials'> & {
	credentials?: ICredentialDataDecryptedObject;
	key?: EmulatorAccessKey;
};

export interface RunResult {
	items: INodeExecutionData[];
	hints: NodeExecutionHint[];
}

function fakeFor(emulator: RunningEmulator, options: RunOptions) {
	const { credentials, key, ...rest } = options;
	const node = new AmazonConnect();
	const fake = fakeExecuteFunctions({
		credentialName: CREDENTIAL_NAME,
		...rest,
		credentials: credentials ?? credentialsFor(emulator, key),
		nodeType: node.description,
	});
	return { node, fake };
}

/** Runs the node's execute() once and returns its only output. */
export async function runNode(emulator: RunningEmulator, options: RunOptions): Promise<RunResult> {
	const { node, fake } = fakeFor(emulator, options);
	const outputs = await node.execute.call(fake);
	expect(outputs).toHaveLength(1);
	return { items: outputs[0], hints: fake.executionHints };
}

/** Runs the node and returns what it threw; fails the test if it did not throw. */
export async function runNodeError(
	emulator: RunningEmulator,
	options: RunOptions,
): Promise<Error & { description?: string | null; itemIndex?: number; httpCode?: string | null }> {
	const { node, fake } = fakeFor(emulator, options);
	try {
		await node.execute.call(fake);
	} catch (error) {
		return error as Error & { description?: string | null };
	}
	throw new Error('expected execute() to throw, but it returned');
}

/** The minimal parameters of a TASK/API contact in DEMO; everything else takes n8n's defaults. */
export function taskParameters(extra: INodeParameters = {}): INodeParameters {
	return {
		instanceId: { __rl: true, mode: 'id', value: DEMO },
		channel: 'TASK',
		initiationMethod: 'API',
		name: 'Call back customer',
		...extra,
	};
}

export const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

/**
 * The token the node derives for an item without an explicit token or idempotency key (clientToken.ts):
 * the n8n installation, the Connect instance, the API, the workflow, the node, the root execution
 * (kept in the custom data: the fake's default is `<executionId>.root`), the run and the item index.
 */
export function executionToken(
	workflowId: string,
	executionId: string,
	nodeName: string,
	itemIndex: number,
	runIndex = 0,
	instanceId = DEMO,
	root = fakeRoot(executionId),
): string {
	const parts = [
		'execution',
		FAKE_N8N_INSTANCE_ID,
		instanceId,
		'CreateContact',
		workflowId,
		fakeNodeId(nodeName),
		root,
		runIndex,
		itemIndex,
	];
	return `n8ne-${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

/** The token the node derives from the Idempotency Key option: per installation, instance, API, workflow and node. */
export function keyToken(
	instanceId: string,
	key: string,
	workflowId = 'wf-test-1',
	nodeName = 'Amazon Connect',
	api = 'CreateContact',
): string {
	const parts = [
		'key',
		FAKE_N8N_INSTANCE_ID,
		instanceId,
		api,
		workflowId,
		fakeNodeId(nodeName),
		key,
	];
	return `n8nk-${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

export function contactArnOf(instanceId: string, contactId: string): string {
	return `arn:aws:connect:${REGION}:${ACCOUNT_ID}:instance/${instanceId}/contact/${contactId}`;
}

/** CreateContact requests the emulator received (any outcome). */
export function createContactRequests(emulator: RunningEmulator) {
	return emulator.state.requests.filter((r) => r.operation === 'CreateContact');
}

/** The stored contact with this ClientToken; fails unless there is exactly one. */
export function storedContactByToken(emulator: RunningEmulator, token: string) {
	const found = emulator.state.contacts.filter((c) => c.clientToken === token);
	expect(found).toHaveLength(1);
	return found[0];
}

/** The outputs the node must give for TASK/API items on DEMO sent with these tokens, in order: the stored contacts. */
export function storedTaskOutputs(
	emulator: RunningEmulator,
	tokens: string[],
): INodeExecutionData[] {
	return tokens.map((token, i) => {
		const stored = storedContactByToken(emulator, token);
		return {
			json: {
				contactId: stored.contactId,
				contactArn: contactArnOf(DEMO, stored.contactId),
				channel: 'TASK',
				initiationMethod: 'API',
				clientToken: token,
			},
			pairedItem: { item: i },
		};
	});
}

/** Number of stored contacts per ClientToken. */
export function contactsPerToken(emulator: RunningEmulator): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const c of emulator.state.contacts)
		counts[String(c.clientToken)] = (counts[String(c.clientToken)] ?? 0) + 1;
	return counts;
}
