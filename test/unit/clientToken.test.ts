/**
 * clientToken.ts and rootExecution.ts: the ClientToken of each item on every path n8n repeats work.
 * The derived tokens are part of the node's contract: if they changed between versions, retrying an
 * execution after an upgrade would create contacts twice, so two of them are pinned below.
 */
import {
	type ClientTokenSource,
	clientTokenFor,
} from '../../nodes/AmazonConnect/shared/clientToken';
import { ROOT_EXECUTION_KEY, rootExecution } from '../../nodes/AmazonConnect/shared/rootExecution';
import { CONNECT } from '../../nodes/AmazonConnect/model/connect.generated';

/** The model's ClientToken limit (0-500). */
const CLIENT_TOKEN_MAX = (CONNECT.shapes.ClientToken as { length: { max: number } }).length.max;

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const OTHER_ID = '11111111-2222-3333-4444-555555555555';
const SOURCE: ClientTokenSource = {
	n8nInstanceId: 'n8n-1',
	connectInstanceId: ID,
	api: 'CreateContact',
	workflowId: 'wf-1',
	nodeId: 'node-1',
	rootExecutionId: 'exec-1.root',
	rootIsStable: true,
	runIndex: 0,
	itemIndex: 0,
};
const result = (extra: Partial<ClientTokenSource> = {}) => clientTokenFor({ ...SOURCE, ...extra });
const token = (extra: Partial<ClientTokenSource> = {}) => {
	const r = result(extra);
	if (!r.ok) throw new Error(r.problem.message);
	return r.token;
};

describe('precedence: explicit > idempotency key > derived from the execution', () => {
	it('an explicit token is sent exactly as given, whatever else is set', () => {
		expect(result({ explicit: 'my-token-1', idempotencyKey: 'TICKET-1234' })).toEqual({
			ok: true,
			token: 'my-token-1',
			source: 'explicit',
		});
		expect(token({ explicit: 'my-token-1' })).toBe('my-token-1');
	});
	it('an explicit token that is not text is returned as is (the checks reject it)', () => {
		expect(token({ explicit: 42 })).toBe(42);
	});
	it.each([[''], ['   '], [undefined], [null]])(
		'an explicit token %j falls through to the key',
		(explicit) => {
			expect(result({ explicit, idempotencyKey: 'TICKET-1234' })).toEqual(
				result({ idempotencyKey: 'TICKET-1234' }),
			);
			expect(token({ explicit, idempotencyKey: 'TICKET-1234' })).toMatch(/^n8nk-/);
		},
	);
	it.each([[''], ['  '], [undefined], [null]])(
		'no token and key %j: derived from the execution',
		(idempotencyKey) => {
			expect(result({ idempotencyKey })).toEqual({ ok: true, token: token(), source: 'execution' });
			expect(token({ idempotencyKey })).toMatch(/^n8ne-/);
		},
	);
	it('a root that a Retry would not find again is reported as such', () => {
		expect(result({ rootIsStable: false })).toMatchObject({ ok: true, source: 'thisExecution' });
	});
});

describe('tokens from an idempotency key', () => {
	it('have the format n8nk-<sha256 hex> and a stable value', () => {
		expect(result({ idempotencyKey: 'TICKET-1234' })).toEqual({
			ok: true,
			source: 'key',
			token: 'n8nk-c3d62f085d52c80d83d5b624247049f06f00231228f5b260f2312d22323c3696',
		});
	});
	it('do not depend on the execution, its retries, the run or the item', () => {
		const first = token({ idempotencyKey: 'TICKET-1234' });
		expect(
			token({
				idempotencyKey: 'TICKET-1234',
				rootExecutionId: 'exec-99',
				rootIsStable: false,
				runIndex: 4,
				itemIndex: 7,
				toolCallId: 'call_1',
			}),
		).toBe(first);
	});
	it.each([
		['the key', { idempotencyKey: 'TICKET-1235' }],
		['the case of the key', { idempotencyKey: 'ticket-1234' }],
		['the Connect instance', { connectInstanceId: OTHER_ID }],
		['the n8n installation (a staging copy, another server)', { n8nInstanceId: 'n8n-2' }],
		['the node: two nodes using the same record ID for different contacts', { nodeId: 'node-2' }],
		['the workflow (a copied workflow keeps its node IDs)', { workflowId: 'wf-2' }],
		['the operation (API)', { api: 'StartTaskContact' }],
	])('differ by %s', (_what, change) => {
		expect(token({ idempotencyKey: 'TICKET-1234', ...change })).not.toBe(
			token({ idempotencyKey: 'TICKET-1234' }),
		);
	});
	it("an operation's own key (Email → Send: the contact) is the same from any node, and still per installation, instance and API", () => {
		const own = token({ idempotencyKey: 'StartOutboundEmailContact:c-1', keyScope: 'operation' });
		expect(
			token({
				idempotencyKey: 'StartOutboundEmailContact:c-1',
				keyScope: 'operation',
				workflowId: 'wf-2',
				nodeId: 'node-2',
			}),
		).toBe(own);
		expect(
			token({
				idempotencyKey: 'StartOutboundEmailContact:c-1',
				keyScope: 'operation',
				n8nInstanceId: 'n8n-2',
			}),
		).not.toBe(own);
		expect(token({ idempotencyKey: 'StartOutboundEmailContact:c-1' })).not.toBe(own);
	});
	it('a number key and its text give the same token; a boolean is a plain value too', () => {
		expect(token({ idempotencyKey: 1234 })).toBe(token({ idempotencyKey: '1234' }));
		expect(token({ idempotencyKey: true })).toBe(token({ idempotencyKey: 'true' }));
	});
	it.each([
		['an object', { id: 1 }],
		['a list', ['a', 'b']],
		['an empty object', {}],
	])(
		'a key that is %s is a problem of the item, not "[object Object]" for every item',
		(what, idempotencyKey) => {
			const r = result({ idempotencyKey });
			expect(r).toEqual({
				ok: false,
				problem: {
					field: 'Options › Idempotency Key',
					message: `is ${what === 'an empty object' ? 'an object' : what}, not a plain value`,
					fix: expect.stringContaining('{{ $json.ticketId }}'),
				},
			});
		},
	);
	it('are 69 characters even for a very long key', () => {
		const long = token({ idempotencyKey: 'k'.repeat(10000) }) as string;
		expect(long).toMatch(/^n8nk-[0-9a-f]{64}$/);
		expect(long.length).toBe(69);
		expect(long.length).toBeLessThanOrEqual(CLIENT_TOKEN_MAX);
	});
});

