/**
 * The secret access key and the session token never leave the signing: not in output items, not in
 * errors (message, description, serialised or inspected), not in anything written to the console or
 * to stdout/stderr (the emulator's own request log included), not in what the emulator recorded.
 */
import { inspect } from 'node:util';
import type { INodeExecutionData } from 'n8n-workflow';

import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
} from 'n8n-workflow';

import { amazonConnectApiTest } from '../../nodes/AmazonConnect/methods/credentialTest';
import { forgetSessions, HOST_IDENTITY_SWITCH } from '../../nodes/AmazonConnect/transport/identity';
import {
	CONFIG,
	createContactRequests,
	credentialsFor,
	DENIED_KEY,
	FULL_KEY,
	runNode,
	runNodeError,
	SESSION_KEY,
	taskParameters,
	useTestEmulator,
} from './helpers';

const WRONG_SECRET = 'wrongSecretKey9/Leaked+IfYouSeeThisEXAMPLE';
const WRONG_SESSION_TOKEN = 'IQoJb3JpZ2luX2VjWrongTokenLeakedIfSeen//////////wEaCXVzEXAMPLE';

const FIXED_SECRETS = [
	FULL_KEY.secretAccessKey,
	SESSION_KEY.secretAccessKey,
	SESSION_KEY.sessionToken!,
	DENIED_KEY.secretAccessKey,
	WRONG_SECRET,
	WRONG_SESSION_TOKEN,
	// The host's secrets: the web identity token and the container credentials' authorization token.
	...(CONFIG.roles ?? []).flatMap((r) => r.webIdentityTokens ?? []),
	CONFIG.containerCredentials!.authorizationToken!,
];
/** Including the assumed-role and container sessions the emulator issued so far. */
const secrets = () => [...FIXED_SECRETS, ...emulator.issuedSecrets()];

// Not quiet: the emulator's request log is part of what gets written.
const emulator = useTestEmulator({ quiet: false });
let logged: string[];
let spies: jest.SpyInstance[];

beforeEach(() => {
	logged = [];
	const capture = (...args: unknown[]) => {
		logged.push(
			args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: null }))).join(' '),
		);
	};
	const captureWrite = (chunk: unknown) => {
		logged.push(
			typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'),
		);
		return true;
	};
	spies = [
		...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
			jest.spyOn(console, m).mockImplementation(capture),
		),
		jest
			.spyOn(process.stdout, 'write')
			.mockImplementation(captureWrite as typeof process.stdout.write),
		jest
			.spyOn(process.stderr, 'write')
			.mockImplementation(captureWrite as typeof process.stderr.write),
		jest.spyOn(process, 'emitWarning').mockImplementation(capture as typeof process.emitWarning),
	];
});
afterEach(() => {
	for (const spy of spies) spy.mockRestore();
});

/** Every form a secret could leak in: as is, URL-encoded, JSON-escaped. */
function expectNoSecret(text: string, where: string): void {
	for (const secret of secrets()) {
		for (const form of new Set([
			secret,
			encodeURIComponent(secret),
			JSON.stringify(secret).slice(1, -1),
		])) {
			if (text.includes(form))
				throw new Error(`a secret (${secret.slice(0, 6)}…) appears in ${where}`);
		}
	}
}

function expectNothingLeaked(
	outputs: INodeExecutionData[][],
	errors: Array<Error & { description?: unknown }>,
): void {
	expectNoSecret(JSON.stringify(outputs), 'the output items');
	expectNoSecret(inspect(outputs, { depth: null }), 'the output items (inspected)');
	for (const error of errors) {
		expectNoSecret(error.message, 'an error message');
		expectNoSecret(String(error.description), 'an error description');
		expectNoSecret(JSON.stringify(error), 'a serialised error');
		expectNoSecret(inspect(error, { depth: null, showHidden: true }), 'an inspected error');
		expectNoSecret(String(error.stack), 'an error stack');
	}
	expectNoSecret(logged.join('\n'), 'the console or stdout/stderr');
	expectNoSecret(JSON.stringify(emulator.state), "the emulator's request log and store");
}

test('a succeeding batch with temporary keys, with Full Response', async () => {
	const { items } = await runNode(emulator, {
		items: 3,
		parameters: (i) => taskParameters({ name: `Task ${i}`, options: { fullResponse: true } }),
		key: SESSION_KEY,
	});
	expect(emulator.state.contacts).toHaveLength(3);
	expect(items.map((item) => item.json.contactId).sort()).toStrictEqual(
		emulator.state.contacts.map((c) => c.contactId).sort(),
	);
	expect(items.map((item) => Object.keys(item.json))).toStrictEqual(
		Array(3).fill([
			'contactId',
			'contactArn',
			'channel',
			'initiationMethod',
			'clientToken',
			'instanceId',
			'requestId',
			'attempts',
			'request',
		]),
	);
	// The emulator did log the requests (by access key ID only): the capture works.
	expect(
		logged.filter((line) => line.includes(' CreateContact 200 ok key=ASIAEMULATOREXAMPLE2 ')),
	).toHaveLength(3);
	expectNothingLeaked([items], []);
});

