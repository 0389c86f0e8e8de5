/**
 * check.ts: every rule of section 2 of the CreateContact reference that a user can break, each with
 * its exact problem ({field, message, fix}).
 */
import {
	checkCreateContactInput,
	findProblems,
} from '../../nodes/AmazonConnect/actions/contact/create/check';
import type { UncheckedInput } from '../../nodes/AmazonConnect/actions/contact/create/input';
import {
	allChannelMethods,
	TASK_REFERENCE_TYPES as CREATION_REFERENCE_TYPES,
} from '../../nodes/AmazonConnect/actions/contact/create/rules';
import { CONNECT } from '../../nodes/AmazonConnect/model/connect.generated';

const enumValues = (shape: string): readonly string[] => {
	const facts = CONNECT.shapes[shape];
	return facts.type === 'enum' ? facts.values : [];
};
const INITIATION_METHODS = enumValues('ContactInitiationMethod');
const REFERENCE_TYPES = enumValues('ReferenceType');

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const ARN_US_EAST_1 = `arn:aws:connect:us-east-1:123456789012:instance/${ID}`;

/** The reference's table (section 2, InitiationMethod): written here, not read from rules.ts. */
const ALLOWED: Record<string, string[]> = {
	TASK: ['API'],
	EMAIL: ['AGENT_REPLY', 'FLOW', 'OUTBOUND'],
	VOICE: ['TRANSFER'],
};
const PAIRS = Object.entries(ALLOWED).flatMap(([channel, methods]) =>
	methods.map((method) => ({ channel, method })),
);
const NEEDS_USER = new Set(['EMAIL OUTBOUND', 'EMAIL AGENT_REPLY']);

/** The smallest valid input of a pair. */
function base(channel: string, method: string, extra: UncheckedInput = {}): UncheckedInput {
	return {
		InstanceId: ID,
		Channel: channel,
		InitiationMethod: method,
		...(NEEDS_USER.has(`${channel} ${method}`) && { UserInfo: { UserId: 'user-1' } }),
		...extra,
	};
}
const task = (extra: UncheckedInput = {}) => base('TASK', 'API', extra);
const p = (field: string, message: string, fix: string) => ({ field, message, fix });

const TOO_LONG = (field: string, length: number, max: number) =>
	p(
		field,
		`is ${length} characters long; the limit is ${max}`,
		`Shorten ${field} to at most ${max} characters`,
	);
const JSON_FIX = 'Turn it into text with {{ JSON.stringify(value) }}, or give its parts separately';
const NULL_FIX = 'Give a value (an empty text "" is allowed), or remove the key';
const KEY_FIX =
	"Keys may contain only letters, digits, '-' and '_': e.g. replace spaces and dots with '_'";
const CREATION_TYPES_FIX = 'Choose one of URL, NUMBER, STRING, DATE, EMAIL, ATTACHMENT';

describe('the channel table', () => {
	it('is exactly the table of the reference', () => {
		expect(
			allChannelMethods().map(({ channel, method }) => ({
				channel: channel.value,
				method: method.value,
			})),
		).toStrictEqual(PAIRS);
	});

	it.each(PAIRS)('accepts the smallest $channel $method contact', ({ channel, method }) => {
		const input = base(channel, method);
		expect(checkCreateContactInput(input)).toStrictEqual({ ok: true, input });
	});
});

describe('Channel', () => {
	const fix = 'Choose one of TASK, EMAIL, VOICE';
	it('is required', () => {
		expect(findProblems({ InstanceId: ID, InitiationMethod: 'API' })).toStrictEqual([
			p('Channel', 'is required', fix),
		]);
	});
	it('rejects an unknown channel', () => {
		expect(findProblems(base('SMS', 'API'))).toStrictEqual([
			p('Channel', '"SMS" is not a channel', fix),
		]);
	});
	it('is case-sensitive', () => {
		expect(findProblems(base('task', 'API'))).toStrictEqual([
			p('Channel', '"task" is not a channel', fix),
		]);
	});
	it('rejects a channel that is not text', () => {
		expect(findProblems(base(5 as unknown as string, 'API'))).toStrictEqual([
			p('Channel', '"5" is not a channel', fix),
		]);
	});
	it.each(INITIATION_METHODS)('rejects CHAT (with %s)', (method) => {
		expect(findProblems(base('CHAT', method))).toStrictEqual([
			p('Channel', 'CHAT contacts cannot be created with CreateContact', fix),
		]);
	});
});

describe('Initiation Method', () => {
	it.each([
		['TASK', 'API'],
		['EMAIL', 'AGENT_REPLY, FLOW, OUTBOUND'],
		['VOICE', 'TRANSFER'],
	])('is required for %s', (channel, methods) => {
		expect(findProblems({ InstanceId: ID, Channel: channel })).toStrictEqual([
			p('Initiation Method', 'is required', `For ${channel}, choose one of ${methods}`),
		]);
	});

	const disallowed = Object.entries(ALLOWED).flatMap(([channel, methods]) =>
		INITIATION_METHODS.filter((method) => !methods.includes(method)).map((method) => ({
			channel,
			method,
			list: methods.join(', '),
		})),
	);

	it('covers every disallowed pair (3 channels × 12 methods − 5 allowed)', () => {
		expect(disallowed).toHaveLength(3 * 12 - 5);
	});

	it.each(disallowed)('rejects $method for $channel', ({ channel, method, list }) => {
		expect(findProblems(base(channel, method))).toStrictEqual([
			p(
				'Initiation Method',
				`${method} is not allowed for ${channel} contacts`,
				`For ${channel}, choose one of ${list}`,
			),
		]);
	});
});

