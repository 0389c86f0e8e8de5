/**
 * The emulator's own model reading: routing by the model's HTTP bindings, input assembly from
 * labels / query / body, its generic validator, and its independence from the node's code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { HANDLERS } from '../../emulator';
import { connectModel, modelRouter, queryOperationInput, stsModel } from '../../emulator/model';
import {
	operationInput,
	queryFormInput,
	validateShape,
	Violations,
	type JsonObject,
} from '../../emulator/validate';

const service = connectModel();
const ID = '8a3d1c3e-1111-4222-8333-444455556666';

describe('routing by the model', () => {
	const route = modelRouter(service, [
		'CreateContact',
		'DescribeContact',
		'UpdateContact',
		'ListTaskTemplates',
		'GetTaskTemplate',
		'ListInstances',
		'ListUsers',
	]);
	const name = (method: string, path: string) => route(method, path)?.operation.name;

	it('maps method + URI pattern to the operation, with decoded labels', () => {
		expect(name('PUT', '/contact/create-contact')).toBe('CreateContact');
		expect(route('GET', `/contacts/${ID}/c%2F1`)).toMatchObject({
			operation: { name: 'DescribeContact' },
			labels: { InstanceId: ID, ContactId: 'c/1' },
		});
		expect(name('POST', `/contacts/${ID}/c1`)).toBe('UpdateContact');
		expect(name('GET', `/instance/${ID}/task/template`)).toBe('ListTaskTemplates');
		expect(route('GET', `/instance/${ID}/task/template/t1`)).toMatchObject({
			operation: { name: 'GetTaskTemplate' },
			labels: { TaskTemplateId: 't1' },
		});
		expect(name('GET', '/instance')).toBe('ListInstances');
	});

	it('answers nothing for another method, an empty label or an unknown path', () => {
		expect(name('GET', '/contact/create-contact')).toBeUndefined();
		expect(name('GET', '/users-summary/')).toBeUndefined();
		expect(name('GET', '/nothing')).toBeUndefined();
	});

	it('refuses to route an operation the model does not bind', () => {
		expect(() => modelRouter(service, ['NoSuchOperation'])).toThrow(
			'NoSuchOperation has no HTTP binding in the model',
		);
	});

	it('has a binding in the model for every handler', () => {
		for (const operation of Object.keys(HANDLERS))
			expect(service.operations[operation]).toBeDefined();
	});
});

describe('input assembly and validation', () => {
	it('takes labels, typed query parameters and the body; throws the modeled validation error', () => {
		const listUsers = service.operations.ListUsers;
		expect(
			operationInput(service, listUsers, { InstanceId: ID }, { maxResults: '5' }, {}),
		).toStrictEqual({ InstanceId: ID, MaxResults: 5 });
		expect(() =>
			operationInput(service, listUsers, { InstanceId: ID }, { maxResults: '1001' }, {}),
		).toThrow(
			"1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
		);
		// ListInstances models no InvalidParameterException: its violations are InvalidRequestException.
		let error: unknown;
		try {
			operationInput(service, service.operations.ListInstances, {}, { maxResults: '11' }, {});
		} catch (e) {
			error = e;
		}
		expect(error).toMatchObject({ type: 'InvalidRequestException', status: 400 });
	});

	it('reports Coral-style violations for each shape kind', () => {
		const vs = new Violations();
		const out = validateShape(
			service,
			'com.amazonaws.connect#CreateContactRequest',
			{
				InstanceId: 'i'.repeat(101),
				Channel: 'SMS',
				InitiationMethod: null,
				Attributes: { '': 'x', a: 5 },
				References: { r: { Value: 'v', Arn: 'arn:aws:connect:us-east-1:1 2' } },
				ExpiryDurationInMinutes: 2147483648,
				SegmentAttributes: { s: { ValueList: [null], ValueString: null } },
				Unknown: 'ignored',
			},
			'',
			vs,
		);
		expect(vs.list).toStrictEqual([
			"Value 'iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii' at 'instanceId' failed to satisfy constraint: Member must have length less than or equal to 100",
			"Value null at 'attributes' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length greater than or equal to 1]",
			"Value '5' at 'attributes.a' failed to satisfy constraint: Member must be a string",
			"Value null at 'references.r.member.type' failed to satisfy constraint: Member must not be null",
			"Value 'arn:aws:connect:us-east-1:1 2' at 'references.r.member.arn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[-:/A-Za-z0-9]+$",
			"Value 'SMS' at 'channel' failed to satisfy constraint: Member must satisfy enum value set: [VOICE, CHAT, TASK, EMAIL]",
			"Value null at 'initiationMethod' failed to satisfy constraint: Member must not be null",
			"Value '2147483648' at 'expiryDurationInMinutes' failed to satisfy constraint: Member must be an integer between -2147483648 and 2147483647",
			"Value null at 'segmentAttributes.s.member.valueList.1.member' failed to satisfy constraint: Member must not be null",
		]);
		expect(out).not.toHaveProperty('Unknown');
	});

	it('counts string lengths in code points', () => {
		const vs = new Violations();
		validateShape(service, 'com.amazonaws.connect#Name', '😀'.repeat(1024), 'name', vs);
		expect(vs.list).toStrictEqual([]);
	});
});

describe('STS (awsQuery) against model/sts.json', () => {
	const sts = stsModel();
	const input = queryOperationInput(sts, 'AssumeRole')!;
	const check = (form: Record<string, string>) => {
		const vs = new Violations();
		const value = queryFormInput(sts, input, form) as JsonObject;
		validateShape(sts, input, value, '', vs);
		return { value, violations: vs.list };
	};

	it('reads the form into the model shape: typed members, lists of structures', () => {
		expect(
			check({
				Action: 'AssumeRole',
				RoleArn: 'arn:aws:iam::123456789012:role/n8n',
				RoleSessionName: 'n8n',
				DurationSeconds: '900',
				'Tags.member.1.Key': 'team',
				'Tags.member.1.Value': 'cx',
			}),
		).toStrictEqual({
			value: {
				RoleArn: 'arn:aws:iam::123456789012:role/n8n',
				RoleSessionName: 'n8n',
				DurationSeconds: 900,
				Tags: [{ Key: 'team', Value: 'cx' }],
			},
			violations: [],
		});
	});

	it('reports the model constraints: required, length, range, pattern', () => {
		expect(
			check({ RoleArn: 'arn:short', RoleSessionName: 'a b', DurationSeconds: '899' }).violations,
		).toStrictEqual([
			"Value 'arn:short' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
			"Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w+=,.@-]*$",
			"Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
		]);
		expect(check({}).violations).toStrictEqual([
			"Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
			"Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
		]);
	});
});

describe('independence', () => {
	it('nothing under emulator/ imports from nodes/', () => {
		const dir = join(__dirname, '..', '..', 'emulator');
		const offenders = readdirSync(dir)
			.filter((f) => f.endsWith('.ts'))
			.filter((f) => /from\s+['"][^'"]*\bnodes\//.test(readFileSync(join(dir, f), 'utf8')));
		expect(offenders).toStrictEqual([]);
	});
});
