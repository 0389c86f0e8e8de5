/**
 * AWS's Smithy model of Connect, read from the repository's model/connect.json (the same file the
 * node's facts are generated from; none of the node's code). From it the emulator takes each
 * operation's HTTP binding (method + URI pattern, labels, query parameters), its input shape and
 * its modeled errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Traits = Record<string, unknown>;

export interface SmithyMember {
	target: string;
	traits?: Traits;
}

export interface SmithyShape {
	type: string;
	members?: Record<string, SmithyMember>;
	member?: SmithyMember;
	key?: SmithyMember;
	value?: SmithyMember;
	input?: { target: string };
	errors?: Array<{ target: string }>;
	traits?: Traits;
}

export interface SmithyModel {
	shapes: Record<string, SmithyShape>;
}

/** model/<file> in the repository: found above this file, whether it runs from emulator/ or build/emulator/. */
export function readModelFile(file: string, from = __dirname): SmithyModel {
	for (let dir = from; ; dir = dirname(dir)) {
		const path = join(dir, 'model', file);
		if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as SmithyModel;
		if (dirname(dir) === dir) throw new Error(`model/${file} not found above ${from}`);
	}
}

export interface ModelOperation {
	name: string;
	/** The input structure's shape id. */
	input: string;
	method: string;
	/** e.g. /contacts/{InstanceId}/{ContactId} */
	uri: string;
	/** Modeled errors: name → HTTP status. */
	errors: Record<string, number>;
}

export interface ServiceModel {
	model: SmithyModel;
	operations: Record<string, ModelOperation>;
	shape(id: string): SmithyShape;
}

export function serviceModel(model: SmithyModel): ServiceModel {
	const operations: Record<string, ModelOperation> = {};
	for (const [id, shape] of Object.entries(model.shapes)) {
		if (shape.type !== 'operation') continue;
		const http = shape.traits?.['smithy.api#http'] as { method: string; uri: string } | undefined;
		if (!http || !shape.input) continue;
		const name = id.slice(id.indexOf('#') + 1);
		const errors: Record<string, number> = {};
		for (const e of shape.errors ?? []) {
			errors[e.target.slice(e.target.indexOf('#') + 1)] =
				(model.shapes[e.target]?.traits?.['smithy.api#httpError'] as number) ?? 400;
		}
		operations[name] = {
			name,
			input: shape.input.target,
			method: http.method,
			uri: http.uri,
			errors,
		};
	}
	return {
		model,
		operations,
		shape(id: string): SmithyShape {
			const found = model.shapes[id];
			if (found) return found;
			if (id.startsWith('smithy.api#')) return { type: id.slice(11).toLowerCase() };
			throw new Error(`shape ${id} is not in the model`);
		},
	};
}

let connect: ServiceModel | undefined;

/** The Connect model, read once. */
export function connectModel(): ServiceModel {
	connect ??= serviceModel(readModelFile('connect.json'));
	return connect;
}

export interface RouteMatch {
	operation: ModelOperation;
	/** URI labels, percent-decoded. */
	labels: Record<string, string>;
}

interface CompiledRoute {
	operation: ModelOperation;
	/** Literal segments as text, label segments as { label }. */
	segments: Array<string | { label: string }>;
}

/**
 * A router over the operations' HTTP bindings: method + path → operation and labels. A literal
 * segment beats a label at the same place (Smithy forbids ambiguous patterns, so this only orders ties).
 */
export function modelRouter(
	service: ServiceModel,
	names: Iterable<string>,
): (method: string, rawPath: string) => RouteMatch | undefined {
	const routes: CompiledRoute[] = [];
	for (const name of names) {
		const operation = service.operations[name];
		if (!operation) throw new Error(`${name} has no HTTP binding in the model`);
		const path = operation.uri.split('?')[0];
		const segments = path
			.split('/')
			.filter((s) => s !== '')
			.map((s) => (/^\{[^}]+\}$/.test(s) ? { label: s.slice(1, -1) } : s));
		routes.push({ operation, segments });
	}
	const literals = (r: CompiledRoute) => r.segments.filter((s) => typeof s === 'string').length;
	routes.sort((a, b) => literals(b) - literals(a));
	return (method, rawPath) => {
		const parts = rawPath.split('/').filter((s) => s !== '');
		for (const route of routes) {
			if (route.operation.method !== method || route.segments.length !== parts.length) continue;
			const labels: Record<string, string> = {};
			const matches = route.segments.every((segment, i) => {
				if (typeof segment === 'string') return segment === parts[i];
				labels[segment.label] = decode(parts[i]);
				return true;
			});
			if (matches) return { operation: route.operation, labels };
		}
		return undefined;
	};
}

function decode(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}

let sts: ServiceModel | undefined;

/** The STS model (awsQuery: no HTTP bindings; operations are named by the form's Action), read once. */
export function stsModel(): ServiceModel {
	sts ??= serviceModel(readModelFile('sts.json'));
	return sts;
}

/** An awsQuery operation's input shape id, by its Action name; undefined for an action the model does not have. */
export function queryOperationInput(service: ServiceModel, action: string): string | undefined {
	const id = Object.keys(service.model.shapes).find(
		(k) => k.endsWith(`#${action}`) && service.model.shapes[k].type === 'operation',
	);
	return id ? service.model.shapes[id].input?.target : undefined;
}
