/**
 * The check every operation's request goes through against AWS's model (types, required members,
 * lengths, ranges, patterns, enums, unions), with the safe conversions applied first:
 *  - a finite number or a boolean where the model wants a string (or an enum) is sent as its text;
 *  - `null` or `undefined` structure members are absent (as AWS's JSON reader treats them);
 *  - a Date, an ISO 8601 text or a Luxon DateTime (n8n's `$now`) where the model wants a timestamp is a Date;
 *  - an object or a list where a string is wanted is a problem whose fix says how to turn it into text.
 * Operations call it from prepare() with their API's name and the form's names of the request's
 * members, then add their documented rules. The facts come from nodes/AmazonConnect/model/*.generated.ts,
 * generated from AWS's Smithy model (model/*.json); nothing here is retyped.
 *
 * Lengths are counted as Smithy defines them for strings: Unicode code points (an emoji is one, not
 * the two UTF-16 units JavaScript's .length counts). We assume AWS counts the same way; where it counts
 * UTF-16 units instead, the node is the more lenient one and AWS's answer is explained. Lists and maps
 * are counted in entries.
 */
import { CONNECT } from '../model/connect.generated';
import type {
	LengthFacts,
	MemberFacts,
	OperationFacts,
	ServiceFacts,
	ShapeFacts,
} from '../model/facts';
import { STS } from '../model/sts.generated';
import { describeType, type InputProblem, problem } from './problem';

/**
 * Member paths of the request → the field as the form calls it. A path is the member names joined
 * with `.`, with `*` for any map key or list item (`Attributes`, `References.*.Value`, `UserInfo.UserId`);
 * a path with a concrete key (`SegmentAttributes.connect:ContactExpiry`) wins over the `*` one. A
 * problem's field is the name of its longest named path, followed by the rest of its path:
 * `References › Ticket › Value`.
 */
export type FieldNames = Readonly<Record<string, string>>;

export interface ModelCheckResult<Input> {
	/** The request after the safe conversions. */
	input: Input;
	problems: InputProblem[];
}

const SERVICES: readonly ServiceFacts[] = [CONNECT, STS];

/** The service and facts of an operation, by its API name (`CreateContact`, `AssumeRole`). */
export function modelOperation(api: string): { service: ServiceFacts; operation: OperationFacts } {
	for (const service of SERVICES) {
		const operation = service.operations[api];
		if (operation) return { service, operation };
	}
	throw new Error(
		`${api} is not in the generated model facts: add it to scripts/model/generate.ts and run npm run model:generate`,
	);
}

/** The shape a member path leads to (`References.*.Type`), for rules that quote the model's facts. */
export function modelShape(api: string, path: string): ShapeFacts {
	const { service, operation } = modelOperation(api);
	let shape: ShapeFacts = service.shapes[operation.input];
	for (const part of path.split('.')) {
		if (shape.type === 'structure' || shape.type === 'union')
			shape = service.shapes[shape.members[part].target];
		else if (shape.type === 'map') shape = service.shapes[shape.value];
		else if (shape.type === 'list') shape = service.shapes[shape.member];
		else throw new Error(`${path} goes past a ${shape.type} in ${api}`);
		if (!shape) throw new Error(`${path} is not a member path of ${api}`);
	}
	return shape;
}

/** A string's length as Smithy counts it: code points. */
export function modelLength(value: string): number {
	let count = 0;
	for (const char of value) {
		void char;
		count++;
	}
	return count;
}

const compiled = new Map<string, RegExp>();

/**
 * A model pattern as a JavaScript RegExp. Smithy patterns are ECMA-262 regular expressions; the `u`
 * flag makes \p{...} classes work. STS writes code points beyond U+FFFF as \u10000 (Java style),
 * which we read as \u{10000}, the range the pattern means.
 */
export function modelPattern(pattern: string): RegExp {
	let regex = compiled.get(pattern);
	if (!regex) {
		regex = new RegExp(pattern.replace(/\\u([0-9A-Fa-f]{5,6})/g, '\\u{$1}'), 'u');
		compiled.set(pattern, regex);
	}
	return regex;
}

