/**
 * input.ts: one item's parameters → the CreateContact input, before the checks.
 */
import {
	buildCreateContactInput,
	type CreateContactParameters,
	parseJsonObject,
	type UncheckedInput,
} from '../../nodes/AmazonConnect/actions/contact/create/input';
import type { InputProblem } from '../../nodes/AmazonConnect/shared/problem';

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const ARN = `arn:aws:connect:us-east-1:123456789012:instance/${ID}`;
const TOKEN = 'n8ne-token';

/** The input built from the parameters, which must have no problem. */
function inputOf(params: CreateContactParameters, clientToken?: unknown): UncheckedInput {
	const { input, problems } = buildCreateContactInput(params, clientToken);
	expect(problems).toStrictEqual([]);
	return input;
}

/** The one problem the parameters have (a failure when there is none, or more). */
function onlyProblem(params: CreateContactParameters): InputProblem {
	const { problems } = buildCreateContactInput(params);
	expect(problems).toHaveLength(1);
	return problems[0];
}

const params = (extra: Partial<CreateContactParameters> = {}): CreateContactParameters => ({
	instanceId: ID,
	channel: 'TASK',
	initiationMethod: 'API',
	...extra,
});

describe('every channel and method, with every optional member', () => {
	it('TASK API', () => {
		expect(
			inputOf(
				{
					instanceId: ARN,
					channel: 'TASK',
					initiationMethod: 'API',
					initiateAs: 'COMPLETED',
					name: ' Call back customer ',
					description: 'About order 1234',
					attributesMode: 'keyValue',
					attributes: {
						attribute: [
							{ key: ' orderId ', value: '1234' },
							{ key: 'tier', value: ' gold ' },
						],
					},
					referencesMode: 'keyValue',
					references: {
						reference: [
							{ key: 'Ticket', type: 'URL', value: 'https://crm.example.com/t/1234' },
							{ key: ' Amount ', type: 'NUMBER', value: '42' },
						],
					},
					additionalFields: {
						relatedContactId: ' rel-1 ',
						expiryDurationInMinutes: 60,
						contactExpiryMinutes: 1440,
						segmentAttributesJson: '{"connect:Subtype": {"ValueString": "connect:ExternalTask"}}',
					},
				},
				TOKEN,
			),
		).toStrictEqual({
			InstanceId: ID,
			ClientToken: TOKEN,
			RelatedContactId: 'rel-1',
			Attributes: { orderId: '1234', tier: ' gold ' },
			References: {
				Ticket: { Type: 'URL', Value: 'https://crm.example.com/t/1234' },
				Amount: { Type: 'NUMBER', Value: '42' },
			},
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
		});
	});

	it.each(['OUTBOUND', 'AGENT_REPLY', 'FLOW'])('EMAIL %s', (method) => {
		expect(
			inputOf(
				{
					instanceId: ID,
					channel: 'EMAIL',
					initiationMethod: method,
					userId: ' 2f6c1a7e-7d3b-4a61-9b6f-1c2d3e4f5a6b ',
					initiateAs: 'CONNECTED_TO_USER',
					name: 'Reply',
					description: 'Re: order',
					attributesMode: 'json',
					attributesJson: '{"orderId": "1234"}',
					additionalFields: {
						relatedContactId: 'inbound-email-1',
						expiryDurationInMinutes: 30,
						contactExpiryMinutes: 90,
					},
				},
				TOKEN,
			),
		).toStrictEqual({
			InstanceId: ID,
			ClientToken: TOKEN,
			RelatedContactId: 'inbound-email-1',
			Attributes: { orderId: '1234' },
			Channel: 'EMAIL',
			InitiationMethod: method,
			ExpiryDurationInMinutes: 30,
			UserInfo: { UserId: '2f6c1a7e-7d3b-4a61-9b6f-1c2d3e4f5a6b' },
			InitiateAs: 'CONNECTED_TO_USER',
			Name: 'Reply',
			Description: 'Re: order',
			SegmentAttributes: {
				'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 90 } } },
			},
		});
	});

	it('VOICE TRANSFER', () => {
		expect(
			inputOf(
				{
					instanceId: ID,
					channel: 'VOICE',
					initiationMethod: 'TRANSFER',
					previousContactId: ' prev-1 ',
					name: 'External call',
					description: 'From the PBX',
					attributes: { attribute: [{ key: 'caller', value: '+15550100' }] },
					additionalFields: { relatedContactId: 'rel-1', expiryDurationInMinutes: 5 },
				},
				TOKEN,
			),
		).toStrictEqual({
			InstanceId: ID,
			ClientToken: TOKEN,
			RelatedContactId: 'rel-1',
			Attributes: { caller: '+15550100' },
			Channel: 'VOICE',
			InitiationMethod: 'TRANSFER',
			ExpiryDurationInMinutes: 5,
			Name: 'External call',
			Description: 'From the PBX',
			PreviousContactId: 'prev-1',
		});
	});

	it('only the required members when nothing else is given', () => {
		expect(inputOf(params())).toStrictEqual({
			InstanceId: ID,
			Channel: 'TASK',
			InitiationMethod: 'API',
		});
	});

	it('carries members the channel does not allow, for check.ts to reject with a message', () => {
		expect(
			inputOf(
				params({
					userId: 'u-1',
					previousContactId: 'p-1',
					references: { reference: [{ key: 'R', type: 'STRING', value: 'x' }] },
				}),
			),
		).toStrictEqual({
			InstanceId: ID,
			Channel: 'TASK',
			InitiationMethod: 'API',
			UserInfo: { UserId: 'u-1' },
			References: { R: { Type: 'STRING', Value: 'x' } },
			PreviousContactId: 'p-1',
		});
	});
});

