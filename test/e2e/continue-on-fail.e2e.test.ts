/**
 * Continue On Fail (node setting `onError: continueRegularOutput`, test/e2e/workflows/e2eContinueOnFail.json):
 * of 8 records, 2 are invalid (checked before anything is sent) and 1 is refused by Connect (a related
 * contact that does not exist). Each becomes an error item paired to its input; the 5 valid ones are
 * created (one with a DATE reference in words: no AWS document gives that value's format, so it is
 * sent); invalid items never reach the emulator.
 */
import { nodeItems, nodeOutput } from '../../scripts/n8n/lib';
import {
	CONNECT,
	contactArn,
	createContactRequests,
	executeOk,
	keyedToken,
	newUserFolder,
	pairedIndexes,
	resetEmulator,
} from './support/e2e';

const VALID = [0, 2, 3, 5, 7];
const MISSING_CONTACT = '00000000-0000-4000-8000-000000000404';

describe('Continue On Fail: invalid items become error items paired to their inputs', () => {
	const { env } = newUserFolder('continue-on-fail');

	it('creates the valid items and reports each invalid one on its own item', async () => {
		const emu = await resetEmulator();
		const result = await executeOk(env, 'e2eContinueOnFail');

		const records = nodeOutput(result.run, 'Records') as Array<{
			id: string;
			title: string;
			amount: unknown;
			due: string;
			related: string;
		}>;
		expect(records).toHaveLength(8);
		const state = await emu.state();
		const requests = createContactRequests(state);

		// Only the valid items and the one Connect refuses were sent.
		const sentIds = requests.map(
			(r) => (r.body as { Attributes: Record<string, string> }).Attributes.recordId,
		);
		expect(sentIds.sort()).toEqual(['cof-0', 'cof-2', 'cof-3', 'cof-4', 'cof-5', 'cof-7']);
		const refused = requests.find((r) => r.status !== 200)!;
		expect(refused).toMatchObject({
			status: 404,
			errorType: 'ResourceNotFoundException',
			outcome: 'notFound',
		});

		// The valid ones are stored exactly as expected, one each.
		expect(state.contacts).toHaveLength(VALID.length);
		const byToken = new Map(state.contacts.map((c) => [c.clientToken, c]));
		for (const i of VALID) {
			const r = records[i];
			expect(byToken.get(keyedToken('e2eContinueOnFail', CONNECT.instance, r.id))?.request).toEqual(
				{
					InstanceId: CONNECT.instance,
					ClientToken: keyedToken('e2eContinueOnFail', CONNECT.instance, r.id),
					...(r.related && { RelatedContactId: r.related }),
					Attributes: { recordId: r.id, amount: r.amount },
					References: { Due: { Type: 'DATE', Value: r.due } },
					Channel: 'TASK',
					InitiationMethod: 'API',
					Name: r.title,
				},
			);
		}

		const items = nodeItems(result.run, 'Amazon Connect');
		expect(pairedIndexes(items)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		const created = (i: number) => {
			const c = byToken.get(keyedToken('e2eContinueOnFail', CONNECT.instance, records[i].id))!;
			return {
				contactId: c.contactId,
				contactArn: contactArn(CONNECT.instance, c.contactId),
				channel: 'TASK',
				initiationMethod: 'API',
				clientToken: c.clientToken,
			};
		};
		expect(items.map((i) => i.json)).toEqual([
			created(0),
			{
				error: 'Item 1: Attributes › amount: the value is an object, not text',
				description:
					'Turn it into text with {{ JSON.stringify(value) }}, or give its parts separately',
				itemIndex: 1,
			},
			created(2),
			created(3),
			{
				error: `Item 4: ResourceNotFoundException: Contact not found for RelatedContactId: ${MISSING_CONTACT} (HTTP 404, request ID ${refused.requestId})`,
				description: expect.stringContaining(
					'a user ID, related or previous contact ID must also exist in that instance',
				),
				itemIndex: 4,
			},
			created(5),
			{
				error: 'Item 6: Name: is 1025 characters long; the limit is 1024',
				description: 'Shorten Name to at most 1024 characters',
				itemIndex: 6,
			},
			created(7),
		]);

		// Downstream, n8n's pairing leads every item, error items included, back to its record.
		expect(nodeOutput(result.run, 'Paired record')).toEqual(
			items.map((item, i) => ({
				recordId: records[i].id,
				contactId: (item.json.contactId as string | undefined) ?? null,
				error: (item.json.error as string | undefined) ?? null,
			})),
		);
	});
});
