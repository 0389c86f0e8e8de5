/**
 * The credential test: one cheap signed call (ListInstances) with a short time limit, and an
 * answer in words: which part of the credential is wrong and what to do. Never a secret in it.
 */
import { ListInstancesCommand } from '@aws-sdk/client-connect';
import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { CONNECT_REGIONS } from '../transport/regions';
import { type AmazonConnectCredentials, createConnectClient } from '../transport/client';
import { type AwsErrorDetails, awsErrorDetails, describeFix } from '../transport/errors';
import { type CallTarget, callTarget, throttled, unreachable } from './explain';

export const CREDENTIAL_TEST_TIMEOUT_MS = 5_000;
/** One request answers up to this many instances: enough to say how many there are for most accounts. */
const INSTANCES_READ = 10;
/** Aliases named in the success message. */
const ALIASES_SHOWN = 3;
/** Regions with Amazon Connect that an account must enable before use; until then AWS does not know any key there. */
const OPT_IN_REGIONS = new Set(['af-south-1']);

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function regionLabel(region: string): string {
	const known = CONNECT_REGIONS.find((r) => r.region === region);
	return known ? `${region} (${known.name})` : region;
}

function unknownKey(credentials: AmazonConnectCredentials, target: CallTarget): string {
	const { accessKeyId, sessionToken } = credentials;
	if (accessKeyId.startsWith('ASIA') && !sessionToken) {
		return 'AWS does not accept the Access Key ID: it is a temporary key (it starts with ASIA), which works only together with its Session Token. Enter the Session Token, or use a long-term access key.';
	}
	if (accessKeyId.startsWith('AKIA') && sessionToken) {
		return 'AWS does not accept the Access Key ID with a Session Token: it is a long-term key (it starts with AKIA), which is used without one. Clear the Session Token.';
	}
	if (sessionToken) {
		return 'AWS does not accept the Access Key ID and Session Token: temporary credentials expire, and the key, secret and token must come from the same set. Get a new set of temporary credentials.';
	}
	const optIn = OPT_IN_REGIONS.has(target.region)
		? ` If it is right, enable the opt-in region ${target.region} for the account, or choose another region.`
		: '';
	return `AWS does not know this Access Key ID. Check it for typos, and that the key is still active (IAM, Users, Security credentials).${optIn}`;
}

function badSignature(details: AwsErrorDetails, target: CallTarget): string | undefined {
	if (/scoped to a valid region/i.test(details.message)) {
		return `${target.endpoint} serves a region other than the credential's Region ${target.region}. Set Region to the region of the endpoint (the region of your instance).`;
	}
	if (/signature we calculated does not match/i.test(details.message)) {
		return 'AWS knows the Access Key ID, but the Secret Access Key does not match it. Paste the secret of this key again; if it is lost, create a new access key.';
	}
	if (/signature expired|not yet current/i.test(details.message)) {
		return 'The clock of the n8n server is more than 5 minutes off, so AWS rejects the signature. Set the time of the server right (NTP).';
	}
	return undefined;
}

/** Why the test call failed, in words, with what to change. */
export function explainTestFailure(error: unknown, credentials: AmazonConnectCredentials, target: CallTarget): string {
	const details = awsErrorDetails(error);
	switch (details.name) {
		case 'UnrecognizedClientException':
		case 'InvalidClientTokenId':
			return unknownKey(credentials, target);
		case 'ExpiredTokenException':
			return 'The Session Token has expired. Get a new set of temporary credentials (Access Key ID, Secret Access Key and Session Token).';
		case 'InvalidSignatureException':
		case 'SignatureDoesNotMatch': {
			const said = badSignature(details, target);
			if (said !== undefined) return said;
			break;
		}
		case 'AccessDeniedException':
			return `The keys are valid, but the IAM user or role may not call connect:ListInstances, which this test uses. Allow connect:ListInstances to test the credential and to pick instances from a list, and connect:CreateContact on the instance to create contacts. (AWS: ${details.message})`;
	}
	const said = unreachable(details, target) ?? throttled(details);
	if (said !== undefined) return said;
	return `${details.name}: ${details.message}. ${describeFix(details, { region: target.region, endpoint: target.endpoint })}`;
}

export async function amazonConnectApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as Record<string, unknown>;
	const credentials: AmazonConnectCredentials = {
		region: text(data.region) || 'us-east-1',
		accessKeyId: text(data.accessKeyId),
		secretAccessKey: text(data.secretAccessKey),
		sessionToken: text(data.sessionToken) || undefined,
		endpoint: text(data.endpoint) || undefined,
	};
	if (!credentials.accessKeyId || !credentials.secretAccessKey) {
		return { status: 'Error', message: 'Enter the Access Key ID and the Secret Access Key.' };
	}
	const client = createConnectClient(credentials, { timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS });
	const target = callTarget(client, credentials, CREDENTIAL_TEST_TIMEOUT_MS);
	try {
		const answer = await client.send(new ListInstancesCommand({ MaxResults: INSTANCES_READ }));
		const instances = answer.InstanceSummaryList ?? [];
		const where = target.custom ? `${target.endpoint} (${target.region})` : regionLabel(target.region);
		if (instances.length === 0) {
			return {
				status: 'Error',
				message: `The keys work, but the AWS account has no Amazon Connect instance in ${where}. Set Region to the region of your instance.`,
			};
		}
		const more = answer.NextToken !== undefined;
		const count = `${instances.length}${more ? '+' : ''}`;
		const aliases = instances.map((i) => i.InstanceAlias ?? i.Id ?? '?');
		const named = aliases.slice(0, ALIASES_SHOWN).join(', ') + (more || aliases.length > ALIASES_SHOWN ? ', …' : '');
		return {
			status: 'OK',
			message: `Connected to Amazon Connect in ${where}: ${count} instance${count === '1' ? '' : 's'} visible (${named})`,
		};
	} catch (error) {
		return { status: 'Error', message: explainTestFailure(error, credentials, target) };
	} finally {
		client.destroy();
	}
}
