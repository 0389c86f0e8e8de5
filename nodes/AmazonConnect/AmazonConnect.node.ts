import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createContactProperties, createContactSubtitle } from './contact/create/description';
import { createContacts } from './contact/create/execute';
import { amazonConnectApiTest } from './methods/credentialTest';
import { searchInstances, searchUsers } from './methods/listSearch';
import { instanceField } from './shared/instanceField';

/** Thin: the form is assembled from its parts, and execute() routes to the operation. */
export class AmazonConnect implements INodeType {
	// The subtitle is an expression built from the channel table (names, not raw values); the rule
	// only recognises a literal string.
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle
	description: INodeTypeDescription = {
		displayName: 'Amazon Connect',
		name: 'amazonConnect',
		icon: { light: 'file:amazonConnect.svg', dark: 'file:amazonConnect.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: createContactSubtitle,
		description: 'Create Amazon Connect contacts (tasks, emails, voice) from any data',
		defaults: { name: 'Amazon Connect' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'amazonConnectApi', required: true, testedBy: 'amazonConnectApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Contact', value: 'contact' }],
				default: 'contact',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['contact'] } },
				options: [
					{
						name: 'Create',
						value: 'create',
						description: 'Create a contact with the CreateContact API',
						action: 'Create a contact',
					},
				],
				default: 'create',
			},
			instanceField,
			...createContactProperties,
		],
	};

	methods = {
		listSearch: { searchInstances, searchUsers },
		credentialTest: { amazonConnectApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		if (resource === 'contact' && operation === 'create') return [await createContacts.call(this)];
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
}
