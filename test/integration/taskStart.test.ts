/**
 * Task → Start through execute() and the real SDK against the emulator: every route, the template's
 * fields end to end (picker → resource mapper schema → references the emulator accepts), the
 * documented rules the emulator enforces on its own, idempotent repeats, quotas per API, and the
 * pickers with their cache.
 */
import {
	ConnectClient,
	DescribeContactCommand,
	StartTaskContactCommand,
} from '@aws-sdk/client-connect';
import type { ILoadOptionsFunctions, INodeParameters } from 'n8n-workflow';

import { templateFieldId } from '../../nodes/AmazonConnect/actions/task/start/templateFields';
import { clearListCache } from '../../nodes/AmazonConnect/methods/cachedList';
import {
	getTaskTemplateFields,
	searchContactFlows,
	searchQuickConnects,
	searchTaskTemplates,
} from '../../nodes/AmazonConnect/methods/taskPickers';
import {
	byId,
	CONFIG,
	credentialsFor,
	DEMO,
	DEMO_CONTACT,
	keyToken,
	runNode,
	runNodeError,
	taskParameters,
	useTestEmulator,
} from './helpers';

const FLOWS = CONFIG.flows![DEMO];
const SUPPORT_FLOW = FLOWS.find((f) => f.name === 'Route task to Support')!.id;
const QUEUE_FLOW = FLOWS.find((f) => f.type === 'CUSTOMER_QUEUE')!.id;
const QUICK = CONFIG.quickConnects![DEMO];
const SUPPORT_QUEUE = QUICK.find((q) => q.name === 'Support queue')!.id;
const HOTLINE = QUICK.find((q) => q.type === 'PHONE_NUMBER')!.id;
const TEMPLATES = CONFIG.taskTemplates![DEMO];
const REFUND = TEMPLATES.find((t) => t.name === 'Refund request')!;
const CALLBACK = TEMPLATES.find((t) => t.name === 'Callback request')!;

const emulator = useTestEmulator();
beforeEach(() => {
	clearListCache();
});

const base = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'task',
	operation: 'start',
	instanceId: byId(DEMO),
	name: 'Ticket 1234',
	...extra,
});
const started = () => emulator.state.requests.filter((r) => r.operation === 'StartTaskContact');
const tasks = () => emulator.state.contacts.filter((c) => c.operation === 'StartTaskContact');

