/**
 * The emulator's contact lifecycle through the real SDK: state kept across calls (attributes, stop,
 * transfer, emails sent), the documented rules of each API, idempotency of the token-taking ones and
 * the model checks' answers.
 */
import {
	type ContactFlowType,
	DescribeContactCommand,
	GetContactAttributesCommand,
	ListContactFlowsCommand,
	ListQueuesCommand,
	ListTaskTemplatesCommand,
	SearchEmailAddressesCommand,
	StartOutboundEmailContactCommand,
	type StartOutboundEmailContactCommandInput,
	StartTaskContactCommand,
	StopContactCommand,
	TransferContactCommand,
	UpdateContactAttributesCommand,
	UpdateContactCommand,
} from '@aws-sdk/client-connect';

import {
	client,
	CONFIG,
	createContact,
	failure,
	INSTANCE_ID,
	task,
	UUID,
	useEmulator,
} from './helpers';

const emu = useEmulator();

const USER = CONFIG.users[INSTANCE_ID][0].id;
const QUEUE = CONFIG.queues![INSTANCE_ID][0].id;
const FLOWS = CONFIG.flows![INSTANCE_ID];
const QUEUE_TRANSFER_FLOW = FLOWS.find((f) => f.type === 'QUEUE_TRANSFER')!.id;
const CUSTOMER_QUEUE_FLOW = FLOWS.find((f) => f.type === 'CUSTOMER_QUEUE')!.id;
const FROM = CONFIG.emailAddresses![INSTANCE_ID][0].address;

async function newTask(extra: Record<string, unknown> = {}): Promise<string> {
	const out = await createContact(client(emu), task(extra));
	return out.ContactId!;
}

async function newEmail(method = 'OUTBOUND'): Promise<string> {
	const out = await createContact(client(emu), {
		InstanceId: INSTANCE_ID,
		Channel: 'EMAIL',
		InitiationMethod: method,
		UserInfo: { UserId: USER },
	});
	return out.ContactId!;
}

const raw = (
	ContactId: string,
	extra: Partial<StartOutboundEmailContactCommandInput> = {},
): StartOutboundEmailContactCommandInput => ({
	InstanceId: INSTANCE_ID,
	ContactId,
	DestinationEmailAddress: { EmailAddress: 'customer@example.com', DisplayName: 'Customer' },
	EmailMessage: {
		MessageSourceType: 'RAW',
		RawMessage: { Subject: 'Your order', Body: 'Hello', ContentType: 'text/plain' },
	},
	...extra,
});

