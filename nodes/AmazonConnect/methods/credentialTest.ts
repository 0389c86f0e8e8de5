/**
 * The credential test: one cheap signed call (ListInstances) with a short time limit, and an
 * answer in words: which part of the credential is wrong and what to do. Never a secret in it.
 */
import { ListInstancesCommand, type ListInstancesCommandOutput } from '@aws-sdk/client-connect';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { CONNECT_REGIONS } from '../transport/regions';
import { createConnectClient } from '../transport/client';
import { displayUrl, stsEndpointUrl } from '../transport/endpoints';
import {
	type AwsErrorDetails,
	assumeRoleFix,
	awsErrorDetails,
	describeFix,
} from '../transport/errors';
import {
	createStsClient,
	credentialsFor,
	HOST_IDENTITY_DISABLED,
	hostIdentityDisabledError,
	hostIdentityEnabled,
} from '../transport/identity';
import {
	type AccessKeys,
	type AmazonConnectCredentials,
	type ConnectSettings,
	missingSettings,
	readSettings,
	usesHostIdentity,
} from '../transport/settings';
import { type CallTarget, callTarget, throttled, unreachable } from './explain';

export const CREDENTIAL_TEST_TIMEOUT_MS = 5_000;
/** One request answers up to this many instances: enough to say how many there are for most accounts. */
const INSTANCES_READ = 10;
/** Aliases named in the success message. */
const ALIASES_SHOWN = 3;
/** Regions with Amazon Connect that an account must enable before use; until then AWS does not know any key there. */
const OPT_IN_REGIONS = new Set(['af-south-1']);

function regionLabel(region: string): string {
	const known = CONNECT_REGIONS.find((r) => r.region === region);
	return known ? `${region} (${known.name})` : region;
}