function loadOptions(parameters: Record<string, unknown>): ILoadOptionsFunctions {
	const credentials = credentialsFor(emulator);
	return {
		getNode: () => ({
			id: 'n',
			name: 'Start Task',
			type: 'amazonConnect',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, fallback?: unknown, options?: { extractValue?: boolean }) => {
			const value = name in parameters ? parameters[name] : fallback;
			return options?.extractValue &&
				typeof value === 'object' &&
				value !== null &&
				'value' in value
				? (value as { value: unknown }).value
				: value;
		},
	} as unknown as ILoadOptionsFunctions;
}

describe('pickers and the resource mapper against the emulator', () => {
	it('Flow: contact flows only, active and published first; one ListContactFlows request of 1,000 for many lookups', async () => {
		const fn = loadOptions({ instanceId: byId(DEMO) });
		const all = await searchContactFlows.call(fn);
		expect(all.results.map((r) => r.name)).toStrictEqual([
			'Default inbound flow',
			'Route task to Billing',
			'Route task to Support',
			'Old task routing – archived',
			'VIP task routing – saved, not published',
		]);
		expect(
			(await searchContactFlows.call(fn, 'support')).results.map((r) => r.value),
		).toStrictEqual([SUPPORT_FLOW]);
		const requests = emulator.state.requests.filter((r) => r.operation === 'ListContactFlows');
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toMatchObject({
			contactFlowTypes: 'CONTACT_FLOW',
			maxResults: '1000',
		});
	});

	it('Quick Connect: agent and queue quick connects only', async () => {
		const result = await searchQuickConnects.call(loadOptions({ instanceId: byId(DEMO) }));
		expect(result.results.map((r) => r.name)).toStrictEqual([
			'Billing queue (queue)',
			'Jane Doe (agent)',
			'Support queue (queue)',
		]);
		expect(
			emulator.state.requests.find((r) => r.operation === 'ListQuickConnects')?.query,
		).toMatchObject({
			QuickConnectTypes: ['USER', 'QUEUE'],
			maxResults: '1000',
		});
	});

	it('Task Template: active templates only, pages of 100', async () => {
		const result = await searchTaskTemplates.call(loadOptions({ instanceId: byId(DEMO) }));
		expect(result.results.map((r) => r.name)).toStrictEqual(['Callback request', 'Refund request']);
		expect(
			emulator.state.requests.find((r) => r.operation === 'ListTaskTemplates')?.query,
		).toMatchObject({ status: 'ACTIVE', maxResults: '100' });
	});

	it("the template's fields: required marked, read-only and invisible left out, options and defaults", async () => {
		const { fields } = await getTaskTemplateFields.call(
			loadOptions({ instanceId: byId(DEMO), taskTemplateId: byId(REFUND.id) }),
		);
		expect(fields.map((f) => [f.id, f.type, f.required])).toStrictEqual([
			['TEXT:Customer name', 'string', true],
			['NUMBER:Order number', 'number', true],
			['SINGLE_SELECT:Refund reason', 'options', true],
			['TEXT_AREA:Notes', 'string', false],
			['URL:Ticket link', 'string', false],
			['EMAIL:Customer email', 'string', false],
			['BOOLEAN:VIP', 'boolean', false],
			['DATE_TIME:Due', 'dateTime', false],
		]);
		expect(fields.find((f) => f.id === 'SINGLE_SELECT:Refund reason')).toMatchObject({
			defaultValue: 'Damaged',
			options: ['Damaged', 'Late', 'Wrong item'].map((o) => ({ name: o, value: o })),
		});
	});

	it('no template chosen yet: no fields and a notice, nothing asked', async () => {
		const answer = await getTaskTemplateFields.call(loadOptions({ instanceId: byId(DEMO) }));
		expect(answer).toStrictEqual({
			fields: [],
			emptyFieldsNotice: 'Pick a Task Template first: its fields appear here',
		});
		expect(emulator.state.requests).toHaveLength(0);
	});
});

describe('every route against the emulator', () => {
	it('Flow: one task, stored as a contact the emulator can describe', async () => {
		const { items } = await runNode(emulator, {
			parameters: base({ routeBy: 'flow', contactFlowId: byId(SUPPORT_FLOW) }),
		});
		expect(tasks()).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			contactId: tasks()[0].contactId,
			route: 'flow',
			contactFlowId: SUPPORT_FLOW,
		});
		expect(tasks()[0].request).toMatchObject({
			InstanceId: DEMO,
			ContactFlowId: SUPPORT_FLOW,
			Name: 'Ticket 1234',
		});
		const client = new ConnectClient({
			endpoint: emulator.url,
			region: CONFIG.region,
			credentials: CONFIG.accessKeys[0],
			maxAttempts: 1,
		});
		const described = await client.send(
			new DescribeContactCommand({ InstanceId: DEMO, ContactId: tasks()[0].contactId }),
		);
		client.destroy();
		expect(described.Contact).toMatchObject({
			Id: tasks()[0].contactId,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: 'Ticket 1234',
		});
	});

	it('Quick Connect', async () => {
		const { items } = await runNode(emulator, {
			parameters: base({ routeBy: 'quickConnect', quickConnectId: byId(SUPPORT_QUEUE) }),
		});
		expect(items[0].json).toMatchObject({ route: 'quickConnect', quickConnectId: SUPPORT_QUEUE });
		expect(tasks()).toHaveLength(1);
	});

	it('Task Template with every field type: the emulator accepts the references as its own table maps them', async () => {
		const { fields } = await getTaskTemplateFields.call(
			loadOptions({ instanceId: byId(DEMO), taskTemplateId: byId(REFUND.id) }),
		);
		const value = {
			[templateFieldId('TEXT', 'Customer name')]: 'Ada Lovelace',
			[templateFieldId('NUMBER', 'Order number')]: 1234,
			[templateFieldId('SINGLE_SELECT', 'Refund reason')]: 'Late',
			[templateFieldId('TEXT_AREA', 'Notes')]: 'Two lines\nof notes',
			[templateFieldId('URL', 'Ticket link')]: 'https://crm.example.com/t/1234',
			[templateFieldId('EMAIL', 'Customer email')]: 'ada@example.com',
			[templateFieldId('BOOLEAN', 'VIP')]: false,
			[templateFieldId('DATE_TIME', 'Due')]: '2026-12-24T09:00:00Z',
		};
		const { items } = await runNode(emulator, {
			parameters: base({
				routeBy: 'taskTemplate',
				taskTemplateId: byId(REFUND.id),
				templateFields: {
					mappingMode: 'defineBelow',
					value,
					matchingColumns: [],
					schema: fields,
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				} as never,
			}),
		});
		expect(items[0].json).toMatchObject({ route: 'taskTemplate', taskTemplateId: REFUND.id });
		expect(tasks()[0].request).toMatchObject({
			TaskTemplateId: REFUND.id,
			References: {
				'Customer name': { Type: 'STRING', Value: 'Ada Lovelace' },
				'Order number': { Type: 'NUMBER', Value: '1234' },
				'Refund reason': { Type: 'STRING', Value: 'Late' },
				Notes: { Type: 'STRING', Value: 'Two lines\nof notes' },
				'Ticket link': { Type: 'URL', Value: 'https://crm.example.com/t/1234' },
				'Customer email': { Type: 'EMAIL', Value: 'ada@example.com' },
				VIP: { Type: 'STRING', Value: 'false' },
				Due: { Type: 'DATE', Value: String(Date.parse('2026-12-24T09:00:00Z') / 1000) },
			},
		});
		expect((tasks()[0].request as { ContactFlowId?: string }).ContactFlowId).toBeUndefined();
	});

	it('a template without a flow: refused by the node without a flow; started with one', async () => {
		const mapper = {
			mappingMode: 'defineBelow',
			value: { [templateFieldId('TEXT', 'Phone number')]: '+15550100' },
			matchingColumns: [],
			schema: [],
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		};
		const parameters = base({
			routeBy: 'taskTemplate',
			taskTemplateId: byId(CALLBACK.id),
			templateFields: mapper as never,
		});
		const error = await runNodeError(emulator, { parameters });
		expect(error.message).toContain('Flow (If the Template Has None): is required');
		expect(started()).toHaveLength(0);
		await runNode(emulator, { parameters: { ...parameters, templateFlowId: byId(SUPPORT_FLOW) } });
		expect(tasks()[0].request).toMatchObject({
			TaskTemplateId: CALLBACK.id,
			ContactFlowId: SUPPORT_FLOW,
		});
	});
});

