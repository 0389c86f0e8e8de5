/**
 * Contact → Create's documented rules, one case each, citing the document (../shared/reference/
 * connect-createcontact.md, "§2 <member>"). Everything else the node refuses comes from AWS's model
 * (test/unit/modelCheck.test.ts); what no document forbids is sent (last table).
 */
import { findProblems } from '../../nodes/AmazonConnect/actions/contact/create/check';
import type { UncheckedInput } from '../../nodes/AmazonConnect/actions/contact/create/input';

const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';
const task = (extra: UncheckedInput = {}): UncheckedInput => ({
	InstanceId: ID,
	Channel: 'TASK',
	InitiationMethod: 'API',
	...extra,
});
const email = (method: string, extra: UncheckedInput = {}) =>
	task({ Channel: 'EMAIL', InitiationMethod: method, UserInfo: { UserId: 'u' }, ...extra });
const voice = (extra: UncheckedInput = {}) =>
	task({ Channel: 'VOICE', InitiationMethod: 'TRANSFER', ...extra });

describe('documented rules of CreateContact', () => {
	it.each<[string, string, UncheckedInput, string, string]>([
		[
			'§2 Channel: CHAT is not supported',
			'connect-createcontact.md §2 Channel',
			task({ Channel: 'CHAT' }),
			'Channel',
			'CHAT contacts cannot be created with CreateContact',
		],
		[
			'§2 InitiationMethod: TASK only with API',
			'connect-createcontact.md §2 InitiationMethod',
			task({ InitiationMethod: 'FLOW' }),
			'Initiation Method',
			'FLOW is not allowed for TASK contacts',
		],
		[
			'§2 UserInfo: required for EMAIL OUTBOUND',
			'connect-createcontact.md §2 UserInfo',
			email('OUTBOUND', { UserInfo: undefined }),
			'User',
			'is required for EMAIL OUTBOUND contacts',
		],
		[
			'§2 UserInfo: required for EMAIL AGENT_REPLY',
			'connect-createcontact.md §2 UserInfo',
			email('AGENT_REPLY', { UserInfo: undefined }),
			'User',
			'is required for EMAIL AGENT_REPLY contacts',
		],
		[
			'§2 InitiateAs: only TASK may be COMPLETED',
			'connect-createcontact.md §2 InitiateAs',
			email('FLOW', { InitiateAs: 'COMPLETED' }),
			'Initiate As',
			'COMPLETED is not allowed for EMAIL FLOW contacts (only tasks can be created completed)',
		],
		[
			'§2 PreviousContactId: only VOICE TRANSFER',
			'connect-createcontact.md §2 PreviousContactId',
			task({ PreviousContactId: 'p' }),
			'Previous Contact ID',
			'cannot be set for TASK API contacts',
		],
		[
			'§2 Attributes: key alphabet',
			'connect-createcontact.md §2 Attributes',
			task({ Attributes: { 'a.b': 'x' } }),
			'Attributes › a.b',
			'the key "a.b" has characters that are not allowed',
		],
		[
			'§2 Attributes: 32,768 UTF-8 bytes',
			'connect-createcontact.md §2 Attributes',
			task({ Attributes: { k: 'é'.repeat(16384) } }),
			'Attributes',
			'take 32769 bytes (UTF-8, keys and values); the limit is 32768',
		],
		[
			'§2 References: 4,096 UTF-8 bytes',
			'connect-createcontact.md §2 References',
			task({ References: { k: { Type: 'STRING', Value: 'é'.repeat(2048) } } }),
			'References',
			'take 4097 bytes (UTF-8, keys and values); the limit is 4096',
		],
		[
			'§2 References: the types of a task at creation',
			'connect-createcontact.md §2 References',
			task({ References: { r: { Type: 'CONTACT_ANALYSIS', Value: 'x' } } }),
			'References › r',
			'type "CONTACT_ANALYSIS" cannot be used when creating a contact',
		],
		[
			'§2 SegmentAttributes: key alphabet (or connect:)',
			'connect-createcontact.md §2 SegmentAttributes',
			task({ SegmentAttributes: { 'a.b': { ValueString: 'x' } } }),
			'Segment Attributes (JSON) › a.b',
			'the key has characters that are not allowed',
		],
		[
			'§2 SegmentAttributeValue: ValueList/ValueArn for system attributes only',
			'connect-createcontact.md §2 (nested shapes)',
			task({ SegmentAttributes: { s: { ValueArn: 'arn:x' } } }),
			'Segment Attributes (JSON) › s',
			'ValueList and ValueArn are only for system (connect:) attributes',
		],
	])('%s (%s)', (_rule, _source, input, field, message) => {
		expect(findProblems(input).map((p) => [p.field, p.message])).toStrictEqual([[field, message]]);
	});

	it.each<[string, UncheckedInput]>([
		[
			'User on a task (documented only as required for EMAIL OUTBOUND / AGENT_REPLY)',
			task({ UserInfo: { UserId: 'u' } }),
		],
		['User on a voice contact', voice({ UserInfo: { UserId: 'u' } })],
		[
			'References on an email (types are listed for tasks)',
			email('FLOW', { References: { r: { Type: 'EMAIL_MESSAGE', Value: 'x' } } }),
		],
		['References on a voice contact', voice({ References: { r: { Type: 'URL', Value: 'x' } } })],
		[
			'a URL reference that is not a URL',
			task({ References: { r: { Type: 'URL', Value: 'crm/1' } } }),
		],
		[
			'a NUMBER reference that is not a number',
			task({ References: { r: { Type: 'NUMBER', Value: 'many' } } }),
		],
		[
			'a DATE reference that is not digits',
			task({ References: { r: { Type: 'DATE', Value: '2026-01-31' } } }),
		],
		[
			'an EMAIL reference that is not an address',
			task({ References: { r: { Type: 'EMAIL', Value: 'jane' } } }),
		],
		['ExpiryDurationInMinutes 0', task({ ExpiryDurationInMinutes: 0 })],
		[
			'connect:ContactExpiry of 0 minutes',
			task({
				SegmentAttributes: {
					'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 0 } } },
				},
			}),
		],
		['an empty segment attribute value', task({ SegmentAttributes: { s: {} } })],
		['a number as an attribute value (sent as text)', task({ Attributes: { amount: 42 } })],
	])('no document forbids %s: sent', (_what, input) => {
		expect(findProblems(input)).toStrictEqual([]);
	});
});