const INTEGER_BOUNDS: Record<string, { min: number; max: number }> = {
	byte: { min: -128, max: 127 },
	short: { min: -32768, max: 32767 },
	integer: { min: -2147483648, max: 2147483647 },
	long: { min: -9223372036854775808, max: 9223372036854775807 },
};

/** Where a value sits: a member, a map key, a map value or a list item. */
interface Place {
	readonly concrete: readonly string[];
	readonly pattern: readonly string[];
	readonly role: 'member' | 'key' | 'value' | 'item';
	/** A structure member with the required trait (an empty value then needs a value, not removal). */
	readonly required?: boolean;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

const list = (values: readonly string[]): string => values.join(', ');

/** Adds a key as an own property, so that a key such as "__proto__" is kept like any other. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

class Checker {
	readonly problems: InputProblem[] = [];

	constructor(
		private readonly service: ServiceFacts,
		private readonly fieldNames: FieldNames,
	) {}

	/** The field as the form calls it: the longest named prefix of the path, then the rest of the path. */
	field(place: Place): string {
		const { concrete, pattern } = place;
		for (let i = concrete.length; i > 0; i--) {
			const name =
				this.fieldNames[concrete.slice(0, i).join('.')] ??
				this.fieldNames[pattern.slice(0, i).join('.')];
			if (name !== undefined) return [name, ...concrete.slice(i).map(segment)].join(' › ');
		}
		return concrete.length ? concrete.map(segment).join(' › ') : 'Request';
	}

	private report(place: Place, what: string, fix: string): void {
		const subject = place.role === 'key' ? 'the key ' : place.role === 'value' ? 'the value ' : '';
		this.problems.push(problem(this.field(place), `${subject}${what}`, fix));
	}

	check(shapeName: string, value: unknown, place: Place): unknown {
		const shape = this.service.shapes[shapeName];
		if (value === null || value === undefined) {
			// Structure members are dropped by the caller; a null here is a map value or a list item (maps and lists are dense).
			if (place.role === 'item')
				this.report(place, 'is empty (null)', 'Remove the empty item from the list');
			else {
				const emptyText =
					shape.type === 'string' && !shape.length?.min ? ' (an empty text "" is allowed)' : '';
				this.report(place, 'is null', `Give a value${emptyText}, or remove the key`);
			}
			return value;
		}
		switch (shape.type) {
			case 'structure':
			case 'union':
				return this.structure(shape.type, shape.members, value, place);
			case 'list':
				return this.list(shape.member, shape.length, value, place);
			case 'map':
				return this.map(shape.key, shape.value, shape.length, value, place);
			case 'string':
				return this.string(shape.length, shape.pattern, shape.sensitive === true, value, place);
			case 'enum':
				return this.enumValue(shape.values, shape.sensitive === true, value, place);
			case 'integer':
			case 'long':
			case 'short':
			case 'byte':
				return this.integer(INTEGER_BOUNDS[shape.type], shape.range, value, place);
			case 'float':
			case 'double':
				return this.float(shape.range, value, place);
			case 'boolean':
				if (typeof value !== 'boolean')
					this.report(
						place,
						`must be true or false, not ${describeType(value)}`,
						'Give a boolean: true or false',
					);
				return value;
			case 'timestamp':
				return this.timestamp(value, place);
			default:
				return value;
		}
	}

	private structure(
		kind: 'structure' | 'union',
		members: Readonly<Record<string, MemberFacts>>,
		value: unknown,
		place: Place,
	): unknown {
		const names = Object.keys(members);
		// A structure is named by its path alone: "References › Ticket has unknown members", not "the value has".
		place = { ...place, role: place.role === 'value' ? 'member' : place.role };
		if (!isPlainObject(value)) {
			this.report(
				place,
				`must be an object, not ${describeType(value)}`,
				`Give an object with ${list(names)}`,
			);
			return value;
		}
		const unknown = Object.keys(value).filter(
			(key) => !(key in members) && value[key] !== undefined && value[key] !== null,
		);
		if (unknown.length)
			this.report(
				place,
				`has unknown members: ${list(unknown)}`,
				`Remove them; the members are ${list(names)}`,
			);
		const out: Record<string, unknown> = {};
		for (const name of names) {
			const member = members[name];
			const given = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
			// Most members of a request are absent: their place is built only when it is needed.
			if ((given === undefined || given === null) && !member.required) continue;
			const memberPlace: Place = {
				concrete: [...place.concrete, name],
				pattern: [...place.pattern, name],
				role: 'member',
				required: member.required === true,
			};
			if (given === undefined || given === null) {
				this.report(memberPlace, 'is required', `Set ${this.field(memberPlace)}`);
				continue;
			}
			const checked = this.check(member.target, given, memberPlace);
			// A URI label cannot be empty (Smithy): the request would go to another path.
			if (member.label && checked === '')
				this.report(memberPlace, 'is empty', `Give ${this.field(memberPlace)} a value`);
			setOwn(out, name, checked);
		}
		if (kind === 'union') {
			const set = Object.keys(out);
			if (set.length !== 1) {
				this.report(
					place,
					set.length === 0 ? 'sets none of its members' : `sets ${list(set)}; only one may be set`,
					`Set exactly one of ${list(names)}`,
				);
			}
		}
		return out;
	}

