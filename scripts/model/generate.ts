/**
 * Generates the node's model facts from AWS's Smithy model, copied into the repository at model/:
 *   model/connect.json → nodes/AmazonConnect/model/connect.generated.ts
 *   model/sts.json     → nodes/AmazonConnect/model/sts.generated.ts
 * Only the input shapes reachable from the operations the node calls are kept. Run `npm run
 * model:generate` after changing the model or the operation lists; test/unit/modelFacts.test.ts fails
 * when a generated file differs from what this script would write.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type Traits = Record<string, unknown>;
interface SmithyShape {
	type: string;
	members?: Record<string, { target: string; traits?: Traits }>;
	member?: { target: string };
	key?: { target: string };
	value?: { target: string };
	input?: { target: string };
	errors?: Array<{ target: string }>;
	traits?: Traits;
}
export interface SmithyModel {
	shapes: Record<string, SmithyShape>;
}

export interface GeneratedService {
	/** Model file under model/. */
	model: string;
	/** Output file under nodes/AmazonConnect/model/. */
	output: string;
	/** The exported constant's name. */
	exportName: string;
	/** The operations the node calls (their input shapes and everything they reach are kept). */
	operations: readonly string[];
}

export const SERVICES: readonly GeneratedService[] = [
	{
		model: 'connect.json',
		output: 'connect.generated.ts',
		exportName: 'CONNECT',
		operations: [
			'CreateContact',
			'StartTaskContact',
			'StartOutboundEmailContact',
			'DescribeContact',
			'GetContactAttributes',
			'UpdateContact',
			'UpdateContactAttributes',
			'StopContact',
			'TransferContact',
			'ListContactFlows',
			'ListQuickConnects',
			'ListTaskTemplates',
			'GetTaskTemplate',
			'SearchEmailAddresses',
			'ListQueues',
			'ListInstances',
			'ListUsers',
			'SearchUsers',
		],
	},
	{
		model: 'sts.json',
		output: 'sts.generated.ts',
		exportName: 'STS',
		operations: ['AssumeRole', 'AssumeRoleWithWebIdentity', 'GetCallerIdentity'],
	},
];

const shortName = (id: string): string => (id.startsWith('smithy.api#') ? `smithy.${id.slice(11)}` : id.slice(id.indexOf('#') + 1));

function serviceShape(model: SmithyModel): SmithyShape {
	const service = Object.values(model.shapes).find((s) => s.type === 'service');
	if (!service) throw new Error('the model has no service shape');
	return service;
}

function lengthOf(traits: Traits | undefined, trait: string): { min?: number; max?: number } | undefined {
	const value = traits?.[trait] as { min?: number; max?: number } | undefined;
	if (!value) return undefined;
	const out: { min?: number; max?: number } = {};
	if (value.min !== undefined) out.min = value.min;
	if (value.max !== undefined) out.max = value.max;
	return out;
}

/** One shape reduced to the facts the checks read; `reach` is called with every target it refers to. */
function reduceShape(id: string, shape: SmithyShape | undefined, reach: (target: string) => void): Record<string, unknown> {
	if (!shape) {
		// A prelude shape (smithy.api#String, ...): its type is its name.
		if (!id.startsWith('smithy.api#')) throw new Error(`shape ${id} is not in the model`);
		return { type: id.slice(11).toLowerCase() };
	}
	const traits = shape.traits ?? {};
	const sensitive = 'smithy.api#sensitive' in traits ? { sensitive: true } : {};
	const length = lengthOf(traits, 'smithy.api#length');
	const range = lengthOf(traits, 'smithy.api#range');
	switch (shape.type) {
		case 'structure':
		case 'union': {
			const members: Record<string, Record<string, unknown>> = {};
			for (const [name, member] of Object.entries(shape.members ?? {})) {
				reach(member.target);
				const t = member.traits ?? {};
				members[name] = {
					target: shortName(member.target),
					...('smithy.api#required' in t ? { required: true } : {}),
					...('smithy.api#idempotencyToken' in t ? { idempotencyToken: true } : {}),
					...('smithy.api#httpLabel' in t ? { label: true } : {}),
					...('smithy.api#httpQuery' in t ? { query: t['smithy.api#httpQuery'] } : {}),
					...('smithy.api#httpHeader' in t ? { header: t['smithy.api#httpHeader'] } : {}),
				};
			}
			return { type: shape.type, members };
		}
		case 'list':
		case 'set':
			reach(shape.member!.target);
			return { type: 'list', member: shortName(shape.member!.target), ...(length ? { length } : {}), ...sensitive };
		case 'map':
			reach(shape.key!.target);
			reach(shape.value!.target);
			return { type: 'map', key: shortName(shape.key!.target), value: shortName(shape.value!.target), ...(length ? { length } : {}), ...sensitive };
		case 'string': {
			const pattern = traits['smithy.api#pattern'] as string | undefined;
			const values = traits['smithy.api#enum'] as Array<{ value: string }> | undefined;
			if (values) return { type: 'enum', values: values.map((v) => v.value), ...sensitive };
			return { type: 'string', ...(length ? { length } : {}), ...(pattern !== undefined ? { pattern } : {}), ...sensitive };
		}
		case 'enum':
			return {
				type: 'enum',
				values: Object.values(shape.members ?? {}).map((m) => m.traits?.['smithy.api#enumValue'] as string),
				...sensitive,
			};
		case 'integer':
		case 'long':
		case 'short':
		case 'byte':
		case 'float':
		case 'double':
			return { type: shape.type, ...(range ? { range } : {}), ...sensitive };
		case 'intEnum':
			return { type: 'integer', ...sensitive };
		case 'boolean':
		case 'timestamp':
		case 'blob':
		case 'document':
			return { type: shape.type, ...sensitive };
		default:
			throw new Error(`shape ${id} has type ${shape.type}, which the generator does not know`);
	}
}

