import { ListInstancesCommand } from '@aws-sdk/client-connect';
import { startEmulator } from '../../emulator';
import {
	CONFIG,
	FULL_KEY,
	INSTANCE_ID,
	SESSION_KEY,
	client,
	createContact,
	failure,
	signedRequest,
	task,
	useEmulator,
} from './helpers';

const MISMATCH =
	'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const body = JSON.stringify({
	InstanceId: INSTANCE_ID,
	Channel: 'TASK',
	InitiationMethod: 'API',
	Name: 'aaaa',
});

const emu = useEmulator();

function expectAuthError(
	r: { status: number; headers: Record<string, unknown>; json?: Record<string, unknown> },
	type: string,
	message: string,
) {
	expect(r.status).toBe(403);
	expect(r.headers['content-type']).toBe('application/json');
	expect(r.headers['x-amzn-errortype']).toBe(type);
	expect(r.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
	expect(r.json).toEqual({ Message: message });
}

describe('SigV4 verification', () => {
	test('a request signed by the SDK is accepted', async () => {
		const out = await client(emu).send(new ListInstancesCommand({}));
		expect(out.InstanceSummaryList).toHaveLength(3);
		expect(emu.state.requests[0]).toMatchObject({
			operation: 'ListInstances',
			status: 200,
			outcome: 'ok',
			accessKeyId: FULL_KEY.accessKeyId,
		});
	});

	test('a raw request signed with @smithy/signature-v4 is accepted, with and without x-amz-content-sha256', async () => {
		const withHash = await signedRequest(emu, { body });
		const withoutHash = await signedRequest(emu, { body, applyChecksum: false });
		expect([withHash.status, withoutHash.status]).toEqual([200, 200]);
		expect(emu.state.contacts).toHaveLength(2);
	});

	test('a body changed after signing is rejected (payload hash header signed)', async () => {
		const r = await signedRequest(emu, {
			body,
			afterSigning: (s) => (s.body = s.body!.replace('aaaa', 'bbbb')),
		});
		expectAuthError(r, 'InvalidSignatureException', MISMATCH);
		expect(emu.state.contacts).toHaveLength(0);
		expect(emu.state.requests[0]).toMatchObject({
			status: 403,
			errorType: 'InvalidSignatureException',
			outcome: 'unauthenticated',
		});
	});

	test('a body changed after signing is rejected (no payload hash header)', async () => {
		const r = await signedRequest(emu, {
			body,
			applyChecksum: false,
			afterSigning: (s) => (s.body = s.body!.replace('aaaa', 'bbbb')),
		});
		expectAuthError(r, 'InvalidSignatureException', MISMATCH);
	});

	test('a signed header changed after signing is rejected', async () => {
		const r = await signedRequest(emu, {
			body,
			afterSigning: (s) => (s.headers['content-type'] = 'application/x-amz-json-1.1'),
		});
		expectAuthError(r, 'InvalidSignatureException', MISMATCH);
	});

	test('a wrong secret is rejected', async () => {
		const e = await failure(createContact(client(emu, { secret: 'not-the-secret' }), task()));
		expect(e.name).toBe('InvalidSignatureException');
		expect(e.message).toBe(MISMATCH);
		expect(e.$metadata?.httpStatusCode).toBe(403);
		expect(emu.state.contacts).toHaveLength(0);
	});

	test('a wrong region in the credential scope is rejected', async () => {
		const e = await failure(createContact(client(emu, { region: 'us-west-2' }), task()));
		expect(e.name).toBe('InvalidSignatureException');
		expect(e.message).toBe("Credential should be scoped to a valid region, not 'us-west-2'. ");
		expect(e.$metadata?.httpStatusCode).toBe(403);
	});

	test('a wrong service in the credential scope is rejected', async () => {
		const r = await signedRequest(emu, { body, service: 'execute-api' });
		expectAuthError(
			r,
			'InvalidSignatureException',
			"Credential should be scoped to correct service: 'connect'. ",
		);
	});

	test('a signature older than 5 minutes is expired', async () => {
		const signingDate = new Date(Date.now() - 10 * 60 * 1000);
		const r = await signedRequest(emu, { body, signingDate });
		expect(r.status).toBe(403);
		expect(r.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
		const amzDate = signingDate
			.toISOString()
			.replace(/\.\d{3}/, '')
			.replace(/[-:]/g, '');
		expect(String(r.json?.Message)).toMatch(
			new RegExp(
				`^Signature expired: ${amzDate} is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)$`,
			),
		);
		expect(emu.state.contacts).toHaveLength(0);
	});

	test('a signature dated 10 minutes ahead is not yet current; 4 minutes off is tolerated', async () => {
		const ahead = await signedRequest(emu, {
			body,
			signingDate: new Date(Date.now() + 10 * 60 * 1000),
		});
		expect(ahead.status).toBe(403);
		expect(String(ahead.json?.Message)).toMatch(
			/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
		);
		const skewed = await signedRequest(emu, {
			body,
			signingDate: new Date(Date.now() - 4 * 60 * 1000),
		});
		expect(skewed.status).toBe(200);
	});

	test('an unknown access key is rejected', async () => {
		const e = await failure(
			createContact(
				client(emu, { key: { accessKeyId: 'AKIAUNKNOWNEXAMPLE00', secretAccessKey: 'whatever' } }),
				task(),
			),
		);
		expect(e.name).toBe('UnrecognizedClientException');
		expect(e.message).toBe('The security token included in the request is invalid.');
		expect(e.$metadata?.httpStatusCode).toBe(403);
		expect(emu.state.requests[0]).toMatchObject({
			accessKeyId: 'AKIAUNKNOWNEXAMPLE00',
			outcome: 'unauthenticated',
		});
	});

	test('a request without Authorization is rejected', async () => {
		const r = await signedRequest(emu, {
			body,
			afterSigning: (s) => delete s.headers.authorization,
		});
		expectAuthError(r, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
	});

	describe('temporary credentials', () => {
		test('accepted with the right session token', async () => {
			const out = await createContact(client(emu, { key: SESSION_KEY }), task());
			expect(out.ContactId).toBeDefined();
			expect(emu.state.contacts).toHaveLength(1);
		});

		test('rejected without the session token', async () => {
			const e = await failure(
				createContact(client(emu, { key: SESSION_KEY, sessionToken: null }), task()),
			);
			expect([e.name, e.message, e.$metadata?.httpStatusCode]).toEqual([
				'UnrecognizedClientException',
				'The security token included in the request is invalid.',
				403,
			]);
		});

		test('rejected with a different session token', async () => {
			const e = await failure(
				createContact(
					client(emu, { key: SESSION_KEY, sessionToken: `${SESSION_KEY.sessionToken}x` }),
					task(),
				),
			);
			expect(e.name).toBe('UnrecognizedClientException');
		});

		test('a long-term key sending a session token is rejected', async () => {
			const e = await failure(
				createContact(client(emu, { sessionToken: 'FwoGZXIvYXdzEXAMPLE' }), task()),
			);
			expect(e.name).toBe('UnrecognizedClientException');
		});
	});

	test('secrets and session tokens never appear in answers, state, or the request log', async () => {
		const writes: string[] = [];
		const spy = jest
			.spyOn(process.stdout, 'write')
			.mockImplementation((chunk: string | Uint8Array) => {
				writes.push(String(chunk));
				return true;
			});
		const loud = await startEmulator({ rate: null });
		try {
			await createContact(client(loud, { key: SESSION_KEY }), task());
			await failure(createContact(client(loud, { secret: 'bad' }), task()));
			await failure(
				createContact(client(loud, { key: SESSION_KEY, sessionToken: 'wrong-token' }), task()),
			);
			const everything = [
				JSON.stringify(loud.state),
				...writes,
				JSON.stringify(await (await fetch(`${loud.url}/_emulator/state`)).json()),
			].join('\n');
			expect(writes).toHaveLength(3);
			for (const k of CONFIG.accessKeys) {
				expect(everything).not.toContain(k.secretAccessKey);
				if (k.sessionToken) expect(everything).not.toContain(k.sessionToken);
			}
			expect(everything).not.toContain('wrong-token');
		} finally {
			spy.mockRestore();
			await loud.close();
		}
	});
});
