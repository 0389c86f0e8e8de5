/** Where Amazon Connect can be reached: the credential offers these regions. */

/** Regions with an Amazon Connect endpoint (endpoints.json), by partition. */
export const CONNECT_REGIONS = [
	{ region: 'af-south-1', name: 'Africa (Cape Town)' },
	{ region: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
	{ region: 'ap-northeast-2', name: 'Asia Pacific (Seoul)' },
	{ region: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
	{ region: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
	{ region: 'ca-central-1', name: 'Canada (Central)' },
	{ region: 'eu-central-1', name: 'Europe (Frankfurt)' },
	{ region: 'eu-west-2', name: 'Europe (London)' },
	{ region: 'us-east-1', name: 'US East (N. Virginia)' },
	{ region: 'us-west-2', name: 'US West (Oregon)' },
	{ region: 'us-gov-west-1', name: 'AWS GovCloud (US-West)' },
	// China is addressed by the SDK (amazonaws.com.cn) though endpoints.json lists no Connect there yet.
	{ region: 'cn-north-1', name: 'China (Beijing)' },
	{ region: 'cn-northwest-1', name: 'China (Ningxia)' },
] as const;
