/**
 * A problem with one item's input, found before anything is sent: which field, what is wrong,
 * and what the user should do. The node turns it into an error that also names the item.
 */
export interface InputProblem {
	/** The field as the user sees it in the form, e.g. `Attributes › order-id`. */
	readonly field: string;
	readonly message: string;
	readonly fix: string;
}

export class InputProblemError extends Error {
	constructor(readonly problem: InputProblem) {
		super(`${problem.field}: ${problem.message}`);
		this.name = 'InputProblemError';
	}
}

export function problem(field: string, message: string, fix: string): InputProblem {
	return { field, message, fix };
}

/** A short, printable description of a value's type, for messages ("a number", "an object"). */
export function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	switch (typeof value) {
		case 'number':
			return `a number (${value})`;
		case 'boolean':
			return `a boolean (${value})`;
		case 'object':
			return 'an object';
		case 'undefined':
			return 'empty';
		default:
			return `a ${typeof value}`;
	}
}
