import { connectModel } from '../../emulator/model';
import { startEmulator } from '../../emulator';
import {
	CONFIG,
	INSTANCE_ID,
	NO_CREATE_KEY,
	SECOND_INSTANCE_ID,
	UUID,
	client,
	createContact,
	failure,
	signedRequest,
	task,
	useEmulator,
} from './helpers';

const enumValues = (shape: string) =>
	Object.values(connectModel().shape(`com.amazonaws.connect#${shape}`).members ?? {}).map(
		(m) => m.traits?.['smithy.api#enumValue'] as string,
	);
const CHANNELS = enumValues('Channel');
const INITIATION_METHODS = enumValues('ContactInitiationMethod');
const USER_ID = CONFIG.users[INSTANCE_ID][0].id;
const SEEDED_CONTACT = CONFIG.contacts![INSTANCE_ID][0];
const email = (method: string, extra: Record<string, unknown> = {}) =>
	task({ Channel: 'EMAIL', InitiationMethod: method, UserInfo: { UserId: USER_ID }, ...extra });
const voice = (extra: Record<string, unknown> = {}) =>
	task({ Channel: 'VOICE', InitiationMethod: 'TRANSFER', ...extra });

const emu = useEmulator();

/** Sends the request, expects the named 4xx error, and checks that nothing was stored. */
async function rejected(
	input: Record<string, unknown>,
	name: string,
	status: number,
	...messageParts: string[]
) {
	const e = await failure(createContact(client(emu), input));
	expect(e.name).toBe(name);
	expect(e.$metadata?.httpStatusCode).toBe(status);
	for (const part of messageParts) expect(e.message).toContain(part);
	expect(emu.state.contacts).toHaveLength(0);
	expect(emu.state.tokens).toEqual({});
	return e;
}

describe('CreateContact success', () => {
	test('answers ContactId and ContactArn and stores the contact', async () => {
		const input = task({ ClientToken: 'token-1', Attributes: { caseId: '42' } });
		const out = await createContact(client(emu), input);
		expect(out.ContactId).toMatch(UUID);
		expect(out.ContactArn).toBe(
			`arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}/contact/${out.ContactId}`,
		);
		expect(out.$metadata.httpStatusCode).toBe(200);
		expect(emu.state.contacts).toEqual([
			{
				contactId: out.ContactId,
				contactArn: out.ContactArn,
				instanceId: INSTANCE_ID,
				clientToken: 'token-1',
				request: { ...input },
				createdAt: expect.any(Number),
			},
		]);
		const [record] = emu.state.requests;
		expect(record).toMatchObject({
			operation: 'CreateContact',
			method: 'PUT',
			path: '/contact/create-contact',
			status: 200,
			outcome: 'ok',
		});
		expect(record.requestId).toBe(out.$metadata.requestId);
	});

	test('each supported channel/method pair succeeds and every other pair is InvalidRequestException', async () => {
		const allowed = new Set([
			'VOICE/TRANSFER',
			'EMAIL/OUTBOUND',
			'EMAIL/AGENT_REPLY',
			'EMAIL/FLOW',
			'TASK/API',
		]);
		const seen: string[] = [];
		for (const channel of CHANNELS) {
			for (const method of INITIATION_METHODS) {
				const input = task({
					Channel: channel,
					InitiationMethod: method,
					UserInfo: { UserId: USER_ID },
				});
				try {
					await createContact(client(emu), input);
					seen.push(`${channel}/${method}`);
				} catch (e) {
					const err = e as { name: string; message: string };
					expect(err.name).toBe('InvalidRequestException');
					expect(err.message).toContain(channel === 'CHAT' ? 'Channel' : 'InitiationMethod');
				}
			}
		}
		expect(new Set(seen)).toEqual(allowed);
		expect(emu.state.contacts).toHaveLength(5);
	});

	test('the ARN partition follows the region', async () => {
		for (const [region, partition] of [
			['us-gov-west-1', 'aws-us-gov'],
			['cn-north-1', 'aws-cn'],
		]) {
			const other = await startEmulator({ rate: null, quiet: true, config: { ...CONFIG, region } });
			try {
				const out = await createContact(client(other), task());
				expect(out.ContactArn).toBe(
					`arn:${partition}:connect:${region}:123456789012:instance/${INSTANCE_ID}/contact/${out.ContactId}`,
				);
			} finally {
				await other.close();
			}
		}
	});

	test('a full request with every member is accepted', async () => {
		const out = await createContact(
			client(emu),
			task({
				ClientToken: 'full',
				RelatedContactId: SEEDED_CONTACT,
				Attributes: { 'case-id': '42', priority_level: 'high' },
				References: {
					ticket: { Type: 'URL', Value: 'https://example.com/t/42' },
					due: { Type: 'DATE', Value: '1767225600000' },
					amount: { Type: 'NUMBER', Value: '12.5' },
					doc: {
						Type: 'ATTACHMENT',
						Value: 'file.pdf',
						Status: 'APPROVED',
						Arn: 'arn:aws:connect:us-east-1:123456789012:file/x',
					},
				},
				ExpiryDurationInMinutes: 90,
				UserInfo: { UserId: USER_ID },
				InitiateAs: 'COMPLETED',
				Description: 'Follow up',
				SegmentAttributes: {
					'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 135 } } },
					'connect:Subtype': { ValueString: 'connect:ExternalTask' },
					'connect:Tags': { ValueList: [{ ValueString: 'a' }], ValueArn: undefined },
					team: { ValueMap: { name: { ValueString: 'blue' } } },
				},
			}),
		);
		expect(out.ContactId).toMatch(UUID);
	});

	test('PreviousContactId on VOICE/TRANSFER may name a seeded or a created contact', async () => {
		const first = await createContact(client(emu), voice({ PreviousContactId: SEEDED_CONTACT }));
		const second = await createContact(client(emu), voice({ PreviousContactId: first.ContactId }));
		expect(emu.state.contacts.map((c) => c.contactId)).toEqual([first.ContactId, second.ContactId]);
	});
});

