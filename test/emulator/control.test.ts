import {
	CreateContactCommand,
	ListInstancesCommand,
	ListPromptsCommand,
} from '@aws-sdk/client-connect';
import { startEmulator } from '../../emulator';
import { optionsFromFlags, parseFlags } from '../../emulator/cli';
import {
	CONFIG,
	INSTANCE_ID,
	client,
	createContact,
	failure,
	rawRequest,
	task,
	useEmulator,
} from './helpers';

const emu = useEmulator();
beforeEach(() => {
	emu.configure({ rate: null, latencyMs: 0, faults: {} });
});

const post = (path: string, body?: unknown) =>
	rawRequest(
		emu.url,
		'POST',
		path,
		{ 'content-type': 'application/json' },
		body === undefined ? undefined : JSON.stringify(body),
	);

describe('/_emulator HTTP endpoints (no signature needed)', () => {
	test('GET /_emulator/state mirrors the in-process state', async () => {
		const out = await createContact(client(emu), task({ ClientToken: 'http-state' }));
		const r = await rawRequest(emu.url, 'GET', '/_emulator/state', {});
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('application/json');
		const { options, ...state } = r.json as Record<string, unknown>;
		expect(state).toEqual(JSON.parse(JSON.stringify(emu.state)));
		expect(options).toEqual({
			rate: null,
			rates: {},
			latencyMs: 0,
			faults: {
				seed: 1,
				throttle: 0,
				internalError: 0,
				dropBeforeHandling: 0,
				dropAfterStore: 0,
				hang: 0,
				hangAfterStore: 0,
			},
			clockOffsetMs: 0,
			refuseNames: [],
		});
		expect((state.contacts as Array<{ contactId: string }>)[0].contactId).toBe(out.ContactId);
		expect(Object.keys(state.tokens as object)).toEqual([`${INSTANCE_ID}:http-state`]);
		// control calls are not API requests
		expect(emu.state.requests).toHaveLength(1);
	});

	test("refuseNames: contacts with one of these names are refused, nothing stored; clockOffsetMs: the Date header tells the emulator's clock", async () => {
		await post('/_emulator/configure', { refuseNames: ['Refuse me'], clockOffsetMs: 3_600_000 });
		try {
			const e = await failure(
				client(emu).send(
					new CreateContactCommand({
						InstanceId: emu.config.instances[0].id,
						Channel: 'TASK',
						InitiationMethod: 'API',
						Name: 'Refuse me',
						ClientToken: 't-refuse',
					}),
				),
			);
			expect(e.name).toBe('InvalidSignatureException'); // an hour off: the signature is refused first
			await post('/_emulator/configure', { clockOffsetMs: 0 });
			const refused = await failure(
				client(emu).send(
					new CreateContactCommand({
						InstanceId: emu.config.instances[0].id,
						Channel: 'TASK',
						InitiationMethod: 'API',
						Name: 'Refuse me',
						ClientToken: 't-refuse',
					}),
				),
			);
			expect(refused.name).toBe('InvalidRequestException');
			expect(emu.state.contacts).toHaveLength(0);
			expect(emu.state.requests.map((r) => r.outcome)).toEqual(['unauthenticated', 'refused']);
		} finally {
			await post('/_emulator/configure', { refuseNames: [], clockOffsetMs: 0 });
		}
	});

	test('POST /_emulator/configure changes faults, rate and latency at run time', async () => {
		const r = await post('/_emulator/configure', {
			faults: { seed: 3, throttle: 1 },
			latencyMs: 5,
		});
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			options: {
				rate: null,
				rates: {},
				latencyMs: 5,
				faults: {
					seed: 3,
					throttle: 1,
					internalError: 0,
					dropBeforeHandling: 0,
					dropAfterStore: 0,
					hang: 0,
					hangAfterStore: 0,
				},
				clockOffsetMs: 0,
				refuseNames: [],
			},
		});
		const e = await failure(client(emu).send(new ListInstancesCommand({})));
		expect(e.name).toBe('ThrottlingException');

		await post('/_emulator/configure', { faults: {}, rate: { perSecond: 1, burst: 1 } });
		await client(emu).send(new ListInstancesCommand({}));
		expect((await failure(client(emu).send(new ListInstancesCommand({})))).name).toBe(
			'ThrottlingException',
		);
		expect(emu.state.requests.map((x) => x.outcome)).toEqual(['fault:throttle', 'ok', 'throttled']);
	});

	test('POST /_emulator/configure rejects bad values with a JSON error and changes nothing', async () => {
		const r = await post('/_emulator/configure', { latencyMs: 500, faults: { internalError: 2 } });
		expect(r.status).toBe(400);
		expect(r.headers['x-amzn-errortype']).toBe('InvalidParameterException');
		expect(r.json).toEqual({ Message: 'faults.internalError must be a number between 0 and 1' });
		const notJson = await rawRequest(emu.url, 'POST', '/_emulator/configure', {}, 'latency=5');
		expect(notJson.status).toBe(400);
		expect(notJson.headers['x-amzn-errortype']).toBe('SerializationException');
		const state = await rawRequest(emu.url, 'GET', '/_emulator/state', {});
		expect((state.json?.options as { latencyMs: number }).latencyMs).toBe(0);
		await client(emu).send(new ListInstancesCommand({}));
	});

	test('POST /_emulator/reset clears requests, contacts, tokens and the bucket', async () => {
		emu.configure({ rate: { perSecond: 0.01, burst: 1 } });
		await createContact(client(emu), task({ ClientToken: 'before-reset' }));
		expect((await failure(createContact(client(emu), task()))).name).toBe('ThrottlingException');
		const r = await post('/_emulator/reset');
		expect(r.status).toBe(200);
		expect(emu.state).toEqual({
			requests: [],
			contacts: [],
			tokens: {},
			lives: {},
			emails: [],
			lifecycleTokens: {},
			sessions: [],
		});
		// bucket full again; options kept
		await createContact(client(emu), task({ ClientToken: 'before-reset' }));
		expect(emu.state.contacts).toHaveLength(1);
		expect(emu.state.requests[0].outcome).toBe('ok');
	});

	test('reset() keeps references to state live', async () => {
		const { state } = emu;
		await createContact(client(emu), task());
		emu.reset();
		await createContact(client(emu), task());
		expect(state.contacts).toHaveLength(1);
		expect(state).toBe(emu.state);
	});

	test('GET /_emulator/config shows the config without secrets', async () => {
		const r = await rawRequest(emu.url, 'GET', '/_emulator/config', {});
		expect(r.status).toBe(200);
		for (const k of CONFIG.accessKeys) {
			expect(r.text).toContain(k.accessKeyId);
			expect(r.text).not.toContain(k.secretAccessKey);
			if (k.sessionToken) expect(r.text).not.toContain(k.sessionToken);
		}
		expect((r.json?.instances as unknown[]).length).toBe(3);
	});

	test('an unknown /_emulator path is a JSON UnknownOperationException', async () => {
		const r = await rawRequest(emu.url, 'GET', '/_emulator/nothing', {});
		expect(r.status).toBe(404);
		expect(r.headers['x-amzn-errortype']).toBe('UnknownOperationException');
		expect(r.json).toEqual({ Message: 'Unknown operation: GET /_emulator/nothing' });
	});
});

