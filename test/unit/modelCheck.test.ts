/**
 * The generic model check: every shape kind and constraint, the safe conversions, and the field names
 * messages use. Real CreateContact / StartTaskContact / AssumeRole facts where the model has the kind,
 * a small made-up service for kinds the node's operations do not reach (union, boolean, float).
 */
import type { ServiceFacts } from '../../nodes/AmazonConnect/model/facts';
import {
	checkAgainstModel,
	checkValue,
	modelLength,
	modelShape,
} from '../../nodes/AmazonConnect/shared/modelCheck';

const p = (field: string, message: string, fix: string) => ({ field, message, fix });
const ID = '8a3d1c3e-1111-4222-8333-444455556666';
const NAMES = {
	InstanceId: 'Instance',
	Name: 'Name',
	Attributes: 'Attributes',
	References: 'References',
	UserInfo: 'User',
	'UserInfo.UserId': 'User',
	SegmentAttributes: 'Segment Attributes (JSON)',
	ExpiryDurationInMinutes: 'Expiry Duration (Minutes)',
	Channel: 'Channel',
};
const create = (extra: Record<string, unknown>) =>
	checkAgainstModel<Record<string, unknown>>(
		'CreateContact',
		{ InstanceId: ID, Channel: 'TASK', InitiationMethod: 'API', ...extra },
		NAMES,
	);

describe('structures', () => {
	it('reports every required member missing, named as the form calls it', () => {
		expect(checkAgainstModel('CreateContact', {}, NAMES).problems).toStrictEqual([
			p('Instance', 'is required', 'Set Instance'),
			p('Channel', 'is required', 'Set Channel'),
			p('InitiationMethod', 'is required', 'Set InitiationMethod'),
		]);
	});

	it('treats null and undefined members as absent, and leaves them out of the input', () => {
		const { input, problems } = create({
			Name: null,
			Description: undefined,
			SegmentAttributes: { s: { ValueString: 'x', ValueInteger: null } },
		});
		expect(problems).toStrictEqual([]);
		expect(input).toStrictEqual({
			InstanceId: ID,
			Channel: 'TASK',
			InitiationMethod: 'API',
			SegmentAttributes: { s: { ValueString: 'x' } },
		});
	});

	it('names unknown members', () => {
		expect(create({ Queue: 'q' }).problems).toStrictEqual([
			p(
				'Request',
				'has unknown members: Queue',
				expect.stringContaining('Remove them; the members are InstanceId, ClientToken'),
			),
		]);
		expect(
			create({ References: { R: { Type: 'URL', Value: 'x', Color: 'red' } } }).problems,
		).toStrictEqual([
			p(
				'References › R',
				'has unknown members: Color',
				'Remove them; the members are Value, Type, Status, Arn, StatusReason',
			),
		]);
	});

	it('refuses a value that is not an object', () => {
		expect(create({ UserInfo: 'u-1' }).problems).toStrictEqual([
			p('User', 'must be an object, not a string', 'Give an object with UserId'),
		]);
	});

	it('keeps a key such as __proto__ as an own member', () => {
		const { input, problems } = create({ Attributes: JSON.parse('{"__proto__": "x"}') });
		expect(problems).toStrictEqual([]);
		expect(Object.keys(input.Attributes as object)).toStrictEqual(['__proto__']);
	});
});

