/**
 * The credential test's explanations of AWS's refusals (methods/credentialTest.ts explainTestFailure):
 * what a user reads in the credential dialog when the test call fails, for the refusals the
 * integration tests do not provoke (an expired token, a denied action, a bad signature, an unknown key).
 */
import { explainTestFailure } from '../../nodes/AmazonConnect/methods/credentialTest';
import type { CallTarget } from '../../nodes/AmazonConnect/methods/explain';
import type { AccessKeys } from '../../nodes/AmazonConnect/transport/settings';

const target: CallTarget = {
	region: 'eu-west-2',
	timeoutMs: 5_000,
	endpoint: 'https://connect.eu-west-2.amazonaws.com',
	custom: false,
};
const longTermKey: AccessKeys = {
	accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const temporaryKey: AccessKeys = {
	accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
	sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN',
};

/** An error as the SDK throws it for an AWS refusal. */
const refusal = (name: string, message: string, httpStatusCode = 403) =>
	Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });

describe('explainTestFailure: the credential test says why AWS refused, and what to change', () => {
	test('an expired session token', () => {
		expect(
			explainTestFailure(
				refusal('ExpiredTokenException', 'The security token included in the request is expired'),
				temporaryKey,
				target,
			),
		).toBe(
			'The Session Token has expired. Get a new set of temporary credentials (Access Key ID, Secret Access Key and Session Token).',
		);
	});

	test('keys that may not call ListInstances: the permission to add, and what AWS said', () => {
		const message =
			'User: arn:aws:iam::123456789012:user/n8n is not authorized to perform: connect:ListInstances';
		expect(explainTestFailure(refusal('AccessDeniedException', message), longTermKey, target)).toBe(
			`The keys are valid, but the IAM user or role may not call connect:ListInstances, which this test uses. Allow connect:ListInstances to test the credential and to pick instances from a list, and connect:CreateContact on the instance to create contacts. (AWS: ${message})`,
		);
	});

	test('a secret that does not match the key', () => {
		expect(
			explainTestFailure(
				refusal(
					'InvalidSignatureException',
					'The request signature we calculated does not match the signature you provided.',
				),
				longTermKey,
				target,
			),
		).toBe(
			'AWS knows the Access Key ID, but the Secret Access Key does not match it. Paste the secret of this key again; if it is lost, create a new access key.',
		);
	});

	test('a signature for another region than the endpoint serves', () => {
		expect(
			explainTestFailure(
				refusal(
					'InvalidSignatureException',
					"Credential should be scoped to a valid region, not 'eu-west-2'.",
				),
				longTermKey,
				target,
			),
		).toBe(
			"https://connect.eu-west-2.amazonaws.com serves a region other than the credential's Region eu-west-2. Set Region to the region of the endpoint (the region of your instance).",
		);
	});

	test("the server's clock off by more than 5 minutes", () => {
		expect(
			explainTestFailure(
				refusal(
					'InvalidSignatureException',
					'Signature expired: 20261201T100000Z is now earlier than 20261201T101500Z',
				),
				longTermKey,
				target,
			),
		).toBe(
			'The clock of the n8n server is more than 5 minutes off, so AWS rejects the signature. Set the time of the server right (NTP).',
		);
	});

	test('a signature refusal the test does not recognise: AWS’s words and the general advice', () => {
		const said = explainTestFailure(
			refusal('SignatureDoesNotMatch', 'Something else about the signature'),
			longTermKey,
			target,
		);
		expect(said).toMatch(
			/^SignatureDoesNotMatch: Something else about the signature\. AWS did not accept the credential: /,
		);
	});

	describe('a key AWS does not know', () => {
		const unknown = refusal(
			'UnrecognizedClientException',
			'The security token included in the request is invalid.',
		);

		test('a temporary key without its session token', () => {
			const { sessionToken: _, ...withoutToken } = temporaryKey;
			expect(explainTestFailure(unknown, withoutToken, target)).toBe(
				'AWS does not accept the Access Key ID: it is a temporary key (it starts with ASIA), which works only together with its Session Token. Enter the Session Token, or use a long-term access key.',
			);
		});

		test('a long-term key with a session token', () => {
			expect(
				explainTestFailure(unknown, { ...longTermKey, sessionToken: 'FwoGZXIvYXdz' }, target),
			).toBe(
				'AWS does not accept the Access Key ID with a Session Token: it is a long-term key (it starts with AKIA), which is used without one. Clear the Session Token.',
			);
		});

		test('temporary credentials that do not belong together', () => {
			expect(explainTestFailure(unknown, temporaryKey, target)).toBe(
				'AWS does not accept the Access Key ID and Session Token: temporary credentials expire, and the key, secret and token must come from the same set. Get a new set of temporary credentials.',
			);
		});

		test('in an opt-in region: the region may need enabling', () => {
			expect(
				explainTestFailure(unknown, longTermKey, {
					...target,
					region: 'af-south-1',
					endpoint: 'https://connect.af-south-1.amazonaws.com',
				}),
			).toBe(
				'AWS does not know this Access Key ID. Check it for typos, and that the key is still active (IAM, Users, Security credentials). If it is right, enable the opt-in region af-south-1 for the account, or choose another region.',
			);
		});
	});
});
