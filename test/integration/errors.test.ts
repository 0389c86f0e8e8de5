/**
 * What the user sees when AWS (the emulator) says no: credentials, an unknown instance, a missing
 * IAM permission; and how a batch behaves with and without Continue On Fail.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	contactArnOf,
	CREDENTIAL_NAME,
	createContactRequests,
	credentialsFor,
	DEMO,
	DEMO_CONTACT,
	DENIED_KEY,
	executionToken,
	FULL_KEY,
	runNode,
	runNodeError,
	SESSION_KEY,
	storedContactByToken,
	taskParameters,
	byId,
	useTestEmulator,
	UUID,
} from './helpers';

const emulator = useTestEmulator();

const SIGNATURE_MISMATCH =
	'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const CREDENTIAL_FIX = `AWS did not accept the credential "${CREDENTIAL_NAME}": check the Access Key ID and Secret Access Key (and the Session Token for temporary keys), that they are still active, and that the credential's region is the instance's region.`;
const NOT_FOUND_FIX = (instanceId: string) =>
	`Check the instance ID (${instanceId}) and that the instance is in the credential's region (us-east-1); a user ID, related or previous contact ID must also exist in that instance.`;

/** The request ID the emulator answered the only CreateContact request with. */
function onlyRequest() {
	const requests = createContactRequests(emulator);
	expect(requests).toHaveLength(1);
	expect(requests[0].requestId).toMatch(UUID);
	return requests[0];
}

describe('credentials', () => {
	test('a wrong secret: a clear error naming the credential, nothing created', async () => {
		const error = await runNodeError(emulator, {
			parameters: taskParameters(),
			credentials: credentialsFor(emulator, FULL_KEY, {
				secretAccessKey: 'not-the-secret/EXAMPLEKEY0000000000000',
			}),
		});
		const request = onlyRequest();
		expect(request.outcome).toBe('unauthenticated');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`Item 0: InvalidSignatureException: ${SIGNATURE_MISMATCH} (HTTP 403, request ID ${request.requestId})`,
		);
		expect(error.description).toBe(CREDENTIAL_FIX);
		expect(error.httpCode).toBe('403');
		expect(emulator.state.contacts).toStrictEqual([]);
	});

	test('an unknown access key: a clear error naming the credential', async () => {
		const error = await runNodeError(emulator, {
			parameters: taskParameters(),
			credentials: credentialsFor(emulator, FULL_KEY, { accessKeyId: 'AKIAUNKNOWNEXAMPLE00' }),
		});
		const request = onlyRequest();
		expect(request.accessKeyId).toBe('AKIAUNKNOWNEXAMPLE00');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`Item 0: UnrecognizedClientException: The security token included in the request is invalid. (HTTP 403, request ID ${request.requestId})`,
		);
		expect(error.description).toBe(CREDENTIAL_FIX);
		expect(emulator.state.contacts).toStrictEqual([]);
	});

	test('keys and secret with spaces around them (pasted) still sign correctly', async () => {
		const { items } = await runNode(emulator, {
			parameters: taskParameters(),
			credentials: credentialsFor(emulator, FULL_KEY, {
				accessKeyId: ` ${FULL_KEY.accessKeyId} `,
				secretAccessKey: `${FULL_KEY.secretAccessKey}\n`,
			}),
		});
		expect(items[0].json.contactId).toBe(emulator.state.contacts[0].contactId);
		expect(onlyRequest().accessKeyId).toBe(FULL_KEY.accessKeyId);
	});

	test('temporary keys with their session token create the contact', async () => {
		const { items } = await runNode(emulator, {
			parameters: taskParameters(),
			key: SESSION_KEY,
			executionId: 'exec-session',
		});
		const request = onlyRequest();
		expect(request.accessKeyId).toBe('ASIAEMULATOREXAMPLE2');
		expect(request.outcome).toBe('ok');
		const token = executionToken('wf-test-1', 'exec-session', 'Amazon Connect', 0);
		const stored = storedContactByToken(emulator, token);
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
	});

	test('temporary keys with a wrong session token: a clear error naming the credential', async () => {
		const error = await runNodeError(emulator, {
			parameters: taskParameters(),
			credentials: credentialsFor(emulator, SESSION_KEY, {
				sessionToken: 'IQoJb3JpZ2luX2VjWrongSessionTokenEXAMPLE',
			}),
		});
		const request = onlyRequest();
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`Item 0: UnrecognizedClientException: The security token included in the request is invalid. (HTTP 403, request ID ${request.requestId})`,
		);
		expect(error.description).toBe(CREDENTIAL_FIX);
		expect(emulator.state.contacts).toStrictEqual([]);
	});

	test('temporary keys without their session token: the same clear error', async () => {
		const error = await runNodeError(emulator, {
			parameters: taskParameters(),
			credentials: credentialsFor(emulator, SESSION_KEY, { sessionToken: '' }),
		});
		const request = onlyRequest();
		expect(error.message).toBe(
			`Item 0: UnrecognizedClientException: The security token included in the request is invalid. (HTTP 403, request ID ${request.requestId})`,
		);
		expect(error.description).toBe(CREDENTIAL_FIX);
	});

	test("a credential for another region than the instance's: a clear error naming the credential", async () => {
		const error = await runNodeError(emulator, {
			parameters: taskParameters(),
			credentials: credentialsFor(emulator, FULL_KEY, { region: 'eu-west-2' }),
		});
		const request = onlyRequest();
		expect(error.message).toBe(
			`Item 0: InvalidSignatureException: Credential should be scoped to a valid region, not 'eu-west-2'.  (HTTP 403, request ID ${request.requestId})`,
		);
		expect(error.description).toBe(CREDENTIAL_FIX);
	});
});

