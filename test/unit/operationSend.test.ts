/**
 * Every operation sends its commands without per-call options: the client carries the execution's
 * cancel signal (transport/client.ts), and a send with options makes the SDK resolve its middleware
 * again for every request (cacheMiddleware only applies to sends without options).
 */
import type { ConnectClient } from '@aws-sdk/client-connect';
import { NodeOperationError } from 'n8n-workflow';

import { OPERATIONS } from '../../nodes/AmazonConnect/actions/router';

const INPUT = {
	InstanceId: '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d',
	ContactId: '4d2a8c9e-1b7f-4f0a-9c3d-2e1f0a9b8c7d',
	includeAttributes: true,
	TaskTemplateId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
};

test.each(OPERATIONS.map((op) => [`${op.resource} → ${op.operation}`, op] as const))(
	'%s sends every command without options',
	async (_, operation) => {
		const calls: Array<{ command: string; args: number }> = [];
		const client = {
			send: async (...args: unknown[]) => {
				calls.push({ command: (args[0] as object).constructor.name, args: args.length });
				return { $metadata: {}, Contact: {}, Attributes: {}, ContactFlowId: 'flow' };
			},
		} as unknown as ConnectClient;
		await operation
			.send(client, INPUT as never, () => new NodeOperationError({} as never, 'unexpected'))
			.catch(() => undefined);
		expect(calls.length).toBeGreaterThan(0);
		expect(calls.filter((call) => call.args !== 1)).toEqual([]);
	},
);