describe('User (UserInfo)', () => {
	it.each(['OUTBOUND', 'AGENT_REPLY'])('is required for EMAIL %s', (method) => {
		expect(
			findProblems({ InstanceId: ID, Channel: 'EMAIL', InitiationMethod: method }),
		).toStrictEqual([p('User', `is required for EMAIL ${method} contacts`, 'Set User')]);
	});
	it('is optional for EMAIL FLOW', () => {
		expect(findProblems(base('EMAIL', 'FLOW'))).toStrictEqual([]);
		expect(findProblems(base('EMAIL', 'FLOW', { UserInfo: { UserId: 'user-1' } }))).toStrictEqual(
			[],
		);
	});
	it.each([
		['TASK', 'API'],
		['VOICE', 'TRANSFER'],
	])(
		'is sent for %s %s (no document forbids it; the form does not offer it)',
		(channel, method) => {
			expect(findProblems(base(channel, method, { UserInfo: { UserId: 'user-1' } }))).toStrictEqual(
				[],
			);
		},
	);
	it('UserId: 256 characters ok, 257 too long', () => {
		expect(
			findProblems(base('EMAIL', 'OUTBOUND', { UserInfo: { UserId: 'u'.repeat(256) } })),
		).toStrictEqual([]);
		expect(
			findProblems(base('EMAIL', 'OUTBOUND', { UserInfo: { UserId: 'u'.repeat(257) } })),
		).toStrictEqual([TOO_LONG('User', 257, 256)]);
	});
	it('UserId must be given inside UserInfo where it is required', () => {
		expect(findProblems(base('EMAIL', 'OUTBOUND', { UserInfo: {} }))).toStrictEqual([
			p('User', 'is required for EMAIL OUTBOUND contacts', 'Set User'),
		]);
	});
	it('a UserId given as a number is sent as its text', () => {
		expect(
			checkCreateContactInput(base('EMAIL', 'OUTBOUND', { UserInfo: { UserId: 7 } })),
		).toStrictEqual({
			ok: true,
			input: base('EMAIL', 'OUTBOUND', { UserInfo: { UserId: '7' } }),
		});
	});
});

describe('Initiate As', () => {
	it.each(['CONNECTED_TO_USER', 'COMPLETED'])('TASK may be created %s', (initiateAs) => {
		expect(findProblems(task({ InitiateAs: initiateAs }))).toStrictEqual([]);
	});
	it.each(PAIRS.filter(({ channel }) => channel !== 'TASK'))(
		'$channel $method may be CONNECTED_TO_USER',
		({ channel, method }) => {
			expect(
				findProblems(base(channel, method, { InitiateAs: 'CONNECTED_TO_USER' })),
			).toStrictEqual([]);
		},
	);
	it.each(PAIRS.filter(({ channel }) => channel !== 'TASK'))(
		'$channel $method cannot be COMPLETED',
		({ channel, method }) => {
			expect(findProblems(base(channel, method, { InitiateAs: 'COMPLETED' }))).toStrictEqual([
				p(
					'Initiate As',
					`COMPLETED is not allowed for ${channel} ${method} contacts (only tasks can be created completed)`,
					'Choose one of CONNECTED_TO_USER, or create the contact as a TASK',
				),
			]);
		},
	);
	it('rejects an unknown value with the values of the method', () => {
		expect(findProblems(task({ InitiateAs: 'LATER' }))).toStrictEqual([
			p(
				'Initiate As',
				'"LATER" is not a valid value',
				'Choose one of CONNECTED_TO_USER, COMPLETED',
			),
		]);
		expect(findProblems(base('EMAIL', 'FLOW', { InitiateAs: 'completed' }))).toStrictEqual([
			p('Initiate As', '"completed" is not a valid value', 'Choose one of CONNECTED_TO_USER'),
		]);
	});
});

describe('Previous Contact ID', () => {
	const fix = 'Remove Previous Contact ID; it is accepted only for VOICE TRANSFER';
	it('is accepted for VOICE TRANSFER', () => {
		expect(findProblems(base('VOICE', 'TRANSFER', { PreviousContactId: 'prev-1' }))).toStrictEqual(
			[],
		);
	});
	it.each(PAIRS.filter(({ channel }) => channel !== 'VOICE'))(
		'is rejected for $channel $method',
		({ channel, method }) => {
			expect(findProblems(base(channel, method, { PreviousContactId: 'prev-1' }))).toStrictEqual([
				p('Previous Contact ID', `cannot be set for ${channel} ${method} contacts`, fix),
			]);
		},
	);
});