describe('empty values are left out, text is trimmed', () => {
	it('blank and undefined optional members are omitted', () => {
		expect(
			inputOf(
				params({
					userId: '  ',
					previousContactId: '',
					initiateAs: '',
					name: ' \n ',
					description: '',
					attributesMode: 'keyValue',
					attributes: {},
					referencesMode: 'keyValue',
					references: { reference: [] },
					additionalFields: {
						relatedContactId: ' ',
						expiryDurationInMinutes: undefined,
						contactExpiryMinutes: undefined,
						segmentAttributesJson: '',
					},
				}),
				'',
			),
		).toStrictEqual({ InstanceId: ID, Channel: 'TASK', InitiationMethod: 'API' });
	});

	it('null is treated as empty', () => {
		expect(
			inputOf(
				params({
					name: null as unknown as string,
					additionalFields: {
						expiryDurationInMinutes: null as unknown as number,
						contactExpiryMinutes: null as unknown as number,
					},
				}),
				null,
			),
		).toStrictEqual({ InstanceId: ID, Channel: 'TASK', InitiationMethod: 'API' });
	});

	it('trims channel, method and the instance', () => {
		expect(
			inputOf({ instanceId: ` ${ID} `, channel: ' EMAIL ', initiationMethod: ' FLOW\n' }),
		).toStrictEqual({
			InstanceId: ID,
			Channel: 'EMAIL',
			InitiationMethod: 'FLOW',
		});
	});

	it('keeps values of other types as they are, for the checks to name', () => {
		expect(
			inputOf(
				params({
					name: 42 as unknown as string,
					attributes: {
						attribute: [
							{ key: 'n', value: 7 },
							{ key: 'b', value: false },
						],
					},
					additionalFields: { expiryDurationInMinutes: '60' as unknown as number },
				}),
				12,
			),
		).toStrictEqual({
			InstanceId: ID,
			ClientToken: 12,
			Attributes: { n: 7, b: false },
			Channel: 'TASK',
			InitiationMethod: 'API',
			ExpiryDurationInMinutes: '60',
			Name: 42,
		});
	});

	it('an expiry of 0 is kept (the checks reject it)', () => {
		expect(inputOf(params({ additionalFields: { expiryDurationInMinutes: 0 } }))).toStrictEqual({
			InstanceId: ID,
			Channel: 'TASK',
			InitiationMethod: 'API',
			ExpiryDurationInMinutes: 0,
		});
	});
});

describe('instance: ID or ARN', () => {
	it.each([
		[ARN, ID],
		[`${ARN}/`, ID],
		[`  ${ARN}  `, ID],
		[`arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/${ID}`, ID],
		[`arn:aws-cn:connect:cn-north-1:123456789012:instance/${ID}`, ID],
		[ID, ID],
		[' not-an-id ', 'not-an-id'],
		[`${ARN}/contact/c-1`, `${ARN}/contact/c-1`],
	])('%s → %s', (instanceId, expected) => {
		expect(inputOf(params({ instanceId })).InstanceId).toBe(expected);
	});
	it('a value that is not text is passed on for the checks', () => {
		expect(inputOf(params({ instanceId: 5 as unknown as string })).InstanceId).toBe(5);
	});
});