describe('DescribeContact and attributes', () => {
	test('a created task is described with its members and ISO-able epoch timestamps; attributes are read and merged', async () => {
		const id = await newTask({ Name: 'Ticket 42', Attributes: { ticket: '42' } });
		const described = await client(emu).send(
			new DescribeContactCommand({ InstanceId: INSTANCE_ID, ContactId: id }),
		);
		expect(described.Contact).toMatchObject({
			Id: id,
			InitialContactId: id,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: 'Ticket 42',
		});
		expect(described.Contact!.InitiationTimestamp).toBeInstanceOf(Date);
		expect(described.Contact!.DisconnectTimestamp).toBeUndefined();

		await client(emu).send(
			new UpdateContactAttributesCommand({
				InstanceId: INSTANCE_ID,
				InitialContactId: id,
				Attributes: { status: 'closed' },
			}),
		);
		const read = await client(emu).send(
			new GetContactAttributesCommand({ InstanceId: INSTANCE_ID, InitialContactId: id }),
		);
		expect(read.Attributes).toEqual({ ticket: '42', status: 'closed' });
	});

	test('unknown contacts: ResourceNotFoundException 404', async () => {
		const e = await failure(
			client(emu).send(new DescribeContactCommand({ InstanceId: INSTANCE_ID, ContactId: 'nope' })),
		);
		expect([e.name, e.$metadata?.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
	});

	test('UpdateContactAttributes: key rule and the per-contact budget of 32,768 bytes (over the merged attributes)', async () => {
		const id = await newTask({ Attributes: { a: 'x'.repeat(20000) } });
		const bad = await failure(
			client(emu).send(
				new UpdateContactAttributesCommand({
					InstanceId: INSTANCE_ID,
					InitialContactId: id,
					Attributes: { 'a b': '1' },
				}),
			),
		);
		expect([bad.name, bad.message]).toEqual([
			'InvalidRequestException',
			"Attributes key 'a b' is not valid: attribute keys can include only alphanumeric, dash, and underscore characters.",
		]);
		const big = await failure(
			client(emu).send(
				new UpdateContactAttributesCommand({
					InstanceId: INSTANCE_ID,
					InitialContactId: id,
					Attributes: { b: 'y'.repeat(13000) },
				}),
			),
		);
		expect(big.message).toBe(
			'Attributes would be 33002 UTF-8 bytes across all key-value pairs of the contact; the limit is 32768.',
		);
	});
});

describe('StopContact', () => {
	test('stops an active task; a second stop answers ContactNotFoundException 410', async () => {
		const id = await newTask();
		await client(emu).send(new StopContactCommand({ InstanceId: INSTANCE_ID, ContactId: id }));
		const described = await client(emu).send(
			new DescribeContactCommand({ InstanceId: INSTANCE_ID, ContactId: id }),
		);
		expect(described.Contact!.DisconnectTimestamp).toBeInstanceOf(Date);
		const again = await failure(
			client(emu).send(new StopContactCommand({ InstanceId: INSTANCE_ID, ContactId: id })),
		);
		expect([again.name, again.$metadata?.httpStatusCode]).toEqual([
			'ContactNotFoundException',
			410,
		]);
		expect(emu.state.lives[id].state).toBe('STOPPED');
	});

	test('a task created COMPLETED is already stopped; attributes of completed contacts can still be updated', async () => {
		const id = await newTask({ InitiateAs: 'COMPLETED' });
		const e = await failure(
			client(emu).send(new StopContactCommand({ InstanceId: INSTANCE_ID, ContactId: id })),
		);
		expect(e.name).toBe('ContactNotFoundException');
		await client(emu).send(
			new UpdateContactAttributesCommand({
				InstanceId: INSTANCE_ID,
				InitialContactId: id,
				Attributes: { k: 'v' },
			}),
		);
		expect(emu.state.lives[id].attributes).toEqual({ k: 'v' });
	});

	test('external audio (VOICE TRANSFER) contacts cannot be stopped; DisconnectReason is for outbound campaigns only', async () => {
		const voice = (
			await createContact(client(emu), {
				InstanceId: INSTANCE_ID,
				Channel: 'VOICE',
				InitiationMethod: 'TRANSFER',
			})
		).ContactId!;
		const e = await failure(
			client(emu).send(new StopContactCommand({ InstanceId: INSTANCE_ID, ContactId: voice })),
		);
		expect([e.name, e.message]).toEqual([
			'InvalidRequestException',
			"Voice contacts with InitiationMethod 'TRANSFER' cannot be stopped with StopContact.",
		]);
		const id = await newTask();
		const reason = await failure(
			client(emu).send(
				new StopContactCommand({
					InstanceId: INSTANCE_ID,
					ContactId: id,
					DisconnectReason: { Code: 'x' },
				}),
			),
		);
		expect(reason.message).toBe(
			'DisconnectReason can only be provided by Amazon Connect outbound campaigns.',
		);
	});
});

describe('UpdateContact', () => {
	test('name, description and references are stored; QueueInfo only on external audio contacts; at least one member', async () => {
		const id = await newTask();
		await client(emu).send(
			new UpdateContactCommand({
				InstanceId: INSTANCE_ID,
				ContactId: id,
				Name: 'Renamed',
				References: { Ticket: { Type: 'URL', Value: 'https://crm.example.com/42' } },
			}),
		);
		expect(emu.state.lives[id]).toMatchObject({
			name: 'Renamed',
			references: { Ticket: { Type: 'URL', Value: 'https://crm.example.com/42' } },
		});
		const audioOnly = await failure(
			client(emu).send(
				new UpdateContactCommand({
					InstanceId: INSTANCE_ID,
					ContactId: id,
					QueueInfo: { Id: QUEUE },
				}),
			),
		);
		expect(audioOnly.message).toBe(
			'QueueInfo can be updated only for external audio contacts (Channel VOICE, InitiationMethod TRANSFER); this contact is TASK API.',
		);
		const nothing = await failure(
			client(emu).send(new UpdateContactCommand({ InstanceId: INSTANCE_ID, ContactId: id })),
		);
		expect(nothing.name).toBe('InvalidRequestException');
		const voice = (
			await createContact(client(emu), {
				InstanceId: INSTANCE_ID,
				Channel: 'VOICE',
				InitiationMethod: 'TRANSFER',
			})
		).ContactId!;
		await client(emu).send(
			new UpdateContactCommand({
				InstanceId: INSTANCE_ID,
				ContactId: voice,
				QueueInfo: { Id: QUEUE },
				UserInfo: { UserId: USER },
			}),
		);
		expect(emu.state.lives[voice]).toMatchObject({ queueId: QUEUE, userId: USER });
	});
});

describe('TransferContact', () => {
	test('a task to a queue: a new contact continues the chain with the same attributes; the token replays', async () => {
		const id = await newTask({ Attributes: { ticket: '7' } });
		const input = {
			InstanceId: INSTANCE_ID,
			ContactId: id,
			QueueId: QUEUE,
			ContactFlowId: QUEUE_TRANSFER_FLOW,
			ClientToken: 't-1',
		};
		const out = await client(emu).send(new TransferContactCommand(input));
		expect(out.ContactId).toMatch(UUID);
		expect(out.ContactId).not.toBe(id);
		const replay = await client(emu).send(new TransferContactCommand(input));
		expect(replay.ContactId).toBe(out.ContactId);
		expect(emu.state.lives[out.ContactId!]).toMatchObject({
			previousContactId: id,
			queueId: QUEUE,
			initiationMethod: 'QUEUE_TRANSFER',
			state: 'ACTIVE',
			attributes: { ticket: '7' },
		});
		expect(emu.state.lives[id].state).toBe('STOPPED');
		const conflict = await failure(
			client(emu).send(
				new TransferContactCommand({ ...input, QueueId: CONFIG.queues![INSTANCE_ID][1].id }),
			),
		);
		expect([conflict.name, conflict.$metadata?.httpStatusCode]).toEqual([
			'IdempotencyException',
			409,
		]);
	});

	test('documented rules: TASK and EMAIL only, active only, not both queue and user, a flow of a transfer type', async () => {
		const voice = (
			await createContact(client(emu), {
				InstanceId: INSTANCE_ID,
				Channel: 'VOICE',
				InitiationMethod: 'TRANSFER',
			})
		).ContactId!;
		const send = (extra: Record<string, unknown>) =>
			failure(
				client(emu).send(
					new TransferContactCommand({
						InstanceId: INSTANCE_ID,
						ContactFlowId: QUEUE_TRANSFER_FLOW,
						ContactId: '',
						...extra,
					}),
				),
			);
		expect((await send({ ContactId: voice, QueueId: QUEUE })).message).toBe(
			"TransferContact supports only TASK and EMAIL contacts; this contact's channel is VOICE.",
		);
		const id = await newTask();
		expect((await send({ ContactId: id, QueueId: QUEUE, UserId: USER })).message).toBe(
			'Do not use both QueueId and UserId in the same TransferContact request.',
		);
		expect(
			(await send({ ContactId: id, QueueId: QUEUE, ContactFlowId: CUSTOMER_QUEUE_FLOW })).message,
		).toBe(
			"ContactFlowId must be a flow of type CONTACT_FLOW, AGENT_TRANSFER, QUEUE_TRANSFER; 'Default customer queue' is CUSTOMER_QUEUE.",
		);
		await client(emu).send(new StopContactCommand({ InstanceId: INSTANCE_ID, ContactId: id }));
		expect((await send({ ContactId: id, QueueId: QUEUE })).message).toBe(
			'TransferContact supports only active contacts; this contact has ended.',
		);
	});
});

describe('StartOutboundEmailContact', () => {
	test('sends an OUTBOUND email contact once: recorded in state.emails; the same token replays, another request conflicts', async () => {
		const id = await newEmail();
		const input = raw(id, { ClientToken: 'mail-1', FromEmailAddress: { EmailAddress: FROM } });
		expect((await client(emu).send(new StartOutboundEmailContactCommand(input))).ContactId).toBe(
			id,
		);
		expect((await client(emu).send(new StartOutboundEmailContactCommand(input))).ContactId).toBe(
			id,
		);
		expect(emu.state.emails).toHaveLength(1);
		expect(emu.state.emails[0]).toMatchObject({
			contactId: id,
			clientToken: 'mail-1',
			request: { DestinationEmailAddress: { EmailAddress: 'customer@example.com' } },
		});
		const e = await failure(
			client(emu).send(
				new StartOutboundEmailContactCommand({
					...input,
					EmailMessage: {
						MessageSourceType: 'RAW',
						RawMessage: { Subject: 'Other', Body: 'x', ContentType: 'text/plain' },
					},
				}),
			),
		);
		expect(e.name).toBe('IdempotencyException');
		expect(emu.state.emails).toHaveLength(1);
	});

	test('only EMAIL OUTBOUND / AGENT_REPLY contacts made by CreateContact; From must be an address of the instance; model checks', async () => {
		const taskId = await newTask();
		const wrong = await failure(
			client(emu).send(new StartOutboundEmailContactCommand(raw(taskId))),
		);
		expect(wrong.message).toBe(
			'StartOutboundEmailContact sends only EMAIL contacts with InitiationMethod OUTBOUND or AGENT_REPLY created by CreateContact; this contact is TASK API.',
		);
		const flowEmail = (
			await createContact(client(emu), {
				InstanceId: INSTANCE_ID,
				Channel: 'EMAIL',
				InitiationMethod: 'FLOW',
			})
		).ContactId!;
		expect(
			(await failure(client(emu).send(new StartOutboundEmailContactCommand(raw(flowEmail))))).name,
		).toBe('InvalidRequestException');
		const reply = await newEmail('AGENT_REPLY');
		await client(emu).send(new StartOutboundEmailContactCommand(raw(reply)));
		const from = await failure(
			client(emu).send(
				new StartOutboundEmailContactCommand(
					raw(await newEmail(), { FromEmailAddress: { EmailAddress: 'someone@else.com' } }),
				),
			),
		);
		expect(from.name).toBe('ResourceNotFoundException');
		const model = await failure(
			client(emu).send(
				new StartOutboundEmailContactCommand(
					raw(await newEmail(), { DestinationEmailAddress: { EmailAddress: 'not-an-address' } }),
				),
			),
		);
		// StartOutboundEmailContact models no InvalidParameterException: model violations come as InvalidRequestException.
		expect(model.name).toBe('InvalidRequestException');
		expect(model.message).toContain(
			"at 'destinationEmailAddress.emailAddress' failed to satisfy constraint: Member must satisfy regular expression pattern",
		);
		expect(model.message).not.toContain('not-an-address'); // sensitive members are not echoed
	});
});

describe('lists', () => {
	test('SearchEmailAddresses, ListQueues (by type) and ListContactFlows (by type)', async () => {
		const emails = await client(emu).send(
			new SearchEmailAddressesCommand({ InstanceId: INSTANCE_ID }),
		);
		expect(emails.EmailAddresses!.map((a) => a.EmailAddress)).toEqual(
			CONFIG.emailAddresses![INSTANCE_ID].map((a) => a.address),
		);
		const queues = await client(emu).send(
			new ListQueuesCommand({ InstanceId: INSTANCE_ID, QueueTypes: ['STANDARD'] }),
		);
		expect(queues.QueueSummaryList!.map((q) => q.Name)).toEqual([
			'Support',
			'Escalations',
			'Billing',
		]);
		const flows = await client(emu).send(
			new ListContactFlowsCommand({
				InstanceId: INSTANCE_ID,
				ContactFlowTypes: ['QUEUE_TRANSFER', 'AGENT_TRANSFER'],
			}),
		);
		expect(flows.ContactFlowSummaryList!.map((f) => f.ContactFlowType).sort()).toEqual([
			'AGENT_TRANSFER',
			'QUEUE_TRANSFER',
		]);
	});
});

describe('the model checks every input before the handlers', () => {
	const validation = (message: string) => `1 validation error detected: ${message}`;

	test("each operation answers the model's violations, Coral style, with its modeled error", async () => {
		const id = await newTask();
		const key = await failure(
			client(emu).send(
				new UpdateContactAttributesCommand({
					InstanceId: INSTANCE_ID,
					InitialContactId: id,
					Attributes: { ['k'.repeat(32768)]: 'v' },
				}),
			),
		);
		expect([key.name, key.message]).toEqual([
			'InvalidParameterException',
			validation(
				"Value null at 'attributes' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 32767]",
			),
		]);
		const flow = await failure(
			client(emu).send(
				new TransferContactCommand({
					InstanceId: INSTANCE_ID,
					ContactId: id,
					ContactFlowId: undefined as unknown as string,
					UserId: '',
				}),
			),
		);
		// TransferContact models no InvalidParameterException: its violations come as InvalidRequestException.
		expect([flow.name, flow.message]).toEqual([
			'InvalidRequestException',
			"2 validation errors detected: Value '' at 'userId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value null at 'contactFlowId' failed to satisfy constraint: Member must not be null",
		]);
		const cc = await failure(
			client(emu).send(
				new StartOutboundEmailContactCommand(
					raw(await newEmail(), {
						AdditionalRecipients: {
							CcEmailAddresses: Array.from({ length: 51 }, (_, i) => ({
								EmailAddress: `cc${i}@example.com`,
							})),
						},
					}),
				),
			),
		);
		expect([cc.name, cc.message]).toEqual([
			'InvalidRequestException',
			validation(
				"Value null at 'additionalRecipients.ccEmailAddresses' failed to satisfy constraint: Member must have length less than or equal to 50",
			),
		]);
		const types = await failure(
			client(emu).send(
				new ListContactFlowsCommand({
					InstanceId: INSTANCE_ID,
					ContactFlowTypes: Array<ContactFlowType>(11).fill('CONTACT_FLOW'),
				}),
			),
		);
		expect([types.name, types.message]).toEqual([
			'InvalidParameterException',
			validation(
				"Value null at 'contactFlowTypes' failed to satisfy constraint: Member must have length less than or equal to 10",
			),
		]);
		const max = await failure(
			client(emu).send(new ListQueuesCommand({ InstanceId: INSTANCE_ID, MaxResults: 0 })),
		);
		expect(max.message).toBe(
			validation(
				"Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
			),
		);
		const status = await failure(
			client(emu).send(
				new ListTaskTemplatesCommand({ InstanceId: INSTANCE_ID, Status: 'DRAFT' as 'ACTIVE' }),
			),
		);
		expect(status.message).toBe(
			validation(
				"Value 'DRAFT' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE]",
			),
		);
	});

	test("lengths are the model's, in code points; DisconnectReason.Code has no length limit in the model", async () => {
		const id = await newTask();
		const name = '😀'.repeat(1024); // 1,024 code points, 2,048 UTF-16 units: within Name's 1,024
		await client(emu).send(
			new UpdateContactCommand({ InstanceId: INSTANCE_ID, ContactId: id, Name: name }),
		);
		const described = await client(emu).send(
			new DescribeContactCommand({ InstanceId: INSTANCE_ID, ContactId: id }),
		);
		expect(described.Contact!.Name).toBe(name);
		const reason = await failure(
			client(emu).send(
				new StopContactCommand({
					InstanceId: INSTANCE_ID,
					ContactId: id,
					DisconnectReason: { Code: 'x'.repeat(129) },
				}),
			),
		);
		expect([reason.name, reason.message]).toEqual([
			'InvalidRequestException',
			'DisconnectReason can only be provided by Amazon Connect outbound campaigns.',
		]);
	});

	test('StartTaskContact: Attachments are refused, as this emulator does not fetch them (not an AWS rule)', async () => {
		const e = await failure(
			client(emu).send(
				new StartTaskContactCommand({
					InstanceId: INSTANCE_ID,
					Name: 'With a file',
					ContactFlowId: FLOWS.find((f) => f.type === 'CONTACT_FLOW')!.id,
					Attachments: [{ FileName: 'a.txt', S3Url: 'https://example.com/a.txt' }],
				}),
			),
		);
		expect([e.name, e.message]).toEqual([
			'InvalidParameterException',
			validation(
				"Value null at 'attachments' failed to satisfy constraint: Attachments are not supported by this emulator",
			),
		]);
	});
});