describe('References on every channel (the type list is documented for tasks only)', () => {
	const refs = {
		Ticket: { Type: 'URL', Value: 'https://crm.example.com/t/1' },
		Analysis: { Type: 'CONTACT_ANALYSIS', Value: 'x' },
	};
	it('a task takes the documented creation types', () => {
		expect(findProblems(task({ References: { Ticket: refs.Ticket } }))).toStrictEqual([]);
	});
	it.each(PAIRS.filter(({ channel }) => channel !== 'TASK'))(
		'$channel $method: sent with any type of the model',
		({ channel, method }) => {
			expect(findProblems(base(channel, method, { References: refs }))).toStrictEqual([]);
		},
	);
});

describe('Attributes', () => {
	it('accepts letters, digits, - and _ in keys', () => {
		expect(findProblems(task({ Attributes: { 'order-id_2': '1', A: '' } }))).toStrictEqual([]);
	});
	it.each(['order id', 'order.id', 'ключ', 'a:b', 'x/y'])('rejects the key %j', (key) => {
		expect(findProblems(task({ Attributes: { [key]: 'v' } }))).toStrictEqual([
			p(`Attributes › ${key}`, `the key "${key}" has characters that are not allowed`, KEY_FIX),
		]);
	});
	it.each([
		['a number', 42, '42'],
		['a fraction', 12.5, '12.5'],
		['a boolean', true, 'true'],
	])('sends %s as its text (safe conversion)', (_name, value, text) => {
		expect(checkCreateContactInput(task({ Attributes: { orderId: value } }))).toStrictEqual({
			ok: true,
			input: task({ Attributes: { orderId: text } }),
		});
	});
	it.each([
		['null', null, 'the value is null', NULL_FIX],
		['an object', { a: 1 }, 'the value is an object, not text', JSON_FIX],
		['a list', ['a'], 'the value is a list, not text', JSON_FIX],
	])('rejects %s as a value, with the right fix', (_name, value, message, fix) => {
		expect(findProblems(task({ Attributes: { orderId: value } }))).toStrictEqual([
			p('Attributes › orderId', message, fix),
		]);
	});
	it('names every wrong attribute', () => {
		expect(findProblems(task({ Attributes: { a: {}, 'b c': 'x', d: 'ok' } }))).toStrictEqual([
			p('Attributes › a', 'the value is an object, not text', JSON_FIX),
			p('Attributes › b c', 'the key "b c" has characters that are not allowed', KEY_FIX),
		]);
	});
	it.each([
		['a string', 'x', 'a string'],
		['a list', [], 'a list'],
	])('must be an object, not %s', (_name, value, described) => {
		expect(findProblems(task({ Attributes: value }))).toStrictEqual([
			p(
				'Attributes',
				`must be an object of key/value pairs, not ${described}`,
				'Give key/value pairs, e.g. {"orderId": "1234"}',
			),
		]);
	});

	describe('the 32,768-byte budget (UTF-8, keys and values)', () => {
		const over = (total: number) =>
			p(
				'Attributes',
				`take ${total} bytes (UTF-8, keys and values); the limit is 32768`,
				'Send fewer or shorter attributes; keep large data in your own system and pass a link or an ID',
			);
		it('32,768 bytes are accepted', () => {
			expect(
				findProblems(task({ Attributes: { a: 'x'.repeat(20000), b: 'y'.repeat(12766) } })),
			).toStrictEqual([]);
		});
		it('32,769 bytes are rejected', () => {
			expect(
				findProblems(task({ Attributes: { a: 'x'.repeat(20000), b: 'y'.repeat(12767) } })),
			).toStrictEqual([over(32769)]);
		});
		it('keys count', () => {
			expect(findProblems(task({ Attributes: { k: 'x'.repeat(32767) } }))).toStrictEqual([]);
			expect(findProblems(task({ Attributes: { kk: 'x'.repeat(32767) } }))).toStrictEqual([
				over(32769),
			]);
		});
		it('counts bytes, not characters: é is 2 bytes', () => {
			// 16,385 characters, 32,769 bytes
			expect(findProblems(task({ Attributes: { k: 'é'.repeat(16384) } }))).toStrictEqual([
				over(32769),
			]);
			expect(findProblems(task({ Attributes: { k: 'é'.repeat(16383) + 'a' } }))).toStrictEqual([]);
		});
		it('counts bytes, not characters: an emoji is 4 bytes (2 UTF-16 units)', () => {
			expect(findProblems(task({ Attributes: { k: '😀'.repeat(8192) } }))).toStrictEqual([
				over(32769),
			]);
			expect(findProblems(task({ Attributes: { k: '😀'.repeat(8191) + 'abc' } }))).toStrictEqual(
				[],
			);
		});
		it('a value of 32,767 characters is the longest', () => {
			expect(findProblems(task({ Attributes: { k: 'x'.repeat(32768) } }))).toStrictEqual([
				p(
					'Attributes › k',
					'the value is 32768 characters long; the limit is 32767',
					'Shorten the value to at most 32767 characters',
				),
				over(32769),
			]);
		});
		it('a key of 32,767 characters is the longest', () => {
			expect(findProblems(task({ Attributes: { ['k'.repeat(32767)]: '' } }))).toStrictEqual([]);
			const key = 'k'.repeat(32768);
			expect(findProblems(task({ Attributes: { [key]: '' } }))).toStrictEqual([
				p(
					`Attributes › ${key}`,
					'the key is 32768 characters long; the limit is 32767',
					'Shorten the key to at most 32767 characters',
				),
			]);
		});
	});
});

