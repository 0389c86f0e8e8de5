/**
 * The check every operation's request goes through against AWS's model (lengths, patterns, ranges,
 * enums, required members), after the safe conversions (a number or boolean where the model wants a
 * string becomes its text; null members are absent). Operations call it from prepare() with their
 * API's name and the form's names of the request's members, then add their documented rules.
 *
 * (Contract placeholder: the model-driven implementation replaces the body; callers keep the signature.)
 */
import type { InputProblem } from './problem';

/** Member paths of the request (e.g. `Name`, `Attributes`, `References.*.Value`) → the field as the form calls it. */
export type FieldNames = Readonly<Record<string, string>>;

export interface ModelCheckResult<Input> {
	/** The request after the safe conversions. */
	input: Input;
	problems: InputProblem[];
}

export function checkAgainstModel<Input extends object>(api: string, request: object, fieldNames: FieldNames): ModelCheckResult<Input> {
	void api;
	void fieldNames;
	return { input: request as Input, problems: [] };
}
