/**
 * The node's form, evaluated the way n8n evaluates it (NodeHelpers), against the reference's table
 * and against check.ts: the form never offers what the checks reject.
 */
import type { INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AmazonConnectApi } from '../../credentials/AmazonConnectApi.credentials';
import { AmazonConnect } from '../../nodes/AmazonConnect/AmazonConnect.node';
import { findProblems } from '../../nodes/AmazonConnect/actions/contact/create/check';
import { fakeExecuteFunctions } from './helpers/fakeExecuteFunctions';
import {
	buildCreateContactInput,
	type CreateContactParameters,
} from '../../nodes/AmazonConnect/actions/contact/create/input';
import { readParameters } from '../../nodes/AmazonConnect/actions/contact/create';
import { TASK_REFERENCE_TYPES as CREATION_REFERENCE_TYPES } from '../../nodes/AmazonConnect/actions/contact/create/rules';
import { CONNECT_REGIONS } from '../../nodes/AmazonConnect/transport/regions';

const desc = new AmazonConnect().description;
const NODE = { typeVersion: 1 };
const ID = '8a3d1c3e-5b7f-4e2a-9c1d-0f2e3a4b5c6d';

const TABLE: Record<string, string[]> = {
	TASK: ['API'],
	EMAIL: ['AGENT_REPLY', 'FLOW', 'OUTBOUND'],
	VOICE: ['TRANSFER'],
};
const PAIRS = Object.entries(TABLE).flatMap(([channel, methods]) =>
	methods.map((method) => ({ channel, method })),
);

/** The values n8n keeps for these settings: defaults added, hidden parameters removed. */
function resolved(values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(desc.properties, values, true, false, NODE, desc) ?? {};
}

/** The top-level properties the form shows for these settings. */
function shown(values: INodeParameters): INodeProperties[] {
	const current = resolved(values);
	return desc.properties.filter((property) =>
		NodeHelpers.displayParameter(current, property, NODE, desc),
	);
}

const settings = (
	channel: string,
	method?: string,
	extra: INodeParameters = {},
): INodeParameters => ({
	resource: 'contact',
	operation: 'create',
	channel,
	...(method !== undefined && { initiationMethod: method }),
	...extra,
});

const shownNames = (values: INodeParameters) => shown(values).map((property) => property.name);
const shownOne = (values: INodeParameters, name: string): INodeProperties | undefined => {
	const found = shown(values).filter((property) => property.name === name);
	expect(found.length).toBeLessThanOrEqual(1);
	return found[0];
};
const optionValues = (property: INodeProperties | undefined) =>
	((property?.options ?? []) as INodePropertyOptions[]).map((option) => option.value);

describe('the node', () => {
	it('names', () => {
		expect(desc.name).toBe('amazonConnect');
		expect(desc.displayName).toBe('Amazon Connect');
		expect(desc.version).toBe(1);
		expect(desc.credentials).toHaveLength(1);
		expect(desc.credentials?.[0]).toMatchObject({ name: 'amazonConnectApi', required: true });
		expect(desc.inputs).toStrictEqual(['main']);
		expect(desc.outputs).toStrictEqual(['main']);
	});
	it('resources contact (first, the default) and task; Contact → Create and Task → Start keep their public names', () => {
		const resource = desc.properties.find((property) => property.name === 'resource');
		expect(optionValues(resource)).toEqual(expect.arrayContaining(['contact', 'task']));
		expect(resource?.default).toBe('contact');
		const operationsOf = (name: string) =>
			desc.properties.find(
				(property) =>
					property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === name,
			);
		expect(optionValues(operationsOf('contact'))).toEqual(
			expect.arrayContaining(['create', 'get', 'updateAttributes', 'stop']),
		);
		expect(optionValues(operationsOf('contact'))?.[0]).toBe('create');
		expect(operationsOf('contact')?.default).toBe('create');
		expect(optionValues(operationsOf('task'))).toStrictEqual(['start']);
		expect(operationsOf('task')?.options).toContainEqual(
			expect.objectContaining({ name: 'Start', value: 'start', action: 'Start a task' }),
		);
	});
	it('the instance is a required resource locator (list, ID, ARN)', () => {
		const instance = desc.properties.find((property) => property.name === 'instanceId');
		expect(instance?.type).toBe('resourceLocator');
		expect(instance?.required).toBe(true);
		expect(instance?.modes?.map((mode) => mode.name)).toStrictEqual(['list', 'id', 'arn']);
	});
});