describe('References', () => {
	const ref = (reference: unknown, key = 'R') => task({ References: { [key]: reference } });

	it.each([
		['URL', 'https://crm.example.com/tickets/1234'],
		['URL', 'http://a.b'],
		['NUMBER', '42'],
		['NUMBER', '-3.5'],
		['STRING', 'anything at all'],
		['STRING', ''],
		['DATE', '1767225600'],
		['DATE', '1767225600000'],
		['EMAIL', 'jane@example.com'],
		['ATTACHMENT', 'report.pdf'],
	])('accepts a %s reference %j', (Type, Value) => {
		expect(findProblems(ref({ Type, Value }))).toStrictEqual([]);
	});

	it('accepts every creation type', () => {
		expect([...CREATION_REFERENCE_TYPES].sort()).toStrictEqual([
			'ATTACHMENT',
			'DATE',
			'EMAIL',
			'NUMBER',
			'STRING',
			'URL',
		]);
	});

	it.each(
		REFERENCE_TYPES.filter(
			(type) => !(CREATION_REFERENCE_TYPES as readonly string[]).includes(type),
		),
	)('rejects the type %s at creation', (Type) => {
		expect(findProblems(ref({ Type, Value: 'x' }))).toStrictEqual([
			p(
				'References › R',
				`type "${Type}" cannot be used when creating a contact`,
				CREATION_TYPES_FIX,
			),
		]);
	});
	it('rejects an unknown or lower-case type (the model enum)', () => {
		expect(findProblems(ref({ Type: 'url', Value: 'https://a.b' }))).toStrictEqual([
			p(
				'References › R › Type',
				'"url" is not one of the allowed values',
				`Choose one of ${REFERENCE_TYPES.join(', ')}`,
			),
		]);
	});
	it('requires a type (the model)', () => {
		expect(findProblems(ref({ Value: 'x' }))).toStrictEqual([
			p('References › R › Type', 'is required', 'Set References › R › Type'),
		]);
	});
	it('refuses an empty key (the model: 1 to 4096 characters)', () => {
		expect(findProblems(ref({ Type: 'STRING', Value: 'x' }, ''))).toStrictEqual([
			p('References › (empty key)', 'the key is empty', 'Give the key a name, or remove the entry'),
		]);
	});

	it.each([
		['URL', 'crm.example.com/t/1'],
		['NUMBER', 'forty-two'],
		['NUMBER', ''],
		['DATE', '2026-01-01'],
		['DATE', '-1'],
		['EMAIL', 'jane.example.com'],
	])('sends a %s reference %j: no AWS document gives a format for its value', (Type, Value) => {
		expect(findProblems(ref({ Type, Value }))).toStrictEqual([]);
	});
	it('sends a number value as its text', () => {
		expect(checkCreateContactInput(ref({ Type: 'NUMBER', Value: 42 }))).toStrictEqual({
			ok: true,
			input: ref({ Type: 'NUMBER', Value: '42' }),
		});
	});
	const REFERENCE_MEMBERS = 'Value, Type, Status, Arn, StatusReason';
	it('a reference must be an object', () => {
		expect(findProblems(ref('https://a.b'))).toStrictEqual([
			p(
				'References › R',
				'must be an object, not a string',
				`Give an object with ${REFERENCE_MEMBERS}`,
			),
		]);
	});
	it('References must be an object', () => {
		expect(findProblems(task({ References: [] }))).toStrictEqual([
			p(
				'References',
				'must be an object of key/value pairs, not a list',
				'Give key/value pairs, e.g. {"orderId": "1234"}',
			),
		]);
	});
	it('rejects unknown members of a reference', () => {
		expect(findProblems(ref({ Type: 'STRING', Value: 'x', Foo: 1, value: 'y' }))).toStrictEqual([
			p(
				'References › R',
				'has unknown members: Foo, value',
				`Remove them; the members are ${REFERENCE_MEMBERS}`,
			),
		]);
	});

	describe('Arn', () => {
		const arn = (Arn: unknown) => ref({ Type: 'ATTACHMENT', Value: 'a.pdf', Arn });
		it('accepts an ARN of 20 to 256 characters', () => {
			expect(findProblems(arn('arn:aws:connect:us-east-1:123456789012:instance/x'))).toStrictEqual(
				[],
			);
			expect(findProblems(arn('arn:' + 'a'.repeat(16)))).toStrictEqual([]);
			expect(findProblems(arn('arn:' + 'a'.repeat(252)))).toStrictEqual([]);
		});
		it('rejects 257 characters', () => {
			expect(findProblems(arn('arn:' + 'a'.repeat(253)))).toStrictEqual([
				TOO_LONG('References › R › Arn', 257, 256),
			]);
		});
		it('rejects fewer than 20 characters (one problem on the Arn)', () => {
			// The exact wording is not asserted here: see the report (it currently says "is empty").
			const problems = findProblems(arn('arn:' + 'a'.repeat(15)));
			expect(problems.map((problem) => problem.field)).toStrictEqual(['References › R › Arn']);
		});
		it('rejects characters outside the model pattern', () => {
			expect(findProblems(arn('arn:aws:s3:::my bucket/file.pdf'))).toStrictEqual([
				p(
					'References › R › Arn',
					'"arn:aws:s3:::my bucket/file.pdf" does not have the form AWS\'s model requires (^[-:/A-Za-z0-9]+$)',
					'Give References › R › Arn in that form',
				),
			]);
		});
		it('must be text', () => {
			expect(findProblems(arn({}))).toStrictEqual([
				p(
					'References › R › Arn',
					'must be text, not an object',
					'Turn it into text with {{ JSON.stringify(value) }}, or give its parts separately',
				),
			]);
		});
	});

	it.each(['AVAILABLE', 'DELETED', 'APPROVED', 'REJECTED', 'PROCESSING', 'FAILED'])(
		'accepts the status %s',
		(Status) => {
			expect(findProblems(ref({ Type: 'STRING', Value: 'x', Status }))).toStrictEqual([]);
		},
	);
	it('rejects an unknown status', () => {
		expect(findProblems(ref({ Type: 'STRING', Value: 'x', Status: 'DONE' }))).toStrictEqual([
			p(
				'References › R › Status',
				'"DONE" is not one of the allowed values',
				'Choose one of AVAILABLE, DELETED, APPROVED, REJECTED, PROCESSING, FAILED',
			),
		]);
	});
	it('StatusReason: 100 characters ok, 101 too long', () => {
		expect(
			findProblems(ref({ Type: 'STRING', Value: 'x', StatusReason: 'r'.repeat(100) })),
		).toStrictEqual([]);
		expect(
			findProblems(ref({ Type: 'STRING', Value: 'x', StatusReason: 'r'.repeat(101) })),
		).toStrictEqual([TOO_LONG('References › R › StatusReason', 101, 100)]);
	});

	describe('the 4,096-byte budget (UTF-8, keys and values)', () => {
		const over = (total: number) =>
			p(
				'References',
				`take ${total} bytes (UTF-8, keys and values); the limit is 4096`,
				'Send fewer or shorter references',
			);
		it('4,096 bytes are accepted, 4,097 rejected', () => {
			expect(findProblems(ref({ Type: 'STRING', Value: 'v'.repeat(4095) }))).toStrictEqual([]);
			expect(findProblems(ref({ Type: 'STRING', Value: 'v'.repeat(4096) }))).toStrictEqual([
				over(4097),
			]);
		});
		it('adds up all references', () => {
			const two = (n: number) =>
				task({
					References: {
						A: { Type: 'STRING', Value: 'v'.repeat(2000) },
						B: { Type: 'STRING', Value: 'w'.repeat(n) },
					},
				});
			expect(findProblems(two(2094))).toStrictEqual([]);
			expect(findProblems(two(2095))).toStrictEqual([over(4097)]);
		});
		it('counts bytes, not characters', () => {
			// 2,049 characters, 4,097 bytes
			expect(findProblems(ref({ Type: 'STRING', Value: 'é'.repeat(2048) }))).toStrictEqual([
				over(4097),
			]);
			expect(findProblems(ref({ Type: 'STRING', Value: 'é'.repeat(2047) + 'a' }))).toStrictEqual(
				[],
			);
			expect(findProblems(ref({ Type: 'STRING', Value: '😀'.repeat(1024) }))).toStrictEqual([
				over(4097),
			]);
		});
		it('a value of 4,096 characters is the longest', () => {
			expect(findProblems(ref({ Type: 'STRING', Value: 'v'.repeat(4097) }))).toStrictEqual([
				TOO_LONG('References › R › Value', 4097, 4096),
				over(4098),
			]);
		});
		it('a key of 4,096 characters is the longest', () => {
			expect(findProblems(ref({ Type: 'STRING', Value: '' }, 'k'.repeat(4096)))).toStrictEqual([]);
			const key = 'k'.repeat(4097);
			expect(findProblems(ref({ Type: 'STRING', Value: '' }, key))).toStrictEqual([
				p(
					`References › ${key}`,
					'the key is 4097 characters long; the limit is 4096',
					'Shorten the key to at most 4096 characters',
				),
				over(4097),
			]);
		});
	});
});

