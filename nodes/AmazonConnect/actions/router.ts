/**
 * The operations of the node, and the form and routing derived from them: the Resource and
 * Operation lists, each operation's fields shown for it alone, the subtitle, and execute().
 * Adding an operation is adding its value to OPERATIONS.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runOperation } from '../shared/runOperation';
import { runnerOptionsField } from '../shared/runnerOptions';
import { createContact } from './contact/create';
import { getContact } from './contact/get';
import { stopContact } from './contact/stop';
import { transferContact } from './contact/transfer';
import { updateContact } from './contact/update';
import { updateContactAttributes } from './contact/updateAttributes';
import { SEND_EMAIL_SENSITIVE_OUTPUT, sendEmail } from './email/send';
import { startTask } from './task/start';
import type { Operation } from './operation';

export const OPERATIONS: readonly Operation[] = [
	createContact,
	getContact,
	updateContact,
	updateContactAttributes,
	stopContact,
	transferContact,
	sendEmail,
	startTask,
];

/** Output members with personal data, redacted by n8n in stored executions (sensitiveOutputFields). */
export const SENSITIVE_OUTPUT_FIELDS: string[] = [...SEND_EMAIL_SENSITIVE_OUTPUT];

/** Resources by their public value, in the order the form lists them. */
const RESOURCE_NAMES: Record<string, string> = { contact: 'Contact', email: 'Email', task: 'Task' };

const resources = (): string[] => [...new Set(OPERATIONS.map((op) => op.resource))];

/** The operation's fields, each shown only for its resource and operation (on top of its own conditions). */
function scoped(op: Operation, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: {
				...property.displayOptions?.show,
				resource: [op.resource],
				operation: [op.operation],
			},
		},
	}));
}

/** The Resource and Operation lists, then every operation's fields and Options. */
export function operationProperties(): INodeProperties[] {
	const resourceValues = resources();
	const [firstResource] = resourceValues;
	const resourceField: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resourceValues.map((value) => ({ name: RESOURCE_NAMES[value] ?? value, value })),
		default: firstResource,
	};
	const operationFields: INodeProperties[] = resourceValues.map((resource) => {
		const ops = OPERATIONS.filter((op) => op.resource === resource);
		const firstOperation = ops[0].operation;
		return {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: ops.map((op) => ({
				name: op.name,
				value: op.operation,
				description: op.description,
				action: op.action,
			})),
			default: firstOperation,
		};
	});
	return [resourceField, ...operationFields];
}

/** Every operation's own fields and its Options collection, after the shared fields (the instance). */
export function operationFieldProperties(): INodeProperties[] {
	return OPERATIONS.flatMap((op) => scoped(op, [...op.properties, runnerOptionsField(op)]));
}

/** One expression: the selected operation's subtitle, or "<Operation> <resource>". */
export function subtitle(): string {
	const cases = OPERATIONS.map((op) => {
		const own = op.subtitle ?? JSON.stringify(`${op.name} ${op.resource}`);
		return `$parameter["resource"] === ${JSON.stringify(op.resource)} && $parameter["operation"] === ${JSON.stringify(op.operation)} ? ${own} : `;
	});
	return `={{ ${cases.join('')}$parameter["operation"] + ": " + $parameter["resource"] }}`;
}

export function findOperation(resource: string, operation: string): Operation | undefined {
	return OPERATIONS.find((op) => op.resource === resource && op.operation === operation);
}

export async function route(fn: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = fn.getNodeParameter('resource', 0) as string;
	const operation = fn.getNodeParameter('operation', 0) as string;
	const op = findOperation(resource, operation);
	if (!op)
		throw new NodeOperationError(
			fn.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	return [await runOperation(fn, op)];
}
