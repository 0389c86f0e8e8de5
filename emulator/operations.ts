/**
 * The operations the emulator answers, keyed by their name in AWS's model. The server routes each
 * request by the model's HTTP binding for that name and validates its input against the model
 * before calling the handler. To add an operation: write a handler (validated input + context →
 * answer), add it here, and make sure its shapes are in model/connect.json.
 */
import { createContact } from './createContact';
import { instanceArn, listInstances, listUsers, searchUsers } from './directory';
import { LIFECYCLE_HANDLERS } from './lifecycle';
import type { OperationHandler } from './operation';
import { startTaskContact } from './startTask';
import { getTaskTemplate, listQuickConnects, listTaskTemplates } from './taskDirectory';

export const HANDLERS: Readonly<Record<string, OperationHandler>> = {
	CreateContact: createContact,
	ListInstances: (input, context) => {
		context.authorize(instanceArn(context.config, '*'));
		return { body: listInstances(context.config, input), outcome: 'ok' };
	},
	ListUsers: (input, context) => ({
		body: listUsers(context.config, input, context.authorizeInstance),
		outcome: 'ok',
	}),
	SearchUsers: (input, context) => ({
		body: searchUsers(context.config, input, context.authorizeInstance),
		outcome: 'ok',
	}),
	// The contact's life after CreateContact, and the lists its forms pick from (lifecycle.ts).
	...LIFECYCLE_HANDLERS,
	// StartTaskContact and the lists its form picks from (startTask.ts, taskDirectory.ts).
	StartTaskContact: startTaskContact,
	ListQuickConnects: listQuickConnects,
	ListTaskTemplates: listTaskTemplates,
	GetTaskTemplate: getTaskTemplate,
};
