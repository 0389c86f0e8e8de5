import {
	ListInstancesCommand,
	ListUsersCommand,
	SearchUsersCommand,
	paginateListUsers,
	type SearchUsersCommandInput,
	type UserSearchCriteria,
} from '@aws-sdk/client-connect';
import {
	CONFIG,
	INSTANCE_ID,
	NO_CREATE_KEY,
	NO_LIST_INSTANCES_KEY,
	SECOND_INSTANCE_ID,
	client,
	failure,
	signedRequest,
	useEmulator,
} from './helpers';

const USERS = CONFIG.users[INSTANCE_ID];

const emu = useEmulator();

describe('ListInstances', () => {
	test('answers every InstanceSummary member the SDK deserializes', async () => {
		const out = await client(emu).send(new ListInstancesCommand({}));
		expect(out.NextToken).toBeUndefined();
		expect(out.InstanceSummaryList?.map((i) => i.InstanceAlias)).toEqual([
			'demo-contact-center',
			'emea-support',
			'sandbox-tasks',
		]);
		const first = out.InstanceSummaryList![0];
		expect(first).toEqual({
			Id: INSTANCE_ID,
			Arn: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}`,
			IdentityManagementType: 'CONNECT_MANAGED',
			InstanceAlias: 'demo-contact-center',
			CreatedTime: new Date('2024-03-14T09:26:53Z'),
			ServiceRole: expect.stringMatching(
				/^arn:aws:iam::123456789012:role\/aws-service-role\/connect\.amazonaws\.com\/AWSServiceRoleForAmazonConnect_[A-Za-z0-9]{20}$/,
			),
			InstanceStatus: 'ACTIVE',
			InboundCallsEnabled: true,
			OutboundCallsEnabled: true,
			InstanceAccessUrl: 'https://demo-contact-center.my.connect.aws',
		});
	});

	test('pages with MaxResults=1', async () => {
		const c = client(emu);
		const ids: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const out = await c.send(new ListInstancesCommand({ MaxResults: 1, NextToken: token }));
			expect(out.InstanceSummaryList).toHaveLength(1);
			ids.push(out.InstanceSummaryList![0].Id!);
			token = out.NextToken;
			pages++;
		} while (token);
		expect(pages).toBe(3);
		expect(ids).toEqual(CONFIG.instances.map((i) => i.id));
	});

	test('MaxResults above 10 is InvalidRequestException (the only client error ListInstances models)', async () => {
		const e = await failure(client(emu).send(new ListInstancesCommand({ MaxResults: 11 })));
		expect(e.name).toBe('InvalidRequestException');
		expect(e.message).toBe(
			"1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
		);
	});

	test('a NextToken that was not issued is rejected', async () => {
		const e = await failure(client(emu).send(new ListInstancesCommand({ NextToken: 'garbage' })));
		expect([e.name, e.$metadata?.httpStatusCode]).toEqual(['InvalidRequestException', 400]);
	});

	test('a key denied connect:ListInstances → AccessDeniedException; the same key may list users', async () => {
		const c = client(emu, { key: NO_LIST_INSTANCES_KEY });
		const e = await failure(c.send(new ListInstancesCommand({})));
		expect(e.name).toBe('AccessDeniedException');
		expect(e.$metadata?.httpStatusCode).toBe(403);
		expect(e.message).toBe(
			'User: arn:aws:iam::123456789012:user/emulator-no-list-instances is not authorized to perform: connect:ListInstances on resource: arn:aws:connect:us-east-1:123456789012:instance/* with an explicit deny in an identity-based policy',
		);
		const users = await c.send(new ListUsersCommand({ InstanceId: INSTANCE_ID, MaxResults: 1 }));
		expect(users.UserSummaryList).toHaveLength(1);
		// and the key denied CreateContact may list instances
		expect(
			(await client(emu, { key: NO_CREATE_KEY }).send(new ListInstancesCommand({})))
				.InstanceSummaryList,
		).toHaveLength(3);
	});
});

describe('ListUsers', () => {
	test('answers UserSummary members and pages 10 at a time', async () => {
		const c = client(emu);
		const pages: number[] = [];
		const usernames: string[] = [];
		for await (const page of paginateListUsers(
			{ client: c, pageSize: 10 },
			{ InstanceId: INSTANCE_ID },
		)) {
			pages.push(page.UserSummaryList!.length);
			usernames.push(...page.UserSummaryList!.map((u) => u.Username!));
		}
		expect(pages).toEqual([10, 10, 10, 5]);
		expect(usernames).toEqual(USERS.map((u) => u.username));
		expect(emu.state.requests.map((r) => r.query)).toEqual([
			{ maxResults: '10' },
			expect.objectContaining({ maxResults: '10', nextToken: expect.any(String) }),
			expect.objectContaining({ maxResults: '10', nextToken: expect.any(String) }),
			expect.objectContaining({ maxResults: '10', nextToken: expect.any(String) }),
		]);

		const one = await c.send(new ListUsersCommand({ InstanceId: INSTANCE_ID, MaxResults: 1 }));
		expect(one.UserSummaryList).toEqual([
			{
				Id: USERS[0].id,
				Arn: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}/agent/${USERS[0].id}`,
				Username: 'jdoe',
				LastModifiedTime: new Date('2025-01-01T12:00:00Z'),
				LastModifiedRegion: 'us-east-1',
			},
		]);
	});

	test('the default page is 100, so 35 users come in one page', async () => {
		const out = await client(emu).send(new ListUsersCommand({ InstanceId: INSTANCE_ID }));
		expect(out.UserSummaryList).toHaveLength(35);
		expect(out.NextToken).toBeUndefined();
	});

	test('an instance without users answers an empty list', async () => {
		const out = await client(emu).send(
			new ListUsersCommand({ InstanceId: CONFIG.instances[2].id }),
		);
		expect(out.UserSummaryList).toEqual([]);
	});

	test('an unknown instance is ResourceNotFoundException 404', async () => {
		const e = await failure(client(emu).send(new ListUsersCommand({ InstanceId: 'nope' })));
		expect([e.name, e.$metadata?.httpStatusCode, e.message]).toEqual([
			'ResourceNotFoundException',
			404,
			'Instance not found for InstanceId: nope',
		]);
	});

	test('a NextToken from another instance is InvalidParameterException', async () => {
		const c = client(emu);
		const first = await c.send(new ListUsersCommand({ InstanceId: INSTANCE_ID, MaxResults: 2 }));
		const e = await failure(
			c.send(new ListUsersCommand({ InstanceId: SECOND_INSTANCE_ID, NextToken: first.NextToken })),
		);
		expect(e.name).toBe('InvalidParameterException');
	});

	test('MaxResults out of range is InvalidParameterException naming maxResults', async () => {
		const e = await failure(
			client(emu).send(new ListUsersCommand({ InstanceId: INSTANCE_ID, MaxResults: 1001 })),
		);
		expect(e.name).toBe('InvalidParameterException');
		expect(e.message).toContain("at 'maxResults'");
	});
});