describe('strings', () => {
	it('measures length in code points, against the model limit (Name 0-1024)', () => {
		expect(create({ Name: '😀'.repeat(1024) }).problems).toStrictEqual([]);
		expect(modelLength('😀')).toBe(1);
		expect(create({ Name: 'x'.repeat(1025) }).problems).toStrictEqual([
			p(
				'Name',
				'is 1025 characters long; the limit is 1024',
				'Shorten Name to at most 1024 characters',
			),
		]);
	});

	it('reports an empty value below the minimum, with a fix that fits optional and required members', () => {
		expect(create({ RelatedContactId: '' }).problems).toStrictEqual([
			p('RelatedContactId', 'is empty', 'Give RelatedContactId a value, or leave the field out'),
		]);
		expect(create({ InstanceId: '' }).problems).toStrictEqual([
			p('Instance', 'is empty', 'Give Instance a value'),
		]);
	});

	it('reports a value shorter than a minimum above 1 (Reference Arn 20-256)', () => {
		expect(
			create({ References: { R: { Type: 'URL', Value: '', Arn: 'arn:aws:x' } } }).problems,
		).toStrictEqual([
			p(
				'References › R › Arn',
				'is 9 characters long; the minimum is 20',
				'Give the whole value of References › R › Arn',
			),
		]);
	});

	it('checks the model pattern (Reference Arn ^[-:/A-Za-z0-9]+$)', () => {
		expect(
			create({
				References: { R: { Type: 'URL', Value: '', Arn: 'arn:aws:connect:us-east-1:1 2' } },
			}).problems,
		).toStrictEqual([
			p(
				'References › R › Arn',
				'"arn:aws:connect:us-east-1:1 2" does not have the form AWS\'s model requires (^[-:/A-Za-z0-9]+$)',
				'Give References › R › Arn in that form',
			),
		]);
	});

	it('quotes a value that is not sensitive (STS RoleSessionName), never a sensitive one (EmailAddress)', () => {
		const { problems } = checkAgainstModel(
			'AssumeRole',
			{ RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'a b' },
			{},
		);
		expect(problems).toStrictEqual([
			p(
				'RoleSessionName',
				'"a b" does not have the form AWS\'s model requires (^[\\w+=,.@-]*$)',
				'Give RoleSessionName in that form',
			),
		]);
		const email = checkAgainstModel(
			'StartOutboundEmailContact',
			{
				InstanceId: ID,
				ContactId: 'c',
				DestinationEmailAddress: { EmailAddress: 'someone at example.com' },
				EmailMessage: { MessageSourceType: 'RAW' },
			},
			{ DestinationEmailAddress: 'To' },
		);
		expect(email.problems).toStrictEqual([
			p(
				'To › EmailAddress',
				"does not have the form AWS's model requires (^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$)",
				'Give To › EmailAddress in that form',
			),
		]);
	});

	it('sends a finite number or a boolean as its text (safe conversions)', () => {
		const { input, problems } = create({
			Name: 1234,
			Description: true,
			Attributes: { amount: 12.5, vip: false },
		});
		expect(problems).toStrictEqual([]);
		expect(input).toMatchObject({
			Name: '1234',
			Description: 'true',
			Attributes: { amount: '12.5', vip: 'false' },
		});
	});

	it('refuses an object, a list or a non-finite number where text is wanted, with the fix', () => {
		const fix = 'Turn it into text with {{ JSON.stringify(value) }}, or give its parts separately';
		expect(
			create({ Name: { a: 1 }, Attributes: { list: [1] }, Description: NaN }).problems,
		).toStrictEqual([
			p('Attributes › list', 'the value is a list, not text', fix),
			p('Name', 'must be text, not an object', fix),
			p('Description', 'must be text, not a number (NaN)', 'Give a text value'),
		]);
	});
});

describe('maps', () => {
	it('checks keys against the key shape (Reference key 1-4096): an empty key is refused', () => {
		expect(
			create({ References: { '': { Type: 'URL', Value: 'https://x' } } }).problems,
		).toStrictEqual([
			p('References › (empty key)', 'the key is empty', 'Give the key a name, or remove the entry'),
		]);
		expect(
			create({ SegmentAttributes: { ['k'.repeat(129)]: { ValueString: 'x' } } }).problems,
		).toStrictEqual([
			p(
				`Segment Attributes (JSON) › ${'k'.repeat(129)}`,
				'the key is 129 characters long; the limit is 128',
				'Shorten the key to at most 128 characters',
			),
		]);
	});

	it('checks values against the value shape (Attribute value 0-32767)', () => {
		expect(create({ Attributes: { a: 'v'.repeat(32768) } }).problems).toStrictEqual([
			p(
				'Attributes › a',
				'the value is 32768 characters long; the limit is 32767',
				'Shorten the value to at most 32767 characters',
			),
		]);
	});

	it('refuses a null value: maps are dense', () => {
		expect(create({ Attributes: { a: null } }).problems).toStrictEqual([
			p(
				'Attributes › a',
				'the value is null',
				'Give a value (an empty text "" is allowed), or remove the key',
			),
		]);
	});

	it('refuses a map that is not an object', () => {
		expect(create({ Attributes: ['a'] }).problems).toStrictEqual([
			p(
				'Attributes',
				'must be an object of key/value pairs, not a list',
				'Give key/value pairs, e.g. {"orderId": "1234"}',
			),
		]);
	});
});