function errorStatus(shape: SmithyShape): number {
	const traits = shape.traits ?? {};
	if (typeof traits['smithy.api#httpError'] === 'number') return traits['smithy.api#httpError'];
	const query = traits['aws.protocols#awsQueryError'] as { httpResponseCode?: number } | undefined;
	if (query?.httpResponseCode) return query.httpResponseCode;
	return traits['smithy.api#error'] === 'server' ? 500 : 400;
}

/** The TypeScript text of one service's facts. Pure: the staleness test compares it with the committed file. */
export function renderFacts(model: SmithyModel, service: GeneratedService): string {
	const serviceTraits = serviceShape(model).traits ?? {};
	const signing = (serviceTraits['aws.auth#sigv4'] as { name: string }).name;
	const protocol = 'aws.protocols#restJson1' in serviceTraits ? 'restJson1' : 'awsQuery';
	const ids = Object.keys(model.shapes);
	const find = (name: string) => {
		const id = ids.find((candidate) => candidate.endsWith(`#${name}`) && model.shapes[candidate].type === 'operation');
		if (!id) throw new Error(`operation ${name} is not in ${service.model}`);
		return id;
	};

	const shapes = new Map<string, Record<string, unknown>>();
	const pending: string[] = [];
	const reach = (target: string) => {
		if (!shapes.has(shortName(target)) && !pending.includes(target)) pending.push(target);
	};
	const operations: Record<string, unknown> = {};
	for (const name of service.operations) {
		const op = model.shapes[find(name)];
		const inputId = op.input!.target;
		reach(inputId);
		const input = model.shapes[inputId];
		const token = Object.entries(input.members ?? {}).find(([, m]) => m.traits && 'smithy.api#idempotencyToken' in m.traits)?.[0];
		const http = op.traits?.['smithy.api#http'] as { method: string; uri: string; code?: number } | undefined;
		const errors: Record<string, number> = {};
		for (const error of op.errors ?? []) errors[shortName(error.target)] = errorStatus(model.shapes[error.target]);
		operations[name] = {
			input: shortName(inputId),
			...(http ? { http: { method: http.method, uri: http.uri, code: http.code ?? 200 } } : {}),
			...(token ? { idempotencyToken: token } : {}),
			errors,
		};
	}
	while (pending.length) {
		const id = pending.shift()!;
		const name = shortName(id);
		if (shapes.has(name)) continue;
		shapes.set(name, reduceShape(id, model.shapes[id], reach));
	}

	const lines = [
		`// Generated by \`npm run model:generate\` (scripts/model/generate.ts) from model/${service.model}. Do not edit.`,
		`// Operations: ${service.operations.join(', ')}.`,
		"import type { ServiceFacts } from './facts';",
		'',
		`export const ${service.exportName}: ServiceFacts = {`,
		`\tservice: ${JSON.stringify(signing)},`,
		`\tprotocol: ${JSON.stringify(protocol)},`,
		'\toperations: {',
		...Object.entries(operations).map(([name, facts]) => `\t\t${name}: ${JSON.stringify(facts)},`),
		'\t},',
		'\tshapes: {',
		...[...shapes.keys()].sort().map((name) => `\t\t${JSON.stringify(name)}: ${JSON.stringify(shapes.get(name))},`),
		'\t},',
		'};',
		'',
	];
	return lines.join('\n');
}

/** The repository's root: the nearest folder above this file that holds model/connect.json (source or build). */
export function repositoryRoot(from = __dirname): string {
	for (let dir = from; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'model', 'connect.json')) && existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) throw new Error(`no model/connect.json above ${from}`);
	}
}

export function readModel(file: string, root = repositoryRoot()): SmithyModel {
	return JSON.parse(readFileSync(join(root, 'model', file), 'utf8')) as SmithyModel;
}

export const outputPath = (service: GeneratedService, root = repositoryRoot()): string =>
	join(root, 'nodes', 'AmazonConnect', 'model', service.output);

if (require.main === module) {
	for (const service of SERVICES) {
		const text = renderFacts(readModel(service.model), service);
		writeFileSync(outputPath(service), text);
		process.stdout.write(`wrote nodes/AmazonConnect/model/${service.output}\n`);
	}
}