describe('Attributes and References: key/value rows', () => {
	it('a row without a value gives an empty text', () => {
		expect(inputOf(params({ attributes: { attribute: [{ key: 'a' }] } })).Attributes).toStrictEqual(
			{ a: '' },
		);
		expect(
			inputOf(params({ references: { reference: [{ key: 'R', type: 'STRING' }] } })).References,
		).toStrictEqual({ R: { Type: 'STRING', Value: '' } });
	});

	it.each([
		['attributes', 'Attributes', 'Give every attribute a key, or remove the row'],
		['references', 'References', 'Give every reference a key (its name), or remove the row'],
	])('%s: a row without a key names the row', (kind, field, fix) => {
		for (const key of ['', '   ', undefined, null]) {
			const rows = [
				{ key: 'a', type: 'STRING', value: '1' },
				{ key, type: 'STRING', value: '2' },
			];
			const p =
				kind === 'attributes'
					? params({ attributes: { attribute: rows } })
					: params({ references: { reference: rows } });
			expect(onlyProblem(p)).toStrictEqual({
				field: `${field} › row 2`,
				message: 'has no key',
				fix,
			});
		}
	});

	it.each([
		['attributes', 'Attributes'],
		['references', 'References'],
	])('%s: a key given twice (after trimming) is rejected', (kind, field) => {
		const rows = [
			{ key: 'orderId', type: 'STRING', value: '1' },
			{ key: ' orderId ', type: 'STRING', value: '2' },
		];
		const p =
			kind === 'attributes'
				? params({ attributes: { attribute: rows } })
				: params({ references: { reference: rows } });
		expect(onlyProblem(p)).toStrictEqual({
			field: `${field} › orderId`,
			message: 'is given twice',
			fix: 'Keep one row per key',
		});
	});

	it('keys differing only in case are different keys', () => {
		expect(
			inputOf(
				params({
					attributes: {
						attribute: [
							{ key: 'a', value: '1' },
							{ key: 'A', value: '2' },
						],
					},
				}),
			).Attributes,
		).toStrictEqual({ a: '1', A: '2' });
	});

	it('a key that is not text becomes its text', () => {
		expect(
			inputOf(params({ attributes: { attribute: [{ key: 7, value: 'x' }] } })).Attributes,
		).toStrictEqual({
			'7': 'x',
		});
	});

	it('a reference row without a type carries no type (the checks say so)', () => {
		expect(
			inputOf(params({ references: { reference: [{ key: 'R', value: 'x' }] } })).References,
		).toStrictEqual({ R: { Type: undefined, Value: 'x' } });
	});

	it('the rows are ignored in JSON mode, and the JSON in key/value mode', () => {
		expect(
			inputOf(
				params({
					attributesMode: 'json',
					attributesJson: '{"fromJson": "1"}',
					attributes: { attribute: [{ key: 'fromRows', value: '2' }] },
					referencesMode: 'keyValue',
					referencesJson: '{"FromJson": {"Type": "STRING", "Value": "x"}}',
					references: { reference: [{ key: 'FromRows', type: 'STRING', value: 'y' }] },
				}),
			),
		).toStrictEqual({
			InstanceId: ID,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Attributes: { fromJson: '1' },
			References: { FromRows: { Type: 'STRING', Value: 'y' } },
		});
	});
});

