import type { INodeProperties } from 'n8n-workflow';

import { INSTANCE_ARN_PATTERN, INSTANCE_ID_PATTERN } from './instance';

/** The instance every operation works on: picked from a list, or given by ID or ARN. */
export const instanceField: INodeProperties = {
	displayName: 'Instance',
	name: 'instanceId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Amazon Connect instance',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchInstances', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d',
			hint: 'The ID at the end of the instance ARN; an ARN given by an expression is accepted too',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: INSTANCE_ID_PATTERN.source,
						errorMessage:
							'Not an instance ID: expected a UUID such as 8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d',
					},
				},
			],
		},
		{
			displayName: 'By ARN',
			name: 'arn',
			type: 'string',
			placeholder:
				'e.g. arn:aws:connect:us-east-1:123456789012:instance/8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d',
			hint: "The instance's region must be the credential's region",
			validation: [
				{
					type: 'regex',
					properties: {
						regex: INSTANCE_ARN_PATTERN.source,
						errorMessage:
							'Not an instance ARN: expected arn:aws:connect:REGION:ACCOUNT:instance/ID', // n8n shows this as HTML: no <...>,
					},
				},
			],
		},
	],
};
