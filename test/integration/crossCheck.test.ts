/**
 * The node's validator against the emulator's: two independent readings of AWS's model (and two
 * independent tables of documented rules) must agree. For every member of CreateContact, the longest
 * valid value and the shortest invalid one (lengths from the generated model facts, not retyped),
 * every enum value, and every byte budget exactly full and one byte over. An input the node accepts is
 * sent, as the node would send it, through the real SDK to the emulator, which must not refuse it; an
 * input the node refuses is sent directly to the emulator, which must refuse it too (400).
 */
import {
	ConnectClient,
	CreateContactCommand,
	type CreateContactCommandInput,
} from '@aws-sdk/client-connect';

import { checkCreateContactInput } from '../../nodes/AmazonConnect/actions/contact/create/check';
import {
	allChannelMethods,
	TASK_REFERENCE_TYPES,
} from '../../nodes/AmazonConnect/actions/contact/create/rules';
import { CONNECT } from '../../nodes/AmazonConnect/model/connect.generated';
import type { ShapeFacts } from '../../nodes/AmazonConnect/model/facts';
import { DEMO, DEMO_USER, FULL_KEY, REGION, useTestEmulator } from './helpers';

type Input = Record<string, unknown>;

const emulator = useTestEmulator();
let client: ConnectClient;
beforeAll(() => {
	client = new ConnectClient({
		endpoint: emulator.url,
		region: REGION,
		credentials: FULL_KEY,
		maxAttempts: 1,
	});
});
afterAll(() => {
	client.destroy();
});

const task = (extra: Input = {}): Input => ({
	InstanceId: DEMO,
	Channel: 'TASK',
	InitiationMethod: 'API',
	...extra,
});
const voice = (extra: Input = {}): Input =>
	task({ Channel: 'VOICE', InitiationMethod: 'TRANSFER', ...extra });
const email = (method: string, extra: Input = {}): Input =>
	task({ Channel: 'EMAIL', InitiationMethod: method, UserInfo: { UserId: DEMO_USER }, ...extra });

/** A string shape's length range, from the generated facts. */
function lengthOf(shape: string): { min: number; max: number } {
	const facts: ShapeFacts = CONNECT.shapes[shape];
	if (facts.type !== 'string') throw new Error(`${shape} is not a string shape`);
	return { min: facts.length?.min ?? 0, max: facts.length?.max ?? Number.POSITIVE_INFINITY };
}
function enumOf(shape: string): readonly string[] {
	const facts = CONNECT.shapes[shape];
	if (facts.type !== 'enum') throw new Error(`${shape} is not an enum`);
	return facts.values;
}
const INTEGER = { min: -2147483648, max: 2147483647 };

/** The emulator's verdict on a request: refused (400: a model or a documented rule) or not (200, or a 404 lookup). */
async function emulatorVerdict(
	input: Input,
): Promise<{ refused: boolean; status: number; type?: string }> {
	try {
		await client.send(new CreateContactCommand(input as unknown as CreateContactCommandInput));
		return { refused: false, status: 200 };
	} catch (error) {
		const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
		const status = e.$metadata?.httpStatusCode ?? 0;
		return { refused: status === 400, status, type: e.name };
	}
}

interface Case {
	name: string;
	input: Input;
	valid: boolean;
}

/** The longest valid and shortest invalid values of a string member (and the shortest valid / longest invalid below a minimum of 1 or more). */
function stringCases(
	name: string,
	shape: string,
	build: (value: string) => Input,
	char = 'a',
): Case[] {
	const { min, max } = lengthOf(shape);
	const cases: Case[] = [
		{
			name: `${name}: ${max} characters (the model's maximum)`,
			input: build(char.repeat(max)),
			valid: true,
		},
		{ name: `${name}: ${max + 1} characters`, input: build(char.repeat(max + 1)), valid: false },
	];
	if (min > 0) {
		cases.push({
			name: `${name}: ${min} characters (the model's minimum)`,
			input: build(char.repeat(min)),
			valid: true,
		});
		cases.push({
			name: `${name}: ${min - 1} characters`,
			input: build(char.repeat(min - 1)),
			valid: false,
		});
	}
	return cases;
}

function integerCases(name: string, build: (value: number) => Input): Case[] {
	return [
		{ name: `${name}: ${INTEGER.max}`, input: build(INTEGER.max), valid: true },
		{ name: `${name}: ${INTEGER.max + 1}`, input: build(INTEGER.max + 1), valid: false },
		{ name: `${name}: ${INTEGER.min}`, input: build(INTEGER.min), valid: true },
		{ name: `${name}: ${INTEGER.min - 1}`, input: build(INTEGER.min - 1), valid: false },
		{ name: `${name}: 1.5`, input: build(1.5), valid: false },
	];
}

const ATTRIBUTES_BUDGET = 32768;
const REFERENCES_BUDGET = 4096;