function unknownKey(credentials: AccessKeys, target: CallTarget): string {
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
export function explainTestFailure(
	error: unknown,
	credentials: AccessKeys,
	target: CallTarget,
): string {
	const details = awsErrorDetails(error);
	switch (details.name) {
		case 'UnrecognizedClientException':
		case 'InvalidClientTokenId':
			return unknownKey(credentials, target);
		case 'ExpiredTokenException':
		case 'ExpiredToken':
			return 'The Session Token has expired. Get a new set of temporary credentials (Access Key ID, Secret Access Key and Session Token).';
		case 'InvalidSignatureException':
		case 'SignatureDoesNotMatch': {
			const said = badSignature(details, target);
			if (said !== undefined) return said;
			break;
		}
		case 'AccessDeniedException':
		case 'AccessDenied':
			return `The keys are valid, but the IAM user or role may not call connect:ListInstances, which this test uses. Allow connect:ListInstances to test the credential and to pick instances from a list, and connect:CreateContact on the instance to create contacts. (AWS: ${details.message})`;
	}
	const said = unreachable(details, target) ?? throttled(details);
	if (said !== undefined) return said;
	return `${details.name}: ${details.message}. ${describeFix(details, { region: target.region, endpoint: target.endpoint })}`;
}

interface Identity {
	arn: string;
	account: string;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function outcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}

function stsTarget(settings: ConnectSettings): CallTarget {
	let url: string | undefined;
	try {
		url = stsEndpointUrl(settings);
	} catch {
		url = undefined;
	}
	return {
		region: settings.region,
		timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS,
		endpoint: displayUrl(url) ?? `the STS endpoint of ${settings.region}`,
		custom: settings.stsEndpoint !== undefined,
	};
}

/** Why the identity could not be obtained (the role, the host chain, or STS unreachable), in words. */
function explainIdentityFailure(error: unknown, settings: ConnectSettings): string {
	const details = awsErrorDetails(error);
	const role = settings.role;
	if (details.name === HOST_IDENTITY_DISABLED) return details.message;
	const sts = stsTarget(settings);
	const network = unreachable(details, sts);
	if (network !== undefined)
		return `${network.replace(/ Check the (Custom Endpoint of the credential|credential's region \([^)]*\) and that the n8n server can reach AWS)/, ' Check the STS Endpoint of the credential, or that the n8n server can reach STS')}`;
	if (
		details.name === 'CredentialsProviderError' ||
		(settings.mode === 'hostIdentity' && !details.assumeRole)
	) {
		return `The n8n host has no AWS identity the AWS SDK can find (${details.message}). Give the host one (environment variables, a web identity token file with AWS_ROLE_ARN, EKS Pod Identity, an ECS task role, an EC2 instance profile), or change Authentication.`;
	}
	if (role && details.assumeRole) {
		const fix = assumeRoleFix(details, {
			roleArn: role.arn,
			externalId: role.externalId,
			durationSeconds: role.durationSeconds,
			region: settings.region,
		});
		return `STS did not let ${role.source === 'hostIdentity' ? "the n8n host's identity" : 'these keys'} assume the role ${role.arn}. ${fix} (AWS: ${details.name}: ${details.message})`;
	}
	return `${details.name}: ${details.message}`;
}

function instancesMessage(
	answer: ListInstancesCommandOutput,
	where: string,
	as: string,
): INodeCredentialTestResult {
	const instances = answer.InstanceSummaryList ?? [];
	if (instances.length === 0) {
		return {
			status: 'Error',
			message: `The credential works${as}, but the AWS account has no Amazon Connect instance in ${where}. Set Region to the region of your instance.`,
		};
	}
	const more = answer.NextToken !== undefined;
	const count = `${instances.length}${more ? '+' : ''}`;
	const aliases = instances.map((i) => i.InstanceAlias ?? i.Id ?? '?');
	const named =
		aliases.slice(0, ALIASES_SHOWN).join(', ') +
		(more || aliases.length > ALIASES_SHOWN ? ', …' : '');
	return {
		status: 'OK',
		message: `Connected to Amazon Connect in ${where}${as}: ${count} instance${count === '1' ? '' : 's'} visible (${named})`,
	};
}

/**
 * STS GetCallerIdentity first (it needs no permission, so a key allowed only CreateContact passes
 * and learns which identity it is), ListInstances second and optional. Both are asked at once so
 * that an endpoint that does not answer costs one time limit, not two.
 */
export async function amazonConnectApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as AmazonConnectCredentials;
	const settings = readSettings(data);
	const missing = missingSettings(settings);
	if (missing !== undefined) return { status: 'Error', message: missing };
	if (usesHostIdentity(settings) && !hostIdentityEnabled())
		return { status: 'Error', message: hostIdentityDisabledError().message };

	// The identity that signs: the keys, or temporary credentials from a fresh AssumeRole or the host's chain.
	const provider = credentialsFor(settings, { timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS, fresh: true });
	let identity: AwsCredentialIdentity;
	try {
		identity = typeof provider === 'function' ? await provider() : provider;
	} catch (error) {
		return { status: 'Error', message: explainIdentityFailure(error, settings) };
	}

	const sts = createStsClient(settings, identity, CREDENTIAL_TEST_TIMEOUT_MS);
	const client = createConnectClient(data, {
		timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS,
		credentials: identity,
	});
	const target = callTarget(client, data, CREDENTIAL_TEST_TIMEOUT_MS);
	const keys = settings.keys ?? {
		accessKeyId: identity.accessKeyId,
		secretAccessKey: '',
		sessionToken: identity.sessionToken,
	};
	try {
		const [who, list] = await Promise.all([
			outcome(sts.send(new GetCallerIdentityCommand({}))),
			outcome(client.send(new ListInstancesCommand({ MaxResults: INSTANCES_READ }))),
		]);
		let caller: Identity | undefined;
		let stsNote = '';
		if (who.ok) {
			caller = { arn: who.value.Arn ?? '?', account: who.value.Account ?? '?' };
		} else {
			const details = awsErrorDetails(who.error);
			const sts = stsTarget(settings);
			if (unreachable(details, sts) === undefined || settings.mode !== 'accessKeys') {
				return { status: 'Error', message: explainTestFailure(who.error, keys, sts) };
			}
			// Access keys need no STS to work: say that the identity could not be shown, and go on.
			stsNote = ` (STS at ${sts.endpoint} did not answer, so the identity is not shown; set STS Endpoint if the n8n server reaches STS another way)`;
		}
		const as = caller ? ` as ${caller.arn} (account ${caller.account})` : '';
		const where = target.custom
			? `${target.endpoint} (${target.region})`
			: regionLabel(target.region);
		if (list.ok) {
			const result = instancesMessage(list.value, where, as);
			return { ...result, message: result.message + stsNote };
		}
		const details = awsErrorDetails(list.error);
		if (caller && (details.name === 'AccessDeniedException' || details.name === 'AccessDenied')) {
			return {
				status: 'OK',
				message: `The credential is valid: it is ${caller.arn} (account ${caller.account}). It may not call connect:ListInstances, so the Instance picker cannot list instances: enter the instance ID (or ARN) instead. Creating contacts needs connect:CreateContact on the instance.`,
			};
		}
		return { status: 'Error', message: explainTestFailure(list.error, keys, target) };
	} finally {
		sts.destroy();
		client.destroy();
	}
}