describe('channels and initiation methods', () => {
	it('offers exactly TASK, EMAIL and VOICE (no CHAT), TASK by default', () => {
		const channel = shownOne(settings('TASK'), 'channel');
		expect(optionValues(channel)).toStrictEqual(['TASK', 'EMAIL', 'VOICE']);
		expect(channel?.default).toBe('TASK');
		expect(resolved({ resource: 'contact', operation: 'create' }).channel).toBe('TASK');
	});

	it.each(Object.entries(TABLE))('%s offers exactly the methods %j', (channel, methods) => {
		const field = shownOne(settings(channel), 'initiationMethod');
		expect(optionValues(field).slice().sort()).toStrictEqual([...methods].sort());
		expect(field?.required).toBe(true);
		// The default of the channel's field is one of its methods.
		expect(methods).toContain(resolved(settings(channel)).initiationMethod);
	});
});

describe('which fields show for which channel and method', () => {
	const COMMON = [
		'resource',
		'operation',
		'instanceId',
		'channel',
		'initiationMethod',
		'initiateAs',
		'name',
		'description',
		'attributesMode',
		'attributes',
		'additionalFields',
		'options',
	];
	const EXTRA: Record<string, string[]> = {
		'TASK API': ['referencesMode', 'references'],
		'EMAIL AGENT_REPLY': ['emailNotSentNotice', 'userId'],
		'EMAIL FLOW': ['userId'],
		'EMAIL OUTBOUND': ['emailNotSentNotice', 'userId'],
		'VOICE TRANSFER': ['voiceTransferNotice', 'previousContactId'],
	};
	it.each(PAIRS)('$channel $method', ({ channel, method }) => {
		expect(shownNames(settings(channel, method)).sort()).toStrictEqual(
			[...COMMON, ...EXTRA[`${channel} ${method}`]].sort(),
		);
	});

	it.each(PAIRS)(
		'$channel $method: JSON mode swaps the rows for a JSON field',
		({ channel, method }) => {
			const names = shownNames(
				settings(channel, method, { attributesMode: 'json', referencesMode: 'json' }),
			);
			expect(names).toContain('attributesJson');
			expect(names).not.toContain('attributes');
			if (channel === 'TASK') {
				expect(names).toContain('referencesJson');
				expect(names).not.toContain('references');
			} else {
				expect(names).not.toContain('referencesJson');
			}
		},
	);

	it.each(PAIRS)(
		'$channel $method: User shows only for EMAIL, required for OUTBOUND and AGENT_REPLY',
		({ channel, method }) => {
			const user = shownOne(settings(channel, method), 'userId');
			if (channel !== 'EMAIL') {
				expect(user).toBeUndefined();
				return;
			}
			expect(user?.type).toBe('resourceLocator');
			expect(user?.required).toBe(method === 'OUTBOUND' || method === 'AGENT_REPLY');
		},
	);

	it.each(PAIRS)(
		'$channel $method: Initiate As offers Completed only for tasks',
		({ channel, method }) => {
			const initiateAs = shownOne(settings(channel, method), 'initiateAs');
			expect(optionValues(initiateAs)).toStrictEqual(
				channel === 'TASK' ? ['', 'CONNECTED_TO_USER', 'COMPLETED'] : ['', 'CONNECTED_TO_USER'],
			);
			expect(initiateAs?.default).toBe('');
		},
	);

	it('the bulk-import notice shows for completed tasks only', () => {
		expect(shownNames(settings('TASK', 'API', { initiateAs: 'COMPLETED' }))).toContain(
			'completedBulkNotice',
		);
		expect(shownNames(settings('TASK', 'API', { initiateAs: 'CONNECTED_TO_USER' }))).not.toContain(
			'completedBulkNotice',
		);
		expect(shownNames(settings('EMAIL', 'FLOW', { initiateAs: 'COMPLETED' }))).not.toContain(
			'completedBulkNotice',
		);
	});

	it('the reference rows offer exactly the creation types', () => {
		const references = shownOne(settings('TASK', 'API'), 'references');
		const row = (references?.options?.[0] as { values: INodeProperties[] }).values;
		expect(row.map((field) => field.name)).toStrictEqual(['key', 'type', 'value']);
		const type = row.find((field) => field.name === 'type');
		expect(optionValues(type).slice().sort()).toStrictEqual([...CREATION_REFERENCE_TYPES].sort());
		expect(CREATION_REFERENCE_TYPES).toContain(type?.default);
	});

	it('Additional Fields and Options hold what the node reads', () => {
		const names = (name: string) =>
			(
				(desc.properties.find((property) => property.name === name)?.options ??
					[]) as INodeProperties[]
			)
				.map((o) => o.name)
				.sort();
		expect(names('additionalFields')).toStrictEqual(
			[
				'clientToken',
				'contactExpiryMinutes',
				'expiryDurationInMinutes',
				'relatedContactId',
				'segmentAttributesJson',
			].sort(),
		);
		expect(names('options')).toStrictEqual(
			[
				'concurrency',
				'fullResponse',
				'idempotencyKey',
				'maxAttempts',
				'maxRequestsPerSecond',
				'timeoutSeconds',
			].sort(),
		);
	});

	it('every parameter the node reads is a field of the form', () => {
		const fn = fakeExecuteFunctions({
			parameters: { attributesJson: '{}', referencesJson: '{}' },
		});
		readParameters({
			itemIndex: 0,
			parameter: (name, fallback) => fn.getNodeParameter(name, 0, fallback as never) as never,
		});
		const read = fn.parameterReads.map(({ name }) => name.split('.')[0]);
		const names = new Set(desc.properties.map((property) => property.name));
		expect(read.length).toBeGreaterThan(10);
		expect(read.filter((name) => !names.has(name))).toStrictEqual([]);
	});
});

