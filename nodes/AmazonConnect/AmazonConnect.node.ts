import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	operationFieldProperties,
	operationProperties,
	route,
	SENSITIVE_OUTPUT_FIELDS,
	subtitle,
} from './actions/router';
import { amazonConnectApiTest } from './methods/credentialTest';
import {
	searchEmailAddresses,
	searchQueues,
	searchTransferFlows,
} from './methods/lifecyclePickers';
import { searchInstances, searchUsers } from './methods/listSearch';
import {
	getTaskTemplateFields,
	searchContactFlows,
	searchQuickConnects,
	searchTaskTemplates,
} from './methods/taskPickers';
import { instanceField } from './shared/instanceField';

/** Thin: the form is assembled from the operations (actions/router.ts), and execute() routes to one. */
export class AmazonConnect implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Connect',
		name: 'amazonConnect',
		icon: { light: 'file:amazonConnect.svg', dark: 'file:amazonConnect.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: subtitle(),
		description: 'Create Amazon Connect contacts and start routed tasks from any data',
		defaults: { name: 'Amazon Connect' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonConnectApi', required: true, testedBy: 'amazonConnectApiTest' }],
		properties: [...operationProperties(), instanceField, ...operationFieldProperties()],
		// Email addresses and messages in Full Response outputs: redacted in stored executions (n8n 2.4x).
		sensitiveOutputFields: SENSITIVE_OUTPUT_FIELDS,
	};

	methods = {
		listSearch: {
			searchInstances,
			searchUsers,
			searchContactFlows,
			searchQuickConnects,
			searchTaskTemplates,
			searchEmailAddresses,
			searchQueues,
			searchTransferFlows,
		},
		resourceMapping: { getTaskTemplateFields },
		credentialTest: { amazonConnectApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this);
	}
}