describe('tokens derived from the execution', () => {
	it('have the format n8ne-<sha256 hex>, pinned', () => {
		expect(token()).toBe('n8ne-bc6a9b5d509820f795d911904c06b47ef9cb160fb323a609f5eafbc063c29d37');
		expect((token() as string).length).toBeLessThanOrEqual(CLIENT_TOKEN_MAX);
	});
	it('are the same for the same item of the same root: Retry On Fail, a Retry and a retry of a retry', () => {
		expect(token({ itemIndex: 3 })).toBe(token({ itemIndex: 3 }));
	});
	it.each([
		['item index', { itemIndex: 1 }],
		['root execution', { rootExecutionId: 'exec-2.root' }],
		['node', { nodeId: 'node-2' }],
		['workflow', { workflowId: 'wf-2' }],
		['run of the node (Loop Over Items)', { runIndex: 1 }],
		[
			'n8n installation (a restored backup on another server, a staging copy)',
			{ n8nInstanceId: 'n8n-2' },
		],
		['Connect instance', { connectInstanceId: OTHER_ID }],
		['operation (API)', { api: 'StartTaskContact' }],
		['tool call of an AI agent', { toolCallId: 'call_2' }],
	])('differ by %s', (_name, change) => {
		expect(token(change)).not.toBe(token());
	});
	it('a different item index in every item of a batch gives a different token each', () => {
		const tokens = new Set(Array.from({ length: 1000 }, (_, itemIndex) => token({ itemIndex })));
		expect(tokens.size).toBe(1000);
	});
	it('keep the parts apart: moving characters between parts changes the token', () => {
		expect(token({ workflowId: 'wf-1', nodeId: '23' })).not.toBe(
			token({ workflowId: 'wf-12', nodeId: '3' }),
		);
		expect(token({ rootExecutionId: 'e', nodeId: 'xnode' })).not.toBe(
			token({ rootExecutionId: 'ex', nodeId: 'node' }),
		);
	});
	it('differ from key tokens', () => {
		expect(token()).not.toBe(token({ idempotencyKey: 'exec-1.root' }));
	});
});

/** A custom data store as n8n keeps it: at most 10 keys, a new key dropped without a word when full. */
function customData(initial: Record<string, string> = {}) {
	const data = { ...initial };
	return {
		data,
		get: (key: string) => data[key],
		set: (key: string, value: string) => {
			if (!(key in data) && Object.keys(data).length >= 10) return;
			data[key] = value;
		},
	};
}

describe('the root execution (custom data)', () => {
	it('the first execution keeps its ID and a random part in the custom data', () => {
		const store = customData();
		expect(rootExecution(store, '41', () => 'r1')).toEqual({ id: '41.r1', stable: true });
		expect(store.data).toEqual({ [ROOT_EXECUTION_KEY]: '41.r1' });
	});
	it('a Retry (new ID, the original custom data) and a retry of that get the original root', () => {
		const original = customData();
		rootExecution(original, '41', () => 'r1');
		const retry = customData(original.data);
		expect(rootExecution(retry, '42', () => 'r2')).toEqual({ id: '41.r1', stable: true });
		const retryOfRetry = customData(retry.data);
		expect(rootExecution(retryOfRetry, '43', () => 'r3')).toEqual({ id: '41.r1', stable: true });
	});
	it('two executions with the same ID (a database restored from a backup) get different roots', () => {
		expect(rootExecution(customData(), '41')).not.toEqual(rootExecution(customData(), '41'));
	});
	it('a second node of the same execution uses the same root', () => {
		const store = customData();
		const first = rootExecution(store, '41');
		expect(rootExecution(store, '41')).toEqual(first);
	});
	it('full custom data (10 keys from Code nodes): this execution only, and said so', () => {
		const full = customData(
			Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'])),
		);
		expect(rootExecution(full, '41', () => 'r1')).toEqual({ id: '41', stable: false });
		expect(Object.keys(full.data)).toHaveLength(10);
	});
	it('nine keys leave room for the root', () => {
		const nine = customData(
			Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v'])),
		);
		expect(rootExecution(nine, '41', () => 'r1')).toEqual({ id: '41.r1', stable: true });
	});
	it('no custom data at all: this execution only', () => {
		expect(rootExecution(undefined, '41')).toEqual({ id: '41', stable: false });
	});
});
