/**
 * Exactly once in a real n8n in server mode, driven through its REST API as the editor does:
 * - Retry from the executions list, "with original workflow" and "with currently saved workflow", and
 *   a retry of the retry: every item ends with exactly one contact, and the retry's output carries the
 *   first attempt's contact IDs.
 * - Stop during a 500-item run at 5 requests per second: the emulator's contact count stops growing
 *   within 2 seconds, and a Retry of the stopped execution creates exactly the missing ones (with an
 *   Idempotency Key: n8n 2.40.7 saves a stopped execution as it started, without the node's custom data,
 *   so default tokens cannot match; the node's stop error says so).
 * - The node as an AI agent's tool (a stub chat model answering in OpenAI's format) with Retry On Fail,
 *   whose first try's answer is lost after the contact was stored: the retry sends the same token and
 *   gets that contact back.
 * Workflows: test/e2e/workflows/e2eOnceRetry.json, e2eOnceStop.json and e2eOnceAgentTool.json (a
 * production webhook each).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { mulberry32 } from '../../emulator/traffic';
import {
	importCredentials,
	publishWorkflow,
	rest,
	setupOwner,
	startN8n,
	waitForWebhook,
	writeCredentialsFile,
	type RunningN8n,
	type Session,
} from '../../scripts/n8n/lib';
import {
	CONNECT,
	contactArn,
	createContactRequests,
	executionToken,
	groupContacts,
	newUserFolder,
	resetEmulator,
	writeJson,
} from './support/e2e';

/**
 * A chat model in OpenAI's chat completions format: the first answer calls the first tool it is given,
 * the next (once a tool result is in the conversation) ends the conversation.
 */