	private list(
		member: string,
		length: LengthFacts | undefined,
		value: unknown,
		place: Place,
	): unknown {
		if (!Array.isArray(value)) {
			this.report(
				place,
				`must be a list, not ${describeType(value)}`,
				'Give a list, e.g. ["a", "b"]',
			);
			return value;
		}
		this.count(length, value.length, 'items', place);
		return value.map((item, index) =>
			this.check(member, item, {
				concrete: [...place.concrete, `${index + 1}`],
				pattern: [...place.pattern, '*'],
				role: 'item',
			}),
		);
	}

	private map(
		key: string,
		valueShape: string,
		length: LengthFacts | undefined,
		value: unknown,
		place: Place,
	): unknown {
		if (!isPlainObject(value)) {
			this.report(
				place,
				`must be an object of key/value pairs, not ${describeType(value)}`,
				'Give key/value pairs, e.g. {"orderId": "1234"}',
			);
			return value;
		}
		const entries = Object.entries(value);
		this.count(length, entries.length, 'entries', place);
		const out: Record<string, unknown> = {};
		for (const [name, entry] of entries) {
			const concrete = [...place.concrete, name];
			const pattern = [...place.pattern, '*'];
			this.check(key, name, { concrete, pattern, role: 'key' });
			setOwn(out, name, this.check(valueShape, entry, { concrete, pattern, role: 'value' }));
		}
		return out;
	}

	private count(length: LengthFacts | undefined, count: number, what: string, place: Place): void {
		if (length?.min !== undefined && count < length.min) {
			this.report(
				place,
				`has ${count} ${what}; the minimum is ${length.min}`,
				`Give at least ${length.min} ${what}, or leave the field out`,
			);
		}
		if (length?.max !== undefined && count > length.max) {
			this.report(
				place,
				`has ${count} ${what}; the limit is ${length.max}`,
				`Give at most ${length.max} ${what}`,
			);
		}
	}

	private string(
		length: LengthFacts | undefined,
		pattern: string | undefined,
		sensitive: boolean,
		value: unknown,
		place: Place,
	): unknown {
		const text = this.text(value, place);
		if (text === undefined) return value;
		const size = modelLength(text);
		// Named only for a problem: a valid item (nearly every one) builds no message.
		const what = () =>
			place.role === 'key' ? 'the key' : place.role === 'value' ? 'the value' : this.field(place);
		if (length?.min !== undefined && size < length.min) {
			if (size === 0) {
				const fix =
					place.role === 'key'
						? 'Give the key a name, or remove the entry'
						: place.role === 'member' && !place.required
							? `Give ${this.field(place)} a value, or leave the field out`
							: `Give ${what()} a value`;
				this.report(place, 'is empty', fix);
			} else {
				this.report(
					place,
					`is ${size} characters long; the minimum is ${length.min}`,
					`Give the whole value of ${what()}`,
				);
			}
		} else if (length?.max !== undefined && size > length.max) {
			this.report(
				place,
				`is ${size} characters long; the limit is ${length.max}`,
				`Shorten ${what()} to at most ${length.max} characters`,
			);
		} else if (pattern !== undefined && !modelPattern(pattern).test(text)) {
			const shown = sensitive || size > 80 ? '' : `"${text}" `;
			this.report(
				place,
				`${shown}does not have the form AWS's model requires (${pattern})`,
				`Give ${what()} in that form`,
			);
		}
		return text;
	}

