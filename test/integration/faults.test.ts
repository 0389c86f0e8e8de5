/**
 * Seeded faults from the emulator: connections dropped after the contact was stored, internal
 * errors, throttles. Whatever the node repeats, each item ends with exactly one contact.
 */
import {
	contactArnOf,
	contactsPerToken,
	createContactRequests,
	DEMO,
	executionToken,
	runNode,
	runNodeError,
	storedContactByToken,
	storedTaskOutputs,
	taskParameters,
	useTestEmulator,
} from './helpers';

const emulator = useTestEmulator(
	{ latencyMs: 1, faults: { seed: 2, dropAfterStore: 0.3, internalError: 0.2, throttle: 0.2 } },
	{ resetEach: false },
);

const ITEMS = 30;

test('30 items under 30% drops after store, 20% internal errors and 20% throttles: one contact per item, none failed', async () => {
	const { items, hints } = await runNode(emulator, {
		items: ITEMS,
		parameters: (i) =>
			taskParameters({
				name: `Task ${i}`,
				// Half of the attempts that pass the throttle fail: 8 attempts (the default) would leave
				// about one item in two runs failed by chance alone; 20 makes that about 1 in 400.
				options: { maxAttempts: 20 },
			}),
		workflowId: 'wf-faults',
		executionId: 'exec-faults',
	});

	const tokens = Array.from({ length: ITEMS }, (_, i) =>
		executionToken('wf-faults', 'exec-faults', 'Amazon Connect', i),
	);
	// Exactly one stored contact per item, though many were stored by a request whose answer was lost.
	expect(contactsPerToken(emulator)).toStrictEqual(
		Object.fromEntries(tokens.map((token) => [token, 1])),
	);
	tokens.forEach((token, i) =>
		expect(storedContactByToken(emulator, token).request).toStrictEqual({
			InstanceId: DEMO,
			Channel: 'TASK',
			InitiationMethod: 'API',
			Name: `Task ${i}`,
			ClientToken: token,
		}),
	);
	expect(items).toStrictEqual(storedTaskOutputs(emulator, tokens));

	// The faults did happen, and a repeat after a dropped answer got the stored contact back.
	const outcomes = createContactRequests(emulator).map((r) => r.outcome);
	const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
	expect(count('fault:dropAfterStore')).toBeGreaterThan(0);
	expect(count('fault:internal')).toBeGreaterThan(0);
	expect(count('fault:throttle')).toBeGreaterThan(0);
	expect(count('replay')).toBeGreaterThan(0);
	// Each item's last request was answered with its contact: once per item, created or replayed.
	expect(count('ok') + count('replay')).toBe(ITEMS);
	expect(outcomes.length).toBe(
		count('ok') +
			count('replay') +
			count('fault:dropAfterStore') +
			count('fault:internal') +
			count('fault:throttle'),
	);
	// The throttles were told to the user.
	expect(hints).toStrictEqual([
		{
			message: expect.stringMatching(
				new RegExp(
					`^AWS throttled ${count('fault:throttle')} request\\(s\\); the node slowed down( to about \\d+\\.\\d requests per second)? and retried them\\. For faster bulk runs, ask AWS Support to raise the CreateContact quota\\.$`,
				),
			),
			location: 'outputPane',
			type: 'info',
		},
	]);
	// Retries with backoff at 70% faults: about 20 s on an idle machine, more on a loaded one; not a speed test.
}, 120_000);

describe('when the attempts run out', () => {
	const lossy = useTestEmulator();
	beforeEach(() => {
		lossy.configure({ faults: {} });
	});

	test('every answer lost: the item fails after Max Attempts, and running again returns the contact stored meanwhile', async () => {
		lossy.configure({ faults: { dropAfterStore: 1 } });
		const run = {
			parameters: taskParameters({ options: { maxAttempts: 3 } }),
			workflowId: 'wf-lost',
			executionId: 'exec-lost',
		};
		const error = await runNodeError(lossy, run);
		// Under plain Node the SDK reports "TimeoutError: socket hang up" with code ECONNRESET; inside
		// jest's sandbox the socket error comes from another realm and the SDK wraps it in a plain Error.
		const detail =
			'(TimeoutError: socket hang up|Error: AWS SDK error wrapper for TimeoutError: socket hang up)';
		expect(error.message).toMatch(
			new RegExp(`^Item 0: ${detail} \\((ECONNRESET|no HTTP answer)\\)$`),
		);
		expect(error.description).toMatch(
			new RegExp(
				`^No answer from ${lossy.url.replace(/\./g, '\\.')} in us-east-1 after 3 attempts \\((ECONNRESET|AWS SDK error wrapper for TimeoutError: socket hang up)\\)\\. Check the network and the Custom Endpoint of the credential\\. Retry this execution from the executions list: it sends the same token, so a contact already created is returned, not created again\\. A new run of the workflow or the step has new tokens and creates it again unless Options › Idempotency Key is set\\.$`,
			),
		);
		const token = executionToken('wf-lost', 'exec-lost', 'Amazon Connect', 0);
		expect(createContactRequests(lossy).map((r) => r.outcome)).toStrictEqual([
			'fault:dropAfterStore',
			'fault:dropAfterStore',
			'fault:dropAfterStore',
		]);
		expect(contactsPerToken(lossy)).toStrictEqual({ [token]: 1 });

		lossy.configure({ faults: {} });
		const { items } = await runNode(lossy, run);
		const stored = storedContactByToken(lossy, token);
		expect(items).toStrictEqual([
			{
				json: {
					contactId: stored.contactId,
					contactArn: contactArnOf(DEMO, stored.contactId),
					channel: 'TASK',
					initiationMethod: 'API',
					clientToken: token,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(lossy.state.contacts).toHaveLength(1);
		expect(lossy.state.tokens[`${DEMO}:${token}`].hits).toBe(4);
	});

	test('internal errors on every attempt: InternalServiceException after Max Attempts, nothing stored', async () => {
		lossy.configure({ faults: { internalError: 1 } });
		const error = await runNodeError(lossy, {
			parameters: taskParameters({ options: { maxAttempts: 2 } }),
		});
		const requests = createContactRequests(lossy);
		expect(requests.map((r) => r.outcome)).toStrictEqual(['fault:internal', 'fault:internal']);
		expect(error.message).toBe(
			`Item 0: InternalServiceException: Request processing failed because of an error or failure with the service. (HTTP 500, request ID ${requests[1].requestId})`,
		);
		expect(error.description).toBe(
			'Amazon Connect had an internal error and 2 attempts failed. Retry this execution from the executions list: it sends the same token, so a contact already created is returned, not created again. A new run of the workflow or the step has new tokens and creates it again unless Options › Idempotency Key is set.',
		);
		expect(lossy.state.contacts).toStrictEqual([]);
	});
});
