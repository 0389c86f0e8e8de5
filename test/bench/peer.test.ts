/**
 * The peer bench's plumbing, not its timing: its forwarder (n8n's HTTP_PROXY in the bench) hands a request
 * signed for AWS's own host to the emulator unchanged, so the emulator checks the signature as usual; a
 * request for any other host or port is refused. And the counting of both nodes' outputs.
 */
import http from 'node:http';

import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

import { countContacts } from '../../scripts/bench/bench';
import { snapshotOf } from '../../scripts/bench/emulatorHandle';
import { CONNECT_HOST, outputsOf, startForwarder } from '../../scripts/bench/peer';
import { useTestEmulator } from '../unit/helpers/testEmulator';

const emulator = useTestEmulator();
let forwarder: Awaited<ReturnType<typeof startForwarder>>;

beforeAll(async () => {
	forwarder = await startForwarder(new Set([emulator.port]));
});
afterAll(async () => {
	await forwarder.close();
});

const awsHost = () => `${CONNECT_HOST}:${emulator.port}`;

/**
 * A CreateContact signed for `host` (service and region as n8n's AWS credential derives them from AWS's
 * host), sent through the forwarder in absolute form, as n8n sends it to its HTTP_PROXY.
 */
async function viaForwarder(
	o: { host?: string; service?: string; secret?: string; name?: string } = {},
) {
	const host = o.host ?? awsHost();
	const service = o.service ?? 'connect';
	const key = emulator.config.accessKeys[0];
	const body = JSON.stringify({
		InstanceId: emulator.config.instances[0].id,
		Channel: 'TASK',
		InitiationMethod: 'API',
		Name: o.name ?? 'through the proxy',
	});
	const [hostname, port] = host.split(':');
	const signed = await new SignatureV4({
		service,
		region: emulator.config.region,
		credentials: {
			accessKeyId: key.accessKeyId,
			secretAccessKey: o.secret ?? key.secretAccessKey,
		},
		sha256: Hash.bind(null, 'sha256'),
	}).sign(
		new HttpRequest({
			method: 'PUT',
			protocol: 'http:',
			hostname,
			port: Number(port),
			path: '/contact/create-contact',
			headers: { host, 'content-type': 'application/json' },
			body,
		}),
	);
	const proxy = new URL(forwarder.url);
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const req = http.request(
			{
				host: proxy.hostname,
				port: proxy.port,
				method: 'PUT',
				path: `http://${host}/contact/create-contact`,
				headers: signed.headers,
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8').on('data', (d: string) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

test("a request signed for AWS's host reaches the emulator unchanged and is accepted", async () => {
	const res = await viaForwarder();
	expect(res.status).toBe(200);
	expect(JSON.parse(res.body)).toEqual({
		ContactId: emulator.state.contacts[0].contactId,
		ContactArn: emulator.state.contacts[0].contactArn,
	});
	expect(emulator.state.requests.map((r) => r.outcome)).toEqual(['ok']);
	expect(forwarder.forwarded()).toBeGreaterThan(0);
});

test('the emulator still checks the signature: a wrong secret or another signing name is refused', async () => {
	expect((await viaForwarder({ secret: 'not-the-secret' })).status).toBe(403);
	expect((await viaForwarder({ service: '127' })).status).toBe(403);
	expect(emulator.state.contacts).toEqual([]);
	expect(emulator.state.requests.map((r) => r.outcome)).toEqual([
		'unauthenticated',
		'unauthenticated',
	]);
});

test('other hosts and ports are not forwarded', async () => {
	expect((await viaForwarder({ host: `example.com:${emulator.port}` })).status).toBe(502);
	expect((await viaForwarder({ host: `${CONNECT_HOST}:${emulator.port + 1}` })).status).toBe(502);
	expect(emulator.state.requests).toEqual([]);
});

test("both nodes' outputs are counted: HTTP Request's ContactId, the node's contactId, error items, a failed execution", async () => {
	for (const name of ['a', 'b']) expect((await viaForwarder({ name })).status).toBe(200);
	const [a, b] = emulator.state.contacts.map((c) => c.contactId);
	const snapshot = snapshotOf(emulator.state);
	const names = ['a', 'b', 'c'];
	const outputs = outputsOf({
		data: {
			main: [
				[
					{ json: { ContactId: a, ContactArn: 'arn' }, pairedItem: { item: 0 } },
					{ json: { contactId: b, clientToken: 't' }, pairedItem: { item: 1 } },
					{ json: { error: { message: 'throttled' } }, pairedItem: { item: 2 } },
				],
			],
		},
	});
	expect(countContacts(snapshot, names, outputs)).toMatchObject({
		contacts: 2,
		failed: 1,
		missing: 1,
		duplicates: 0,
		mismatched: 0,
		unpaired: 0,
	});
	// The execution failed: no item left the node, whatever was created.
	expect(countContacts(snapshot, names, outputsOf(undefined), true)).toMatchObject({
		contacts: 2,
		failed: 3,
	});
});
