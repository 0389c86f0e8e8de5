/**
 * The generated facts against the model they come from: a stale generated file fails here (run
 * `npm run model:generate`), and a few facts are read straight from the JSON to show the chain holds.
 */
import { readFileSync } from 'node:fs';

import { CONNECT } from '../../nodes/AmazonConnect/model/connect.generated';
import { STS } from '../../nodes/AmazonConnect/model/sts.generated';
import { modelPattern } from '../../nodes/AmazonConnect/shared/modelCheck';
import { outputPath, readModel, renderFacts, SERVICES } from '../../scripts/model/generate';

describe('generated model facts', () => {
	it.each(SERVICES.map((service) => [service.output, service] as const))(
		'%s is what npm run model:generate writes',
		(_name, service) => {
			const expected = renderFacts(readModel(service.model), service);
			expect(readFileSync(outputPath(service), 'utf8')).toBe(expected);
		},
	);

	it('keeps the model JSON facts of CreateContact unchanged', () => {
		const shapes = readModel('connect.json').shapes;
		const request = shapes['com.amazonaws.connect#CreateContactRequest'];
		expect(
			Object.keys(
				CONNECT.shapes.CreateContactRequest.type === 'structure'
					? CONNECT.shapes.CreateContactRequest.members
					: {},
			),
		).toStrictEqual(Object.keys(request.members!));
		expect(CONNECT.shapes.InstanceId).toStrictEqual({
			type: 'string',
			length: shapes['com.amazonaws.connect#InstanceId'].traits!['smithy.api#length'],
		});
		expect(CONNECT.shapes.ReferenceArn).toStrictEqual({
			type: 'string',
			length: { min: 20, max: 256 },
			pattern: '^[-:/A-Za-z0-9]+$',
		});
		expect(CONNECT.shapes.Name).toStrictEqual({
			type: 'string',
			length: { min: 0, max: 1024 },
			sensitive: true,
		});
		expect(CONNECT.operations.CreateContact).toMatchObject({
			input: 'CreateContactRequest',
			http: { method: 'PUT', uri: '/contact/create-contact', code: 200 },
			idempotencyToken: 'ClientToken',
			errors: {
				InvalidParameterException: 400,
				IdempotencyException: 409,
				ThrottlingException: 429,
				ServiceQuotaExceededException: 402,
			},
		});
		expect(CONNECT.operations.DescribeContact.http).toStrictEqual({
			method: 'GET',
			uri: '/contacts/{InstanceId}/{ContactId}',
			code: 200,
		});
	});

	it('has every operation the node calls, STS included', () => {
		expect(Object.keys(CONNECT.operations)).toEqual(
			expect.arrayContaining([
				'CreateContact',
				'StartTaskContact',
				'StartOutboundEmailContact',
				'TransferContact',
				'SearchUsers',
			]),
		);
		expect(Object.keys(STS.operations)).toStrictEqual([
			'AssumeRole',
			'AssumeRoleWithWebIdentity',
			'GetCallerIdentity',
		]);
		expect(STS.protocol).toBe('awsQuery');
		expect(STS.shapes.roleDurationSecondsType).toStrictEqual({
			type: 'integer',
			range: { min: 900, max: 43200 },
		});
	});

	it('keeps only shapes reachable from the operations, each one referenced', () => {
		for (const facts of [CONNECT, STS]) {
			const reached = new Set(Object.values(facts.operations).map((op) => op.input));
			for (const shape of Object.values(facts.shapes)) {
				if (shape.type === 'structure' || shape.type === 'union')
					Object.values(shape.members).forEach((m) => reached.add(m.target));
				if (shape.type === 'list') reached.add(shape.member);
				if (shape.type === 'map') [shape.key, shape.value].forEach((t) => reached.add(t));
			}
			expect([...reached].sort()).toStrictEqual(Object.keys(facts.shapes).sort());
		}
	});

	it('compiles every pattern of the model as a JavaScript RegExp', () => {
		const patterns = [CONNECT, STS].flatMap((facts) =>
			Object.values(facts.shapes).flatMap((shape) =>
				shape.type === 'string' && shape.pattern !== undefined ? [shape.pattern] : [],
			),
		);
		expect(patterns.length).toBeGreaterThan(5);
		for (const pattern of patterns) expect(modelPattern(pattern)).toBeInstanceOf(RegExp);
		// STS writes U+10000..U+10FFFF Java style; read as the range it means.
		expect(
			modelPattern(STS.shapes.arnType.type === 'string' ? STS.shapes.arnType.pattern! : '').test(
				'arn:aws:iam::1:role/😀',
			),
		).toBe(true);
	});
});