	/** The text a string member is sent as, after the safe conversions; undefined after a problem. */
	private text(value: unknown, place: Place): string | undefined {
		if (typeof value === 'string') return value;
		if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
			return String(value);
		const fix =
			typeof value === 'object'
				? 'Turn it into text with {{ JSON.stringify(value) }}, or give its parts separately'
				: 'Give a text value';
		if (place.role === 'value')
			this.problems.push(
				problem(this.field(place), `the value is ${describeType(value)}, not text`, fix),
			);
		else this.report(place, `must be text, not ${describeType(value)}`, fix);
		return undefined;
	}

	private enumValue(
		values: readonly string[],
		sensitive: boolean,
		value: unknown,
		place: Place,
	): unknown {
		const text = this.text(value, place);
		if (text === undefined) return value;
		if (!values.includes(text)) {
			this.report(
				place,
				sensitive
					? 'is not one of the allowed values'
					: `"${text.slice(0, 80)}" is not one of the allowed values`,
				`Choose one of ${list(values)}`,
			);
		}
		return text;
	}

	private integer(
		bounds: { min: number; max: number },
		range: LengthFacts | undefined,
		value: unknown,
		place: Place,
	): unknown {
		if (typeof value !== 'number' || !Number.isInteger(value)) {
			this.report(
				place,
				`must be a whole number, not ${describeType(value)}`,
				'Give a whole number, e.g. 60; in an expression, convert with {{ Number(value) }}',
			);
			return value;
		}
		if (value < bounds.min || value > bounds.max) {
			this.report(
				place,
				`is ${value}, outside the whole numbers AWS accepts here (${bounds.min} to ${bounds.max})`,
				`Give a number from ${bounds.min} to ${bounds.max}`,
			);
			return value;
		}
		this.range(range, value, place);
		return value;
	}

	private float(range: LengthFacts | undefined, value: unknown, place: Place): unknown {
		if (typeof value !== 'number' || !Number.isFinite(value)) {
			this.report(
				place,
				`must be a number, not ${describeType(value)}`,
				'Give a number, e.g. 2.5; in an expression, convert with {{ Number(value) }}',
			);
			return value;
		}
		this.range(range, value, place);
		return value;
	}

	private range(range: LengthFacts | undefined, value: number, place: Place): void {
		if (range?.min !== undefined && value < range.min)
			this.report(place, `is ${value}; the minimum is ${range.min}`, `Give at least ${range.min}`);
		if (range?.max !== undefined && value > range.max)
			this.report(place, `is ${value}; the maximum is ${range.max}`, `Give at most ${range.max}`);
	}

	private timestamp(value: unknown, place: Place): unknown {
		let date: Date | undefined;
		if (value instanceof Date) date = value;
		else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) date = new Date(value);
		else if (
			isPlainObject(value) &&
			typeof (value as { toJSDate?: unknown }).toJSDate === 'function'
		) {
			date = (value as { toJSDate: () => unknown }).toJSDate() as Date;
		}
		if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
			this.report(
				place,
				`must be a date and time, not ${describeType(value)}`,
				'Give an ISO 8601 date and time such as 2026-01-31T09:00:00Z, e.g. {{ $now.plus(1, "hour").toISO() }}',
			);
			return value;
		}
		return date;
	}
}

function segment(part: string): string {
	return part === '' ? '(empty key)' : part;
}

/** Checks and converts a value of one shape of a service (the generic part of checkAgainstModel). */
export function checkValue(
	service: ServiceFacts,
	shape: string,
	value: unknown,
	fieldNames: FieldNames = {},
): ModelCheckResult<unknown> {
	const checker = new Checker(service, fieldNames);
	const input = checker.check(shape, value, { concrete: [], pattern: [], role: 'member' });
	return { input, problems: checker.problems };
}

export function checkAgainstModel<Input extends object>(
	api: string,
	request: object,
	fieldNames: FieldNames,
): ModelCheckResult<Input> {
	const { service, operation } = modelOperation(api);
	const { input, problems } = checkValue(service, operation.input, request, fieldNames);
	return { input: input as Input, problems };
}