const CASES: Case[] = [
	...stringCases('ClientToken', 'ClientToken', (v) => task({ ClientToken: v })),
	...stringCases('RelatedContactId', 'ContactId', (v) => task({ RelatedContactId: v })),
	...stringCases('PreviousContactId', 'ContactId', (v) => voice({ PreviousContactId: v })),
	...stringCases('Name', 'Name', (v) => task({ Name: v })),
	...stringCases('Name in emoji (one code point each)', 'Name', (v) => task({ Name: v }), '😀'),
	...stringCases('Description', 'Description', (v) => task({ Description: v })),
	...stringCases('UserInfo.UserId', 'AgentResourceId', (v) =>
		email('OUTBOUND', { UserInfo: { UserId: v } }),
	),
	// The attribute budget is exactly full at the longest key (with an empty value) and at the longest value (with a 1-byte key).
	...stringCases('Attributes key', 'AttributeName', (v) => task({ Attributes: { [v]: '' } })),
	...stringCases('Attributes value', 'AttributeValue', (v) => task({ Attributes: { k: v } })),
	{
		name: `Attributes: ${ATTRIBUTES_BUDGET} UTF-8 bytes in é`,
		input: task({ Attributes: { k: 'é'.repeat((ATTRIBUTES_BUDGET - 2) / 2), l: '' } }),
		valid: true,
	},
	{
		name: `Attributes: ${ATTRIBUTES_BUDGET + 1} UTF-8 bytes in é`,
		input: task({ Attributes: { k: 'é'.repeat((ATTRIBUTES_BUDGET - 2) / 2), lm: '' } }),
		valid: false,
	},
	...stringCases('References key', 'ReferenceKey', (v) =>
		task({ References: { [v]: { Type: 'STRING', Value: '' } } }),
	),
	{
		name: `References value: budget exactly full (${REFERENCES_BUDGET} bytes with a 1-byte key)`,
		input: task({
			References: { k: { Type: 'STRING', Value: 'v'.repeat(REFERENCES_BUDGET - 1) } },
		}),
		valid: true,
	},
	{
		name: 'References value: one byte over the budget',
		input: task({ References: { k: { Type: 'STRING', Value: 'v'.repeat(REFERENCES_BUDGET) } } }),
		valid: false,
	},
	{
		name: 'References value beyond the model length',
		input: email('FLOW', {
			References: { k: { Type: 'STRING', Value: 'v'.repeat(lengthOf('ReferenceValue').max + 1) } },
		}),
		valid: false,
	},
	...stringCases('References Arn', 'ReferenceArn', (v) =>
		task({ References: { r: { Type: 'URL', Value: '', Arn: v } } }),
	),
	{
		name: 'References Arn off the model pattern',
		input: task({
			References: { r: { Type: 'URL', Value: '', Arn: 'arn:aws:connect:us-east-1:1 2' } },
		}),
		valid: false,
	},
	...stringCases('References StatusReason', 'ReferenceStatusReason', (v) =>
		task({ References: { r: { Type: 'URL', Value: '', StatusReason: v } } }),
	),
	{
		name: 'References: a null Value member is absent',
		input: task({ References: { r: { Type: 'URL', Value: null } } }),
		valid: true,
	},
	...stringCases('SegmentAttributes key', 'SegmentAttributeName', (v) =>
		task({ SegmentAttributes: { [v]: { ValueString: 'x' } } }),
	),
	...stringCases('SegmentAttributes ValueString', 'SegmentAttributeValueString', (v) =>
		task({ SegmentAttributes: { s: { ValueString: v } } }),
	),
	...stringCases('SegmentAttributes ValueArn (system key)', 'SegmentAttributeValueString', (v) =>
		task({ SegmentAttributes: { 'connect:X': { ValueArn: v } } }),
	),
	...stringCases('SegmentAttributes ValueMap key', 'SegmentAttributeName', (v) =>
		task({ SegmentAttributes: { s: { ValueMap: { [v]: { ValueString: 'x' } } } } }),
	),
	{
		name: 'SegmentAttributes: a null member is absent',
		input: task({ SegmentAttributes: { s: { ValueString: 'x', ValueInteger: null } } }),
		valid: true,
	},
	...integerCases('ExpiryDurationInMinutes', (v) => task({ ExpiryDurationInMinutes: v })),
	...integerCases('SegmentAttributes ValueInteger', (v) =>
		task({ SegmentAttributes: { s: { ValueInteger: v } } }),
	),
	...integerCases('connect:ContactExpiry', (v) =>
		task({
			SegmentAttributes: {
				'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: v } } },
			},
		}),
	),
	// Every enum value the documentation allows, and what it does not.
	...allChannelMethods().map(({ channel, method }) => ({
		name: `Channel ${channel.value} with InitiationMethod ${method.value}`,
		input:
			method.userInfo === 'required'
				? email(method.value)
				: task({ Channel: channel.value, InitiationMethod: method.value }),
		valid: true,
	})),
	{ name: 'Channel CHAT', input: task({ Channel: 'CHAT' }), valid: false },
	{ name: 'Channel not in the model', input: task({ Channel: 'SMS' }), valid: false },
	...enumOf('ContactInitiationMethod')
		.filter((method) => method !== 'API')
		.map((method) => ({
			name: `TASK with InitiationMethod ${method}`,
			input: task({ InitiationMethod: method }),
			valid: false,
		})),
	...enumOf('InitiateAs').map((value) => ({
		name: `TASK InitiateAs ${value}`,
		input: task({ InitiateAs: value }),
		valid: true,
	})),
	{
		name: 'EMAIL FLOW InitiateAs COMPLETED',
		input: email('FLOW', { InitiateAs: 'COMPLETED' }),
		valid: false,
	},
	...enumOf('ReferenceType').map((type) => ({
		name: `TASK reference of type ${type}`,
		input: task({ References: { r: { Type: type, Value: 'x' } } }),
		valid: (TASK_REFERENCE_TYPES as readonly string[]).includes(type),
	})),
	...enumOf('ReferenceType').map((type) => ({
		name: `EMAIL FLOW reference of type ${type}`,
		input: email('FLOW', { References: { r: { Type: type, Value: 'x' } } }),
		valid: true,
	})),
	...enumOf('ReferenceStatus').map((status) => ({
		name: `reference status ${status}`,
		input: task({ References: { r: { Type: 'URL', Value: 'x', Status: status } } }),
		valid: true,
	})),
	// Documented rules.
	{
		name: 'EMAIL OUTBOUND without a user',
		input: task({ Channel: 'EMAIL', InitiationMethod: 'OUTBOUND' }),
		valid: false,
	},
	{ name: 'PreviousContactId on a task', input: task({ PreviousContactId: 'p' }), valid: false },
	{
		name: 'an attribute key with a space',
		input: task({ Attributes: { 'a b': 'x' } }),
		valid: false,
	},
	{
		name: 'a segment attribute key with a dot',
		input: task({ SegmentAttributes: { 'a.b': { ValueString: 'x' } } }),
		valid: false,
	},
	{
		name: 'ValueList on a user segment attribute',
		input: task({ SegmentAttributes: { s: { ValueList: [{ ValueString: 'x' }] } } }),
		valid: false,
	},
	{
		name: 'ValueList on a system segment attribute',
		input: task({ SegmentAttributes: { 'connect:X': { ValueList: [{ ValueString: 'x' }] } } }),
		valid: true,
	},
	// Not documented, so sent by both.
	{ name: 'User on a task', input: task({ UserInfo: { UserId: DEMO_USER } }), valid: true },
	{
		name: 'References on a voice contact',
		input: voice({ References: { r: { Type: 'URL', Value: 'not a url' } } }),
		valid: true,
	},
	{
		name: 'a DATE reference in words',
		input: task({ References: { r: { Type: 'DATE', Value: 'tomorrow' } } }),
		valid: true,
	},
	{ name: 'ExpiryDurationInMinutes 0', input: task({ ExpiryDurationInMinutes: 0 }), valid: true },
];