test('failing batches: wrong secret, wrong session token, denied key; with and without Continue On Fail', async () => {
	const errors: Array<Error & { description?: unknown }> = [];
	const outputs: INodeExecutionData[][] = [];

	errors.push(
		await runNodeError(emulator, {
			items: 2,
			parameters: taskParameters(),
			credentials: credentialsFor(emulator, FULL_KEY, { secretAccessKey: WRONG_SECRET }),
		}),
	);
	errors.push(
		await runNodeError(emulator, {
			parameters: taskParameters(),
			credentials: credentialsFor(emulator, SESSION_KEY, { sessionToken: WRONG_SESSION_TOKEN }),
		}),
	);
	errors.push(await runNodeError(emulator, { parameters: taskParameters(), key: DENIED_KEY }));
	outputs.push(
		(
			await runNode(emulator, {
				items: 2,
				parameters: taskParameters({ options: { fullResponse: true } }),
				credentials: credentialsFor(emulator, SESSION_KEY, { secretAccessKey: WRONG_SECRET }),
				continueOnFail: true,
			})
		).items,
	);

	expect(
		errors.map((e) => e.message.replace(/request ID [0-9a-f-]{36}/, 'request ID <id>')),
	).toStrictEqual([
		'Item 0: InvalidSignatureException: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details. (HTTP 403, request ID <id>)',
		'Item 0: UnrecognizedClientException: The security token included in the request is invalid. (HTTP 403, request ID <id>)',
		expect.stringMatching(
			/^Item 0: AccessDeniedException: User: arn:aws:iam::123456789012:user\/emulator-no-create-contact is not authorized to perform: connect:CreateContact /,
		),
	]);
	const mismatch = (i: number) =>
		new RegExp(
			`^Item ${i}: InvalidSignatureException: The request signature we calculated does not match the signature you provided\\. .* \\(HTTP 403, request ID [0-9a-f-]{36}\\)$`,
		);
	expect(outputs[0]).toStrictEqual(
		[0, 1].map((i) => ({
			json: {
				error: expect.stringMatching(mismatch(i)),
				description: expect.stringMatching(
					/^AWS did not accept the credential "Connect emulator \(integration\)"/,
				),
				itemIndex: i,
			},
			pairedItem: { item: i },
		})),
	);
	expect(emulator.state.contacts).toStrictEqual([]);
	expect(createContactRequests(emulator).map((r) => r.outcome)).toStrictEqual([
		'unauthenticated',
		'unauthenticated',
		'unauthenticated',
		'denied',
		'unauthenticated',
		'unauthenticated',
	]);
	expectNothingLeaked(outputs, errors);
});

describe('every Authentication mode', () => {
	const savedEnv = { ...process.env };
	const role = CONFIG.roles![0];
	const assumeRole = (overrides: ICredentialDataDecryptedObject = {}) =>
		credentialsFor(emulator, FULL_KEY, {
			authentication: 'assumeRole',
			roleArn: role.arn,
			externalId: role.externalId!,
			roleSource: 'accessKeys',
			...overrides,
		});
	const host = (overrides: ICredentialDataDecryptedObject = {}) =>
		credentialsFor(emulator, FULL_KEY, {
			authentication: 'hostIdentity',
			accessKeyId: '',
			secretAccessKey: '',
			...overrides,
		});
	const credentialTest = (data: ICredentialDataDecryptedObject) =>
		amazonConnectApiTest.call(
			{} as ICredentialTestFunctions,
			{ id: '1', name: 'c', type: 'amazonConnectApi', data } as ICredentialsDecrypted,
		);

	beforeEach(() => {
		forgetSessions();
		process.env[HOST_IDENTITY_SWITCH] = 'true';
		process.env.AWS_EC2_METADATA_DISABLED = 'true';
		process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${emulator.url}/v2/credentials/n8n-task`;
		process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = CONFIG.containerCredentials!.authorizationToken;
	});
	afterAll(() => {
		process.env = savedEnv;
	});

	test('Assume Role and Host Identity: batches, failures and credential tests', async () => {
		const errors: Array<Error & { description?: unknown }> = [];
		const outputs: INodeExecutionData[][] = [];
		outputs.push(
			(
				await runNode(emulator, {
					items: 3,
					parameters: taskParameters({ options: { fullResponse: true } }),
					credentials: assumeRole(),
				})
			).items,
		);
		outputs.push(
			(
				await runNode(emulator, {
					items: 2,
					parameters: taskParameters({ options: { fullResponse: true } }),
					credentials: host(),
					executionId: 'host',
				})
			).items,
		);
		outputs.push(
			(
				await runNode(emulator, {
					items: 2,
					parameters: taskParameters(),
					credentials: assumeRole({ roleSource: 'hostIdentity' }),
					executionId: 'via-host',
				})
			).items,
		);
		errors.push(
			await runNodeError(emulator, {
				parameters: taskParameters(),
				credentials: assumeRole({ externalId: 'wrong' }),
			}),
		);
		errors.push(
			await runNodeError(emulator, {
				parameters: taskParameters(),
				credentials: assumeRole({ secretAccessKey: WRONG_SECRET }),
			}),
		);
		outputs.push(
			(
				await runNode(emulator, {
					items: 2,
					parameters: taskParameters(),
					credentials: assumeRole({ sessionDuration: 7200 }),
					continueOnFail: true,
					executionId: 'cof',
				})
			).items,
		);
		const tests = await Promise.all([
			credentialTest(assumeRole()),
			credentialTest(assumeRole({ externalId: 'wrong' })),
			credentialTest(assumeRole({ secretAccessKey: WRONG_SECRET })),
			credentialTest(host()),
			credentialTest(assumeRole({ roleSource: 'hostIdentity' })),
		]);
		expect(tests.map((t) => t.status)).toEqual(['OK', 'Error', 'Error', 'OK', 'OK']);
		outputs.push(tests.map((t) => ({ json: { ...t } })));
		process.env[HOST_IDENTITY_SWITCH] = 'false';
		errors.push(
			await runNodeError(emulator, { parameters: taskParameters(), credentials: host() }),
		);

		// Sessions were issued (their secrets are among those checked), and contacts were created with them.
		expect(emulator.issuedSecrets().length).toBeGreaterThanOrEqual(6);
		expect(emulator.state.contacts).toHaveLength(7);
		expectNothingLeaked(outputs, errors);
	});
});
