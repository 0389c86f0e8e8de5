/**
 * Task → Start through the node's execute(): a fake IExecuteFunctions (with n8n's own parameter
 * defaults and hiding), the AWS client mocked. Exact requests, outputs and errors for every route,
 * every template field type and every documented rule of StartTaskContact.
 */
import {
	ConnectClient,
	CreateContactCommand,
	GetTaskTemplateCommand,
	type GetTaskTemplateCommandOutput,
	ServiceQuotaExceededException,
	StartTaskContactCommand,
	type StartTaskContactCommandInput,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import type { INodeExecutionData, INodeParameters, ResourceMapperField } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { TEMPLATE_FIELD_RULES } from '../../nodes/AmazonConnect/actions/task/start/rules';
import {
	templateFieldId,
	templateSchema,
} from '../../nodes/AmazonConnect/actions/task/start/templateFields';
import {
	type FakeExecuteOptions,
	fakeExecuteFunctions,
	fakeToken,
} from './helpers/fakeExecuteFunctions';

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const ARN = `arn:aws:connect:us-east-1:123456789012:instance/${ID}`;
const FLOW = '9c2b7f1e-3a4d-4e5f-8a6b-7c8d9e0f1a2b';
const QC = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c';
const TEMPLATE = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const WORKFLOW = 'wf-task';
const EXECUTION = 'exec-task';
const NODE_NAME = 'Start Task';
const DAY = 24 * 60 * 60 * 1000;

const connect = mockClient(ConnectClient);
const nodeType = new AmazonConnect().description;

const derived = (itemIndex: number) =>
	fakeToken({
		api: 'StartTaskContact',
		instanceId: ID,
		workflowId: WORKFLOW,
		executionId: EXECUTION,
		nodeName: NODE_NAME,
		itemIndex,
	});

const BASE: INodeParameters = {
	resource: 'task',
	operation: 'start',
	instanceId: { __rl: true, mode: 'id', value: ID },
	name: 'Ticket 1234',
};
const byFlow = (extra: INodeParameters = {}): INodeParameters => ({
	...BASE,
	routeBy: 'flow',
	contactFlowId: { __rl: true, mode: 'list', value: FLOW },
	...extra,
});

/** A mapper value as n8n saves it: the schema the picker gave, the values set in the form. */
function mapped(schema: ResourceMapperField[], value: Record<string, unknown>): INodeParameters {
	return {
		mappingMode: 'defineBelow',
		value,
		matchingColumns: [],
		schema,
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	} as never;
}

const TEMPLATE_ANSWER: GetTaskTemplateCommandOutput = {
	$metadata: {},
	Id: TEMPLATE,
	Arn: `${ARN}/task-template/${TEMPLATE}`,
	Name: 'Refund request',
	ContactFlowId: FLOW,
	Fields: [
		{ Id: { Name: 'Name' }, Type: 'NAME' },
		{ Id: { Name: 'Customer' }, Type: 'TEXT' },
		{ Id: { Name: 'Notes' }, Type: 'TEXT_AREA' },
		{ Id: { Name: 'Vip' }, Type: 'BOOLEAN' },
		{ Id: { Name: 'Priority' }, Type: 'SINGLE_SELECT', SingleSelectOptions: ['Low', 'High'] },
		{ Id: { Name: 'Amount' }, Type: 'NUMBER' },
		{ Id: { Name: 'Due' }, Type: 'DATE_TIME' },
		{ Id: { Name: 'Ticket' }, Type: 'URL' },
		{ Id: { Name: 'Email' }, Type: 'EMAIL' },
		{ Id: { Name: 'Internal code' }, Type: 'TEXT' },
		{ Id: { Name: 'Hidden score' }, Type: 'NUMBER' },
	],
	Constraints: {
		RequiredFields: [{ Id: { Name: 'Customer' } }, { Id: { Name: 'Ticket' } }],
		ReadOnlyFields: [{ Id: { Name: 'Internal code' } }],
		InvisibleFields: [{ Id: { Name: 'Hidden score' } }],
	},
	Defaults: { DefaultFieldValues: [{ Id: { Name: 'Priority' }, DefaultValue: 'Low' }] },
};
const SCHEMA = templateSchema(TEMPLATE_ANSWER);
const id = (type: string, name: string) => templateFieldId(type, name);

const byTemplate = (
	value: Record<string, unknown>,
	extra: INodeParameters = {},
): INodeParameters => ({
	...BASE,
	routeBy: 'taskTemplate',
	taskTemplateId: { __rl: true, mode: 'list', value: TEMPLATE },
	templateFields: mapped(SCHEMA, value),
	...extra,
});

function fake(options: Partial<FakeExecuteOptions> & Pick<FakeExecuteOptions, 'parameters'>) {
	return fakeExecuteFunctions({
		workflowId: WORKFLOW,
		executionId: EXECUTION,
		nodeName: NODE_NAME,
		nodeType,
		...options,
	});
}
async function run(
	options: Partial<FakeExecuteOptions> & Pick<FakeExecuteOptions, 'parameters'>,
): Promise<INodeExecutionData[]> {
	return (await new AmazonConnect().execute.call(fake(options)))[0];
}
async function failure(
	options: Partial<FakeExecuteOptions> & Pick<FakeExecuteOptions, 'parameters'>,
): Promise<Error> {
	try {
		await run(options);
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected execute() to throw');
}
const sent = (): StartTaskContactCommandInput[] =>
	connect.commandCalls(StartTaskContactCommand).map((call) => call.args[0].input);

let taskNumber = 0;
beforeEach(() => {
	connect.reset();
	taskNumber = 0;
	connect.on(StartTaskContactCommand).callsFake(async () => ({
		ContactId: `task-${++taskNumber}`,
		$metadata: { requestId: `req-${taskNumber}` },
	}));
	connect.on(GetTaskTemplateCommand).resolves(TEMPLATE_ANSWER);
	jest.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => jest.restoreAllMocks());

describe('routes', () => {
	it('Flow: ContactFlowId alone, with every other member; the contact ARN built from an instance ARN', async () => {
		const at = new Date(Date.now() + 2 * DAY);
		const output = await run({
			parameters: byFlow({
				instanceId: { __rl: true, mode: 'arn', value: ARN },
				description: 'Refund',
				attributes: { attribute: [{ key: 'ticketId', value: '1234' }] },
				references: {
					reference: [{ key: 'Ticket', type: 'URL', value: 'https://crm.example.com/t/1234' }],
				},
				additionalFields: {
					scheduledTime: at.toISOString(),
					previousContactId: 'prev-1',
					relatedContactId: 'rel-1',
					contactExpiryMinutes: 1440,
				},
			}),
		});
		expect(sent()).toStrictEqual([
			{
				InstanceId: ID,
				ContactFlowId: FLOW,
				Name: 'Ticket 1234',
				Description: 'Refund',
				Attributes: { ticketId: '1234' },
				References: { Ticket: { Type: 'URL', Value: 'https://crm.example.com/t/1234' } },
				ScheduledTime: at,
				PreviousContactId: 'prev-1',
				RelatedContactId: 'rel-1',
				SegmentAttributes: {
					'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 1440 } } },
				},
				ClientToken: derived(0),
			},
		]);
		expect(output).toStrictEqual([
			{
				json: {
					contactId: 'task-1',
					contactArn: `${ARN}/contact/task-1`,
					route: 'flow',
					contactFlowId: FLOW,
					clientToken: derived(0),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('Quick Connect: QuickConnectId alone (a value left in Flow is not sent); no ARN without an instance ARN', async () => {
		const output = await run({
			parameters: {
				...byFlow(),
				routeBy: 'quickConnect',
				quickConnectId: { __rl: true, mode: 'id', value: QC },
			},
		});
		expect(sent()).toStrictEqual([
			{ InstanceId: ID, QuickConnectId: QC, Name: 'Ticket 1234', ClientToken: derived(0) },
		]);
		expect(output[0].json).toStrictEqual({
			contactId: 'task-1',
			route: 'quickConnect',
			quickConnectId: QC,
			clientToken: derived(0),
		});
	});

	it('Task Template with a flow of its own: TaskTemplateId alone, the template asked once for all items', async () => {
		const output = await run({
			items: 3,
			parameters: byTemplate({
				[id('TEXT', 'Customer')]: 'Ada',
				[id('URL', 'Ticket')]: 'https://crm.example.com/t/1',
			}),
		});
		expect(sent().map((input) => [input.TaskTemplateId, input.ContactFlowId])).toStrictEqual([
			[TEMPLATE, undefined],
			[TEMPLATE, undefined],
			[TEMPLATE, undefined],
		]);
		expect(connect.commandCalls(GetTaskTemplateCommand)).toHaveLength(1);
		expect(output[0].json).toMatchObject({ route: 'taskTemplate', taskTemplateId: TEMPLATE });
	});

	it('a template without a flow and no Flow given: an error naming the field, nothing started', async () => {
		connect.on(GetTaskTemplateCommand).resolves({ ...TEMPLATE_ANSWER, ContactFlowId: undefined });
		const error = await failure({
			parameters: byTemplate({
				[id('TEXT', 'Customer')]: 'Ada',
				[id('URL', 'Ticket')]: 'https://x.example',
			}),
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('Flow (If the Template Has None)');
		expect(error.message).toContain('has no flow of its own');
		expect(sent()).toHaveLength(0);
	});

	it('a template without a flow, with Flow (If the Template Has None): both sent', async () => {
		connect.on(GetTaskTemplateCommand).resolves({ ...TEMPLATE_ANSWER, ContactFlowId: undefined });
		await run({
			parameters: byTemplate(
				{ [id('TEXT', 'Customer')]: 'Ada', [id('URL', 'Ticket')]: 'https://x.example' },
				{ templateFlowId: { __rl: true, mode: 'id', value: `${ARN}/contact-flow/${FLOW}` } },
			),
		});
		expect(sent()[0]).toMatchObject({ TaskTemplateId: TEMPLATE, ContactFlowId: FLOW });
		expect(connect.commandCalls(GetTaskTemplateCommand)).toHaveLength(0);
	});

	it('GetTaskTemplate not allowed: the task is sent and AWS decides', async () => {
		connect.on(GetTaskTemplateCommand).rejects(
			Object.assign(new Error('not authorized'), {
				name: 'AccessDeniedException',
				$metadata: { httpStatusCode: 403 },
			}),
		);
		await run({
			parameters: byTemplate({
				[id('TEXT', 'Customer')]: 'Ada',
				[id('URL', 'Ticket')]: 'https://x.example',
			}),
		});
		expect(sent()).toHaveLength(1);
	});

	it.each([
		['flow', 'Flow'],
		['quickConnect', 'Quick Connect'],
		['taskTemplate', 'Task Template'],
	])('route %s without its ID: "%s is required", nothing sent', async (routeBy, field) => {
		const error = await failure({
			parameters: {
				...BASE,
				routeBy,
				contactFlowId: { __rl: true, mode: 'list', value: '' },
				templateFields: mapped(SCHEMA, {}),
			},
		});
		expect(error.message).toContain(`${field}: is required to route by`);
		expect(sent()).toHaveLength(0);
	});
});

describe('template fields', () => {
	it('the schema: read-only, invisible and non-reference fields left out; required marked; options and defaults', () => {
		expect(SCHEMA.map((f) => [f.id, f.type, f.required])).toStrictEqual([
			['TEXT:Customer', 'string', true],
			['TEXT_AREA:Notes', 'string', false],
			['BOOLEAN:Vip', 'boolean', false],
			['SINGLE_SELECT:Priority', 'options', false],
			['NUMBER:Amount', 'number', false],
			['DATE_TIME:Due', 'dateTime', false],
			['URL:Ticket', 'string', true],
			['EMAIL:Email', 'string', false],
		]);
		const priority = SCHEMA.find((f) => f.id === 'SINGLE_SELECT:Priority');
		expect(priority?.options).toStrictEqual([
			{ name: 'Low', value: 'Low' },
			{ name: 'High', value: 'High' },
		]);
		expect(priority?.defaultValue).toBe('Low');
		expect(Object.keys(TEMPLATE_FIELD_RULES).sort()).toStrictEqual(
			[
				'BOOLEAN',
				'DATE_TIME',
				'EMAIL',
				'NUMBER',
				'SINGLE_SELECT',
				'TEXT',
				'TEXT_AREA',
				'URL',
			].sort(),
		);
	});

	it('every field type becomes the reference type the documentation gives it', async () => {
		const due = new Date('2026-12-24T09:00:00Z');
		await run({
			parameters: byTemplate({
				[id('TEXT', 'Customer')]: 'Ada Lovelace',
				[id('TEXT_AREA', 'Notes')]: 'Line 1\nLine 2',
				[id('BOOLEAN', 'Vip')]: true,
				[id('SINGLE_SELECT', 'Priority')]: 'High',
				[id('NUMBER', 'Amount')]: 42.5,
				[id('DATE_TIME', 'Due')]: due.toISOString(),
				[id('URL', 'Ticket')]: 'https://crm.example.com/t/1234',
				[id('EMAIL', 'Email')]: 'ada@example.com',
			}),
		});
		expect(sent()[0].References).toStrictEqual({
			Customer: { Type: 'STRING', Value: 'Ada Lovelace' },
			Notes: { Type: 'STRING', Value: 'Line 1\nLine 2' },
			Vip: { Type: 'STRING', Value: 'true' },
			Priority: { Type: 'STRING', Value: 'High' },
			Amount: { Type: 'NUMBER', Value: '42.5' },
			Due: { Type: 'DATE', Value: String(due.getTime() / 1000) },
			Ticket: { Type: 'URL', Value: 'https://crm.example.com/t/1234' },
			Email: { Type: 'EMAIL', Value: 'ada@example.com' },
		});
	});

	it('empty optional fields are not sent; the template fields join the References rows', async () => {
		await run({
			parameters: byTemplate(
				{
					[id('TEXT', 'Customer')]: 'Ada',
					[id('URL', 'Ticket')]: 'https://x.example',
					[id('TEXT_AREA', 'Notes')]: '',
				},
				{ references: { reference: [{ key: 'Order', type: 'NUMBER', value: '7' }] } },
			),
		});
		expect(sent()[0].References).toStrictEqual({
			Order: { Type: 'NUMBER', Value: '7' },
			Customer: { Type: 'STRING', Value: 'Ada' },
			Ticket: { Type: 'URL', Value: 'https://x.example' },
		});
	});
});

describe('documented rules, checked before anything is sent', () => {
	const cases: Array<[string, INodeParameters, string]> = [
		[
			'Scheduled Time in the past',
			byFlow({ additionalFields: { scheduledTime: new Date(Date.now() - 60_000).toISOString() } }),
			'Scheduled Time: 20',
		],
		[
			'Scheduled Time beyond 6 days',
			byFlow({
				additionalFields: {
					scheduledTime: new Date(Date.now() + 6 * DAY + 3_600_000).toISOString(),
				},
			}),
			'more than 6 days ahead',
		],
		[
			'Scheduled Time not a date',
			byFlow({ additionalFields: { scheduledTime: 'next tuesday' } }),
			'is not a date and time',
		],
		[
			'an ATTACHMENT reference',
			byFlow({ references: { reference: [{ key: 'File', type: 'ATTACHMENT', value: 'x' }] } }),
			'References › File: type "ATTACHMENT" cannot be used when starting a task',
		],
		[
			'a required template field left empty',
			byTemplate({ [id('URL', 'Ticket')]: 'https://x.example' }),
			'Template Fields › Customer: is required by the task template',
		],
		[
			'a TEXT field of 512 characters',
			byTemplate({
				[id('TEXT', 'Customer')]: 'a'.repeat(512),
				[id('URL', 'Ticket')]: 'https://x.example',
			}),
			'a TEXT field takes fewer than 512',
		],
		[
			'a TEXT_AREA field of 4,096 characters',
			byTemplate({
				[id('TEXT', 'Customer')]: 'a',
				[id('URL', 'Ticket')]: 'https://x.example',
				[id('TEXT_AREA', 'Notes')]: 'n'.repeat(4096),
			}),
			'a TEXT_AREA field takes fewer than 4096',
		],
		[
			'a BOOLEAN field that is not true or false',
			byTemplate({
				[id('TEXT', 'Customer')]: 'a',
				[id('URL', 'Ticket')]: 'https://x.example',
				[id('BOOLEAN', 'Vip')]: 'yes',
			}),
			'Template Fields › Vip: "yes" is not true or false',
		],
		[
			'a reference named like a template field',
			byTemplate(
				{ [id('TEXT', 'Customer')]: 'a', [id('URL', 'Ticket')]: 'https://x.example' },
				{ references: { reference: [{ key: 'Customer', type: 'STRING', value: 'b' }] } },
			),
			'References › Customer: is also a field of the task template',
		],
		[
			'an attribute key with a space',
			byFlow({ attributes: { attribute: [{ key: 'ticket id', value: '1' }] } }),
			'Attributes › ticket id',
		],
		['Name left empty (the model requires it)', byFlow({ name: '' }), 'Name'],
		[
			'a description beyond the model length',
			byFlow({ description: 'd'.repeat(4097) }),
			'Description',
		],
		[
			'an instance ARN of another region',
			byFlow({
				instanceId: { __rl: true, mode: 'arn', value: ARN.replace('us-east-1', 'eu-west-2') },
			}),
			'the instance ARN is in region eu-west-2',
		],
	];
	it.each(cases)('%s', async (_, parameters, expected) => {
		const error = await failure({ parameters });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('Item 0');
		expect(error.message).toContain(expected);
		expect(sent()).toHaveLength(0);
	});

	it("references over CreateContact's 4,096-byte total are sent: AWS states that budget for CreateContact, not for StartTaskContact", async () => {
		// Two references of 2,500 bytes each (keys and values 5,000+ bytes in all), each value within the model's 0-4096.
		const reference = [
			{ key: 'Notes1', type: 'STRING', value: 'a'.repeat(2500) },
			{ key: 'Notes2', type: 'STRING', value: 'b'.repeat(2500) },
		];
		await run({ parameters: byFlow({ references: { reference } }) });
		expect(sent().map((request) => request.References)).toStrictEqual([
			{
				Notes1: { Type: 'STRING', Value: 'a'.repeat(2500) },
				Notes2: { Type: 'STRING', Value: 'b'.repeat(2500) },
			},
		]);
	});

	it('a scheduled time within the window is sent as that instant', async () => {
		const at = new Date(Date.now() + 6 * DAY - 60_000);
		await run({ parameters: byFlow({ additionalFields: { scheduledTime: at.toISOString() } }) });
		expect(sent()[0].ScheduledTime).toStrictEqual(at);
	});

	it('with Continue On Fail the other items are still started', async () => {
		const output = await run({
			items: 2,
			continueOnFail: true,
			parameters: (i) =>
				byFlow({ additionalFields: i === 0 ? { scheduledTime: '2001-01-01T00:00:00Z' } : {} }),
		});
		expect(output[0].json.error).toContain('Scheduled Time');
		expect(output[1].json).toMatchObject({ contactId: 'task-1' });
	});
});

describe('tokens, output and errors as on Create', () => {
	it('the Idempotency Key and an explicit Client Token', async () => {
		await run({
			items: 2,
			parameters: (i) =>
				byFlow(
					i === 0
						? { options: { idempotencyKey: 'delivery-1' } }
						: { additionalFields: { clientToken: 'mine' } },
				),
		});
		expect(sent().map((input) => input.ClientToken)).toStrictEqual([
			fakeToken({
				api: 'StartTaskContact',
				idempotencyKey: 'delivery-1',
				instanceId: ID,
				workflowId: WORKFLOW,
				nodeName: NODE_NAME,
				itemIndex: 0,
			}),
			'mine',
		]);
	});

	it('Full Response adds the instance, request ID, attempts and the request', async () => {
		const output = await run({ parameters: byFlow({ options: { fullResponse: true } }) });
		expect(output[0].json).toMatchObject({
			instanceId: ID,
			requestId: 'req-1',
			attempts: 1,
			request: { ContactFlowId: FLOW, Name: 'Ticket 1234' },
		});
	});

	it('ServiceQuotaExceeded names the 2,500 active tasks and the 12 tasks per previous contact', async () => {
		connect
			.on(StartTaskContactCommand)
			.rejects(
				new ServiceQuotaExceededException({ message: 'quota', $metadata: { httpStatusCode: 402 } }),
			);
		const error = (await failure({ parameters: byFlow() })) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.description).toContain('2,500 active tasks');
		expect(error.description).toContain('at most 12 tasks');
	});

	it('Task → Start never calls CreateContact, and Contact → Create never StartTaskContact', async () => {
		await run({ parameters: byFlow() });
		expect(connect.commandCalls(CreateContactCommand)).toHaveLength(0);
		expect(sent()).toHaveLength(1);
	});
});