describe('lengths of the model: the maximum is accepted, one more is rejected', () => {
	it.each([
		['Name', 'Name', 1024],
		['Description', 'Description', 4096],
		['ClientToken', 'Client Token', 500],
		['RelatedContactId', 'Related Contact ID', 256],
	])('%s (%s): %i characters', (member, field, max) => {
		expect(findProblems(task({ [member]: 'x'.repeat(max) }))).toStrictEqual([]);
		expect(findProblems(task({ [member]: 'x'.repeat(max + 1) }))).toStrictEqual([
			TOO_LONG(field, max + 1, max),
		]);
	});
	it('PreviousContactId: 256 characters', () => {
		expect(
			findProblems(base('VOICE', 'TRANSFER', { PreviousContactId: 'x'.repeat(256) })),
		).toStrictEqual([]);
		expect(
			findProblems(base('VOICE', 'TRANSFER', { PreviousContactId: 'x'.repeat(257) })),
		).toStrictEqual([TOO_LONG('Previous Contact ID', 257, 256)]);
	});
	it('InstanceId: 100 characters is the model limit (any such ID also fails the UUID pattern)', () => {
		const at = 'a'.repeat(100);
		const over = 'a'.repeat(101);
		const notAnId = (id: string) =>
			p(
				'Instance',
				`"${id}" is neither an instance ID nor an instance ARN`,
				'Give the instance ID (a UUID such as 8a3d1c3e-...), or its ARN arn:aws:connect:<region>:<account>:instance/<id>',
			);
		expect(findProblems(task({ InstanceId: at }))).toStrictEqual([notAnId(at)]);
		expect(findProblems(task({ InstanceId: over }))).toStrictEqual([
			notAnId(over),
			TOO_LONG('Instance', 101, 100),
		]);
	});
	it.each([
		['Name', 'Name'],
		['Description', 'Description'],
		['ClientToken', 'Client Token'],
		['RelatedContactId', 'Related Contact ID'],
	])('%s given as a number is sent as its text; an object is refused', (member, field) => {
		expect(checkCreateContactInput(task({ [member]: 12 }))).toStrictEqual({
			ok: true,
			input: task({ [member]: '12' }),
		});
		expect(findProblems(task({ [member]: { a: 1 } }))).toStrictEqual([
			p(
				field,
				'must be text, not an object',
				'Turn it into text with {{ JSON.stringify(value) }}, or give its parts separately',
			),
		]);
	});
	it('empty Name, Description and ClientToken are within the model (minimum 0)', () => {
		expect(findProblems(task({ Name: '', Description: '', ClientToken: '' }))).toStrictEqual([]);
	});
	it.each([['RelatedContactId', 'Related Contact ID']])(
		'an empty %s is below the minimum of 1',
		(member, field) => {
			expect(findProblems(task({ [member]: '' }))).toStrictEqual([
				p(field, 'is empty', `Give ${field} a value, or leave the field out`),
			]);
		},
	);
	it('an empty PreviousContactId is below the minimum of 1', () => {
		expect(findProblems(base('VOICE', 'TRANSFER', { PreviousContactId: '' }))).toStrictEqual([
			p(
				'Previous Contact ID',
				'is empty',
				'Give Previous Contact ID a value, or leave the field out',
			),
		]);
	});
});