describe('instance and permissions', () => {
	test('an unknown instance: ResourceNotFoundException with HTTP 404 and the request ID; the fix names the instance and region', async () => {
		const unknown = '0f0f0f0f-0000-4000-8000-00000000beef';
		const error = await runNodeError(emulator, {
			parameters: taskParameters({ instanceId: byId(unknown) }),
		});
		const request = onlyRequest();
		expect(request.outcome).toBe('notFound');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`Item 0: ResourceNotFoundException: Instance not found for InstanceId: ${unknown} (HTTP 404, request ID ${request.requestId})`,
		);
		expect(error.description).toBe(NOT_FOUND_FIX(unknown));
		expect(error.httpCode).toBe('404');
	});

	test('a key denied connect:CreateContact: AccessDeniedException; the fix names the IAM action', async () => {
		const error = await runNodeError(emulator, { parameters: taskParameters(), key: DENIED_KEY });
		const request = onlyRequest();
		expect(request.outcome).toBe('denied');
		expect(request.accessKeyId).toBe('AKIAEMULATOREXAMPLE3');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`Item 0: AccessDeniedException: User: arn:aws:iam::123456789012:user/emulator-no-create-contact is not authorized to perform: connect:CreateContact on resource: arn:aws:connect:us-east-1:123456789012:instance/${DEMO} with an explicit deny in an identity-based policy (HTTP 403, request ID ${request.requestId})`,
		);
		expect(error.description).toBe(
			`The IAM user or role of the credential needs permission for the action connect:CreateContact on the instance ${DEMO} (resource arn:aws:connect:<region>:<account>:instance/<id>). Add it to its IAM policy.`,
		);
		expect(emulator.state.contacts).toStrictEqual([]);
	});
});

