/**
 * A hand-written IExecuteFunctions for running a node's execute() without n8n. It behaves like
 * n8n-core's ExecuteContext where the node can tell the difference:
 *
 * - getNodeParameter(name, itemIndex, fallback) reads the item's parameters (dotted paths such as
 *   'options.idempotencyKey' work), uses the fallback when the parameter is absent, and throws
 *   `Could not get parameter "<name>"` (a UserError) when both are undefined, exactly as n8n does.
 *   Values are deep copies, so the node cannot change the test's objects.
 * - With `nodeType` given, each item's parameters first go through NodeHelpers.getNodeParameters
 *   like the Workflow constructor does: defaults of displayed parameters are added and parameters
 *   that the form hides are removed. Expressions are not evaluated: give per-item values with
 *   `parameters: (i) => ({ ... })`.
 *
 * Shared with the integration tests: keep it free of anything specific to one test file.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeTypeDescription,
	NodeExecutionHint,
} from 'n8n-workflow';
import { NodeHelpers, UserError } from 'n8n-workflow';

import { clientTokenFor } from '../../../nodes/AmazonConnect/shared/clientToken';
import { ROOT_EXECUTION_KEY } from '../../../nodes/AmazonConnect/shared/rootExecution';

export interface FakeExecuteOptions {
	/** The input items, or how many `{ json: {} }` items to give. Default: one item. */
	items?: INodeExecutionData[] | number;
	/** The node's parameters: one object for every item, or a function of the item index. */
	parameters: INodeParameters | ((itemIndex: number) => INodeParameters);
	/** What getCredentials returns (a copy on each call). */
	credentials?: ICredentialDataDecryptedObject;
	/** The credential type getCredentials accepts. Default 'amazonConnectApi'. */
	credentialType?: string;
	/** The name of the credential as the node refers to it. Default 'Amazon Connect account'. */
	credentialName?: string;
	continueOnFail?: boolean;
	workflowId?: string;
	executionId?: string;
	/** The run of the node in the execution ($thisRunIndex): Loop Over Items runs it again. Default 0. */
	runIndex?: number;
	nodeName?: string;
	/** The node type, e.g. 'n8n-nodes-amazon-connect.amazonConnect'. */
	nodeTypeName?: string;
	/** Apply n8n's parameter defaults and hidden-parameter removal from this node description. */
	nodeType?: INodeTypeDescription;
	/** The n8n installation's ID (getInstanceId). Default 'n8n-instance-test-1'. */
	n8nInstanceId?: string;
	/** The node's ID. Default: fakeNodeId(nodeName). */
	nodeId?: string;
	/**
	 * The execution's custom data (a retry starts with the original's; the object is changed in place);
	 * n8n keeps at most 10 keys. Default: a root execution `<executionId>.root` already kept in it, so
	 * that tests can predict tokens (fakeRoot).
	 */
	customData?: Record<string, string>;
	/** The execution's cancel signal (Stop). */
	cancelSignal?: AbortSignal;
	/** getMode(): 'manual' for a run from the editor. Default 'trigger' (a production execution). */
	mode?: string;
}

/** n8n's limit of custom data keys per execution (n8n-core execution-metadata KV_LIMIT). */
export const CUSTOM_DATA_LIMIT = 10;

/** The fake's defaults that tokens derive from (see test/integration/helpers.ts executionToken). */
export const FAKE_N8N_INSTANCE_ID = 'n8n-instance-test-1';
export const fakeNodeId = (nodeName: string) => `node-id-${nodeName}`;
export const fakeRoot = (executionId: string) => `${executionId}.root`;

export interface FakeExecuteFunctions extends IExecuteFunctions {
	/** Every getNodeParameter call, in order. */
	readonly parameterReads: Array<{ name: string; itemIndex: number }>;
	/** How many times getCredentials was called. */
	readonly credentialReads: () => number;
	/** The hints given with addExecutionHints, in order. */
	readonly executionHints: NodeExecutionHint[];
}

export const DEFAULT_CREDENTIALS: ICredentialDataDecryptedObject = {
	region: 'us-east-1',
	accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
	sessionToken: '',
	endpoint: '',
};

const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

