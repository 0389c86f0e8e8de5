/**
 * The emulator's world: one AWS account in one region, its Connect instances, their users and
 * the access keys that may call it. The shipped default lives in config.default.json; it is
 * imported (not read from disk by path) so it resolves the same under ts-jest and once compiled
 * into build/.
 */
import defaultConfigJson from './config.default.json';
import type { LifecycleConfig } from './lifecycle';

export interface EmulatorInstance {
	id: string;
	alias: string;
	/** ISO-8601; answered as epoch seconds like the real service. */
	createdTime?: string;
	identityManagementType?: 'SAML' | 'CONNECT_MANAGED' | 'EXISTING_DIRECTORY';
	instanceStatus?: 'CREATION_IN_PROGRESS' | 'ACTIVE' | 'CREATION_FAILED';
	inboundCallsEnabled?: boolean;
	outboundCallsEnabled?: boolean;
}

export interface EmulatorUser {
	id: string;
	username: string;
	firstName?: string;
	lastName?: string;
	email?: string;
	routingProfileId?: string;
	securityProfileIds?: string[];
	tags?: Record<string, string>;
	/** ISO-8601. */
	lastModifiedTime?: string;
}

export interface EmulatorAccessKey {
	accessKeyId: string;
	secretAccessKey: string;
	/** Temporary credentials: requests must carry exactly this x-amz-security-token. */
	sessionToken?: string;
	/** Who the key belongs to, used in AccessDeniedException messages. */
	principalArn?: string;
	/** IAM actions this key is denied, e.g. "connect:CreateContact". */
	deniedActions?: string[];
	description?: string;
}

/** A quick connect (ListQuickConnects): USER and QUEUE quick connects carry the flow a task runs. */
export interface EmulatorQuickConnect {
	id: string;
	name: string;
	type: 'USER' | 'QUEUE' | 'PHONE_NUMBER' | 'FLOW';
	/** The flow that runs for a task sent to it (USER and QUEUE). */
	contactFlowId?: string;
	/** ISO-8601. */
	lastModifiedTime?: string;
}

/** A task template (ListTaskTemplates, GetTaskTemplate), in GetTaskTemplate's wire shape where it can be. */
export interface EmulatorTaskTemplate {
	id: string;
	name: string;
	description?: string;
	status?: 'ACTIVE' | 'INACTIVE';
	/** The template's own flow; a template without one needs ContactFlowId in StartTaskContact. */
	contactFlowId?: string;
	fields: Array<{
		name: string;
		type: string;
		description?: string;
		singleSelectOptions?: string[];
	}>;
	required?: string[];
	readOnly?: string[];
	invisible?: string[];
	defaults?: Record<string, string>;
	/** ISO-8601. */
	createdTime?: string;
}

/** An IAM role that STS may let callers assume. */
export interface EmulatorRole {
	arn: string;
	/** Principal ARNs its trust policy names (users, roles, or arn:aws:iam::<account>:root). */
	trustedPrincipals: string[];
	/** The trust policy's sts:ExternalId condition, when it has one. */
	externalId?: string;
	/** Default 3600 (AWS's default). */
	maxSessionDurationSeconds?: number;
	/** IAM actions the role's sessions are denied. */
	deniedActions?: string[];
	/** Web identity tokens its OIDC trust accepts (AssumeRoleWithWebIdentity). */
	webIdentityTokens?: string[];
}

/** Queues, email addresses and flows by instance ID: see lifecycle.ts. */
export interface EmulatorConfig extends LifecycleConfig {
	accountId: string;
	region: string;
	instances: EmulatorInstance[];
	/** Users by instance id. */
	users: Record<string, EmulatorUser[]>;
	/**
	 * Contacts that already exist before the emulator starts (by instance id), so that
	 * RelatedContactId / PreviousContactId can point at something without creating it first.
	 */
	contacts?: Record<string, string[]>;
	/** Quick connects and task templates by instance id (for StartTaskContact and its pickers; flows: see lifecycle.ts). */
	quickConnects?: Record<string, EmulatorQuickConnect[]>;
	taskTemplates?: Record<string, EmulatorTaskTemplate[]>;
	/** Account quotas that are not request rates; defaults: AWS's documented defaults. */
	quotas?: {
		/** Concurrent active tasks per instance (default 2,500). */
		activeTasksPerInstance?: number;
	};
	accessKeys: EmulatorAccessKey[];
	/** Roles STS can issue sessions for. */
	roles?: EmulatorRole[];
	/** What the ECS container credentials endpoint hands out: the task role's sessions. */
	containerCredentials?: { roleArn: string; authorizationToken?: string };
}

/** A fresh deep copy of the shipped configuration (callers may mutate it freely). */
export function defaultConfig(): EmulatorConfig {
	return JSON.parse(JSON.stringify(defaultConfigJson)) as EmulatorConfig;
}

/** Fails fast on a configuration the emulator could not serve sensibly. */
export function checkConfig(config: EmulatorConfig): void {
	const problems: string[] = [];
	if (typeof config !== 'object' || config === null)
		throw new Error('Emulator config must be an object');
	if (!/^\d{12}$/.test(String(config.accountId))) problems.push('accountId must be 12 digits');
	if (typeof config.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(config.region))
		problems.push('region must look like us-east-1');
	if (!Array.isArray(config.instances)) problems.push('instances must be an array');
	else {
		const ids = new Set<string>();
		for (const instance of config.instances) {
			if (typeof instance?.id !== 'string' || instance.id.length === 0)
				problems.push('every instance needs an id');
			else if (ids.has(instance.id)) problems.push(`duplicate instance id ${instance.id}`);
			else ids.add(instance.id);
			if (typeof instance?.alias !== 'string')
				problems.push(`instance ${instance?.id} needs an alias`);
		}
	}
	if (typeof config.users !== 'object' || config.users === null)
		problems.push('users must be an object keyed by instance id');
	if (!Array.isArray(config.accessKeys) || config.accessKeys.length === 0)
		problems.push('accessKeys must be a non-empty array');
	else {
		for (const key of config.accessKeys) {
			if (typeof key?.accessKeyId !== 'string' || typeof key?.secretAccessKey !== 'string') {
				problems.push('every access key needs accessKeyId and secretAccessKey');
			}
		}
	}
	if (problems.length > 0) throw new Error(`Invalid emulator config: ${problems.join('; ')}`);
}

/** The config as it may be shown to other processes: secrets and session tokens removed. */
export function redactConfig(config: EmulatorConfig): unknown {
	return {
		...config,
		accessKeys: config.accessKeys.map((k) => ({
			accessKeyId: k.accessKeyId,
			hasSessionToken: k.sessionToken !== undefined,
			principalArn: k.principalArn,
			deniedActions: k.deniedActions ?? [],
			description: k.description,
		})),
		roles: (config.roles ?? []).map((r) => ({
			...r,
			webIdentityTokens: (r.webIdentityTokens ?? []).length,
		})),
		containerCredentials: config.containerCredentials && {
			roleArn: config.containerCredentials.roleArn,
		},
	};
}