describe('Instance', () => {
	const NOT_AN_ID_FIX =
		'Give the instance ID (a UUID such as 8a3d1c3e-...), or its ARN arn:aws:connect:<region>:<account>:instance/<id>';
	it('is required', () => {
		expect(findProblems({ Channel: 'TASK', InitiationMethod: 'API' })).toStrictEqual([
			p('Instance', 'is required', 'Set Instance'),
		]);
	});
	it.each(['my-instance', '8a3d1c3e5b7f4e2a9c1d0f2e3a4b5c6d', `${ID}x`, ARN_US_EAST_1])(
		'rejects %j',
		(id) => {
			expect(findProblems(task({ InstanceId: id }))).toStrictEqual([
				p('Instance', `"${id}" is neither an instance ID nor an instance ARN`, NOT_AN_ID_FIX),
			]);
		},
	);
	it('accepts an upper-case UUID', () => {
		expect(findProblems(task({ InstanceId: ID.toUpperCase() }))).toStrictEqual([]);
	});
	it('rejects an ARN of another region than the credential', () => {
		const context = {
			credentialRegion: 'us-east-1',
			instanceReference: `arn:aws:connect:eu-west-2:123456789012:instance/${ID}`,
		};
		expect(findProblems(task(), context)).toStrictEqual([
			p(
				'Instance',
				'the instance ARN is in region eu-west-2, but the credential is for us-east-1',
				'Use a credential for eu-west-2, or an instance in us-east-1',
			),
		]);
	});
	it('accepts an ARN of the credential region, in any partition', () => {
		expect(
			findProblems(task(), { credentialRegion: 'us-east-1', instanceReference: ARN_US_EAST_1 }),
		).toStrictEqual([]);
		expect(
			findProblems(task(), {
				credentialRegion: 'us-gov-west-1',
				instanceReference: ` arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/${ID} `,
			}),
		).toStrictEqual([]);
	});
	it('has no region to compare when the instance was given by ID', () => {
		expect(
			findProblems(task(), { credentialRegion: 'us-east-1', instanceReference: ID }),
		).toStrictEqual([]);
	});
});

