/**
 * The node's execute() end to end inside the process: a fake IExecuteFunctions, and the AWS client
 * mocked with aws-sdk-client-mock. Asserts the exact requests sent, the outputs, and the errors.
 */
import {
	AccessDeniedException,
	ConnectClient,
	CreateContactCommand,
	type CreateContactCommandInput,
	type CreateContactCommandOutput,
	IdempotencyException,
	InternalServiceException,
	InvalidParameterException,
	ResourceNotFoundException,
	ThrottlingException,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { clientTokenFor } from '../../nodes/AmazonConnect/shared/clientToken';
import * as clientModule from '../../nodes/AmazonConnect/transport/client';
import {
	DEFAULT_CREDENTIALS,
	FAKE_N8N_INSTANCE_ID,
	type FakeExecuteOptions,
	fakeExecuteFunctions,
	fakeNodeId,
	fakeRoot,
} from './helpers/fakeExecuteFunctions';

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const ARN = `arn:aws:connect:us-east-1:123456789012:instance/${ID}`;
const USER = '2f6c1a7e-7d3b-4a61-9b6f-1c2d3e4f5a6b';
const WORKFLOW = 'wf-test-1';
const EXECUTION = 'exec-test-1';
const NODE_NAME = 'Amazon Connect';

const connect = mockClient(ConnectClient);

/** The token the node derives for an item of this fake execution. */
const TOKEN_SOURCE = {
	n8nInstanceId: FAKE_N8N_INSTANCE_ID,
	api: 'CreateContact',
	workflowId: WORKFLOW,
	nodeId: fakeNodeId(NODE_NAME),
	rootExecutionId: fakeRoot(EXECUTION),
	rootIsStable: true,
	runIndex: 0,
};
const tokenOf = (result: ReturnType<typeof clientTokenFor>): string => {
	if (!result.ok) throw new Error(result.problem.message);
	return result.token as string;
};
const derived = (itemIndex: number, instanceId = ID) =>
	tokenOf(clientTokenFor({ ...TOKEN_SOURCE, connectInstanceId: instanceId, itemIndex }));

/**
 * The parameters n8n gives for a task with nothing optional set. attributesJson and referencesJson
 * are here only because readParameters reads them with an undefined fallback, which n8n turns into
 * "Could not get parameter" when they are hidden (key/value mode): see the report.
 */
const TASK: INodeParameters = {
	resource: 'contact',
	operation: 'create',
	instanceId: { __rl: true, mode: 'id', value: ID },
	channel: 'TASK',
	initiationMethod: 'API',
	attributesJson: '{}',
	referencesJson: '{}',
};
const withTask = (extra: INodeParameters): INodeParameters => ({ ...TASK, ...extra });

function fake(options: Partial<FakeExecuteOptions> & Pick<FakeExecuteOptions, 'parameters'>) {
	return fakeExecuteFunctions({
		workflowId: WORKFLOW,
		executionId: EXECUTION,
		nodeName: NODE_NAME,
		...options,
	});
}

async function run(
	options: Partial<FakeExecuteOptions> & Pick<FakeExecuteOptions, 'parameters'>,
): Promise<INodeExecutionData[]> {
	const result = await new AmazonConnect().execute.call(fake(options));
	expect(result).toHaveLength(1);
	return result[0];
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

const sent = (): CreateContactCommandInput[] =>
	connect.commandCalls(CreateContactCommand).map((call) => call.args[0].input);

/** A response per request: the contact's number is the order of the request. */
let contactNumber = 0;
function answer(): CreateContactCommandOutput {
	contactNumber++;
	return {
		ContactId: `contact-${contactNumber}`,
		ContactArn: `${ARN}/contact/contact-${contactNumber}`,
		$metadata: { httpStatusCode: 200, requestId: `req-${contactNumber}` },
	};
}
const ok = (
	n: number,
	input: CreateContactCommandInput,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData => ({
	json: {
		contactId: `contact-${n}`,
		contactArn: `${ARN}/contact/contact-${n}`,
		channel: input.Channel,
		initiationMethod: input.InitiationMethod,
		clientToken: input.ClientToken,
		...extra,
	},
	pairedItem: { item: itemIndex },
});

beforeEach(() => {
	connect.reset();
	contactNumber = 0;
	connect.on(CreateContactCommand).callsFake(async () => answer());
	// No jitter: the retries of server errors do not wait.
	jest.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => {
	jest.restoreAllMocks();
	jest.useRealTimers();
});

describe('the request sent for every channel and method', () => {
	it('TASK API with every member it may carry (instance given by ARN)', async () => {
		const output = await run({
			parameters: {
				...TASK,
				instanceId: { __rl: true, mode: 'arn', value: ARN },
				initiateAs: 'COMPLETED',
				name: 'Call back customer',
				description: 'About order 1234',
				attributesMode: 'keyValue',
				attributes: { attribute: [{ key: 'orderId', value: '1234' }] },
				referencesMode: 'keyValue',
				references: {
					reference: [{ key: 'Ticket', type: 'URL', value: 'https://crm.example.com/t/1234' }],
				},
				additionalFields: {
					relatedContactId: 'rel-1',
					expiryDurationInMinutes: 60,
					contactExpiryMinutes: 1440,
					segmentAttributesJson: '{"connect:Subtype": {"ValueString": "connect:ExternalTask"}}',
				},
				options: {},
			},
		});
		const expected: CreateContactCommandInput = {
			InstanceId: ID,
			ClientToken: derived(0),
			RelatedContactId: 'rel-1',
			Attributes: { orderId: '1234' },
			References: { Ticket: { Type: 'URL', Value: 'https://crm.example.com/t/1234' } },
			Channel: 'TASK',
			InitiationMethod: 'API',
			ExpiryDurationInMinutes: 60,
			InitiateAs: 'COMPLETED',
			Name: 'Call back customer',
			Description: 'About order 1234',
			SegmentAttributes: {
				'connect:Subtype': { ValueString: 'connect:ExternalTask' },
				'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 1440 } } },
			},
		};
		expect(sent()).toStrictEqual([expected]);
		expect(output).toStrictEqual([ok(1, expected, 0)]);
	});

	it.each(['AGENT_REPLY', 'FLOW', 'OUTBOUND'])('EMAIL %s with a user', async (method) => {
		const output = await run({
			parameters: {
				...TASK,
				channel: 'EMAIL',
				initiationMethod: method,
				userId: { __rl: true, mode: 'list', value: USER, cachedResultName: 'Jane Doe' },
				initiateAs: 'CONNECTED_TO_USER',
				name: 'Re: order 1234',
				attributesMode: 'json',
				// An object, as an expression such as {{ $json.body }} gives it.
				attributesJson: { orderId: '1234' },
				additionalFields: { relatedContactId: 'inbound-1' },
			},
		});
		const expected: CreateContactCommandInput = {
			InstanceId: ID,
			ClientToken: derived(0),
			RelatedContactId: 'inbound-1',
			Attributes: { orderId: '1234' },
			Channel: 'EMAIL',
			InitiationMethod: method as CreateContactCommandInput['InitiationMethod'],
			UserInfo: { UserId: USER },
			InitiateAs: 'CONNECTED_TO_USER',
			Name: 'Re: order 1234',
		};
		expect(sent()).toStrictEqual([expected]);
		expect(output).toStrictEqual([ok(1, expected, 0)]);
	});

	it('EMAIL FLOW without a user', async () => {
		await run({ parameters: withTask({ channel: 'EMAIL', initiationMethod: 'FLOW' }) });
		expect(sent()).toStrictEqual([
			{ InstanceId: ID, ClientToken: derived(0), Channel: 'EMAIL', InitiationMethod: 'FLOW' },
		]);
	});

	it('VOICE TRANSFER with a previous contact', async () => {
		const output = await run({
			parameters: withTask({
				channel: 'VOICE',
				initiationMethod: 'TRANSFER',
				previousContactId: 'prev-1',
				description: 'From the PBX',
				attributes: { attribute: [{ key: 'caller', value: '+15550100' }] },
				additionalFields: { expiryDurationInMinutes: 5 },
			}),
		});
		const expected: CreateContactCommandInput = {
			InstanceId: ID,
			ClientToken: derived(0),
			Attributes: { caller: '+15550100' },
			Channel: 'VOICE',
			InitiationMethod: 'TRANSFER',
			ExpiryDurationInMinutes: 5,
			Description: 'From the PBX',
			PreviousContactId: 'prev-1',
		};
		expect(sent()).toStrictEqual([expected]);
		expect(output).toStrictEqual([ok(1, expected, 0)]);
	});

	it('a plain string instance (older workflows, expressions) is accepted', async () => {
		await run({ parameters: withTask({ instanceId: ` ${ARN} ` }) });
		expect(sent()).toStrictEqual([
			{ InstanceId: ID, ClientToken: derived(0), Channel: 'TASK', InitiationMethod: 'API' },
		]);
	});
});

describe('items', () => {
	it('one request per item, outputs in input order, each paired with its item', async () => {
		const output = await run({
			items: [{ json: { n: 'A' } }, { json: { n: 'B' } }, { json: { n: 'C' } }],
			parameters: (i) => withTask({ name: `Task ${'ABC'[i]}` }),
		});
		const inputs = sent();
		expect(inputs.map((input) => input.Name)).toStrictEqual(['Task A', 'Task B', 'Task C']);
		expect(inputs.map((input) => input.ClientToken)).toStrictEqual([
			derived(0),
			derived(1),
			derived(2),
		]);
		expect(output.map((item) => item.pairedItem)).toStrictEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(output.map((item) => item.json.clientToken)).toStrictEqual([
			derived(0),
			derived(1),
			derived(2),
		]);
		expect(new Set(output.map((item) => item.json.contactId)).size).toBe(3);
	});

	it('no throttling: no execution hint', async () => {
		const fn = fake({ items: 3, parameters: TASK });
		await new AmazonConnect().execute.call(fn);
		expect(fn.executionHints).toStrictEqual([]);
	});

	it('no items: no request', async () => {
		expect(await run({ items: [], parameters: TASK })).toStrictEqual([]);
		expect(connect.calls()).toHaveLength(0);
	});

	it('an explicit Client Token is sent as given; an Idempotency Key gives a token per record and instance', async () => {
		await run({
			items: 3,
			parameters: (i) =>
				withTask({
					additionalFields: i === 0 ? { clientToken: 'my-token-0' } : {},
					options: { idempotencyKey: i === 0 ? 'ignored' : `TICKET-${i}` },
				}),
		});
		const key = (k: string) =>
			tokenOf(
				clientTokenFor({
					...TOKEN_SOURCE,
					idempotencyKey: k,
					connectInstanceId: ID,
					rootExecutionId: 'y',
					runIndex: 3,
					itemIndex: 9,
				}),
			);
		expect(sent().map((input) => input.ClientToken)).toStrictEqual([
			'my-token-0',
			key('TICKET-1'),
			key('TICKET-2'),
		]);
	});

	it('the same execution gives the same tokens again (a re-run of the node creates nothing twice)', async () => {
		await run({ items: 2, parameters: TASK });
		await run({ items: 2, parameters: TASK });
		const tokens = sent().map((input) => input.ClientToken);
		expect(tokens).toStrictEqual([derived(0), derived(1), derived(0), derived(1)]);
	});

	it('another execution gives other tokens', async () => {
		await run({ parameters: TASK });
		await run({ parameters: TASK, executionId: 'exec-test-2' });
		const [first, second] = sent().map((input) => input.ClientToken);
		expect(first).toBe(derived(0));
		expect(second).not.toBe(first);
	});

	it('the full response adds the instance, the request ID, the attempts and the request', async () => {
		const output = await run({
			parameters: withTask({ name: 'N', options: { fullResponse: true } }),
		});
		const request = {
			InstanceId: ID,
			ClientToken: derived(0),
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: 'N',
		};
		expect(output).toStrictEqual([
			ok(1, request as CreateContactCommandInput, 0, {
				instanceId: ID,
				requestId: 'req-1',
				attempts: 1,
				request,
			}),
		]);
	});

	it('an unsupported operation is refused', async () => {
		const error = await failure({ parameters: withTask({ operation: 'delete' }) });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The operation "delete" of "contact" is not supported');
		expect(connect.calls()).toHaveLength(0);
	});
});

describe('tokens on the paths n8n repeats work', () => {
	it("as an AI agent's tool: the tool call ID is part of the token, the same on every try of the call", async () => {
		const asTool = (toolCallId: string) => ({
			items: [{ json: { toolCallId, title: 'x' } }],
			parameters: TASK,
			nodeTypeName: 'n8n-nodes-amazon-connect.amazonConnectTool',
		});
		await run(asTool('call_1'));
		await run(asTool('call_1')); // Retry On Fail: the same call again
		await run(asTool('call_2'));
		const [first, retried, other] = sent().map((input) => input.ClientToken);
		expect(first).toBe(
			tokenOf(
				clientTokenFor({
					...TOKEN_SOURCE,
					connectInstanceId: ID,
					itemIndex: 0,
					toolCallId: 'call_1',
				}),
			),
		);
		expect(retried).toBe(first);
		expect(other).not.toBe(first);
	});

	it('a toolCallId field of an ordinary item is data, not a tool call', async () => {
		await run({ items: [{ json: { toolCallId: 'call_1' } }], parameters: TASK });
		expect(sent()[0].ClientToken).toBe(derived(0));
	});

	it('the root execution is written into the custom data once, and read back by a Retry', async () => {
		const customData: Record<string, string> = {};
		await run({ items: 2, parameters: TASK, customData });
		expect(Object.keys(customData)).toStrictEqual(['amazonConnectRootExecution']);
		await run({
			items: 2,
			parameters: TASK,
			customData: { ...customData },
			executionId: 'exec-test-2',
		});
		const tokens = sent().map((input) => input.ClientToken);
		expect(tokens.slice(2)).toStrictEqual(tokens.slice(0, 2));
	});

	it('with an explicit token or a key on every item, nothing is written into the custom data', async () => {
		const customData: Record<string, string> = {};
		await run({ items: 2, parameters: withTask({ options: { idempotencyKey: 'k' } }), customData });
		expect(customData).toStrictEqual({});
	});
});

describe('invalid items never reach AWS', () => {
	const NAME_TOO_LONG = 'n'.repeat(1025);
	const params = (i: number) => withTask({ name: i === 2 ? NAME_TOO_LONG : `Task ${i}` });

	it('Continue On Fail off: the node stops before sending anything, naming the item and the field', async () => {
		const error = await failure({ items: 4, parameters: params });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Item 2: Name: is 1025 characters long; the limit is 1024');
		expect((error as NodeOperationError).description).toBe(
			'Shorten Name to at most 1024 characters',
		);
		expect((error as NodeOperationError).context.itemIndex).toBe(2);
		expect(connect.calls()).toHaveLength(0);
	});

	it('Continue On Fail on: the invalid item becomes an error item, the others are sent', async () => {
		const output = await run({ items: 4, parameters: params, continueOnFail: true });
		expect(sent().map((input) => input.Name)).toStrictEqual(['Task 0', 'Task 1', 'Task 3']);
		expect(output[2]).toStrictEqual({
			json: {
				error: 'Item 2: Name: is 1025 characters long; the limit is 1024',
				description: 'Shorten Name to at most 1024 characters',
				itemIndex: 2,
			},
			pairedItem: { item: 2 },
		});
		expect(output.map((item) => item.pairedItem)).toStrictEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect([0, 1, 3].map((i) => output[i].json.clientToken)).toStrictEqual([
			derived(0),
			derived(1),
			derived(3),
		]);
	});

	it('all problems of an item are in one error: the first names the field, the others follow in the description', async () => {
		const error = await failure({
			parameters: withTask({ channel: 'EMAIL', initiationMethod: 'OUTBOUND', name: NAME_TOO_LONG }),
		});
		expect(error.message).toBe('Item 0: User: is required for EMAIL OUTBOUND contacts');
		expect((error as NodeOperationError).description).toBe(
			'Set User. Also: Name: is 1025 characters long; the limit is 1024',
		);
		expect(connect.calls()).toHaveLength(0);
	});

	it('a problem found while reading the parameters (bad JSON) names the item', async () => {
		const error = await failure({
			items: 2,
			parameters: (i) =>
				withTask(i === 1 ? { attributesMode: 'json', attributesJson: '{"a": 1,}' } : {}),
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Item 1: Attributes: is not valid JSON \(.*position 8\)$/);
		expect(connect.calls()).toHaveLength(0);
	});

	it('an instance ARN of another region than the credential is refused', async () => {
		const error = await failure({
			parameters: withTask({
				instanceId: { __rl: true, mode: 'arn', value: ARN.replace('us-east-1', 'eu-west-2') },
			}),
		});
		expect(error.message).toBe(
			'Item 0: Instance: the instance ARN is in region eu-west-2, but the credential is for us-east-1',
		);
		expect(connect.calls()).toHaveLength(0);
	});

	it('fields the documentation forbids for the channel are refused, not dropped', async () => {
		const error = await failure({ parameters: withTask({ previousContactId: 'prev-1' }) });
		expect(error.message).toBe('Item 0: Previous Contact ID: cannot be set for TASK API contacts');
		expect(connect.calls()).toHaveLength(0);
	});
});

describe('AWS errors', () => {
	const CASES = [
		{
			error: () =>
				new AccessDeniedException({
					message: 'User is not authorized to perform connect:CreateContact',
					$metadata: { httpStatusCode: 403, requestId: 'r-403' },
				}),
			message:
				'Item 0: AccessDeniedException: User is not authorized to perform connect:CreateContact (HTTP 403, request ID r-403)',
			description: `The IAM user or role of the credential needs permission for the action connect:CreateContact on the instance ${ID} (resource arn:aws:connect:<region>:<account>:instance/<id>). Add it to its IAM policy.`,
			httpCode: '403',
		},
		{
			error: () =>
				new IdempotencyException({
					message: 'Token already used',
					$metadata: { httpStatusCode: 409, requestId: 'r-409' },
				}),
			message: 'Item 0: IdempotencyException: Token already used (HTTP 409, request ID r-409)',
			description:
				'An earlier try of this item (Retry On Fail, or the execution this one retries) already created a contact with this token, with other field values: an expression such as {{ $now }} gives a new value on each try. No second contact was created. Keep those fields the same between tries (compute changing values in an earlier node: a retry does not run it again), or, for a new contact, run the workflow again as a new execution.',
			httpCode: '409',
		},
		{
			error: () =>
				new InvalidParameterException({
					message: 'Invalid UserInfo',
					$metadata: { httpStatusCode: 400, requestId: 'r-400' },
				}),
			message: 'Item 0: InvalidParameterException: Invalid UserInfo (HTTP 400, request ID r-400)',
			description:
				'Amazon Connect rejected the request. The message names the member; check that field of the node.',
			httpCode: '400',
		},
	];

	it.each(CASES)('$message', async ({ error, message, description, httpCode }) => {
		connect.on(CreateContactCommand).rejects(error());
		const thrown = await failure({ parameters: TASK });
		expect(thrown).toBeInstanceOf(NodeApiError);
		expect(thrown.message).toBe(message);
		expect((thrown as NodeApiError).description).toBe(description);
		expect((thrown as NodeApiError).httpCode).toBe(httpCode);
		expect((thrown as NodeApiError).context.itemIndex).toBe(0);
		expect(sent()).toHaveLength(1); // final errors are not retried
	});

	it('ResourceNotFoundException: the instance and the region in the description', async () => {
		connect.on(CreateContactCommand).rejects(
			new ResourceNotFoundException({
				message: 'Instance not found',
				$metadata: { httpStatusCode: 404, requestId: 'r-404' },
			}),
		);
		const thrown = (await failure({ parameters: TASK })) as NodeApiError;
		expect(thrown).toBeInstanceOf(NodeApiError);
		expect(thrown.message).toBe(
			'Item 0: ResourceNotFoundException: Instance not found (HTTP 404, request ID r-404)',
		);
		expect(thrown.description).toBe(
			`Check the instance ID (${ID}) and that the instance is in the credential's region (us-east-1); a user ID, related or previous contact ID must also exist in that instance.`,
		);
		expect(thrown.httpCode).toBe('404');
	});

	it('ThrottlingException until the throttled attempts are used up', async () => {
		jest.useFakeTimers();
		connect.on(CreateContactCommand).rejects(
			new ThrottlingException({
				message: 'Rate exceeded',
				$metadata: { httpStatusCode: 429, requestId: 'r-429' },
			}),
		);
		const settled = run({ parameters: withTask({ options: { maxAttempts: 2 } }) }).then(
			() => undefined,
			(error: unknown) => error as NodeApiError,
		);
		await jest.runAllTimersAsync();
		const thrown = await settled;
		expect(thrown).toBeInstanceOf(NodeApiError);
		expect(thrown?.message).toBe(
			'Item 0: ThrottlingException: Rate exceeded (HTTP 429, request ID r-429)',
		);
		expect(thrown?.description).toBe(
			"The account's CreateContact quota (by default 2 requests per second, burst 5, shared by every caller of the account) was still exceeded after 50 attempts. Lower Concurrency or set Max Requests per Second, raise Max Attempts, or ask AWS Support to raise the quota.",
		);
		expect(sent()).toHaveLength(50);
		expect(new Set(sent().map((input) => input.ClientToken))).toStrictEqual(new Set([derived(0)]));
	});

	it('Continue On Fail: an AWS error fails only its item', async () => {
		connect.on(CreateContactCommand).callsFake(async (input: CreateContactCommandInput) => {
			if (input.Name === 'Task 1') {
				throw new AccessDeniedException({
					message: 'Denied',
					$metadata: { httpStatusCode: 403, requestId: 'r-1' },
				});
			}
			return answer();
		});
		const output = await run({
			items: 3,
			parameters: (i) => withTask({ name: `Task ${i}` }),
			continueOnFail: true,
		});
		expect(output[1]).toStrictEqual({
			json: {
				error: 'Item 1: AccessDeniedException: Denied (HTTP 403, request ID r-1)',
				description: `The IAM user or role of the credential needs permission for the action connect:CreateContact on the instance ${ID} (resource arn:aws:connect:<region>:<account>:instance/<id>). Add it to its IAM policy.`,
				itemIndex: 1,
			},
			pairedItem: { item: 1 },
		});
		expect(output[0].json.contactId).toBeDefined();
		expect(output[2].json.contactId).toBeDefined();
		expect(output.map((item) => item.pairedItem)).toStrictEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(sent()).toHaveLength(3);
	});

	it('Continue On Fail off: after a failure no new request starts', async () => {
		connect.on(CreateContactCommand).callsFake(async (input: CreateContactCommandInput) => {
			if (input.Name === 'Task 1')
				throw new AccessDeniedException({ message: 'Denied', $metadata: { httpStatusCode: 403 } });
			return answer();
		});
		const thrown = await failure({
			items: 4,
			parameters: (i) => withTask({ name: `Task ${i}`, options: { concurrency: 1 } }),
		});
		expect(thrown.message).toBe('Item 1: AccessDeniedException: Denied (HTTP 403)');
		expect(sent().map((input) => input.Name)).toStrictEqual(['Task 0', 'Task 1']);
	});
});

describe('retries', () => {
	it('a server error then a success: one contact, the same token on both attempts', async () => {
		connect
			.on(CreateContactCommand)
			.rejectsOnce(
				new InternalServiceException({
					message: 'Internal error',
					$metadata: { httpStatusCode: 500 },
				}),
			)
			.callsFake(async () => answer());
		const output = await run({ parameters: withTask({ options: { fullResponse: true } }) });
		const inputs = sent();
		expect(inputs).toHaveLength(2);
		expect(inputs[1]).toStrictEqual(inputs[0]);
		expect(inputs[0].ClientToken).toBe(derived(0));
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			contactId: 'contact-1',
			attempts: 2,
			clientToken: derived(0),
		});
	});

	it('server errors stop after Max Attempts', async () => {
		connect.on(CreateContactCommand).rejects(
			new InternalServiceException({
				message: 'Internal error',
				$metadata: { httpStatusCode: 500, requestId: 'r-500' },
			}),
		);
		const thrown = (await failure({
			parameters: withTask({ options: { maxAttempts: 3 } }),
		})) as NodeApiError;
		expect(sent()).toHaveLength(3);
		expect(thrown.message).toBe(
			'Item 0: InternalServiceException: Internal error (HTTP 500, request ID r-500)',
		);
		expect(thrown.description).toBe(
			'Amazon Connect had an internal error and 3 attempts failed. Retry this execution from the executions list: it sends the same token, so a contact already created is returned, not created again. A new run of the workflow or the step has new tokens and creates it again unless Options › Idempotency Key is set.',
		);
	});

	it('a throttle then a success', async () => {
		jest.useFakeTimers();
		connect
			.on(CreateContactCommand)
			.rejectsOnce(
				new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
			)
			.callsFake(async () => answer());
		const fn = fake({ parameters: withTask({ options: { fullResponse: true } }) });
		const settled = new AmazonConnect().execute.call(fn);
		await jest.runAllTimersAsync();
		const [output] = await settled;
		expect(output[0].json).toMatchObject({ contactId: 'contact-1', attempts: 2 });
		// The user is told that throttling decided the speed.
		expect(fn.executionHints).toHaveLength(1);
		expect(fn.executionHints[0]).toMatchObject({ location: 'outputPane', type: 'info' });
		// The rate is named only once it is known (never "about Infinity"); its value is not pinned.
		expect(fn.executionHints[0].message).toMatch(
			/^AWS throttled 1 request\(s\); the node slowed (down|to about \d+\.\d requests per second) and retried them\./,
		);
		const inputs = sent();
		expect(inputs).toHaveLength(2);
		expect(inputs[0].ClientToken).toBe(inputs[1].ClientToken);
	});

	it('a dropped connection is retried with the same token', async () => {
		connect
			.on(CreateContactCommand)
			.rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
			.callsFake(async () => answer());
		const output = await run({ parameters: TASK });
		expect(output[0].json.contactId).toBe('contact-1');
		expect(sent().map((input) => input.ClientToken)).toStrictEqual([derived(0), derived(0)]);
	});
});

describe('concurrency', () => {
	/** Requests that wait until the test answers them. */
	function heldRequests() {
		const pending: Array<{ name: string; release: () => void }> = [];
		let inFlight = 0;
		let maxInFlight = 0;
		connect.on(CreateContactCommand).callsFake(async (input: CreateContactCommandInput) => {
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			await new Promise<void>((release) => pending.push({ name: input.Name ?? '', release }));
			inFlight--;
			return {
				ContactId: `contact-for-${input.Name}`,
				ContactArn: `${ARN}/contact/contact-for-${input.Name}`,
				$metadata: { httpStatusCode: 200, requestId: `req-${input.Name}` },
			};
		});
		return { pending, maxInFlight: () => maxInFlight };
	}
	// The rate control paces requests after the first few: a fake clock lets that time pass at once.
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());
	const ticks = async (n = 20) => {
		for (let i = 0; i < n; i++) await jest.advanceTimersByTimeAsync(100);
	};

	it('results stay in input order when responses come back in reverse', async () => {
		const held = heldRequests();
		const promise = run({
			items: 4,
			parameters: (i) => withTask({ name: `T${i}`, options: { concurrency: 4 } }),
		});
		await ticks();
		expect(held.pending.map((p) => p.name)).toStrictEqual(['T0', 'T1', 'T2', 'T3']);
		for (const p of [...held.pending].reverse()) {
			p.release();
			await ticks(2);
		}
		const output = await promise;
		expect(output.map((item) => item.json.contactId)).toStrictEqual([
			'contact-for-T0',
			'contact-for-T1',
			'contact-for-T2',
			'contact-for-T3',
		]);
		expect(output.map((item) => item.pairedItem)).toStrictEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
	});

	it('at most Concurrency requests are in flight', async () => {
		const held = heldRequests();
		const promise = run({
			items: 7,
			parameters: (i) => withTask({ name: `T${i}`, options: { concurrency: 2 } }),
		});
		for (let released = 0; released < 7; released++) {
			await ticks();
			expect(held.pending.length).toBe(Math.min(7, released + 2));
			held.pending[released].release();
		}
		const output = await promise;
		expect(held.maxInFlight()).toBe(2);
		expect(output.map((item) => item.json.contactId)).toStrictEqual(
			[0, 1, 2, 3, 4, 5, 6].map((i) => `contact-for-T${i}`),
		);
	});

	it('the default concurrency is 10', async () => {
		const held = heldRequests();
		const promise = run({ items: 15, parameters: (i) => withTask({ name: `T${i}` }) });
		await ticks();
		expect(held.pending).toHaveLength(10);
		// The rate control paces the requests after the first ten: wait for each in real time.
		for (let released = 0; released < 15; released++) {
			for (let waited = 0; !held.pending.length && waited < 2000; waited += 5)
				await new Promise((resolve) => setTimeout(resolve, 5));
			held.pending.shift()?.release();
			await ticks(3);
		}
		expect(await promise).toHaveLength(15);
		expect(held.maxInFlight()).toBe(10);
	});
});

describe('the AWS client', () => {
	it('one client per execution, built from the credential, shared by all items, destroyed at the end', async () => {
		const create = jest.spyOn(clientModule, 'createConnectClient');
		const destroy = jest.spyOn(ConnectClient.prototype, 'destroy');
		await run({ items: 5, parameters: TASK });
		expect(create).toHaveBeenCalledTimes(1);
		expect(create.mock.calls[0][0]).toStrictEqual(DEFAULT_CREDENTIALS);
		const clients = new Set(connect.calls().map((call) => call.thisValue));
		expect(connect.calls()).toHaveLength(5);
		expect(clients.size).toBe(1);
		expect([...clients][0]).toBe(create.mock.results[0].value);
		expect(destroy).toHaveBeenCalledTimes(1);
	});

	it('the client is destroyed when the node fails too', async () => {
		const destroy = jest.spyOn(ConnectClient.prototype, 'destroy');
		connect
			.on(CreateContactCommand)
			.rejects(
				new AccessDeniedException({ message: 'Denied', $metadata: { httpStatusCode: 403 } }),
			);
		await failure({ parameters: TASK });
		destroy.mockClear();
		await failure({ parameters: withTask({ name: 'n'.repeat(2000) }) });
		expect(destroy).toHaveBeenCalledTimes(1);
	});

	it('the credential region is the client region', async () => {
		const create = jest.spyOn(clientModule, 'createConnectClient');
		await run({
			parameters: withTask({
				instanceId: { __rl: true, mode: 'arn', value: ARN.replace('us-east-1', 'eu-west-2') },
			}),
			credentials: { ...DEFAULT_CREDENTIALS, region: 'eu-west-2' },
		});
		expect(await create.mock.results[0].value.config.region()).toBe('eu-west-2');
		expect(sent()[0].InstanceId).toBe(ID);
	});
});