describe('the form never offers what the checks reject', () => {
	const VALID_REFERENCE_VALUE: Record<string, string> = {
		URL: 'https://crm.example.com/t/1',
		NUMBER: '42',
		STRING: 'text',
		DATE: '1767225600',
		EMAIL: 'jane@example.com',
		ATTACHMENT: 'report.pdf',
	};

	/** Base input of a pair as the form's required fields give it. */
	const baseParams = (channel: string, method: string): CreateContactParameters => ({
		instanceId: ID,
		channel,
		initiationMethod: method,
		...(shownOne(settings(channel, method), 'userId')?.required && { userId: 'user-1' }),
	});
	const problemsOf = (p: CreateContactParameters) =>
		findProblems(buildCreateContactInput(p, 'token').input);

	const MEMBERS: Array<{
		member: string;
		field: string;
		add: (p: CreateContactParameters) => CreateContactParameters;
	}> = [
		{ member: 'UserInfo', field: 'userId', add: (p) => ({ ...p, userId: 'user-1' }) },
		{
			member: 'PreviousContactId',
			field: 'previousContactId',
			add: (p) => ({ ...p, previousContactId: 'prev-1' }),
		},
		{
			member: 'References',
			field: 'references',
			add: (p) => ({ ...p, references: { reference: [{ key: 'R', type: 'STRING', value: 'x' }] } }),
		},
	];

	const cases = PAIRS.flatMap((pair) => MEMBERS.map((member) => ({ ...pair, ...member })));
	/** What the documentation forbids (connect-createcontact.md §2): only these are refused; the form offers less. */
	const FORBIDDEN: Record<string, string[]> = {
		PreviousContactId: ['TASK API', 'EMAIL AGENT_REPLY', 'EMAIL FLOW', 'EMAIL OUTBOUND'],
	};
	it.each(cases)(
		'$channel $method: $member shown only where accepted, refused only where documented',
		({ channel, method, member, field, add }) => {
			const offered = shownOne(settings(channel, method), field) !== undefined;
			const accepted = problemsOf(add(baseParams(channel, method))).length === 0;
			if (offered) expect(accepted).toBe(true);
			expect(accepted).toBe(!(FORBIDDEN[member] ?? []).includes(`${channel} ${method}`));
		},
	);

	it.each(PAIRS)(
		'$channel $method: User required in the form iff required by the checks',
		({ channel, method }) => {
			const requiredInForm = shownOne(settings(channel, method), 'userId')?.required === true;
			const withoutUser = findProblems(
				buildCreateContactInput({ instanceId: ID, channel, initiationMethod: method }).input,
			);
			expect(requiredInForm).toBe(withoutUser.length > 0);
			if (requiredInForm)
				expect(withoutUser.map((problem) => problem.field)).toStrictEqual(['User']);
		},
	);

	it.each(
		PAIRS.flatMap((pair) =>
			['CONNECTED_TO_USER', 'COMPLETED'].map((initiateAs) => ({ ...pair, initiateAs })),
		),
	)(
		'$channel $method: Initiate As $initiateAs offered iff accepted',
		({ channel, method, initiateAs }) => {
			const offered = optionValues(shownOne(settings(channel, method), 'initiateAs')).includes(
				initiateAs,
			);
			const accepted = problemsOf({ ...baseParams(channel, method), initiateAs }).length === 0;
			expect(offered).toBe(accepted);
		},
	);

	it.each(CREATION_REFERENCE_TYPES)('the reference type %s of the form is accepted', (type) => {
		expect(
			problemsOf({
				...baseParams('TASK', 'API'),
				references: { reference: [{ key: 'R', type, value: VALID_REFERENCE_VALUE[type] }] },
			}),
		).toStrictEqual([]);
	});

	it.each(PAIRS)(
		'$channel $method: every field the form shows, filled in at once, passes the checks',
		({ channel, method }) => {
			const names = shownNames(settings(channel, method));
			const p: CreateContactParameters = {
				instanceId: ID,
				channel,
				initiationMethod: method,
				name: 'Name',
				description: 'Description',
				attributesMode: 'keyValue',
				attributes: { attribute: [{ key: 'orderId', value: '1234' }] },
				additionalFields: {
					relatedContactId: 'rel-1',
					expiryDurationInMinutes: 60,
					contactExpiryMinutes: 1440,
					segmentAttributesJson: '{"connect:Subtype": {"ValueString": "x"}}',
				},
				...(names.includes('userId') && { userId: 'user-1' }),
				...(names.includes('previousContactId') && { previousContactId: 'prev-1' }),
				...(names.includes('references') && {
					references: {
						reference: CREATION_REFERENCE_TYPES.map((type) => ({
							key: type,
							type,
							value: VALID_REFERENCE_VALUE[type],
						})),
					},
				}),
				initiateAs: optionValues(shownOne(settings(channel, method), 'initiateAs')).at(
					-1,
				) as string,
			};
			expect(problemsOf(p)).toStrictEqual([]);
		},
	);

	it('the defaults of the number fields pass the checks', () => {
		const additional = desc.properties.find((property) => property.name === 'additionalFields')
			?.options as INodeProperties[];
		const byName = (name: string) => additional.find((field) => field.name === name)?.default;
		expect(
			problemsOf({
				...baseParams('TASK', 'API'),
				additionalFields: {
					expiryDurationInMinutes: byName('expiryDurationInMinutes') as number,
					contactExpiryMinutes: byName('contactExpiryMinutes') as number,
					segmentAttributesJson: byName('segmentAttributesJson'),
				},
			}),
		).toStrictEqual([]);
	});
});

