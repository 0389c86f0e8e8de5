/**
 * A problem with one item's input, found before anything is sent: which field, what is wrong,
 * and what the user should do. Pure code returns problems as values; the runner turns them into
 * the item's NodeOperationError (inputProblemError), which also names the item.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface InputProblem {
	/** The field as the user sees it in the form, e.g. `Attributes › order-id`. */
	readonly field: string;
	readonly message: string;
	readonly fix: string;
}

export function problem(field: string, message: string, fix: string): InputProblem {
	return { field, message, fix };
}

/** The error of an item whose input has a problem: "Item 3: Name: is too long", the fix as its description. */
export function inputProblemError(
	node: INode,
	itemIndex: number,
	{ field, message, fix }: InputProblem,
): NodeOperationError {
	const text = `Item ${itemIndex}: ${field}: ${message}`;
	const error = new NodeOperationError(node, text, { description: fix, itemIndex });
	error.message = text; // as in transport/errors.ts: n8n may rewrite messages that look like network errors
	return error;
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
