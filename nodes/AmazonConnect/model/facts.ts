/**
 * The shape of the facts generated from AWS's Smithy model (model/*.json → *.generated.ts by
 * `npm run model:generate`). Only what the node's checks read is kept: types, members, required,
 * lengths, ranges, patterns, enums, idempotency tokens, HTTP bindings and modeled errors.
 */

export interface LengthFacts {
	readonly min?: number;
	readonly max?: number;
}

export interface MemberFacts {
	/** The target shape's name (the part after `#`). */
	readonly target: string;
	readonly required?: true;
	readonly idempotencyToken?: true;
	/** Bound to a label of the URI (`{InstanceId}`); labels may not be empty. */
	readonly label?: true;
	/** Bound to this query-string parameter. */
	readonly query?: string;
	/** Bound to this header. */
	readonly header?: string;
}

export type ShapeFacts =
	| { readonly type: 'structure'; readonly members: Readonly<Record<string, MemberFacts>> }
	| { readonly type: 'union'; readonly members: Readonly<Record<string, MemberFacts>> }
	| { readonly type: 'list'; readonly member: string; readonly length?: LengthFacts; readonly sensitive?: true }
	| { readonly type: 'map'; readonly key: string; readonly value: string; readonly length?: LengthFacts; readonly sensitive?: true }
	| { readonly type: 'string'; readonly length?: LengthFacts; readonly pattern?: string; readonly sensitive?: true }
	| { readonly type: 'enum'; readonly values: readonly string[]; readonly sensitive?: true }
	| {
			readonly type: 'integer' | 'long' | 'short' | 'byte' | 'float' | 'double';
			readonly range?: LengthFacts;
			readonly sensitive?: true;
	  }
	| { readonly type: 'boolean' | 'timestamp' | 'blob' | 'document'; readonly sensitive?: true };

export interface OperationFacts {
	/** The input structure's shape name. */
	readonly input: string;
	/** restJson1 binding; absent for awsQuery services (STS), which POST to `/`. */
	readonly http?: { readonly method: string; readonly uri: string; readonly code: number };
	/** The member that carries the idempotency token, if any. */
	readonly idempotencyToken?: string;
	/** Modeled errors → HTTP status. */
	readonly errors: Readonly<Record<string, number>>;
}

export interface ServiceFacts {
	/** Signing name. */
	readonly service: string;
	readonly protocol: 'restJson1' | 'awsQuery';
	readonly operations: Readonly<Record<string, OperationFacts>>;
	readonly shapes: Readonly<Record<string, ShapeFacts>>;
}
