/**
 * The rules an API's documentation states beyond its model (which members go together, which
 * contacts it accepts), written per operation as a small table: each row says the rule, where AWS
 * says it, and how an item breaks it. A rule the documentation does not state is not enforced: the
 * request is sent and AWS's answer explained.
 */
import type { Prepared } from '../actions/operation';
import { checkAgainstModel, type FieldNames } from './modelCheck';
import type { InputProblem } from './problem';

export interface DocumentedRule<Input> {
	/** The rule in words. */
	readonly rule: string;
	/** Where AWS states it (API reference page or guide). */
	readonly source: string;
	/** The problem of a request that breaks the rule, if it does. */
	check(input: Input): InputProblem | undefined;
}

/** Members left undefined are not part of the request: dropped so that the input equals what is sent. */
export function definedMembers<T extends object>(request: T): T {
	for (const key of Object.keys(request) as Array<keyof T>) {
		if (request[key] === undefined) delete request[key];
	}
	return request;
}

/**
 * One item's request through the checks every operation applies: the problems found while reading
 * the form (`problems`), then AWS's model, then, on a request the model accepts, the documented rules.
 */
export function checkRequest<Input extends object>(
	api: string,
	request: object,
	fieldNames: FieldNames,
	rules: ReadonlyArray<DocumentedRule<Input>>,
	problems: InputProblem[] = [],
): Prepared<Input> {
	const checked = checkAgainstModel<Input>(api, request, fieldNames);
	const all = [...problems, ...checked.problems];
	if (all.length === 0) {
		for (const rule of rules) {
			const found = rule.check(checked.input);
			if (found) all.push(found);
		}
	}
	return all.length ? { ok: false, problems: all } : { ok: true, input: checked.input };
}
