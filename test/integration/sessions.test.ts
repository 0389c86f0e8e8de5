/**
 * A bulk run that outlives many role sessions: the emulator issues 8-second sessions and answers
 * ExpiredTokenException to a request signed with an expired one. The node must create every
 * contact without a failure, renewing the session before it expires, with a handful of STS calls
 * (not one per request). About a minute of wall time; the README quotes what it measured.
 */
import { assumeRoleCalls, forgetSessions } from '../../nodes/AmazonConnect/transport/identity';
import {
	CONFIG,
	credentialsFor,
	FULL_KEY,
	runNode,
	taskParameters,
	useTestEmulator,
} from './helpers';

const SESSION_SECONDS = 8;
const ITEMS = 360;
const LATENCY_MS = 300;
const CONCURRENCY = 2;

const emulator = useTestEmulator(
	{ sessionSeconds: SESSION_SECONDS, latencyMs: LATENCY_MS },
	{ resetEach: false },
);
beforeAll(() => {
	forgetSessions();
});

test(`${ITEMS} contacts over ${SESSION_SECONDS}-second role sessions: no failure, few STS calls`, async () => {
	const role = CONFIG.roles![0];
	const credentials = credentialsFor(emulator, FULL_KEY, {
		authentication: 'assumeRole',
		roleArn: role.arn,
		externalId: role.externalId!,
		roleSource: 'accessKeys',
	});
	const calls = assumeRoleCalls();
	const started = Date.now();
	const { items } = await runNode(emulator, {
		items: ITEMS,
		parameters: (i) => taskParameters({ name: `Task ${i}`, options: { concurrency: CONCURRENCY } }),
		credentials,
	});
	const seconds = (Date.now() - started) / 1000;
	const stsCalls = assumeRoleCalls() - calls;

	expect(items.filter((item) => item.json.error !== undefined)).toEqual([]);
	expect(emulator.state.contacts).toHaveLength(ITEMS);
	const creates = emulator.state.requests.filter((r) => r.operation === 'CreateContact');
	// Not one request was signed with an expired session (no ExpiredTokenException, no retry).
	expect(creates.map((r) => r.outcome).filter((o) => o !== 'ok')).toEqual([]);
	expect(creates).toHaveLength(ITEMS);
	const sessionsUsed = new Set(creates.map((r) => r.accessKeyId)).size;
	process.stdout.write(
		`[sessions] ${ITEMS} contacts in ${seconds.toFixed(1)} s over ${SESSION_SECONDS}-s sessions: ${stsCalls} AssumeRole calls, ${sessionsUsed} sessions signed requests\n`,
	);
	// The run outlived several sessions, so renewals did happen...
	expect(seconds).toBeGreaterThan(SESSION_SECONDS * 3);
	expect(sessionsUsed).toBeGreaterThanOrEqual(4);
	expect(emulator.state.requests.filter((r) => r.operation === 'AssumeRole')).toHaveLength(
		stsCalls,
	);
	// ...about one per half-session (renewal starts when half the lifetime is left), never one per request.
	expect(stsCalls).toBeLessThanOrEqual(Math.ceil(seconds / (SESSION_SECONDS / 2)) + 2);
	expect(stsCalls).toBeLessThan(ITEMS / 10);
}, 240_000);