describe('lists', () => {
	const task = (extra: Record<string, unknown>) =>
		checkAgainstModel(
			'StartTaskContact',
			{ InstanceId: ID, Name: 'n', ...extra },
			{ Attachments: 'Attachments' },
		);
	const attachment = { FileName: 'a.pdf', S3Url: 'https://bucket/a.pdf' };

	it('checks the count (TaskAttachments 1-5) and every item', () => {
		expect(task({ Attachments: Array(5).fill(attachment) }).problems).toStrictEqual([]);
		expect(task({ Attachments: Array(6).fill(attachment) }).problems).toStrictEqual([
			p('Attachments', 'has 6 items; the limit is 5', 'Give at most 5 items'),
		]);
		expect(task({ Attachments: [] }).problems).toStrictEqual([
			p(
				'Attachments',
				'has 0 items; the minimum is 1',
				'Give at least 1 items, or leave the field out',
			),
		]);
		expect(task({ Attachments: [attachment, { FileName: 'b' }, null] }).problems).toStrictEqual([
			p('Attachments › 2 › S3Url', 'is required', 'Set Attachments › 2 › S3Url'),
			p('Attachments › 3', 'is empty (null)', 'Remove the empty item from the list'),
		]);
		expect(task({ Attachments: attachment }).problems).toStrictEqual([
			p('Attachments', 'must be a list, not an object', 'Give a list, e.g. ["a", "b"]'),
		]);
	});
});

describe('enums', () => {
	it('accepts every model value and refuses others, listing the choices', () => {
		for (const value of ['VOICE', 'CHAT', 'TASK', 'EMAIL'])
			expect(create({ Channel: value }).problems).toStrictEqual([]);
		expect(create({ Channel: 'SMS' }).problems).toStrictEqual([
			p(
				'Channel',
				'"SMS" is not one of the allowed values',
				'Choose one of VOICE, CHAT, TASK, EMAIL',
			),
		]);
	});
});

describe('numbers', () => {
	it('holds integers to the 32-bit range of the model', () => {
		expect(create({ ExpiryDurationInMinutes: 2147483647 }).problems).toStrictEqual([]);
		expect(create({ ExpiryDurationInMinutes: -2147483648 }).problems).toStrictEqual([]);
		expect(create({ ExpiryDurationInMinutes: 2147483648 }).problems).toStrictEqual([
			p(
				'Expiry Duration (Minutes)',
				'is 2147483648, outside the whole numbers AWS accepts here (-2147483648 to 2147483647)',
				'Give a number from -2147483648 to 2147483647',
			),
		]);
	});

	it('refuses a fraction or text where a whole number is wanted', () => {
		const fix = 'Give a whole number, e.g. 60; in an expression, convert with {{ Number(value) }}';
		expect(create({ ExpiryDurationInMinutes: 1.5 }).problems).toStrictEqual([
			p('Expiry Duration (Minutes)', 'must be a whole number, not a number (1.5)', fix),
		]);
		expect(create({ ExpiryDurationInMinutes: '60' }).problems).toStrictEqual([
			p('Expiry Duration (Minutes)', 'must be a whole number, not a string', fix),
		]);
	});

	it('checks the model range (AssumeRole DurationSeconds 900-43200)', () => {
		const assume = (DurationSeconds: number) =>
			checkAgainstModel(
				'AssumeRole',
				{ RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'n8n', DurationSeconds },
				{},
			).problems;
		expect(assume(900)).toStrictEqual([]);
		expect(assume(43200)).toStrictEqual([]);
		expect(assume(899)).toStrictEqual([
			p('DurationSeconds', 'is 899; the minimum is 900', 'Give at least 900'),
		]);
		expect(assume(43201)).toStrictEqual([
			p('DurationSeconds', 'is 43201; the maximum is 43200', 'Give at most 43200'),
		]);
	});
});