describe('the credential', () => {
	const credential = new AmazonConnectApi();
	const field = (name: string) => credential.properties.find((property) => property.name === name);

	it('is the one the node asks for', () => {
		expect(credential.name).toBe('amazonConnectApi');
		expect(desc.credentials?.[0].name).toBe(credential.name);
		expect(credential.displayName).toBe('Amazon Connect API');
	});
	it('has the mode, region, role, keys and endpoints', () => {
		expect(credential.properties.map((property) => property.name)).toStrictEqual([
			'authentication',
			'hostIdentityNotice',
			'region',
			'regionCode',
			'roleArn',
			'externalId',
			'roleSessionName',
			'sessionDuration',
			'roleSource',
			'accessKeyId',
			'secretAccessKey',
			'sessionToken',
			'useFipsEndpoint',
			'useDualStackEndpoint',
			'endpoint',
			'stsEndpoint',
		]);
		expect(field('authentication')?.default).toBe('accessKeys');
	});
	it('offers every Connect region, GovCloud and China included, and any other region code', () => {
		const regions = optionValues(field('region'));
		expect(regions).toStrictEqual([...CONNECT_REGIONS.map(({ region }) => region), 'other']);
		expect(regions).toEqual(
			expect.arrayContaining([
				'us-east-1',
				'us-gov-west-1',
				'cn-north-1',
				'cn-northwest-1',
				'eu-west-2',
			]),
		);
		expect(field('region')?.default).toBe('us-east-1');
	});
	it('hides the secret access key and the session token', () => {
		expect(field('secretAccessKey')?.typeOptions?.password).toBe(true);
		expect(field('sessionToken')?.typeOptions?.password).toBe(true);
	});
	it('shows the fields of the chosen mode only', () => {
		const shown = (values: INodeParameters) =>
			credential.properties
				.filter((p) => NodeHelpers.displayParameter({ ...values }, p, { typeVersion: 1 }, null))
				.map((p) => p.name);
		const common = [
			'authentication',
			'region',
			'useFipsEndpoint',
			'useDualStackEndpoint',
			'endpoint',
			'stsEndpoint',
		];
		const keys = ['accessKeyId', 'secretAccessKey', 'sessionToken'];
		const role = ['roleArn', 'externalId', 'roleSessionName', 'sessionDuration', 'roleSource'];
		const sorted = (names: string[]) => [...names].sort();
		// An existing credential (no authentication saved) is shown as Access Keys.
		expect(sorted(shown({ region: 'us-east-1', authentication: 'accessKeys' }))).toEqual(
			sorted([...common, ...keys]),
		);
		expect(sorted(shown({ region: 'us-east-1', authentication: 'assumeRole' }))).toEqual(
			sorted([...common, ...role, ...keys]),
		);
		expect(sorted(shown({ region: 'us-east-1', authentication: 'hostIdentity' }))).toEqual(
			sorted([...common, 'hostIdentityNotice']),
		);
		expect(shown({ region: 'other', authentication: 'accessKeys' })).toContain('regionCode');
	});
});