describe('SearchUsers', () => {
	const search = (input: Omit<SearchUsersCommandInput, 'InstanceId'> & { InstanceId?: string }) =>
		client(emu).send(new SearchUsersCommand({ InstanceId: INSTANCE_ID, ...input }));
	const names = (users: { Username?: string }[] | undefined) =>
		(users ?? []).map((u) => u.Username);
	const cond = (
		FieldName: string,
		ComparisonType: 'STARTS_WITH' | 'CONTAINS' | 'EXACT',
		Value: string,
	): UserSearchCriteria => ({
		StringCondition: { FieldName, ComparisonType, Value },
	});

	test('answers UserSearchSummary members', async () => {
		const out = await search({ SearchCriteria: cond('Username', 'EXACT', 'jdoe') });
		expect(out.ApproximateTotalCount).toBe(1);
		expect(out.NextToken).toBeUndefined();
		expect(out.Users).toEqual([
			{
				Arn: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}/agent/${USERS[0].id}`,
				Id: USERS[0].id,
				Username: 'jdoe',
				IdentityInfo: { FirstName: 'Jane', LastName: 'Doe' },
				PhoneConfig: {
					PhoneType: 'SOFT_PHONE',
					AutoAccept: false,
					AfterContactWorkTimeLimit: 0,
					DeskPhoneNumber: '',
				},
				RoutingProfileId: USERS[0].routingProfileId,
				SecurityProfileIds: USERS[0].securityProfileIds,
				Tags: {},
			},
		]);
	});

	test('CONTAINS and STARTS_WITH are case-insensitive', async () => {
		expect(
			names((await search({ SearchCriteria: cond('FirstName', 'CONTAINS', 'AN') })).Users),
		).toEqual(['jdoe', 'amoore', 'dmartin']);
		expect(
			names((await search({ SearchCriteria: cond('LastName', 'STARTS_WITH', 'm') })).Users),
		).toEqual(['lmuller', 'amiller', 'jmartinez', 'amoore', 'dmartin']);
	});

	test('OrConditions and AndConditions combine StringConditions', async () => {
		const or = await search({
			SearchCriteria: {
				OrConditions: [cond('FirstName', 'EXACT', 'jane'), cond('LastName', 'STARTS_WITH', 'SM')],
			},
		});
		expect(names(or.Users)).toEqual(['jdoe', 'jsmith']);
		const and = await search({
			SearchCriteria: {
				AndConditions: [cond('LastName', 'STARTS_WITH', 'm'), cond('FirstName', 'CONTAINS', 'an')],
			},
		});
		expect(names(and.Users)).toEqual(['amoore', 'dmartin']);
		const byId = await search({ SearchCriteria: cond('resourceId', 'EXACT', USERS[3].id) });
		expect(names(byId.Users)).toEqual([USERS[3].username]);
	});

	test('pages with MaxResults and a NextToken bound to the same search', async () => {
		const criteria = cond('LastName', 'STARTS_WITH', 'm');
		const seen: string[] = [];
		let token: string | undefined;
		do {
			const out = await search({ SearchCriteria: criteria, MaxResults: 2, NextToken: token });
			expect(out.ApproximateTotalCount).toBe(5);
			seen.push(...names(out.Users).map(String));
			token = out.NextToken;
		} while (token);
		expect(seen).toEqual(['lmuller', 'amiller', 'jmartinez', 'amoore', 'dmartin']);

		const first = await search({ SearchCriteria: criteria, MaxResults: 2 });
		const e = await failure(
			search({ SearchCriteria: cond('FirstName', 'CONTAINS', 'a'), NextToken: first.NextToken }),
		);
		expect(e.name).toBe('InvalidParameterException');
	});

	test('criteria nest as deep as the model lets them (AWS documents no limit); a condition needs a Value and a ComparisonType', async () => {
		let deep: UserSearchCriteria = cond('Username', 'EXACT', 'jdoe');
		for (let i = 0; i < 12; i++) deep = { AndConditions: [deep] };
		expect(names((await search({ SearchCriteria: deep })).Users)).toEqual(['jdoe']);
		const partial = await failure(
			search({ SearchCriteria: { StringCondition: { FieldName: 'Username' } } }),
		);
		expect([partial.name, partial.message]).toEqual([
			'InvalidParameterException',
			"2 validation errors detected: Value null at 'searchCriteria.stringCondition.value' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'searchCriteria.stringCondition.comparisonType' failed to satisfy constraint: Member must not be null",
		]);
	});

	test('without criteria every user of the instance matches', async () => {
		const out = await search({ InstanceId: SECOND_INSTANCE_ID });
		expect(names(out.Users)).toEqual(CONFIG.users[SECOND_INSTANCE_ID].map((u) => u.username));
		expect(out.ApproximateTotalCount).toBe(4);
	});

	test('malformed criteria, out-of-range MaxResults, unknown instance', async () => {
		const bad = await failure(search({ SearchCriteria: cond('Email', 'EXACT', 'x') }));
		expect([bad.name, bad.$metadata?.httpStatusCode]).toEqual(['InvalidParameterException', 400]);
		expect(bad.message).toContain("at 'searchCriteria.stringCondition.fieldName'");
		const cmp = await failure(
			search({
				SearchCriteria: {
					StringCondition: { FieldName: 'Username', Value: 'x', ComparisonType: 'LIKE' as 'EXACT' },
				},
			}),
		);
		expect(cmp.message).toContain("at 'searchCriteria.stringCondition.comparisonType'");
		const max = await failure(search({ MaxResults: 501 }));
		expect(max.message).toContain("at 'maxResults'");
		const missing = await failure(search({ InstanceId: 'nope' }));
		expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual([
			'ResourceNotFoundException',
			404,
		]);
	});

	test('the wire shape: POST /search-users with a JSON body', async () => {
		const r = await signedRequest(emu, {
			method: 'POST',
			path: '/search-users',
			body: JSON.stringify({ InstanceId: INSTANCE_ID, MaxResults: 1 }),
		});
		expect(r.status).toBe(200);
		expect(r.json?.ApproximateTotalCount).toBe(35);
		expect(typeof r.json?.NextToken).toBe('string');
	});
});
