/**
 * The operations the emulator answers, keyed by their name in AWS's model. The server routes each
 * request by the model's HTTP binding for that name and validates its input against the model
 * before calling the handler. To add an operation: write a handler (validated input + context →
 * answer), add it here, and make sure its shapes are in model/connect.json.
 */
import { createContact } from './createContact';
import { instanceArn, listInstances, listUsers, searchUsers } from './directory';
import { LIFECYCLE_OPERATIONS, type LifecycleContext, operateLifecycle } from './lifecycle';
import type { OperationContext, OperationHandler } from './operation';
import { operateTask, TASK_OPERATIONS } from './tasks';

const lifecycleContext = (context: OperationContext): LifecycleContext => ({
	config: context.config,
	contacts: context.state.contacts,
	state: context.state,
	authorize: context.authorizeAction,
});

/** The contact-lifecycle operations (lifecycle.ts) keep their own handlers over the raw body and labels. */
const lifecycleHandlers: Record<string, OperationHandler> = Object.fromEntries(
	LIFECYCLE_OPERATIONS.map((operation) => [
		operation,
		((_input, context) =>
			operateLifecycle(
				lifecycleContext(context),
				{ operation, action: `connect:${operation}`, labels: context.labels },
				context.query,
				context.body,
			)) as OperationHandler,
	]),
);

/** StartTaskContact and the lists its form picks from (tasks.ts). */
const taskHandlers: Record<string, OperationHandler> = Object.fromEntries(
	TASK_OPERATIONS.map((operation) => [
		operation,
		((_input, context) =>
			operateTask(
				{
					config: context.config,
					state: context.state,
					now: context.now,
					authorize: context.authorizeAction,
				},
				{ operation, action: `connect:${operation}`, labels: context.labels },
				context.query,
				context.body,
			)) as OperationHandler,
	]),
);

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
	...lifecycleHandlers,
	...taskHandlers,
};