async function startStubModel() {
	const requests: Array<{
		messages: Array<{ role: string; content?: unknown }>;
		tools?: Array<{ function: { name: string } }>;
		stream?: boolean;
	}> = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			const request = JSON.parse(body || '{}') as (typeof requests)[number];
			requests.push(request);
			const toolResult = request.messages?.find((m) => m.role === 'tool');
			const tool = request.tools?.[0]?.function.name;
			const message = toolResult
				? { role: 'assistant', content: 'The task is created.' }
				: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: 'call_e2e_1',
								type: 'function',
								function: {
									name: tool,
									arguments: JSON.stringify({ title: 'Call back the customer' }),
								},
							},
						],
					};
			const answer = {
				id: `chatcmpl-${requests.length}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: 'stub-model',
				choices: [{ index: 0, message, finish_reason: toolResult ? 'stop' : 'tool_calls' }],
				usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
			};
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(answer));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		requests,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	retryOf?: string | null;
	retrySuccessId?: string | null;
}

interface ExecutionDetail extends ExecutionSummary {
	data: string;
	customData?: Record<string, string>;
}

interface NodeRun {
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string; description?: string };
}

interface RunData {
	resultData: {
		runData: Record<string, NodeRun[]>;
		error?: { message?: string };
		metadata?: Record<string, string>;
	};
}

/** n8n sends an execution's data in the `flatted` format: a list whose first entry is the root, objects refer to entries by index. */
function parseFlatted(text: string): unknown {
	const entries = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const value = entries[index];
		if (typeof value !== 'object' || value === null) {
			revived.set(index, value);
			return value;
		}
		const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
		revived.set(index, out);
		for (const [key, inner] of Object.entries(value))
			(out as Record<string, unknown>)[key] =
				typeof inner === 'string' ? revive(Number(inner)) : inner;
		return out;
	};
	return revive(0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a real n8n in server mode, driven as the editor does', () => {
	const { env } = newUserFolder('exactly-once');
	let n8n: RunningN8n;
	let session: Session;
	let model: Awaited<ReturnType<typeof startStubModel>>;

	const executions = async (workflowId: string): Promise<ExecutionSummary[]> => {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const list = await rest<{ results: ExecutionSummary[] }>(
			n8n.url,
			session,
			'GET',
			`/executions?filter=${filter}&limit=50`,
		);
		return list.results;
	};
	const execution = async (id: string) => {
		const detail = await rest<ExecutionDetail>(n8n.url, session, 'GET', `/executions/${id}`);
		return { ...detail, run: parseFlatted(detail.data) as RunData };
	};
	/** Waits until the workflow has an execution that is not in `known`, in one of `statuses`. */
	const newExecution = async (
		workflowId: string,
		known: Set<string>,
		statuses: string[],
		timeoutMs = 60_000,
	) => {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = (await executions(workflowId)).find(
				(e) => !known.has(e.id) && statuses.includes(e.status),
			);
			if (found) return found;
			if (Date.now() > deadline)
				throw new Error(
					`no new ${statuses.join('/')} execution of ${workflowId} within ${timeoutMs} ms`,
				);
			await sleep(200);
		}
	};
	const retry = (id: string, loadWorkflow: boolean) =>
		rest<{ id: string; status: string }>(n8n.url, session, 'POST', `/executions/${id}/retry`, {
			loadWorkflow,
		});
	const trigger = async (path: string) => {
		const res = await fetch(`${n8n.url}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		expect(res.status).toBe(200);
	};
	const connectOutput = (run: RunData) =>
		run.resultData.runData['Amazon Connect']?.at(-1)?.data?.main?.[0]?.map((i) => i.json) ?? [];

	beforeAll(async () => {
		model = await startStubModel();
		const credentials = writeJson('exactly-once.credentials.json', []);
		writeCredentialsFile(credentials, [
			{
				id: 'e2eOpenAiStub01',
				name: 'OpenAI (e2e stub)',
				type: 'openAiApi',
				data: { apiKey: 'sk-e2e-stub', url: `${model.url}/v1` },
			},
		]);
		await importCredentials(env, credentials);
		for (const id of ['e2eOnceRetry', 'e2eOnceStop', 'e2eOnceAgentTool'])
			await publishWorkflow(env, id);
		n8n = await startN8n(env);
		session = await setupOwner(n8n.url);
		for (const path of ['e2e-once-retry', 'e2e-once-stop', 'e2e-once-agent'])
			await waitForWebhook(n8n.url, path);
	}, 180_000);
	afterAll(async () => {
		await n8n?.stop();
		await model?.close();
	});

	it("Retry from the executions list, both variants, and a retry of the retry: one contact per item, the first attempt's contacts returned", async () => {
		const emu = await resetEmulator();
		await emu.configure({ refuseNames: ['Refused until fixed'] });
		try {
			// The first attempt: items 0 and 1 are created, item 2 is refused, the node stops there (no Continue On Fail).
			await trigger('e2e-once-retry');
			const original = await newExecution('e2eOnceRetry', new Set(), ['error']);
			const first = await execution(original.id);
			expect(first.mode).toBe('webhook');
			expect(first.run.resultData.runData['Amazon Connect'][0].error?.message).toBe(
				"Item 2: InvalidRequestException: The emulator was told to refuse contacts named 'Refused until fixed'. (HTTP 400, request ID " +
					createContactRequests(await emu.state()).find((r) => r.outcome === 'refused')!.requestId +
					')',
			);
			const root = first.run.resultData.metadata?.amazonConnectRootExecution ?? '';
			expect(root).toMatch(new RegExp(`^${original.id}\\.[0-9a-f-]{36}$`));
			let state = await emu.state();
			expect(
				state.contacts.map((c) => (c.request.Attributes as Record<string, string>).recordId),
			).toEqual(['once-0', 'once-1']);
			const token = (i: number) => executionToken('e2eOnceRetry', CONNECT.instance, root, i);
			const firstContacts = [0, 1].map(
				(i) => state.contacts.find((c) => c.clientToken === token(i))!.contactId,
			);

			// Retry with the original workflow, still refused: items 0 and 1 get their contacts back, nothing new.
			const retryA = await retry(original.id, false);
			expect(retryA.status).toBe('error');
			const a = await execution(retryA.id);
			expect(a.mode).toBe('retry');
			expect(a.retryOf).toBe(original.id);
			state = await emu.state();
			expect(state.contacts).toHaveLength(2);
			expect(createContactRequests(state).map((r) => r.outcome)).toEqual([
				'ok',
				'ok',
				'refused',
				'replay',
				'replay',
				'refused',
			]);

			// The refusal is lifted; a retry of the retry, with the currently saved workflow: all five, one contact each.
			await emu.configure({ refuseNames: [] });
			const retryB = await retry(retryA.id, true);
			expect(retryB.status).toBe('success');
			const b = await execution(retryB.id);
			expect(b.retryOf).toBe(retryA.id);
			state = await emu.state();
			const byToken = groupContacts(state.contacts, (c) => c.clientToken);
			expect([...byToken.keys()].sort()).toEqual([0, 1, 2, 3, 4].map(token).sort());
			for (const contacts of byToken.values()) expect(contacts).toHaveLength(1);
			const output = connectOutput(b.run);
			expect(output.map((o) => o.clientToken)).toEqual([0, 1, 2, 3, 4].map(token));
			expect(output.slice(0, 2).map((o) => o.contactId)).toEqual(firstContacts);
			expect(output.map((o) => o.contactArn)).toEqual(
				output.map((o) => contactArn(CONNECT.instance, o.contactId as string)),
			);
		} finally {
			await emu.configure({ refuseNames: [] });
		}
	});

	it('Stop during a 500-item run at 5 requests per second: no contact after 2 seconds; a Retry (Idempotency Key = record ID) creates exactly the missing ones', async () => {
		const emu = await resetEmulator();
		await trigger('e2e-once-stop');
		const running = await newExecution('e2eOnceStop', new Set(), ['running']);
		while ((await emu.state()).contacts.length < 10) await sleep(100);
		await rest(n8n.url, session, 'POST', `/executions/${running.id}/stop`);
		const stoppedAt = Date.now();
		await sleep(2000);
		const atTwoSeconds = (await emu.state()).contacts.length;
		await sleep(3000);
		const later = await emu.state();
		expect(later.contacts.length).toBe(atTwoSeconds); // nothing after the first 2 seconds
		expect(atTwoSeconds).toBeLessThan(40); // 10 at Stop, a few in flight: far from 500
		expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(5000);
		const stopped = await execution(running.id);
		expect(stopped.status).toBe('canceled');

		const summary = (
			run: RunData & { executionData?: { nodeExecutionStack?: Array<{ node: { name: string } }> } },
		) =>
			JSON.stringify({
				runs: Object.fromEntries(
					Object.entries(run.resultData.runData).map(([name, runs]) => [
						name,
						runs.map((r) => ({
							status: (r as { executionStatus?: string }).executionStatus,
							error: r.error?.message,
							items: r.data?.main?.[0]?.length,
						})),
					]),
				),
				stack: run.executionData?.nodeExecutionStack?.map((e) => e.node.name),
				lastNodeExecuted: (run.resultData as { lastNodeExecuted?: string }).lastNodeExecuted,
				metadata: run.resultData.metadata,
			});
		process.stderr.write(
			`[exactly-once] stopped execution ${running.id}: ${summary(stopped.run)}\n`,
		);
		const retried = await retry(running.id, false);
		const retriedDetail = await execution(retried.id);
		process.stderr.write(
			`[exactly-once] its retry ${retried.id} (${retried.status}): ${summary(retriedDetail.run)}\n`,
		);
		const firstOut = connectOutput(retriedDetail.run)[0];
		process.stderr.write(
			`[exactly-once] retry output[0] ${JSON.stringify(firstOut)} error ${JSON.stringify(retriedDetail.run.resultData.runData['Amazon Connect']?.at(-1)?.error)?.slice(0, 500)}\n`,
		);
		const afterRetry = await emu.state();
		const byToken = groupContacts(afterRetry.contacts, (c) => c.clientToken);
		// Whatever n8n re-runs, no item gets a second contact.
		for (const contacts of byToken.values()) expect(contacts).toHaveLength(1);
		const replays = createContactRequests(afterRetry).filter((r) => r.outcome === 'replay').length;
		// n8n 2.40.7 keeps the stopped execution's "cancelled" error in its Retry: the Retry reports error although every item succeeded.
		expect({ status: retried.status, contacts: afterRetry.contacts.length, replays }).toEqual({
			status: 'error',
			contacts: 500,
			replays: atTwoSeconds,
		});
	});

	it("the node as an AI agent's tool with Retry On Fail: the try after a lost answer sends the same token and gets the first try's contact", async () => {
		// A seed whose first draw loses the answer after the contact is stored, and whose second does not.
		const share = 0.5;
		let seed = 1;
		for (; ; seed++) {
			const draw = mulberry32(seed);
			if (draw() < share && draw() >= share) break;
		}
		const emu = await resetEmulator({ faults: { seed, dropAfterStore: share } });
		await trigger('e2e-once-agent');
		const done = await newExecution('e2eOnceAgentTool', new Set(), ['success', 'error']);
		const state = await emu.state();
		const requests = createContactRequests(state);
		expect(requests.map((r) => r.outcome)).toEqual(['fault:dropAfterStore', 'replay']);
		const [first, second] = requests.map((r) => (r.body as { ClientToken: string }).ClientToken);
		expect(second).toBe(first);
		expect(state.contacts).toHaveLength(1);
		expect(state.contacts[0].request).toMatchObject({
			Name: 'Call back the customer',
			ClientToken: first,
		});
		expect(done.status).toBe('success');
		// The model got the contact back as the tool's result.
		const toolMessage = model.requests.at(-1)?.messages.find((m) => m.role === 'tool');
		expect(JSON.stringify(toolMessage?.content)).toContain(state.contacts[0].contactId);
	});
});