describe('the node and the emulator agree on every edge of CreateContact', () => {
	it('covers every member of the model', () => {
		const request = CONNECT.shapes.CreateContactRequest;
		const members = request.type === 'structure' ? Object.keys(request.members) : [];
		const covered = new Set(
			CASES.flatMap((c) =>
				Object.keys(c.input).filter(
					(k) => !['InstanceId', 'Channel', 'InitiationMethod'].includes(k) || c.name.includes(k),
				),
			),
		);
		covered.add('InstanceId'); // the node's one format check: see the next test
		expect(members.filter((m) => !covered.has(m))).toStrictEqual([]);
	});

	it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, { input, valid }) => {
		const node = checkCreateContactInput(input);
		expect({ accepted: node.ok, problems: node.ok ? [] : node.problems }).toMatchObject({
			accepted: valid,
		});
		// Accepted: the input as the node sends it goes through the emulator; refused: the raw input goes straight to it.
		const verdict = await emulatorVerdict(node.ok ? (node.input as unknown as Input) : input);
		expect({ refused: verdict.refused, type: verdict.type }).toMatchObject({ refused: !valid });
	});

	it('InstanceId: the node refuses what is neither an instance ID nor an ARN; the emulator finds no such instance (404)', async () => {
		const longest = 'a'.repeat(lengthOf('InstanceId').max);
		expect(checkCreateContactInput(task({ InstanceId: longest })).ok).toBe(false);
		expect(await emulatorVerdict(task({ InstanceId: longest }))).toStrictEqual({
			refused: false,
			status: 404,
			type: 'ResourceNotFoundException',
		});
		expect(
			(await emulatorVerdict(task({ InstanceId: 'a'.repeat(lengthOf('InstanceId').max + 1) })))
				.refused,
		).toBe(true);
	});
});
