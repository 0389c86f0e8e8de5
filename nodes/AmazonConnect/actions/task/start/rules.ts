/**
 * The documented rules of StartTaskContact, written once as data: the form (description.ts) and
 * the per-item checks (check.ts) read them. Only what AWS's documentation states is here, each row
 * with its source; lengths, patterns and enums come from the model (shared/modelCheck.ts).
 * Sources: StartTaskContact in the Amazon Connect API reference, and the UpdateContactTaskTemplate
 * reference for task template fields (summarized in reference/connect-operations.md, A.3 and A.4).
 */

/** How the task is routed: exactly one of these members is sent (plus a flow for a template without one). */
export type RouteBy = 'flow' | 'quickConnect' | 'taskTemplate';

export interface RouteRule {
	readonly value: RouteBy;
	readonly name: string;
	readonly description: string;
	/** The request member this route sets. */
	readonly member: 'ContactFlowId' | 'QuickConnectId' | 'TaskTemplateId';
}

/**
 * StartTaskContact: "include only one of these parameters: ContactFlowID, QuickConnectID, or
 * TaskTemplateID. Only one parameter is required as long as the task template has a flow configured
 * to run it. If more than one parameter is specified, or only the TaskTemplateID is specified but it
 * does not have a flow configured, the request returns an error."
 */
export const ROUTES: readonly RouteRule[] = [
	{
		value: 'flow',
		name: 'Flow',
		description: 'Run a contact flow that routes the task (e.g. sets a queue and transfers to it)',
		member: 'ContactFlowId',
	},
	{
		value: 'quickConnect',
		name: 'Quick Connect',
		description: 'Send the task to the agent or queue of a quick connect, through its flow',
		member: 'QuickConnectId',
	},
	{
		value: 'taskTemplate',
		name: 'Task Template',
		description: 'Create the task from a task template, with its fields, and run its flow',
		member: 'TaskTemplateId',
	},
];

export const ROUTE_MEMBERS = ROUTES.map((route) => route.member);

/** StartTaskContact, ScheduledTime: "cannot be in the past. It must be within up to 6 days in future." */
export const SCHEDULED_TIME_MAX_DAYS = 6;

/**
 * StartTaskContact, PreviousContactId: "There can be a maximum of 12 linked task contacts in a chain."
 * AWS counts the chain; the node cannot, so this is said in the form and in the error's fix.
 */
export const MAX_TASKS_PER_PREVIOUS_CONTACT = 12;

/** StartTaskContact, References: "URL | NUMBER | STRING | DATE | EMAIL. ATTACHMENT is not a supported reference type during task creation." */
export const START_REFERENCE_TYPES = ['URL', 'NUMBER', 'STRING', 'DATE', 'EMAIL'] as const;
export type StartReferenceType = (typeof START_REFERENCE_TYPES)[number];

/** ListContactFlows: the flows that can start a task are contact flows ("CONTACT_FLOW", inbound). */
export const TASK_FLOW_TYPE = 'CONTACT_FLOW';

/**
 * StartTaskContact, QuickConnectId: the task runs "the flow … defined on agent or queue quick
 * connect": the picker offers these types (an inference from the wording; AWS decides on others).
 */
export const TASK_QUICK_CONNECT_TYPES = ['USER', 'QUEUE'] as const;

/**
 * UpdateContactTaskTemplate: "If the target template has a required field, the task must have a
 * corresponding reference with a matching name and compatible type." Field type → reference type:
 * TEXT, TEXT_AREA, BOOLEAN, SINGLE_SELECT → STRING; NUMBER → NUMBER; DATE_TIME → DATE; URL → URL;
 * EMAIL → EMAIL. Lengths: TEXT < 512 characters, TEXT_AREA < 4,096. BOOLEAN is `true` or `false`.
 * Other field types (NAME, DESCRIPTION, SCHEDULED_TIME, QUICK_CONNECT, SELF_ASSIGN, EXPIRY_DURATION)
 * are members of the request or of the template, not references: the form does not offer them.
 */
export interface TemplateFieldRule {
	readonly reference: StartReferenceType;
	/** "less than" this many characters. */
	readonly maxLengthExclusive?: number;
	readonly values?: readonly string[];
}

export const TEMPLATE_FIELD_RULES: Readonly<Record<string, TemplateFieldRule>> = {
	TEXT: { reference: 'STRING', maxLengthExclusive: 512 },
	TEXT_AREA: { reference: 'STRING', maxLengthExclusive: 4096 },
	BOOLEAN: { reference: 'STRING', values: ['true', 'false'] },
	SINGLE_SELECT: { reference: 'STRING' },
	NUMBER: { reference: 'NUMBER' },
	DATE_TIME: { reference: 'DATE' },
	URL: { reference: 'URL' },
	EMAIL: { reference: 'EMAIL' },
};

export const templateFieldRule = (type: string): TemplateFieldRule | undefined =>
	Object.prototype.hasOwnProperty.call(TEMPLATE_FIELD_RULES, type)
		? TEMPLATE_FIELD_RULES[type]
		: undefined;
