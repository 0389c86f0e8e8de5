/**
 * The credential as n8n stores it → what the transport needs: the mode, the region, the keys or
 * the role, and where requests go. Pure: no environment, no network. Credentials saved before
 * the Authentication field existed have no `authentication` and mean access keys.
 */

export type AuthenticationMode = 'accessKeys' | 'assumeRole' | 'hostIdentity';
export type RoleSource = 'accessKeys' | 'hostIdentity';

/** The Region option that reveals the Region Code field (regions newer than the node's list). */
export const OTHER_REGION = 'other';
export const DEFAULT_ROLE_SESSION_NAME = 'n8n-amazon-connect';
export const DEFAULT_SESSION_DURATION_SECONDS = 3600;
/** STS AssumeRole's DurationSeconds range (the role's own maximum may be lower). */
export const MIN_SESSION_DURATION_SECONDS = 900;
export const MAX_SESSION_DURATION_SECONDS = 43_200;
/** A region code as AWS writes them: us-east-1, ap-southeast-7, us-gov-west-1, eusc-de-east-1. */
export const REGION_CODE_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/** The credential's data as n8n hands it to the node (every field optional: older credentials lack the new ones). */
export interface AmazonConnectCredentials {
	authentication?: string;
	region?: string;
	regionCode?: string;
	accessKeyId?: string;
	secretAccessKey?: string;
	sessionToken?: string;
	roleArn?: string;
	externalId?: string;
	roleSessionName?: string;
	sessionDuration?: number | string;
	roleSource?: string;
	useFipsEndpoint?: boolean;
	useDualStackEndpoint?: boolean;
	endpoint?: string;
	stsEndpoint?: string;
}

export interface AccessKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export interface RoleSettings {
	arn: string;
	externalId?: string;
	sessionName: string;
	durationSeconds: number;
	/** Whose identity assumes the role: this credential's keys or the n8n host's. */
	source: RoleSource;
}

export interface ConnectSettings {
	mode: AuthenticationMode;
	region: string;
	/** The keys that sign (access keys mode) or that assume the role (assume role with keys). */
	keys?: AccessKeys;
	role?: RoleSettings;
	useFips: boolean;
	useDualStack: boolean;
	/** Custom Connect endpoint, as typed (may carry user info; never show it unstripped). */
	endpoint?: string;
	/** Custom STS endpoint, as typed. */
	stsEndpoint?: string;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function mode(value: unknown): AuthenticationMode {
	return value === 'assumeRole' || value === 'hostIdentity' ? value : 'accessKeys';
}

/** The region the credential means: the list's choice, or the code typed under "Other". */
export function regionOf(credentials: AmazonConnectCredentials): string {
	const region = text(credentials.region) || 'us-east-1';
	return region === OTHER_REGION ? text(credentials.regionCode) : region;
}

export function readSettings(credentials: AmazonConnectCredentials): ConnectSettings {
	const m = mode(credentials.authentication);
	const keys: AccessKeys = {
		accessKeyId: text(credentials.accessKeyId),
		secretAccessKey: text(credentials.secretAccessKey),
		sessionToken: text(credentials.sessionToken) || undefined,
	};
	const source: RoleSource =
		credentials.roleSource === 'hostIdentity' ? 'hostIdentity' : 'accessKeys';
	const duration = Number(credentials.sessionDuration);
	return {
		mode: m,
		region: regionOf(credentials),
		keys: m === 'accessKeys' || (m === 'assumeRole' && source === 'accessKeys') ? keys : undefined,
		role:
			m === 'assumeRole'
				? {
						arn: text(credentials.roleArn),
						externalId: text(credentials.externalId) || undefined,
						sessionName: text(credentials.roleSessionName) || DEFAULT_ROLE_SESSION_NAME,
						durationSeconds:
							Number.isFinite(duration) && duration > 0
								? Math.floor(duration)
								: DEFAULT_SESSION_DURATION_SECONDS,
						source,
					}
				: undefined,
		useFips: credentials.useFipsEndpoint === true,
		useDualStack: credentials.useDualStackEndpoint === true,
		endpoint: text(credentials.endpoint) || undefined,
		stsEndpoint: text(credentials.stsEndpoint) || undefined,
	};
}

/** Whether the settings use the n8n host's own AWS identity (which the admin must allow). */
export function usesHostIdentity(settings: ConnectSettings): boolean {
	return settings.mode === 'hostIdentity' || settings.role?.source === 'hostIdentity';
}

/** What must be filled in before a request can be made, in words; undefined when complete. */
export function missingSettings(settings: ConnectSettings): string | undefined {
	if (!settings.region)
		return 'Enter the Region Code (e.g. us-east-1), or choose a region from the list.';
	if (!REGION_CODE_PATTERN.test(settings.region)) {
		return `"${settings.region}" is not a region code. Enter it as AWS writes it, e.g. us-east-1 or ap-southeast-2.`;
	}
	if (settings.keys && (!settings.keys.accessKeyId || !settings.keys.secretAccessKey)) {
		return settings.mode === 'assumeRole'
			? 'Enter the Access Key ID and the Secret Access Key that assume the role, or set Assume Role With to Host Identity.'
			: 'Enter the Access Key ID and the Secret Access Key.';
	}
	const role = settings.role;
	if (role) {
		if (!role.arn)
			return 'Enter the Role ARN of the role to assume (e.g. arn:aws:iam::123456789012:role/n8n-connect).';
		if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(role.arn)) {
			return `The Role ARN "${role.arn}" is not a role ARN: it looks like arn:aws:iam::123456789012:role/n8n-connect (IAM, Roles, the role, ARN).`;
		}
		if (
			role.durationSeconds < MIN_SESSION_DURATION_SECONDS ||
			role.durationSeconds > MAX_SESSION_DURATION_SECONDS
		) {
			return `Session Duration must be between ${MIN_SESSION_DURATION_SECONDS} and ${MAX_SESSION_DURATION_SECONDS} seconds (and at most the role's maximum session duration).`;
		}
		if (!/^[\w+=,.@-]{2,64}$/.test(role.sessionName)) {
			return 'Session Name takes 2 to 64 letters, digits and the characters _+=,.@- (no spaces).';
		}
	}
	return undefined;
}