describe('Expiry Duration (Minutes): a 32-bit integer of the model (no range is documented)', () => {
	const fix = 'Give a whole number, e.g. 60; in an expression, convert with {{ Number(value) }}';
	it.each([1, 60, 0, -5, 2147483647])('sends %s', (minutes) => {
		expect(findProblems(task({ ExpiryDurationInMinutes: minutes }))).toStrictEqual([]);
	});
	it.each([
		[1.5, 'a number (1.5)'],
		[Number.NaN, 'a number (NaN)'],
		['60', 'a string'],
		[true, 'a boolean (true)'],
	])('rejects %j', (minutes, described) => {
		expect(findProblems(task({ ExpiryDurationInMinutes: minutes }))).toStrictEqual([
			p('Expiry Duration (Minutes)', `must be a whole number, not ${described}`, fix),
		]);
	});
	it('rejects a number beyond the 32-bit range', () => {
		expect(findProblems(task({ ExpiryDurationInMinutes: 2147483648 }))).toStrictEqual([
			p(
				'Expiry Duration (Minutes)',
				'is 2147483648, outside the whole numbers AWS accepts here (-2147483648 to 2147483647)',
				'Give a number from -2147483648 to 2147483647',
			),
		]);
	});
});

describe('Segment Attributes', () => {
	const F = 'Segment Attributes (JSON)';
	const seg = (segmentAttributes: unknown) => task({ SegmentAttributes: segmentAttributes });
	const MEMBERS = 'ValueString, ValueMap, ValueInteger, ValueList, ValueArn';
	const INTEGER_FIX =
		'Give a whole number, e.g. 60; in an expression, convert with {{ Number(value) }}';

	it('accepts connect: keys (which contain ":") and plain keys', () => {
		expect(
			findProblems(
				seg({
					'connect:Subtype': { ValueString: 'connect:ExternalTask' },
					'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 135 } } },
					'my-key_1': { ValueString: 'x' },
					counter: { ValueInteger: 3 },
					nested: { ValueMap: { a: { ValueString: 'b' } } },
				}),
			),
		).toStrictEqual([]);
	});
	it.each(['my:key', 'a b', 'a.b'])('rejects the non-system key %j', (key) => {
		expect(findProblems(seg({ [key]: { ValueString: 'x' } }))).toStrictEqual([
			p(
				`${F} › ${key}`,
				'the key has characters that are not allowed',
				"Use letters, digits, '-' and '_', or a system key such as connect:ContactExpiry",
			),
		]);
	});
	it('keys: 128 characters ok, 129 too long', () => {
		expect(findProblems(seg({ ['k'.repeat(128)]: { ValueString: 'x' } }))).toStrictEqual([]);
		const key = 'k'.repeat(129);
		expect(findProblems(seg({ [key]: { ValueString: 'x' } }))).toStrictEqual([
			p(
				`${F} › ${key}`,
				'the key is 129 characters long; the limit is 128',
				'Shorten the key to at most 128 characters',
			),
		]);
	});
	it('keys inside a ValueMap: 128 characters ok, 129 too long', () => {
		expect(
			findProblems(seg({ m: { ValueMap: { ['k'.repeat(128)]: { ValueString: 'x' } } } })),
		).toStrictEqual([]);
		const key = 'k'.repeat(129);
		expect(findProblems(seg({ m: { ValueMap: { [key]: { ValueString: 'x' } } } }))).toStrictEqual([
			p(
				`${F} › m › ValueMap › ${key}`,
				'the key is 129 characters long; the limit is 128',
				'Shorten the key to at most 128 characters',
			),
		]);
	});
	it.each([
		['ValueList', { ValueList: [{ ValueString: 'a' }] }],
		['ValueArn', { ValueArn: 'arn:aws:connect:us-east-1:123456789012:instance/x' }],
	])('%s is only for system attributes', (_name, value) => {
		expect(findProblems(seg({ custom: value }))).toStrictEqual([
			p(
				`${F} › custom`,
				'ValueList and ValueArn are only for system (connect:) attributes',
				'Use ValueString, ValueInteger or ValueMap',
			),
		]);
		expect(findProblems(seg({ 'connect:Custom': value }))).toStrictEqual([]);
	});
	it('ValueList and ValueArn stay forbidden inside the ValueMap of a non-system key', () => {
		expect(findProblems(seg({ custom: { ValueMap: { inner: { ValueArn: 'x' } } } }))).toStrictEqual(
			[
				p(
					`${F} › custom`,
					'ValueList and ValueArn are only for system (connect:) attributes',
					'Use ValueString, ValueInteger or ValueMap',
				),
			],
		);
	});
	it('ValueString: 1024 characters ok, 1025 too long', () => {
		expect(findProblems(seg({ custom: { ValueString: 's'.repeat(1024) } }))).toStrictEqual([]);
		expect(findProblems(seg({ custom: { ValueString: 's'.repeat(1025) } }))).toStrictEqual([
			TOO_LONG(`${F} › custom › ValueString`, 1025, 1024),
		]);
	});
	it('ValueArn: 1024 characters ok, 1025 too long', () => {
		expect(findProblems(seg({ 'connect:X': { ValueArn: 'a'.repeat(1024) } }))).toStrictEqual([]);
		expect(findProblems(seg({ 'connect:X': { ValueArn: 'a'.repeat(1025) } }))).toStrictEqual([
			TOO_LONG(`${F} › connect:X › ValueArn`, 1025, 1024),
		]);
	});
	it.each([
		[1.5, 'a number (1.5)'],
		['5', 'a string'],
	])('ValueInteger must be an integer, not %j', (value, described) => {
		expect(findProblems(seg({ custom: { ValueInteger: value } }))).toStrictEqual([
			p(`${F} › custom › ValueInteger`, `must be a whole number, not ${described}`, INTEGER_FIX),
		]);
	});
	it('ValueList must be a list, and its items are checked', () => {
		expect(findProblems(seg({ 'connect:L': { ValueList: 'a' } }))).toStrictEqual([
			p(
				`${F} › connect:L › ValueList`,
				'must be a list, not a string',
				'Give a list, e.g. ["a", "b"]',
			),
		]);
		expect(
			findProblems(seg({ 'connect:L': { ValueList: [{ ValueString: 'a' }, { Bad: 1 }] } })),
		).toStrictEqual([
			p(
				`${F} › connect:L › ValueList › 2`,
				'has unknown members: Bad',
				`Remove them; the members are ${MEMBERS}`,
			),
		]);
	});
	it('a value must be an object with known members', () => {
		expect(findProblems(seg({ custom: 'x' }))).toStrictEqual([
			p(`${F} › custom`, 'must be an object, not a string', `Give an object with ${MEMBERS}`),
		]);
		// The model's SegmentAttributeValue is a structure, not a union: an empty one is sent.
		expect(findProblems(seg({ custom: {} }))).toStrictEqual([]);
		expect(findProblems(seg({ custom: { Value: 'x' } }))).toStrictEqual([
			p(`${F} › custom`, 'has unknown members: Value', `Remove them; the members are ${MEMBERS}`),
		]);
	});
	it('a null member is absent (AWS reads it so)', () => {
		expect(
			checkCreateContactInput(seg({ custom: { ValueString: 'a', ValueInteger: null } })),
		).toStrictEqual({ ok: true, input: seg({ custom: { ValueString: 'a' } }) });
	});
	it('must be an object', () => {
		expect(findProblems(seg([]))).toStrictEqual([
			p(
				F,
				'must be an object of key/value pairs, not a list',
				'Give key/value pairs, e.g. {"orderId": "1234"}',
			),
		]);
	});

	describe('connect:ContactExpiry', () => {
		const expiry = (value: unknown) => seg({ 'connect:ContactExpiry': value });
		it('is sent in any shape the model allows: no document states a minimum or a required form', () => {
			expect(findProblems(expiry({ ValueInteger: 60 }))).toStrictEqual([]);
			expect(
				findProblems(expiry({ ValueMap: { ExpiryDuration: { ValueInteger: 0 } } })),
			).toStrictEqual([]);
		});
		it('a whole number of minutes, named as the form calls it', () => {
			expect(
				findProblems(expiry({ ValueMap: { ExpiryDuration: { ValueInteger: 1.5 } } })),
			).toStrictEqual([
				p('Contact Expiry (Minutes)', 'must be a whole number, not a number (1.5)', INTEGER_FIX),
			]);
		});
	});
});