describe('unknown API routes', () => {
	test('a raw request to an unknown path is 404 UnknownOperationException in JSON', async () => {
		const r = await rawRequest(emu.url, 'DELETE', '/contact/create-contact', {});
		expect(r.status).toBe(404);
		expect(r.headers['content-type']).toBe('application/json');
		expect(r.headers['x-amzn-errortype']).toBe('UnknownOperationException');
		expect(r.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
		expect(r.json).toEqual({ Message: 'Unknown operation: DELETE /contact/create-contact' });
		expect(emu.state.requests[0]).toMatchObject({
			operation: 'Unknown',
			status: 404,
			outcome: 'unknownOperation',
		});
	});

	test('an operation the emulator does not serve reaches the SDK as UnknownOperationException', async () => {
		const e = await failure(client(emu).send(new ListPromptsCommand({ InstanceId: INSTANCE_ID })));
		expect([e.name, e.$metadata?.httpStatusCode]).toEqual(['UnknownOperationException', 404]);
	});
});

describe('configuration checks', () => {
	test('a broken config is refused at start', async () => {
		await expect(
			startEmulator({ quiet: true, config: { ...CONFIG, region: 'nowhere', accessKeys: [] } }),
		).rejects.toThrow(
			'Invalid emulator config: region must look like us-east-1; accessKeys must be a non-empty array',
		);
	});

	test('bad rate and latency are refused', () => {
		expect(() => emu.configure({ rate: { perSecond: 0, burst: 1 } })).toThrow(
			'rate needs perSecond > 0',
		);
		expect(() => emu.configure({ latencyMs: -1 })).toThrow('latencyMs must be a number >= 0');
	});
});

describe('cli flags', () => {
	test('defaults', () => {
		const o = optionsFromFlags(parseFlags([], {}));
		expect({ ...o, config: undefined }).toEqual({
			host: '127.0.0.1',
			port: 4566,
			config: undefined,
			rate: { perSecond: 2, burst: 5 },
			latencyMs: 0,
			faults: { seed: 1, throttle: 0, internalError: 0, dropBeforeHandling: 0, dropAfterStore: 0 },
			quiet: false,
		});
		expect(o.config).toEqual(CONFIG);
	});

	test('flags, --name=value, and environment variables (flags win)', () => {
		const flags = parseFlags(
			[
				'--port',
				'0',
				'--rate=10',
				'--burst',
				'20',
				'--latency',
				'3',
				'--seed',
				'9',
				'--throttle',
				'0.1',
				'--internal-error',
				'0.2',
				'--drop-before',
				'0.05',
				'--drop-after-store',
				'0.05',
				'--quiet',
			],
			{ CONNECT_EMULATOR_PORT: '5000', CONNECT_EMULATOR_HOST: '0.0.0.0' },
		);
		const o = optionsFromFlags(flags);
		expect({ ...o, config: undefined }).toEqual({
			host: '0.0.0.0',
			port: 0,
			config: undefined,
			rate: { perSecond: 10, burst: 20 },
			latencyMs: 3,
			faults: {
				seed: 9,
				throttle: 0.1,
				internalError: 0.2,
				dropBeforeHandling: 0.05,
				dropAfterStore: 0.05,
			},
			quiet: true,
		});
		expect(optionsFromFlags(parseFlags(['--no-rate'], {})).rate).toBeNull();
		expect(optionsFromFlags(parseFlags([], { CONNECT_EMULATOR_NO_RATE: '1' })).rate).toBeNull();
	});

	test('unknown flags and bad numbers are errors', () => {
		expect(() => parseFlags(['--verbose'], {})).toThrow('Unknown option --verbose');
		expect(() => parseFlags(['--port'], {})).toThrow('--port needs a value');
		expect(() => optionsFromFlags(parseFlags(['--rate', 'fast'], {}))).toThrow(
			"--rate must be a number, got 'fast'",
		);
	});
});