describe("AWS's answers, explained", () => {
	it('a flow of the wrong type: InvalidRequestException, and the fix names the flow type', async () => {
		const error = await runNodeError(emulator, {
			parameters: base({ routeBy: 'flow', contactFlowId: byId(QUEUE_FLOW) }),
		});
		expect(error.message).toContain('InvalidRequestException');
		expect(error.message).toContain('CUSTOMER_QUEUE');
		expect(error.description).toContain('not a contact flow');
	});

	it('a phone-number quick connect: InvalidRequestException', async () => {
		const error = await runNodeError(emulator, {
			parameters: base({ routeBy: 'quickConnect', quickConnectId: byId(HOTLINE) }),
		});
		expect(error.message).toContain('USER or QUEUE');
	});

	it('a 13th task on one previous contact: ServiceQuotaExceeded, in words', async () => {
		const parameters = base({
			routeBy: 'flow',
			contactFlowId: byId(SUPPORT_FLOW),
			additionalFields: { previousContactId: DEMO_CONTACT },
		});
		await runNode(emulator, { items: 12, parameters });
		const error = await runNodeError(emulator, { parameters, executionId: 'second' });
		expect(error.message).toContain('ServiceQuotaExceededException');
		expect(error.description).toContain('at most 12 tasks');
		expect(tasks()).toHaveLength(12);
	});

	it('the emulator refuses on its own what the node refuses (a scheduled time 7 days ahead, ATTACHMENT, two routes)', async () => {
		const client = new ConnectClient({
			endpoint: emulator.url,
			region: CONFIG.region,
			credentials: CONFIG.accessKeys[0],
			maxAttempts: 1,
		});
		const send = (extra: Record<string, unknown>) =>
			client
				.send(
					new StartTaskContactCommand({
						InstanceId: DEMO,
						Name: 'x',
						ContactFlowId: SUPPORT_FLOW,
						...extra,
					} as never),
				)
				.then(
					() => 'ok',
					(e: Error) => `${e.name}: ${e.message}`,
				);
		await expect(send({ ScheduledTime: new Date(Date.now() + 7 * 86_400_000) })).resolves.toContain(
			'within up to 6 days',
		);
		await expect(send({ ScheduledTime: new Date(Date.now() - 60_000) })).resolves.toContain(
			'cannot be in the past',
		);
		await expect(
			send({ References: { f: { Type: 'ATTACHMENT', Value: 'x' } } }),
		).resolves.toContain('does not support');
		await expect(send({ QuickConnectId: SUPPORT_QUEUE })).resolves.toContain('Only one of');
		await expect(send({ ContactFlowId: undefined, TaskTemplateId: REFUND.id })).resolves.toContain(
			"requires the field 'Customer name'",
		);
		client.destroy();
	});
});

describe('exactly once and quotas per API', () => {
	it('the same Idempotency Key from two executions: one task, the same contact ID', async () => {
		const parameters = base({
			routeBy: 'flow',
			contactFlowId: byId(SUPPORT_FLOW),
			options: { idempotencyKey: 'delivery-7' },
		});
		const first = await runNode(emulator, { parameters, executionId: 'e1' });
		const second = await runNode(emulator, { parameters, executionId: 'e2' });
		expect(tasks()).toHaveLength(1);
		expect(second.items[0].json.contactId).toBe(first.items[0].json.contactId);
		expect(first.items[0].json.clientToken).toBe(
			keyToken(DEMO, 'delivery-7', 'wf-test-1', 'Amazon Connect', 'StartTaskContact'),
		);
		expect(started().map((r) => r.outcome)).toStrictEqual(['ok', 'replay']);
	});

	it("StartTaskContact's bucket is its own: CreateContact's empty bucket does not throttle tasks", async () => {
		emulator.configure({ rate: { perSecond: 0.01, burst: 3 } });
		try {
			await runNode(emulator, {
				items: 3,
				parameters: { resource: 'contact', operation: 'create', ...taskParameters() },
			});
			const { items } = await runNode(emulator, {
				items: 3,
				parameters: base({ routeBy: 'flow', contactFlowId: byId(SUPPORT_FLOW) }),
			});
			expect(items).toHaveLength(3);
			expect(started().map((r) => r.outcome)).toStrictEqual(['ok', 'ok', 'ok']);
		} finally {
			emulator.configure({ rate: null });
		}
	});
});