function getPath(source: unknown, path: string): unknown {
	let value: unknown = source;
	for (const part of path.split('.')) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

export function fakeExecuteFunctions(options: FakeExecuteOptions): FakeExecuteFunctions {
	const items: INodeExecutionData[] =
		typeof options.items === 'number'
			? Array.from({ length: options.items }, () => ({ json: {} }))
			: (options.items ?? [{ json: {} }]);
	const credentialType = options.credentialType ?? 'amazonConnectApi';
	const credentialName = options.credentialName ?? 'Amazon Connect account';
	const nodeName = options.nodeName ?? 'Amazon Connect';
	const workflowId = options.workflowId ?? 'wf-test-1';
	const executionId = options.executionId ?? 'exec-test-1';
	const credentials = options.credentials ?? DEFAULT_CREDENTIALS;

	const parametersOf = (itemIndex: number): INodeParameters => {
		const raw =
			typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;
		if (!options.nodeType) return raw;
		const desc = options.nodeType;
		return (
			NodeHelpers.getNodeParameters(desc.properties, raw, true, false, { typeVersion: 1 }, desc) ??
			{}
		);
	};

	const customData = options.customData ?? { [ROOT_EXECUTION_KEY]: fakeRoot(executionId) };
	const node: INode = {
		id: options.nodeId ?? fakeNodeId(nodeName),
		name: nodeName,
		type: options.nodeTypeName ?? 'n8n-nodes-amazon-connect.amazonConnect',
		typeVersion: 1,
		position: [0, 0],
		parameters: parametersOf(0),
		credentials: { [credentialType]: { id: 'cred-test-1', name: credentialName } },
	};

	const parameterReads: Array<{ name: string; itemIndex: number }> = [];
	let credentialReads = 0;
	const executionHints: NodeExecutionHint[] = [];

	const fake = {
		parameterReads,
		credentialReads: () => credentialReads,
		executionHints,
		addExecutionHints: (...hints: NodeExecutionHint[]) => void executionHints.push(...hints),
		getInputData: () => items,
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			parameterReads.push({ name, itemIndex });
			const found = getPath(parametersOf(itemIndex), name);
			const value = found === undefined ? fallback : found;
			if (value === undefined) {
				throw new UserError(`Could not get parameter "${name}"`, {
					extra: { parameterName: name },
				});
			}
			return clone(value);
		},
		async getCredentials<T extends object = ICredentialDataDecryptedObject>(
			type: string,
		): Promise<T> {
			credentialReads++;
			if (type !== credentialType)
				throw new Error(`Node does not have credentials of type "${type}"`);
			return clone(credentials) as unknown as T;
		},
		getNode: () => clone(node),
		getWorkflow: () => ({ id: workflowId, name: 'Test workflow', active: false }),
		getExecutionId: () => executionId,
		// Only what the node reads from the data proxy: which run of the node this is.
		getWorkflowDataProxy: () => ({ $thisRunIndex: options.runIndex ?? 0 }),
		getMode: () => options.mode ?? 'trigger',
		getInstanceId: () => options.n8nInstanceId ?? FAKE_N8N_INSTANCE_ID,
		getExecutionCancelSignal: () => options.cancelSignal,
		// As n8n-core's setWorkflowExecutionMetadata: a new key is dropped without a word when 10 are kept.
		customData: {
			get: (key: string) => customData[key],
			getAll: () => ({ ...customData }),
			set(key: string, value: string) {
				if (!(key in customData) && Object.keys(customData).length >= CUSTOM_DATA_LIMIT) return;
				customData[key] = String(value);
			},
			setAll: (values: Record<string, string>) => void Object.assign(customData, values),
		},
		continueOnFail: () => options.continueOnFail === true,
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	return fake as unknown as FakeExecuteFunctions;
}

/** The token the node derives in this fake for an item (shared/clientToken.ts with the fake's defaults). */
export function fakeToken(source: {
	api: string;
	instanceId: string;
	workflowId?: string;
	executionId?: string;
	nodeName?: string;
	runIndex?: number;
	itemIndex: number;
	idempotencyKey?: string;
	keyScope?: 'node' | 'operation';
}): string {
	const result = clientTokenFor({
		n8nInstanceId: FAKE_N8N_INSTANCE_ID,
		connectInstanceId: source.instanceId,
		api: source.api,
		workflowId: source.workflowId ?? 'wf-test-1',
		nodeId: fakeNodeId(source.nodeName ?? 'Amazon Connect'),
		rootExecutionId: fakeRoot(source.executionId ?? 'exec-test-1'),
		rootIsStable: true,
		runIndex: source.runIndex ?? 0,
		itemIndex: source.itemIndex,
		idempotencyKey: source.idempotencyKey,
		keyScope: source.keyScope,
	});
	if (!result.ok) throw new Error(result.problem.message);
	return result.token as string;
}
