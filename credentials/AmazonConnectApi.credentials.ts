import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { CONNECT_REGIONS } from '../nodes/AmazonConnect/transport/regions';

const assumeRole = { show: { authentication: ['assumeRole'] } };

/**
 * Who signs (Authentication) and where requests go (Region, endpoints). Requests are signed by the
 * AWS SDK inside the node (not by n8n's request helper), so the test is a node method
 * (`testedBy`): STS GetCallerIdentity, then ListInstances. Credentials saved before Authentication
 * existed have none, and mean Access Keys.
 */
export class AmazonConnectApi implements ICredentialType {
	name = 'amazonConnectApi';

	displayName = 'Amazon Connect API';

	icon: Icon = { light: 'file:amazonConnectApi.svg', dark: 'file:amazonConnectApi.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-amazon-connect/n8n-nodes-amazon-connect#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Access Keys',
					value: 'accessKeys',
					description: "An IAM user's access keys, or temporary keys with their session token",
				},
				{
					name: 'Assume Role',
					value: 'assumeRole',
					description:
						"A role assumed with STS, by access keys or by the n8n host's identity; renewed before it expires",
				},
				{
					name: 'Host Identity',
					value: 'hostIdentity',
					description:
						"The n8n host's own AWS identity (ECS task role, EKS IRSA or Pod Identity, EC2 instance profile, environment). The n8n admin must allow it.",
				},
			],
			default: 'accessKeys',
		},
		{
			displayName:
				"Uses the AWS identity of the machine or container n8n runs on, so anyone who can use this credential acts with the host's permissions. It works only if the n8n admin sets N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED=true (n8n's own switch for this).",
			name: 'hostIdentityNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { authentication: ['hostIdentity'] } },
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				...CONNECT_REGIONS.map(({ region, name }) => ({
					name: `${name} (${region})`,
					value: region,
				})),
				{ name: 'Other (Enter the Region Code)', value: 'other' },
			],
			default: 'us-east-1',
			description: 'The region of your Amazon Connect instance',
		},
		{
			displayName: 'Region Code',
			name: 'regionCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. ap-southeast-7',
			description: 'Any AWS region code, for a region newer than this list',
			displayOptions: { show: { region: ['other'] } },
		},
		{
			displayName: 'Role ARN',
			name: 'roleArn',
			type: 'string',
			default: '',
			placeholder: 'e.g. arn:aws:iam::123456789012:role/n8n-connect',
			description: 'The role to assume; its trust policy must allow the identity below',
			displayOptions: assumeRole,
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: "Only if the role's trust policy requires one (an sts:ExternalId condition)",
			displayOptions: assumeRole,
		},
		{
			displayName: 'Session Name',
			name: 'roleSessionName',
			type: 'string',
			default: 'n8n-amazon-connect',
			description: "Shown in CloudTrail as the role session's name",
			displayOptions: assumeRole,
		},
		{
			displayName: 'Session Duration (Seconds)',
			name: 'sessionDuration',
			type: 'number',
			typeOptions: { minValue: 900, maxValue: 43200 },
			default: 3600,
			description:
				"Lifetime of each role session, at most the role's maximum session duration. Sessions are renewed before they expire.",
			displayOptions: assumeRole,
		},
		{
			displayName: 'Assume Role With',
			name: 'roleSource',
			type: 'options',
			options: [
				{ name: 'Access Keys', value: 'accessKeys', description: 'The keys entered below' },
				{
					name: 'Host Identity',
					value: 'hostIdentity',
					description: "The n8n host's own AWS identity (the n8n admin must allow it)",
				},
			],
			default: 'accessKeys',
			displayOptions: assumeRole,
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			placeholder: 'e.g. AKIAIOSFODNN7EXAMPLE',
			description:
				'With Assume Role: the keys that assume the role (leave empty when it is assumed with the host identity)',
			displayOptions: { show: { authentication: ['accessKeys', 'assumeRole'] } },
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['accessKeys', 'assumeRole'] } },
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for temporary keys (they start with ASIA). They expire within hours; for lasting access use Assume Role.',
			displayOptions: { show: { authentication: ['accessKeys', 'assumeRole'] } },
		},
		{
			displayName: 'Use FIPS Endpoint',
			name: 'useFipsEndpoint',
			type: 'boolean',
			default: false,
			description:
				'Whether to use the FIPS 140 endpoints of Amazon Connect and STS (in the regions that have them). Ignored for a custom endpoint.',
		},
		{
			displayName: 'Use Dual-Stack Endpoint',
			name: 'useDualStackEndpoint',
			type: 'boolean',
			default: false,
			description:
				'Whether to use the IPv4 and IPv6 (dual-stack) endpoints. Ignored for a custom endpoint.',
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
		{
			displayName: 'STS Endpoint',
			name: 'stsEndpoint',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://vpce-0456.sts.us-east-1.vpce.amazonaws.com',
			description:
				"Leave empty for the regional STS endpoint of the credential's region. Set it for an STS VPC endpoint, another region's STS, or the local emulator. Used to assume the role and by the credential test.",
		},
	];
}