describe('values the form keeps across a channel switch', () => {
	test('Initiate As COMPLETED left from a TASK is shown for EMAIL too, and rejected before sending', async () => {
		// Both channels have a field named initiateAs, so n8n keeps the value when the channel changes.
		const error = await runNodeError(emulator, {
			parameters: {
				instanceId: byId(DEMO),
				channel: 'EMAIL',
				initiationMethod: 'FLOW',
				initiateAs: 'COMPLETED',
			},
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Item 0: Initiate As: COMPLETED is not allowed for EMAIL FLOW contacts (only tasks can be created completed)',
		);
		expect(error.description).toBe(
			'Choose one of CONNECTED_TO_USER, or create the contact as a TASK',
		);
		expect(emulator.state.requests).toStrictEqual([]);
	});
});

describe('a batch with items the node rejects and an item the emulator rejects', () => {
	const UNKNOWN_USER = '2f6c1a7e-7d3b-4a61-9b6f-1c2d3e4f5a6b';
	const BATCH = [
		taskParameters({ name: 'Valid task 0' }),
		// rejected by the node: a key with a space
		taskParameters({ attributes: { attribute: [{ key: 'order id', value: '1234' }] } }),
		// rejected by the emulator: no such user in the instance
		{
			instanceId: byId(DEMO),
			channel: 'EMAIL',
			initiationMethod: 'OUTBOUND',
			userId: byId(UNKNOWN_USER),
		},
		{ instanceId: byId(DEMO), channel: 'EMAIL', initiationMethod: 'FLOW', name: 'Valid email 3' },
		// rejected by the node: a Name longer than the model's 1024 characters
		taskParameters({ name: 'n'.repeat(1025) }),
		{
			instanceId: byId(DEMO),
			channel: 'VOICE',
			initiationMethod: 'TRANSFER',
			previousContactId: DEMO_CONTACT,
		},
	];
	const ATTRIBUTE_ERROR = {
		error: 'Item 1: Attributes › order id: the key "order id" has characters that are not allowed',
		description:
			"Keys may contain only letters, digits, '-' and '_': e.g. replace spaces and dots with '_'",
		itemIndex: 1,
	};
	const NAME_ERROR = {
		error: 'Item 4: Name: is 1025 characters long; the limit is 1024',
		description: 'Shorten Name to at most 1024 characters',
		itemIndex: 4,
	};

	test('under Continue On Fail the other items are created; outputs are in order and paired', async () => {
		const { items } = await runNode(emulator, {
			items: BATCH.length,
			parameters: (i) => BATCH[i],
			continueOnFail: true,
			workflowId: 'wf-batch',
			executionId: 'exec-batch',
		});
		const token = (i: number) => executionToken('wf-batch', 'exec-batch', 'Amazon Connect', i);
		const success = (i: number, channel: string, method: string) => {
			const stored = storedContactByToken(emulator, token(i));
			return {
				json: {
					contactId: stored.contactId,
					contactArn: contactArnOf(DEMO, stored.contactId),
					channel,
					initiationMethod: method,
					clientToken: token(i),
				},
				pairedItem: { item: i },
			};
		};
		const rejected = createContactRequests(emulator).filter((r) => r.outcome === 'notFound');
		expect(rejected).toHaveLength(1);
		expect(items).toStrictEqual([
			success(0, 'TASK', 'API'),
			{ json: ATTRIBUTE_ERROR, pairedItem: { item: 1 } },
			{
				json: {
					error: `Item 2: ResourceNotFoundException: User not found for UserInfo.UserId: ${UNKNOWN_USER} (HTTP 404, request ID ${rejected[0].requestId})`,
					description: NOT_FOUND_FIX(DEMO),
					itemIndex: 2,
				},
				pairedItem: { item: 2 },
			},
			success(3, 'EMAIL', 'FLOW'),
			{ json: NAME_ERROR, pairedItem: { item: 4 } },
			success(5, 'VOICE', 'TRANSFER'),
		]);
		// Three contacts; the rejected items sent nothing, the emulator's rejection stored nothing.
		expect(emulator.state.contacts.map((c) => c.clientToken).sort()).toStrictEqual(
			[token(0), token(3), token(5)].sort(),
		);
		expect(createContactRequests(emulator)).toHaveLength(4);
		expect(rejected[0].body).toStrictEqual({
			InstanceId: DEMO,
			Channel: 'EMAIL',
			InitiationMethod: 'OUTBOUND',
			UserInfo: { UserId: UNKNOWN_USER },
			ClientToken: token(2),
		});
	});

	test('without Continue On Fail an invalid item stops the node before any request', async () => {
		const error = await runNodeError(emulator, {
			items: BATCH.length,
			parameters: (i) => BATCH[i],
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(ATTRIBUTE_ERROR.error);
		expect(error.description).toBe(ATTRIBUTE_ERROR.description);
		expect(emulator.state.requests).toStrictEqual([]);
		expect(emulator.state.contacts).toStrictEqual([]);
	});

	test('without Continue On Fail, the error of the item the emulator rejects names that item', async () => {
		const valid = [BATCH[0], BATCH[2], BATCH[3]];
		const error = await runNodeError(emulator, {
			items: valid.length,
			parameters: (i) => ({ ...valid[i], options: { concurrency: 1 } }),
		});
		const [rejected] = createContactRequests(emulator).filter((r) => r.outcome === 'notFound');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`Item 1: ResourceNotFoundException: User not found for UserInfo.UserId: ${UNKNOWN_USER} (HTTP 404, request ID ${rejected.requestId})`,
		);
		expect(error.description).toBe(NOT_FOUND_FIX(DEMO));
		// With one request at a time, nothing after the failure was sent.
		expect(createContactRequests(emulator).map((r) => r.outcome)).toStrictEqual(['ok', 'notFound']);
	});
});