describe('Attributes and References: JSON mode', () => {
	it('parses a JSON string, keeping the value types for the checks', () => {
		expect(
			inputOf(
				params({
					attributesMode: 'json',
					attributesJson: ' {"a": "1", "b": 2, "c": {"d": true}} ',
				}),
			).Attributes,
		).toStrictEqual({ a: '1', b: 2, c: { d: true } });
	});

	it('takes an object given by an expression as it is', () => {
		const body = { orderId: '1234', tier: 'gold' };
		expect(
			inputOf(params({ attributesMode: 'json', attributesJson: body })).Attributes,
		).toStrictEqual({
			orderId: '1234',
			tier: 'gold',
		});
		const refs = { Ticket: { Type: 'URL', Value: 'https://crm.example.com/t/1' } };
		expect(
			inputOf(params({ referencesMode: 'json', referencesJson: refs })).References,
		).toStrictEqual(refs);
	});

	it.each([[''], ['   '], [undefined], [null]])('%j gives no member', (json) => {
		expect(
			inputOf(
				params({
					attributesMode: 'json',
					attributesJson: json,
					referencesMode: 'json',
					referencesJson: json,
				}),
			),
		).toStrictEqual({ InstanceId: ID, Channel: 'TASK', InitiationMethod: 'API' });
	});

	it.each([
		['attributesJson', 'Attributes'],
		['referencesJson', 'References'],
	])('%s: a parse error names the field and the position', (name, field) => {
		const json = '{"orderId": "1234",}';
		let parseMessage = '';
		try {
			JSON.parse(json);
		} catch (error) {
			parseMessage = (error as Error).message;
		}
		const p =
			name === 'attributesJson'
				? params({ attributesMode: 'json', attributesJson: json })
				: params({ referencesMode: 'json', referencesJson: json });
		const problem = onlyProblem(p);
		expect(problem).toStrictEqual({
			field,
			message: `is not valid JSON (${parseMessage})`,
			fix: 'Give a JSON object such as {"key": "value"}, or an expression that returns an object, e.g. {{ $json.body }}',
		});
		expect(problem.message).toContain('position 19');
	});

	it.each([
		['[1, 2]', 'a list'],
		[['a'], 'a list'],
		['"text"', 'a string'],
		['42', 'a number (42)'],
		[42, 'a number (42)'],
		[true, 'a boolean (true)'],
		['null', 'null'],
	])('rejects %j: not an object', (json, described) => {
		expect(onlyProblem(params({ attributesMode: 'json', attributesJson: json }))).toStrictEqual({
			field: 'Attributes',
			message: `must be a JSON object, not ${described}`,
			fix: 'Give an object whose keys are the names, e.g. {"orderId": "1234"}',
		});
	});

	it('parseJsonObject: the same rules for any field', () => {
		const problems: InputProblem[] = [];
		expect(parseJsonObject(problems, 'X', '{"a":1}')).toStrictEqual({ a: 1 });
		expect(parseJsonObject(problems, 'X', ' ')).toBeUndefined();
		expect(problems).toStrictEqual([]);
		expect(parseJsonObject(problems, 'Some Field', '{')).toBeUndefined();
		expect(problems.map((p) => p.field)).toStrictEqual(['Some Field']);
	});
});

describe('problems are values', () => {
	it('every field that cannot be built is named, and its member is left out', () => {
		const { input, problems } = buildCreateContactInput(
			params({
				name: 'kept',
				attributesMode: 'json',
				attributesJson: '{',
				references: { reference: [{ key: '', type: 'STRING', value: 'x' }] },
			}),
		);
		expect(problems.map((p) => [p.field, p.message.split(' (')[0]])).toStrictEqual([
			['Attributes', 'is not valid JSON'],
			['References › row 1', 'has no key'],
		]);
		expect(input).toStrictEqual({
			InstanceId: ID,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: 'kept',
		});
	});
});

describe('Segment Attributes and the contact expiry', () => {
	const EXPIRY = (minutes: unknown) => ({
		'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: minutes } } },
	});

	it('Contact Expiry (Minutes) becomes the connect:ContactExpiry segment attribute', () => {
		expect(inputOf(params({ additionalFields: { contactExpiryMinutes: 135 } }))).toStrictEqual({
			InstanceId: ID,
			Channel: 'TASK',
			InitiationMethod: 'API',
			SegmentAttributes: EXPIRY(135),
		});
	});

	it('is added to the other segment attributes of the JSON', () => {
		expect(
			inputOf(
				params({
					additionalFields: {
						contactExpiryMinutes: 60,
						segmentAttributesJson: { 'connect:Subtype': { ValueString: 'x' } },
					},
				}),
			).SegmentAttributes,
		).toStrictEqual({ 'connect:Subtype': { ValueString: 'x' }, ...EXPIRY(60) });
	});

	it('the JSON alone is sent as it is', () => {
		expect(
			inputOf(params({ additionalFields: { segmentAttributesJson: JSON.stringify(EXPIRY(20)) } }))
				.SegmentAttributes,
		).toStrictEqual(EXPIRY(20));
	});

	it('an expiry given in both places is a conflict', () => {
		expect(
			onlyProblem(
				params({
					additionalFields: {
						contactExpiryMinutes: 60,
						segmentAttributesJson: JSON.stringify(EXPIRY(20)),
					},
				}),
			),
		).toStrictEqual({
			field: 'Contact Expiry (Minutes)',
			message: 'is set and Segment Attributes (JSON) also has "connect:ContactExpiry"',
			fix: 'Set the expiry in one place: remove "connect:ContactExpiry" from the JSON or clear Contact Expiry (Minutes)',
		});
	});

	it('a minutes value of the wrong type is carried for the checks', () => {
		expect(
			inputOf(params({ additionalFields: { contactExpiryMinutes: '90' as unknown as number } }))
				.SegmentAttributes,
		).toStrictEqual(EXPIRY('90'));
	});

	it('a parse error names Segment Attributes (JSON)', () => {
		expect(onlyProblem(params({ additionalFields: { segmentAttributesJson: '{x}' } })).field).toBe(
			'Segment Attributes (JSON)',
		);
	});
});