describe('CreateContact model validation → InvalidParameterException', () => {
	test('missing required members are all reported', async () => {
		const e = await rejected(
			{ Name: 'x' },
			'InvalidParameterException',
			400,
			'3 validation errors detected',
		);
		expect(e.message).toBe(
			"3 validation errors detected: Value null at 'instanceId' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'channel' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'initiationMethod' failed to satisfy constraint: Member must not be null",
		);
	});

	test.each([
		[
			'InstanceId too long',
			{ InstanceId: 'i'.repeat(101) },
			"at 'instanceId'",
			'less than or equal to 100',
		],
		[
			'Channel not in the enum',
			{ Channel: 'SMS' },
			"Value 'SMS' at 'channel'",
			'enum value set: [VOICE, CHAT, TASK, EMAIL]',
		],
		[
			'InitiationMethod not in the enum',
			{ InitiationMethod: 'PHONE' },
			"at 'initiationMethod'",
			'enum value set',
		],
		[
			'InitiateAs not in the enum',
			{ InitiateAs: 'LATER' },
			"at 'initiateAs'",
			'CONNECTED_TO_USER, COMPLETED',
		],
		[
			'ClientToken too long',
			{ ClientToken: 't'.repeat(501) },
			"at 'clientToken'",
			'less than or equal to 500',
		],
		[
			'RelatedContactId empty',
			{ RelatedContactId: '' },
			"at 'relatedContactId'",
			'greater than or equal to 1',
		],
		[
			'PreviousContactId too long',
			{ PreviousContactId: 'p'.repeat(257) },
			"at 'previousContactId'",
			'less than or equal to 256',
		],
		['Name too long', { Name: 'n'.repeat(1025) }, "Value at 'name'", 'less than or equal to 1024'],
		[
			'Description too long',
			{ Description: 'd'.repeat(4097) },
			"Value at 'description'",
			'less than or equal to 4096',
		],
		[
			'UserInfo.UserId empty',
			{ UserInfo: { UserId: '' } },
			"at 'userInfo.userId'",
			'greater than or equal to 1',
		],
		[
			'Attributes key empty',
			{ Attributes: { '': 'v' } },
			"at 'attributes'",
			'Map keys must satisfy constraint',
		],
		[
			'Attributes value too long',
			{ Attributes: { k: 'v'.repeat(32768) } },
			"at 'attributes'",
			'Map value must satisfy constraint',
		],
		[
			'Reference without Type',
			{ References: { r: { Value: 'x' } } },
			"at 'references.r.member.type'",
			'must not be null',
		],
		[
			'Reference Type not in the enum',
			{ References: { r: { Type: 'PHONE', Value: 'x' } } },
			"at 'references.r.member.type'",
			'enum value set',
		],
		[
			'Reference Value too long',
			{ References: { r: { Type: 'STRING', Value: 'v'.repeat(4097) } } },
			"at 'references.r.member.value'",
			'4096',
		],
		[
			'Reference Status not in the enum',
			{ References: { r: { Type: 'URL', Value: 'x', Status: 'DONE' } } },
			"at 'references.r.member.status'",
			'enum',
		],
		[
			'Reference Arn too short',
			{ References: { r: { Type: 'URL', Arn: 'arn:short' } } },
			"at 'references.r.member.arn'",
			'greater than or equal to 20',
		],
		[
			'Reference Arn off pattern',
			{ References: { r: { Type: 'URL', Arn: 'arn:aws:connect:us-east-1:1:file x' } } },
			"at 'references.r.member.arn'",
			'regular expression pattern: ^[-:/A-Za-z0-9]+$',
		],
		[
			'Reference StatusReason too long',
			{ References: { r: { Type: 'URL', StatusReason: 's'.repeat(101) } } },
			"at 'references.r.member.statusReason'",
			'100',
		],
		[
			'SegmentAttributes key too long',
			{ SegmentAttributes: { ['k'.repeat(129)]: { ValueString: 'v' } } },
			"at 'segmentAttributes'",
			'Map keys',
		],
		[
			'SegmentAttribute ValueString too long',
			{ SegmentAttributes: { k: { ValueString: 'v'.repeat(1025) } } },
			"at 'segmentAttributes.k.member.valueString'",
			'1024',
		],
		[
			'SegmentAttribute ValueInteger not an integer',
			{ SegmentAttributes: { k: { ValueInteger: 1.5 } } },
			"at 'segmentAttributes.k.member.valueInteger'",
			'integer',
		],
		[
			'SegmentAttribute nested ValueMap key too long',
			{ SegmentAttributes: { k: { ValueMap: { ['m'.repeat(129)]: { ValueString: 'v' } } } } },
			"at 'segmentAttributes.k.member.valueMap'",
			'Map keys',
		],
		[
			'ExpiryDurationInMinutes not an integer',
			{ ExpiryDurationInMinutes: 1.5 },
			"at 'expiryDurationInMinutes'",
			'integer',
		],
	])('%s', async (_title, extra, member, constraint) => {
		const e = await rejected(task(extra), 'InvalidParameterException', 400, member, constraint);
		expect(e.message).toMatch(/^1 validation error detected: /);
	});

	test('sensitive and long values are not echoed', async () => {
		const e = await rejected(
			task({ Name: `secret-${'n'.repeat(1024)}` }),
			'InvalidParameterException',
			400,
		);
		expect(e.message).not.toContain('secret-');
	});

	describe('wrong JSON types (raw requests: the SDK would coerce some of them)', () => {
		async function raw(body: unknown, type: string, ...parts: string[]) {
			const r = await signedRequest(emu, {
				body: typeof body === 'string' ? body : JSON.stringify(body),
			});
			expect(r.status).toBe(400);
			expect(r.headers['x-amzn-errortype']).toBe(type);
			expect(r.headers['content-type']).toBe('application/json');
			for (const p of parts) expect(String(r.json?.Message)).toContain(p);
			expect(emu.state.contacts).toHaveLength(0);
			expect(emu.state.requests[0].outcome).toBe('invalid');
		}
		test('InstanceId as a number', () =>
			raw(
				task({ InstanceId: 42 }),
				'InvalidParameterException',
				"Value '42' at 'instanceId'",
				'Member must be a string',
			));
		test('ExpiryDurationInMinutes as a string', () =>
			raw(
				task({ ExpiryDurationInMinutes: '30' }),
				'InvalidParameterException',
				"at 'expiryDurationInMinutes'",
			));
		test('an attribute value as a number', () =>
			raw(
				task({ Attributes: { a: 1 } }),
				'InvalidParameterException',
				"at 'attributes.a'",
				'Member must be a string',
			));
		test('Attributes as a list', () =>
			raw(
				task({ Attributes: ['a'] }),
				'InvalidParameterException',
				"at 'attributes'",
				'a map of strings',
			));
		test('UserInfo as a string', () =>
			raw(task({ UserInfo: 'me' }), 'InvalidParameterException', "at 'userInfo'", 'a structure'));
		test('ValueList not a list', () =>
			raw(
				task({ SegmentAttributes: { 'connect:X': { ValueList: 'a' } } }),
				'InvalidParameterException',
				"at 'segmentAttributes.connect:X.member.valueList'",
			));
		test('a body that is not JSON', () =>
			raw('{"InstanceId": ', 'SerializationException', 'could not be parsed as JSON'));
		test('a JSON body that is not an object', () =>
			raw('[1,2]', 'SerializationException', 'must be a JSON object'));
	});
});

