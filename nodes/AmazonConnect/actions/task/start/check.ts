/**
 * The documented rules of StartTaskContact (rules.ts), checked per item before anything is sent.
 * The model's constraints (lengths, patterns, enums, required members) are shared/modelCheck.ts's;
 * the attribute, reference and segment attribute rules are the ones Contact → Create checks.
 */
import type { StartTaskContactCommandInput } from '@aws-sdk/client-connect';
import type { ResourceMapperValue } from 'n8n-workflow';

import { type InputProblem, problem } from '../../../shared/problem';
import {
	checkAttributes,
	checkInstance,
	checkReferences,
	checkSegmentAttributes,
} from '../../contact/create/check';
import { isBlank } from '../../contact/create/input';
import { FIELD } from './fields';
import type { UncheckedStartTaskInput } from './input';
import {
	ROUTE_MEMBERS,
	type RouteBy,
	ROUTES,
	SCHEDULED_TIME_MAX_DAYS,
	START_REFERENCE_TYPES,
	templateFieldRule,
} from './rules';
import { parseTemplateFieldId } from './templateFields';

export interface StartTaskCheckContext {
	credentialRegion?: string;
	/** The instance as the user gave it (ID or ARN). */
	instanceReference?: unknown;
	routeBy?: RouteBy | string;
	/** The template's fields as mapped in the form (schema and values). */
	templateFields?: Partial<ResourceMapperValue> | null;
	/** Epoch ms; the checks' "now" (the scheduled time may not be in the past). */
	now: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const ROUTE_FIELDS: Record<string, string> = {
	ContactFlowId: FIELD.flow,
	QuickConnectId: FIELD.quickConnect,
	TaskTemplateId: FIELD.taskTemplate,
};

/** Exactly one route; a template may come with a flow (for a template that has none). */
function checkRoute(
	problems: InputProblem[],
	input: UncheckedStartTaskInput,
	routeBy: string | undefined,
): void {
	const route = ROUTES.find((r) => r.value === routeBy);
	const given = ROUTE_MEMBERS.filter((member) => input[member] !== undefined);
	if (route && input[route.member] === undefined) {
		problems.push(
			problem(
				ROUTE_FIELDS[route.member],
				`is required to route by ${route.name}`,
				`Pick the ${route.name.toLowerCase()} from the list or give its ID`,
			),
		);
		return;
	}
	const templateWithFlow =
		given.length === 2 && given.includes('TaskTemplateId') && given.includes('ContactFlowId');
	if (given.length > 1 && !templateWithFlow) {
		problems.push(
			problem(
				FIELD.routeBy,
				`a task can be routed by only one of ${given.map((m) => ROUTE_FIELDS[m]).join(' and ')}`,
				'Keep one route: a flow, a quick connect, or a task template (with a flow only when the template has none)',
			),
		);
	}
}

function checkScheduledTime(problems: InputProblem[], value: unknown, now: number): void {
	if (!(value instanceof Date)) return;
	const at = value.getTime();
	if (at < now) {
		problems.push(
			problem(
				FIELD.scheduledTime,
				`${value.toISOString()} is in the past`,
				`Schedule the task from now up to ${SCHEDULED_TIME_MAX_DAYS} days ahead, or leave ${FIELD.scheduledTime} empty to start it now`,
			),
		);
	} else if (at > now + SCHEDULED_TIME_MAX_DAYS * DAY_MS) {
		problems.push(
			problem(
				FIELD.scheduledTime,
				`${value.toISOString()} is more than ${SCHEDULED_TIME_MAX_DAYS} days ahead`,
				`Amazon Connect schedules tasks at most ${SCHEDULED_TIME_MAX_DAYS} days ahead: pick an earlier time, or start the task later (e.g. with a Wait node)`,
			),
		);
	}
}

/** Required template fields given, and each value as its field type allows. */
function checkTemplateFields(
	problems: InputProblem[],
	mapper: StartTaskCheckContext['templateFields'],
): void {
	const values = mapper?.value ?? {};
	for (const field of mapper?.schema ?? []) {
		const { type, name } = parseTemplateFieldId(field.id);
		const value = (values as Record<string, unknown>)[field.id];
		const where = `${FIELD.templateFields} › ${name}`;
		if (isBlank(value)) {
			if (field.required && !field.removed)
				problems.push(problem(where, 'is required by the task template', `Give ${name} a value`));
			continue;
		}
		const rule = templateFieldRule(type);
		const text = typeof value === 'string' ? value.trim() : String(value);
		if (rule?.maxLengthExclusive !== undefined && text.length >= rule.maxLengthExclusive) {
			problems.push(
				problem(
					where,
					`is ${text.length} characters long; a ${type} field takes fewer than ${rule.maxLengthExclusive}`,
					`Shorten ${name} to at most ${rule.maxLengthExclusive - 1} characters`,
				),
			);
		}
		if (rule?.values && !rule.values.includes(text)) {
			problems.push(
				problem(
					where,
					`"${text.slice(0, 60)}" is not true or false`,
					`Give true or false, e.g. {{ Boolean($json.flag) }}`,
				),
			);
		}
	}
}

/** Reference problems of template fields are named as the form names them. */
function asTemplateFields(problems: InputProblem[], templateNames: Set<string>): InputProblem[] {
	const prefix = `${FIELD.references} › `;
	return problems.map((p) => {
		if (!p.field.startsWith(prefix)) return p;
		const rest = p.field.slice(prefix.length);
		const name = [...templateNames].find((n) => rest === n || rest.startsWith(`${n} › `));
		return name === undefined ? p : { ...p, field: `${FIELD.templateFields} › ${rest}` };
	});
}

export function findStartTaskProblems(
	input: UncheckedStartTaskInput,
	context: StartTaskCheckContext,
): InputProblem[] {
	const problems: InputProblem[] = [];
	checkInstance(problems, input, context);
	checkRoute(problems, input, context.routeBy);
	checkScheduledTime(problems, input.ScheduledTime, context.now);
	checkAttributes(problems, input.Attributes);
	const templateNames = new Set(
		Object.keys(context.templateFields?.value ?? {}).map((id) => parseTemplateFieldId(id).name),
	);
	if (context.routeBy === 'taskTemplate') checkTemplateFields(problems, context.templateFields);
	const referenceProblems: InputProblem[] = [];
	// CreateContact's 4,096-byte total over all references is not stated for StartTaskContact (neither
	// its API reference nor the model): not enforced here; AWS's answer is explained if it refuses.
	checkReferences(referenceProblems, input.References, START_REFERENCE_TYPES, {
		when: 'when starting a task',
		budget: false,
	});
	problems.push(...asTemplateFields(referenceProblems, templateNames));
	checkSegmentAttributes(problems, input.SegmentAttributes);
	return problems;
}

export type StartTaskCheckResult =
	{ ok: true; input: StartTaskContactCommandInput } | { ok: false; problems: InputProblem[] };
