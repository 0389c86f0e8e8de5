/**
 * One item's parameters → the StartTaskContact input. Pure: no n8n, no AWS. Values are carried over
 * as the expressions delivered them, for the checks to judge; the attribute, reference and segment
 * attribute fields are built as Contact → Create builds them. What cannot be built is returned as
 * problems.
 */
import type { StartTaskContactCommandInput } from '@aws-sdk/client-connect';
import type { ResourceMapperValue } from 'n8n-workflow';

import { parseInstanceId } from '../../../shared/instance';
import { describeType, type InputProblem, problem } from '../../../shared/problem';
import {
	attributesFrom,
	type Built,
	isBlank,
	type MapParameters,
	referencesFrom,
	segmentAttributesFrom,
	text,
} from '../../contact/create/input';
import { FIELD } from './fields';
import { type RouteBy, templateFieldRule } from './rules';
import { parseTemplateFieldId } from './templateFields';

export interface StartTaskParameters extends MapParameters {
	instanceId: string;
	routeBy: RouteBy | string;
	contactFlowId?: string;
	quickConnectId?: string;
	taskTemplateId?: string;
	templateFlowId?: string;
	templateFields?: Partial<ResourceMapperValue> | null;
	name?: string;
	description?: string;
	additionalFields?: MapParameters['additionalFields'] & {
		scheduledTime?: unknown;
		previousContactId?: string;
		relatedContactId?: string;
	};
}

/** The input as built, before the checks: the SDK's members, values possibly of the wrong type. */
export type UncheckedStartTaskInput = { [K in keyof StartTaskContactCommandInput]?: unknown };

/** A flow, quick connect or template given by its ARN (…/contact-flow/<id>, …/transfer-destination/<id>, …/task-template/<id>): its ID. */
export function idFromArn(value: unknown): unknown {
	const given = text(value);
	if (typeof given !== 'string' || !given.startsWith('arn:')) return given;
	const last = given.split('/').pop();
	return last === undefined || last === '' ? given : last;
}

/**
 * A date and time from the form or an expression → a Date: a Date, an object with toJSDate() (n8n's
 * $now and other Luxon values), an ISO 8601 text, or epoch seconds / milliseconds. Anything else is
 * a problem named with its fix (and no date).
 */
export function toDate(problems: InputProblem[], field: string, value: unknown): Date | undefined {
	if (isBlank(value)) return undefined;
	let date: Date | undefined;
	if (value instanceof Date) date = value;
	else if (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { toJSDate?: unknown }).toJSDate === 'function'
	) {
		date = (value as { toJSDate(): Date }).toJSDate();
	} else if (typeof value === 'number') date = new Date(value < 1e11 ? value * 1000 : value);
	else if (typeof value === 'string' && /^\d+$/.test(value.trim()))
		date = toDate(problems, field, Number(value.trim()));
	else if (typeof value === 'string') date = new Date(value.trim());
	if (date === undefined || Number.isNaN(date.getTime())) {
		problems.push(
			problem(
				field,
				`${typeof value === 'string' ? `"${value.slice(0, 60)}"` : describeType(value)} is not a date and time`,
				'Pick a date and time, or give an ISO 8601 text such as 2026-12-24T09:00:00Z, e.g. {{ $now.plus({ hours: 2 }) }}',
			),
		);
		return undefined;
	}
	return date;
}

/** A template field's value as the text of its reference (DATE_TIME: epoch seconds, as DATE references take). */
function referenceText(
	problems: InputProblem[],
	type: string,
	name: string,
	value: unknown,
): unknown {
	if (typeof value === 'boolean' || typeof value === 'number') return String(value);
	if (type === 'DATE_TIME') {
		const date = toDate(problems, `${FIELD.templateFields} › ${name}`, value);
		return date === undefined ? undefined : String(Math.floor(date.getTime() / 1000));
	}
	return typeof value === 'string' ? value.trim() : value;
}

/**
 * The mapped template fields → References named by the field names, each of the type the
 * documentation gives the field type. Empty values are not sent (a required one is reported by the checks).
 */
export function templateReferences(
	problems: InputProblem[],
	mapper: StartTaskParameters['templateFields'],
): Record<string, { Type: string; Value: unknown }> {
	const references: Record<string, { Type: string; Value: unknown }> = {};
	for (const [id, value] of Object.entries(mapper?.value ?? {})) {
		if (isBlank(value)) continue;
		const { type, name } = parseTemplateFieldId(id);
		const rule = templateFieldRule(type);
		const Value = referenceText(problems, type, name, value);
		if (Value === undefined) continue;
		Object.defineProperty(references, name, {
			value: { Type: rule?.reference ?? type, Value },
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return references;
}

/** The user's References and the template's fields in one map; a name given in both is a problem. */
function allReferences(
	problems: InputProblem[],
	params: StartTaskParameters,
): Record<string, unknown> | undefined {
	const own = referencesFrom(problems, params) ?? {};
	const fromTemplate =
		params.routeBy === 'taskTemplate' ? templateReferences(problems, params.templateFields) : {};
	for (const name of Object.keys(fromTemplate)) {
		if (Object.prototype.hasOwnProperty.call(own, name)) {
			problems.push(
				problem(
					`${FIELD.references} › ${name}`,
					`is also a field of the task template`,
					`Set it once: in ${FIELD.templateFields}, or remove the reference`,
				),
			);
			return undefined;
		}
	}
	const all = { ...own, ...fromTemplate };
	return Object.keys(all).length ? all : undefined;
}

/** The route's members: one of flow, quick connect or template (with a flow for a template that has none). */
function routeMembers(
	problems: InputProblem[],
	params: StartTaskParameters,
): UncheckedStartTaskInput {
	switch (params.routeBy) {
		case 'flow':
			return { ContactFlowId: idFromArn(params.contactFlowId) };
		case 'quickConnect':
			return { QuickConnectId: idFromArn(params.quickConnectId) };
		case 'taskTemplate':
			return {
				TaskTemplateId: idFromArn(params.taskTemplateId),
				ContactFlowId: idFromArn(params.templateFlowId),
			};
		default:
			problems.push(
				problem(
					FIELD.routeBy,
					`"${String(params.routeBy)}" is not a route`,
					'Choose Flow, Quick Connect or Task Template',
				),
			);
			return {};
	}
}

/** Builds the request for one item; `clientToken` is the runner's (shared/clientToken.ts). */
export function buildStartTaskInput(
	params: StartTaskParameters,
	clientToken?: unknown,
): Built<UncheckedStartTaskInput> {
	const problems: InputProblem[] = [];
	const extra = params.additionalFields ?? {};
	const input: UncheckedStartTaskInput = {
		InstanceId: parseInstanceId(params.instanceId),
		...routeMembers(problems, params),
		Name: text(params.name),
		Description: text(params.description),
		Attributes: attributesFrom(problems, params),
		References: allReferences(problems, params),
		ScheduledTime: toDate(problems, FIELD.scheduledTime, extra.scheduledTime),
		PreviousContactId: text(extra.previousContactId),
		RelatedContactId: text(extra.relatedContactId),
		SegmentAttributes: segmentAttributesFrom(problems, params),
		ClientToken: clientToken === '' || clientToken === null ? undefined : clientToken,
	};
	for (const key of Object.keys(input) as Array<keyof UncheckedStartTaskInput>) {
		if (input[key] === undefined) delete input[key];
	}
	return { input, problems };
}