describe('timestamps', () => {
	const task = (ScheduledTime: unknown) =>
		checkAgainstModel<{ ScheduledTime?: Date }>(
			'StartTaskContact',
			{ InstanceId: ID, Name: 'n', ScheduledTime },
			{},
		);
	it('takes a Date, an ISO 8601 text or a Luxon-like DateTime, and sends a Date', () => {
		const at = new Date('2026-01-31T09:00:00Z');
		expect(task(at).input.ScheduledTime).toStrictEqual(at);
		expect(task('2026-01-31T09:00:00Z').input.ScheduledTime).toStrictEqual(at);
		expect(task({ toJSDate: () => at }).input.ScheduledTime).toStrictEqual(at);
	});
	it('refuses anything else', () => {
		expect(task('tomorrow').problems).toStrictEqual([
			p(
				'ScheduledTime',
				'must be a date and time, not a string',
				'Give an ISO 8601 date and time such as 2026-01-31T09:00:00Z, e.g. {{ $now.plus(1, "hour").toISO() }}',
			),
		]);
	});
});

describe('labels', () => {
	it('refuses an empty URI label even where the shape allows it (ContactFlowId 0-500 is not a label; InstanceId is)', () => {
		expect(
			checkAgainstModel('DescribeContact', { InstanceId: ID, ContactId: 'c' }, {}).problems,
		).toStrictEqual([]);
		expect(modelShape('DescribeContact', 'InstanceId')).toStrictEqual({
			type: 'string',
			length: { min: 1, max: 100 },
		});
	});
});

describe('kinds the node operations do not reach (a made-up service)', () => {
	const service: ServiceFacts = {
		service: 'test',
		protocol: 'restJson1',
		operations: {},
		shapes: {
			Input: {
				type: 'structure',
				members: {
					Choice: { target: 'Choice' },
					Flag: { target: 'Flag' },
					Ratio: { target: 'Ratio' },
					Path: { target: 'Path', label: true },
				},
			},
			Choice: { type: 'union', members: { A: { target: 'Text' }, B: { target: 'Text' } } },
			Text: { type: 'string' },
			Flag: { type: 'boolean' },
			Ratio: { type: 'float', range: { min: 0, max: 1 } },
			Path: { type: 'string' },
		},
	};
	const check = (value: unknown) => checkValue(service, 'Input', value).problems;

	it('unions: exactly one member', () => {
		expect(check({ Choice: { A: 'a' } })).toStrictEqual([]);
		expect(check({ Choice: {} })).toStrictEqual([
			p('Choice', 'sets none of its members', 'Set exactly one of A, B'),
		]);
		expect(check({ Choice: { A: 'a', B: 'b' } })).toStrictEqual([
			p('Choice', 'sets A, B; only one may be set', 'Set exactly one of A, B'),
		]);
	});
	it('booleans: true or false only', () => {
		expect(check({ Flag: false })).toStrictEqual([]);
		expect(check({ Flag: 'true' })).toStrictEqual([
			p('Flag', 'must be true or false, not a string', 'Give a boolean: true or false'),
		]);
	});
	it('floats: finite, within the range', () => {
		expect(check({ Ratio: 0.5 })).toStrictEqual([]);
		expect(check({ Ratio: 1.5 })).toStrictEqual([
			p('Ratio', 'is 1.5; the maximum is 1', 'Give at most 1'),
		]);
		expect(check({ Ratio: Infinity })).toStrictEqual([
			p(
				'Ratio',
				'must be a number, not a number (Infinity)',
				'Give a number, e.g. 2.5; in an expression, convert with {{ Number(value) }}',
			),
		]);
	});
	it('labels: never empty', () => {
		expect(check({ Path: '' })).toStrictEqual([p('Path', 'is empty', 'Give Path a value')]);
	});
});
