/**
 * clientToken.ts: the ClientToken of each item. The derived tokens are part of the node's contract:
 * if they changed between versions, re-running an execution after an upgrade would create contacts
 * twice, so two of them are pinned below.
 */
import { type ClientTokenSource, clientTokenFor } from '../../nodes/AmazonConnect/shared/clientToken';
import { CONNECT } from '../../nodes/AmazonConnect/model/connect.generated';

/** The model's ClientToken limit (0-500). */
const CLIENT_TOKEN_MAX = (CONNECT.shapes.ClientToken as { length: { max: number } }).length.max;

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const OTHER_ID = '11111111-2222-3333-4444-555555555555';
const SOURCE: ClientTokenSource = {
	instanceId: ID,
	workflowId: 'wf-1',
	executionId: 'exec-1',
	nodeName: 'Amazon Connect',
	runIndex: 0,
	itemIndex: 0,
};
const token = (extra: Partial<ClientTokenSource> = {}) => clientTokenFor({ ...SOURCE, ...extra });

describe('precedence: explicit > idempotency key > derived from the execution', () => {
	it('an explicit token is sent exactly as given, whatever else is set', () => {
		expect(token({ explicit: 'my-token-1', idempotencyKey: 'TICKET-1234' })).toBe('my-token-1');
		expect(token({ explicit: 'my-token-1' })).toBe('my-token-1');
	});
	it('an explicit token that is not text is returned as is (the checks reject it)', () => {
		expect(token({ explicit: 42 })).toBe(42);
	});
	it.each([[''], ['   '], [undefined], [null]])('an explicit token %j falls through to the key', (explicit) => {
		expect(token({ explicit, idempotencyKey: 'TICKET-1234' })).toBe(token({ idempotencyKey: 'TICKET-1234' }));
		expect(token({ explicit, idempotencyKey: 'TICKET-1234' })).toMatch(/^n8nk-/);
	});
	it.each([[''], [undefined], [null]])('no token and key %j: derived from the execution', (idempotencyKey) => {
		expect(token({ idempotencyKey })).toBe(token());
		expect(token({ idempotencyKey })).toMatch(/^n8ne-/);
	});
});

describe('tokens from an idempotency key', () => {
	it('have the format n8nk-<sha256 hex> and a stable value', () => {
		expect(token({ idempotencyKey: 'TICKET-1234' })).toBe('n8nk-56af4ebe01fbfe84b030416afa0b5645fb267486bd36a6c24e1897dca1417683');
	});
	it('do not depend on the workflow, the execution, the node or the item', () => {
		const first = token({ idempotencyKey: 'TICKET-1234' });
		expect(
			token({ idempotencyKey: 'TICKET-1234', workflowId: 'wf-2', executionId: 'exec-99', nodeName: 'Other', itemIndex: 7 }),
		).toBe(first);
	});
	it('depend on the instance and the key', () => {
		const first = token({ idempotencyKey: 'TICKET-1234' });
		expect(token({ idempotencyKey: 'TICKET-1234', instanceId: OTHER_ID })).not.toBe(first);
		expect(token({ idempotencyKey: 'TICKET-1235' })).not.toBe(first);
		expect(token({ idempotencyKey: 'ticket-1234' })).not.toBe(first);
	});
	it('a number key and its text give the same token', () => {
		expect(token({ idempotencyKey: 1234 })).toBe(token({ idempotencyKey: '1234' }));
	});
	it('are 69 characters even for a very long key', () => {
		const long = token({ idempotencyKey: 'k'.repeat(10000) }) as string;
		expect(long).toMatch(/^n8nk-[0-9a-f]{64}$/);
		expect(long.length).toBe(69);
		expect(long.length).toBeLessThanOrEqual(CLIENT_TOKEN_MAX);
	});
});

describe('tokens derived from the execution', () => {
	it('have the format n8ne-<sha256 hex> and a stable value', () => {
		expect(token()).toBe('n8ne-0c6fb5e3b2005fc9bc9400a1adb971fa69ca6e96161a41f26095d3b225e397c9');
		expect((token() as string).length).toBeLessThanOrEqual(CLIENT_TOKEN_MAX);
	});
	it('are deterministic', () => {
		expect(token({ itemIndex: 3 })).toBe(token({ itemIndex: 3 }));
	});
	it.each([
		['item index', { itemIndex: 1 }],
		['execution', { executionId: 'exec-2' }],
		['node', { nodeName: 'Amazon Connect1' }],
		['workflow', { workflowId: 'wf-2' }],
		['run of the node (Loop Over Items)', { runIndex: 1 }],
	])('differ by %s', (_name, change) => {
		expect(token(change)).not.toBe(token());
	});
	it('a different item index in every item of a batch gives a different token each', () => {
		const tokens = new Set(Array.from({ length: 1000 }, (_, itemIndex) => token({ itemIndex })));
		expect(tokens.size).toBe(1000);
	});
	it('keep the parts apart: moving characters between parts changes the token', () => {
		expect(token({ workflowId: 'wf-1', executionId: '23' })).not.toBe(token({ workflowId: 'wf-12', executionId: '3' }));
		expect(token({ executionId: 'e', nodeName: 'xAmazon' })).not.toBe(token({ executionId: 'ex', nodeName: 'Amazon' }));
	});
	it('differ from key tokens', () => {
		expect(token()).not.toBe(token({ idempotencyKey: 'exec-1' }));
	});
});
