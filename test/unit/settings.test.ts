/** The credential's fields → settings, endpoints and what messages may show (pure, no network). */
import {
	connectEndpointUrl,
	displayUrl,
	stsEndpointUrl,
	withoutUserInfo,
} from '../../nodes/AmazonConnect/transport/endpoints';
import { describeFix } from '../../nodes/AmazonConnect/transport/errors';
import { missingSettings, readSettings } from '../../nodes/AmazonConnect/transport/settings';

describe('readSettings', () => {
	it('a credential saved before Authentication existed means access keys', () => {
		expect(
			readSettings({
				region: 'eu-west-2',
				accessKeyId: ' AKIA1 ',
				secretAccessKey: 's',
				sessionToken: '',
				endpoint: '',
			}),
		).toEqual({
			mode: 'accessKeys',
			region: 'eu-west-2',
			keys: { accessKeyId: 'AKIA1', secretAccessKey: 's', sessionToken: undefined },
			role: undefined,
			useFips: false,
			useDualStack: false,
			endpoint: undefined,
			stsEndpoint: undefined,
		});
	});

	it('Assume Role: defaults, and the keys only when they assume the role', () => {
		const withKeys = readSettings({
			authentication: 'assumeRole',
			region: 'us-east-1',
			roleArn: 'arn:aws:iam::123456789012:role/r',
			accessKeyId: 'AKIA1',
			secretAccessKey: 's',
		});
		expect(withKeys.role).toEqual({
			arn: 'arn:aws:iam::123456789012:role/r',
			externalId: undefined,
			sessionName: 'n8n-amazon-connect',
			durationSeconds: 3600,
			source: 'accessKeys',
		});
		expect(withKeys.keys?.accessKeyId).toBe('AKIA1');
		const withHost = readSettings({
			authentication: 'assumeRole',
			roleSource: 'hostIdentity',
			roleArn: 'arn:aws:iam::123456789012:role/r',
			accessKeyId: 'AKIA1',
		});
		expect(withHost.keys).toBeUndefined();
		expect(
			readSettings({ authentication: 'hostIdentity', accessKeyId: 'AKIA1' }).keys,
		).toBeUndefined();
	});

	it('a region typed under Other, checked as a region code', () => {
		expect(readSettings({ region: 'other', regionCode: ' ap-southeast-7 ' }).region).toBe(
			'ap-southeast-7',
		);
		expect(
			missingSettings(
				readSettings({
					region: 'other',
					regionCode: 'ap-southeast-7',
					accessKeyId: 'a',
					secretAccessKey: 'b',
				}),
			),
		).toBeUndefined();
		expect(missingSettings(readSettings({ region: 'other', regionCode: '' }))).toBe(
			'Enter the Region Code (e.g. us-east-1), or choose a region from the list.',
		);
	});

	it('session duration outside what STS takes', () => {
		const s = readSettings({
			authentication: 'assumeRole',
			roleArn: 'arn:aws:iam::123456789012:role/r',
			accessKeyId: 'a',
			secretAccessKey: 'b',
			sessionDuration: 600,
		});
		expect(missingSettings(s)).toBe(
			"Session Duration must be between 900 and 43200 seconds (and at most the role's maximum session duration).",
		);
	});
});

describe('endpoints', () => {
	const s = (extra: object) => readSettings({ region: 'us-east-1', ...extra });
	it("AWS's endpoint rules: regional, FIPS, dual-stack, other partitions", () => {
		expect(connectEndpointUrl(s({}))).toBe('https://connect.us-east-1.amazonaws.com/');
		expect(connectEndpointUrl(s({ useFipsEndpoint: true }))).toBe(
			'https://connect-fips.us-east-1.amazonaws.com/',
		);
		expect(connectEndpointUrl(s({ useDualStackEndpoint: true }))).toBe(
			'https://connect.us-east-1.api.aws/',
		);
		expect(connectEndpointUrl(readSettings({ region: 'cn-north-1' }))).toBe(
			'https://connect.cn-north-1.amazonaws.com.cn/',
		);
		expect(stsEndpointUrl(s({}))).toBe('https://sts.us-east-1.amazonaws.com/');
		expect(stsEndpointUrl(s({ useFipsEndpoint: true }))).toBe(
			'https://sts-fips.us-east-1.amazonaws.com/',
		);
		expect(stsEndpointUrl(s({ stsEndpoint: 'http://127.0.0.1:4566' }))).toBe(
			'http://127.0.0.1:4566',
		);
	});

	it('user info never shows', () => {
		expect(
			withoutUserInfo('connect to https://admin:pw@vpce.example:8443/x failed; http://u@h'),
		).toBe('connect to https://vpce.example:8443/x failed; http://h');
		expect(displayUrl('https://admin:pw@vpce.example:8443/path?q=1')).toBe(
			'https://vpce.example:8443',
		);
		const fix = describeFix(
			{ name: 'TimeoutError', message: 'timeout' },
			{ endpoint: 'https://admin:pw@vpce.example', region: 'us-east-1', attempts: 2 },
		);
		expect(fix).toBe(
			'No answer from https://vpce.example in us-east-1 after 2 attempts (timeout). Check the network and the Custom Endpoint of the credential. Run the node again later.',
		);
	});
});