describe('CreateContact documented rules → InvalidRequestException', () => {
	test.each<[string, Record<string, unknown>, string, string]>([
		[
			'CHAT is not supported',
			task({ Channel: 'CHAT', InitiationMethod: 'API' }),
			'Channel',
			"'CHAT'",
		],
		[
			'VOICE only with TRANSFER',
			task({ Channel: 'VOICE', InitiationMethod: 'OUTBOUND' }),
			'InitiationMethod',
			'supported: TRANSFER',
		],
		[
			'EMAIL not with API',
			email('API'),
			'InitiationMethod',
			'supported: OUTBOUND, AGENT_REPLY, FLOW',
		],
		[
			'TASK only with API',
			task({ InitiationMethod: 'FLOW' }),
			'InitiationMethod',
			'supported: API',
		],
		[
			'EMAIL OUTBOUND needs UserInfo',
			email('OUTBOUND', { UserInfo: undefined }),
			'UserInfo.UserId',
			"'OUTBOUND'",
		],
		[
			'EMAIL AGENT_REPLY needs UserInfo.UserId',
			email('AGENT_REPLY', { UserInfo: {} }),
			'UserInfo.UserId',
			"'AGENT_REPLY'",
		],
		[
			'InitiateAs COMPLETED only for TASK',
			email('FLOW', { InitiateAs: 'COMPLETED' }),
			'InitiateAs',
			"'TASK'",
		],
		[
			'PreviousContactId only for VOICE TRANSFER',
			task({ PreviousContactId: SEEDED_CONTACT }),
			'PreviousContactId',
			'VOICE',
		],
		[
			'Attributes keys: only alphanumeric, dash, underscore',
			task({ Attributes: { 'case id': '1' } }),
			'Attributes',
			"'case id'",
		],
		[
			'Attributes over 32,768 UTF-8 bytes',
			task({ Attributes: { k: 'é'.repeat(16384) } }),
			'Attributes',
			'are 32769 UTF-8 bytes',
		],
		[
			'References type not allowed at creation',
			task({ References: { a: { Type: 'CONTACT_ANALYSIS', Value: 'x' } } }),
			'References',
			'CONTACT_ANALYSIS',
		],
		[
			'References over 4,096 UTF-8 bytes',
			task({ References: { k: { Type: 'STRING', Value: 'é'.repeat(2048) } } }),
			'References',
			'are 4097 UTF-8 bytes',
		],
		[
			'SegmentAttributes key alphabet',
			task({ SegmentAttributes: { 'my key': { ValueString: 'v' } } }),
			'SegmentAttributes',
			"'my key'",
		],
		[
			'SegmentAttributes unknown system prefix',
			task({ SegmentAttributes: { 'aws:Thing': { ValueString: 'v' } } }),
			'SegmentAttributes',
			"'aws:Thing'",
		],
		[
			'ValueList only for system attributes',
			task({ SegmentAttributes: { team: { ValueList: [{ ValueString: 'a' }] } } }),
			'SegmentAttributes',
			'system-defined',
		],
		[
			'ValueArn only for system attributes',
			task({ SegmentAttributes: { team: { ValueArn: 'arn:aws:connect:x' } } }),
			'SegmentAttributes',
			'system-defined',
		],
	])('%s', async (_title, input, member, detail) => {
		await rejected(input, 'InvalidRequestException', 400, member, detail);
	});

	test.each<[string, Record<string, unknown>]>([
		['ExpiryDurationInMinutes 0 (the model has no range)', task({ ExpiryDurationInMinutes: 0 })],
		[
			'a DATE reference that is not digits (no document gives its format)',
			task({ References: { d: { Type: 'DATE', Value: '2026-01-01' } } }),
		],
		['a segment attribute without a value', task({ SegmentAttributes: { team: {} } })],
		[
			'connect:ContactExpiry of 0 minutes, or not a ValueMap',
			task({ SegmentAttributes: { 'connect:ContactExpiry': { ValueInteger: 0 } } }),
		],
		[
			'UserInfo on a task (only required for EMAIL OUTBOUND / AGENT_REPLY)',
			task({ UserInfo: { UserId: USER_ID } }),
		],
		['UserInfo on a voice contact', voice({ UserInfo: { UserId: USER_ID } })],
		[
			'References of any model type on an email (the type list is documented for tasks)',
			email('FLOW', {
				UserInfo: undefined,
				References: { a: { Type: 'CONTACT_ANALYSIS', Value: 'x' } },
			}),
		],
		[
			'References on a voice contact',
			voice({ References: { u: { Type: 'URL', Value: 'not a url' } } }),
		],
		[
			'a null segment attribute member (absent)',
			task({ SegmentAttributes: { team: { ValueString: 'a', ValueInteger: null } } }),
		],
	])('sends what no document forbids: %s', async (_title, input) => {
		await createContact(client(emu), input);
		expect(emu.state.contacts).toHaveLength(1);
	});

	test('byte budgets count UTF-8 bytes and accept exactly the limit', async () => {
		// 1 + 2 × 16383 = 32767 bytes of attributes; 1 + 4095 = 4096 bytes of references.
		await createContact(
			client(emu),
			task({
				Attributes: { k: 'é'.repeat(16383) },
				References: { k: { Type: 'STRING', Value: 'v'.repeat(4095) } },
			}),
		);
		expect(emu.state.contacts).toHaveLength(1);
	});
});