describe('the request as a whole', () => {
	it('rejects unknown members', () => {
		expect(findProblems(task({ Foo: 1, instanceId: ID } as UncheckedInput))).toStrictEqual([
			p(
				'Request',
				'has unknown members: Foo, instanceId',
				expect.stringMatching(/^Remove them; the members are InstanceId, ClientToken, /),
			),
		]);
	});
	it('reports every problem, in the order of the form', () => {
		expect(
			findProblems({
				InstanceId: 'x',
				Channel: 'EMAIL',
				InitiationMethod: 'OUTBOUND',
				Name: 'n'.repeat(1025),
				Attributes: { a: {} },
			}),
		).toStrictEqual([
			p(
				'Instance',
				'"x" is neither an instance ID nor an instance ARN',
				'Give the instance ID (a UUID such as 8a3d1c3e-...), or its ARN arn:aws:connect:<region>:<account>:instance/<id>',
			),
			p('User', 'is required for EMAIL OUTBOUND contacts', 'Set User'),
			p('Attributes › a', 'the value is an object, not text', JSON_FIX),
			TOO_LONG('Name', 1025, 1024),
		]);
	});
	it('checkCreateContactInput returns the input as it will be sent when it may be sent, the problems otherwise', () => {
		const input = task({ Name: 'n' });
		expect(checkCreateContactInput(input)).toStrictEqual({ ok: true, input });
		expect(checkCreateContactInput(task({ Name: ['a'] }))).toStrictEqual({
			ok: false,
			problems: [
				p(
					'Name',
					'must be text, not a list',
					'Turn it into text with {{ JSON.stringify(value) }}, or give its parts separately',
				),
			],
		});
	});
	it('accepts a task with every member it may carry', () => {
		const input = task({
			ClientToken: 'token-1',
			RelatedContactId: 'rel-1',
			Attributes: { orderId: '1234' },
			References: { Ticket: { Type: 'URL', Value: 'https://crm.example.com/t/1' } },
			ExpiryDurationInMinutes: 60,
			InitiateAs: 'COMPLETED',
			Name: 'Call back',
			Description: 'About order 1234',
			SegmentAttributes: {
				'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 1440 } } },
			},
		});
		expect(
			findProblems(input, { credentialRegion: 'us-east-1', instanceReference: ARN_US_EAST_1 }),
		).toStrictEqual([]);
	});
});
