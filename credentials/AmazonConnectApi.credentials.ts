import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { CONNECT_REGIONS } from '../nodes/AmazonConnect/transport/regions';

/**
 * Keys of an IAM user or role allowed `connect:CreateContact` on the instance. Requests are signed
 * by the AWS SDK inside the node (not by n8n's request helper), so the test is a node method
 * (`testedBy`) that makes one cheap signed call.
 */
export class AmazonConnectApi implements ICredentialType {
	name = 'amazonConnectApi';

	displayName = 'Amazon Connect API';

	icon: Icon = 'file:amazonConnectApi.svg';

	// The rule is for n8n's own repository, where this is a slug; a community credential needs a full URL.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased
	documentationUrl = 'https://github.com/n8n-nodes-amazon-connect/n8n-nodes-amazon-connect#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: CONNECT_REGIONS.map(({ region, name }) => ({ name: `${name} (${region})`, value: region })),
			default: 'us-east-1',
			description: 'The region of your Amazon Connect instance',
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. AKIAIOSFODNN7EXAMPLE',
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (from STS or an assumed role)',
		},
		{
			displayName: 'Custom Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://vpce-0123.connect.us-east-1.vpce.amazonaws.com',
			description:
				'Leave empty for the public AWS endpoint. Set it for a VPC endpoint, or for the local emulator (e.g. http://127.0.0.1:4566).',
		},
	];
}
