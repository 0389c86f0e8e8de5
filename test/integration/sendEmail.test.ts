/**
 * Create an outbound email contact and send it, through the node with the real SDK against the
 * emulator: the email goes out once whatever repeats it (a new execution, a Retry), wrong contacts
 * are refused by the emulator's documented rules, and the From picker lists the instance's addresses.
 */
import type { ILoadOptionsFunctions, INodeParameters } from 'n8n-workflow';

import {
	searchEmailAddresses,
	searchQueues,
	searchTransferFlows,
} from '../../nodes/AmazonConnect/methods/lifecyclePickers';
import { clearListCache } from '../../nodes/AmazonConnect/methods/cachedList';
import {
	byId,
	CONFIG,
	credentialsFor,
	DEMO,
	DEMO_USER,
	runNode,
	runNodeError,
	taskParameters,
	useTestEmulator,
} from './helpers';

const emulator = useTestEmulator();
beforeEach(() => {
	clearListCache();
});

const FROM = CONFIG.emailAddresses![DEMO][0].address;

async function createEmail(
	initiationMethod = 'OUTBOUND',
	executionId = 'exec-create',
): Promise<string> {
	const { items } = await runNode(emulator, {
		executionId,
		parameters: {
			resource: 'contact',
			operation: 'create',
			instanceId: byId(DEMO),
			channel: 'EMAIL',
			initiationMethod,
			userId: byId(DEMO_USER),
		},
	});
	return items[0].json.contactId as string;
}

const send = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'email',
	operation: 'send',
	instanceId: byId(DEMO),
	toAddress: 'customer@example.com',
	toDisplayName: 'Jane Doe',
	fromEmailAddress: { __rl: true, mode: 'list', value: FROM },
	subject: 'Your order 1234',
	body: '<p>It has shipped.</p>',
	contentType: 'text/html',
	...extra,
});

test('Create → Send: the contactId of the created contact is sent without mapping; a new execution for the same contact sends nothing twice', async () => {
	const contactId = await createEmail();
	const first = await runNode(emulator, {
		executionId: 'exec-1',
		items: [{ json: { contactId } }],
		parameters: send({ contactId }),
	});
	expect(first.items[0].json).toEqual({
		contactId,
		sent: true,
		clientToken: expect.stringMatching(/^n8nk-[0-9a-f]{64}$/),
	});
	expect(emulator.state.emails).toEqual([
		expect.objectContaining({
			contactId,
			instanceId: DEMO,
			request: expect.objectContaining({
				FromEmailAddress: { EmailAddress: FROM },
				DestinationEmailAddress: { EmailAddress: 'customer@example.com', DisplayName: 'Jane Doe' },
				EmailMessage: {
					MessageSourceType: 'RAW',
					RawMessage: {
						Subject: 'Your order 1234',
						Body: '<p>It has shipped.</p>',
						ContentType: 'text/html',
					},
				},
			}),
		}),
	]);
	// A Retry of the execution runs under a new execution ID: the token derives from the contact, so AWS answers the first send.
	const retry = await runNode(emulator, {
		executionId: 'exec-2-retry',
		parameters: send({ contactId }),
	});
	expect(retry.items[0].json).toEqual(first.items[0].json);
	expect(emulator.state.emails).toHaveLength(1);
	expect(
		emulator.state.requests
			.filter((r) => r.operation === 'StartOutboundEmailContact')
			.map((r) => r.outcome),
	).toEqual(['ok', 'replay']);

	// Other content for the same contact: refused, with the fix in words.
	const error = await runNodeError(emulator, {
		executionId: 'exec-3',
		parameters: send({ contactId, subject: 'Another' }),
	});
	expect(error.message).toMatch(/^Item 0: IdempotencyException: /);
	expect(error.description).toMatch(/^This contact's email was already sent with other content/);
	expect(emulator.state.emails).toHaveLength(1);
});

test('AGENT_REPLY contacts can be sent; a task cannot (the emulator enforces the documented rule)', async () => {
	const reply = await createEmail('AGENT_REPLY');
	await runNode(emulator, { parameters: send({ contactId: reply }) });
	const { items } = await runNode(emulator, {
		parameters: taskParameters({ resource: 'contact', operation: 'create' }),
	});
	const error = await runNodeError(emulator, {
		parameters: send({ contactId: items[0].json.contactId as string }),
	});
	expect(error.message).toMatch(
		/^Item 0: InvalidRequestException: StartOutboundEmailContact sends only EMAIL contacts with InitiationMethod OUTBOUND or AGENT_REPLY created by CreateContact; this contact is TASK API\./,
	);
	expect(emulator.state.emails.map((e) => e.contactId)).toEqual([reply]);
});

function pickerContext(): ILoadOptionsFunctions {
	return {
		getNode: () => ({
			id: 'n',
			name: 'Amazon Connect',
			type: 'amazonConnect',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getCredentials: async () => credentialsFor(emulator),
		getNodeParameter: (name: string, fallback?: unknown) =>
			name === 'instanceId' ? DEMO : fallback,
	} as unknown as ILoadOptionsFunctions;
}

test('pickers: the email addresses, the standard queues and the flows of transfer types of the chosen instance', async () => {
	const addresses = await searchEmailAddresses.call(pickerContext());
	expect(addresses.results).toEqual(
		[...CONFIG.emailAddresses![DEMO]]
			.sort((a, b) => a.address.localeCompare(b.address))
			.map((a) => ({ name: `${a.displayName} <${a.address}>`, value: a.address })),
	);
	const queues = await searchQueues.call(pickerContext(), 'sup');
	expect(queues.results).toEqual([{ name: 'Support', value: CONFIG.queues![DEMO][0].id }]);
	const flows = await searchTransferFlows.call(pickerContext());
	// Active and published flows first (the seeded task-routing flows are contact flows too).
	expect(flows.results.map((f) => f.name)).toEqual([
		'Default agent transfer',
		'Default inbound flow',
		'Default queue transfer',
		'Route task to Billing',
		'Route task to Support',
		'Old task routing – archived',
		'VIP task routing – saved, not published',
	]);
});