describe('CreateContact lookups and permissions', () => {
	test('unknown InstanceId → ResourceNotFoundException 404', () =>
		rejected(
			task({ InstanceId: '00000000-0000-4000-8000-000000000000' }),
			'ResourceNotFoundException',
			404,
			'InstanceId',
			'00000000-0000-4000-8000-000000000000',
		));

	test('an instance ARN is not an instance id', () =>
		rejected(
			task({ InstanceId: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}` }),
			'ResourceNotFoundException',
			404,
			'InstanceId',
		));

	test('UserInfo.UserId of another instance → ResourceNotFoundException 404', () =>
		rejected(
			email('OUTBOUND', { UserInfo: { UserId: CONFIG.users[SECOND_INSTANCE_ID][0].id } }),
			'ResourceNotFoundException',
			404,
			'UserInfo.UserId',
		));

	test('RelatedContactId that does not exist in the instance → ResourceNotFoundException 404', () =>
		rejected(
			task({ RelatedContactId: CONFIG.contacts![SECOND_INSTANCE_ID][0] }),
			'ResourceNotFoundException',
			404,
			'RelatedContactId',
		));

	test('PreviousContactId that does not exist → ResourceNotFoundException 404', () =>
		rejected(
			voice({ PreviousContactId: 'no-such-contact' }),
			'ResourceNotFoundException',
			404,
			'PreviousContactId',
		));

	test('a key denied connect:CreateContact → AccessDeniedException 403 naming action and resource', async () => {
		const e = await failure(createContact(client(emu, { key: NO_CREATE_KEY }), task()));
		expect(e.name).toBe('AccessDeniedException');
		expect(e.$metadata?.httpStatusCode).toBe(403);
		expect(e.message).toBe(
			`User: arn:aws:iam::123456789012:user/emulator-no-create-contact is not authorized to perform: connect:CreateContact on resource: arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID} with an explicit deny in an identity-based policy`,
		);
		expect(emu.state.contacts).toHaveLength(0);
		expect(emu.state.requests[0].outcome).toBe('denied');
	});
});

describe('CreateContact idempotency', () => {
	test('same ClientToken and same parameters → the first contact again, stored once', async () => {
		const input = task({ ClientToken: 'same', Attributes: { a: '1', b: '2' } });
		const first = await createContact(client(emu), input);
		const second = await createContact(client(emu), input);
		expect(second.ContactId).toBe(first.ContactId);
		expect(second.ContactArn).toBe(first.ContactArn);
		expect(emu.state.contacts).toHaveLength(1);
		expect(emu.state.tokens[`${INSTANCE_ID}:same`]).toMatchObject({
			contactId: first.ContactId,
			hits: 2,
			conflicts: 0,
		});
		expect(emu.state.requests.map((r) => r.outcome)).toEqual(['ok', 'replay']);
	});

	test('member order in the JSON does not matter', async () => {
		const a = await signedRequest(emu, {
			body: JSON.stringify({
				InstanceId: INSTANCE_ID,
				Channel: 'TASK',
				InitiationMethod: 'API',
				ClientToken: 'order',
				Attributes: { a: '1', b: '2' },
			}),
		});
		const b = await signedRequest(emu, {
			body: JSON.stringify({
				Attributes: { b: '2', a: '1' },
				ClientToken: 'order',
				InitiationMethod: 'API',
				Channel: 'TASK',
				InstanceId: INSTANCE_ID,
			}),
		});
		expect(b.json?.ContactId).toBe(a.json?.ContactId);
		expect(emu.state.contacts).toHaveLength(1);
	});

	test('same ClientToken with different parameters → IdempotencyException 409', async () => {
		const first = await createContact(client(emu), task({ ClientToken: 'reused', Name: 'one' }));
		const e = await failure(
			createContact(client(emu), task({ ClientToken: 'reused', Name: 'two' })),
		);
		expect(e.name).toBe('IdempotencyException');
		expect(e.$metadata?.httpStatusCode).toBe(409);
		expect(e.message).toContain("ClientToken 'reused'");
		expect(emu.state.contacts.map((c) => c.contactId)).toEqual([first.ContactId]);
		expect(emu.state.tokens[`${INSTANCE_ID}:reused`]).toMatchObject({ hits: 1, conflicts: 1 });
	});

	test('tokens are scoped to the instance', async () => {
		const a = await createContact(client(emu), task({ ClientToken: 'scoped' }));
		const b = await createContact(
			client(emu),
			task({ ClientToken: 'scoped', InstanceId: SECOND_INSTANCE_ID }),
		);
		expect(b.ContactId).not.toBe(a.ContactId);
		expect(Object.keys(emu.state.tokens).sort()).toEqual(
			[`${INSTANCE_ID}:scoped`, `${SECOND_INSTANCE_ID}:scoped`].sort(),
		);
	});

	test('without a ClientToken every request creates (raw: the SDK always fills one)', async () => {
		const body = JSON.stringify({
			InstanceId: INSTANCE_ID,
			Channel: 'TASK',
			InitiationMethod: 'API',
		});
		const a = await signedRequest(emu, { body });
		const b = await signedRequest(emu, { body });
		expect(a.json?.ContactId).not.toBe(b.json?.ContactId);
		expect(emu.state.contacts).toHaveLength(2);
		expect(emu.state.tokens).toEqual({});
	});

	test('the SDK fills a fresh ClientToken per send, so two sends create two contacts', async () => {
		await createContact(client(emu), task());
		await createContact(client(emu), task());
		expect(emu.state.contacts).toHaveLength(2);
		expect(emu.state.contacts[0].clientToken).toMatch(UUID);
		expect(emu.state.contacts[0].clientToken).not.toBe(emu.state.contacts[1].clientToken);
	});
});
