/**
 * Task template fields in n8n's resource mapper: GetTaskTemplate's fields → the mapper's schema, and
 * the mapped values → References, as the documentation maps each field type (rules.ts). The field's
 * AWS type travels in the mapper's field ID ("URL:Ticket link"), so a saved workflow knows it
 * without asking AWS again: TEXT, TEXT_AREA and EMAIL are all text in n8n, yet differ for AWS.
 */
import type { GetTaskTemplateCommandOutput } from '@aws-sdk/client-connect';
import type { FieldType, ResourceMapperField } from 'n8n-workflow';

import { templateFieldRule } from './rules';

/** The mapper's field ID of a template field: its AWS type, a colon, its name (names may contain colons; types do not). */
export const templateFieldId = (type: string, name: string): string => `${type}:${name}`;

export function parseTemplateFieldId(id: string): { type: string; name: string } {
	const colon = id.indexOf(':');
	return colon < 0
		? { type: '', name: id }
		: { type: id.slice(0, colon), name: id.slice(colon + 1) };
}

const N8N_TYPES: Readonly<Record<string, FieldType>> = {
	TEXT: 'string',
	TEXT_AREA: 'string',
	EMAIL: 'string',
	URL: 'string',
	NUMBER: 'number',
	BOOLEAN: 'boolean',
	DATE_TIME: 'dateTime',
	SINGLE_SELECT: 'options',
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
	TEXT_AREA: 'text area',
	EMAIL: 'email',
	URL: 'URL',
	DATE_TIME: 'date and time',
};

type Template = Pick<GetTaskTemplateCommandOutput, 'Fields' | 'Constraints' | 'Defaults'>;

/**
 * The fields a task started from this template can carry as references: read-only and invisible
 * fields are left out (agents cannot change them and the template sets them), and so are field types
 * that are not references (NAME, DESCRIPTION, SCHEDULED_TIME, …). Required fields are marked.
 */
export function templateSchema(template: Template): ResourceMapperField[] {
	const names = (list: Array<{ Id?: { Name?: string } }> | undefined) =>
		new Set(
			(list ?? [])
				.map((entry) => entry.Id?.Name)
				.filter((name): name is string => name !== undefined),
		);
	const required = names(template.Constraints?.RequiredFields);
	const readOnly = names(template.Constraints?.ReadOnlyFields);
	const invisible = names(template.Constraints?.InvisibleFields);
	const defaults = new Map(
		(template.Defaults?.DefaultFieldValues ?? []).map((d) => [d.Id?.Name, d.DefaultValue]),
	);
	const fields: ResourceMapperField[] = [];
	for (const field of template.Fields ?? []) {
		const name = field.Id?.Name;
		const type = field.Type ?? '';
		if (name === undefined || readOnly.has(name) || invisible.has(name) || !templateFieldRule(type))
			continue;
		const words = TYPE_WORDS[type];
		const schemaField: ResourceMapperField = {
			id: templateFieldId(type, name),
			displayName: words ? `${name} (${words})` : name,
			required: required.has(name),
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: N8N_TYPES[type],
		};
		if (type === 'SINGLE_SELECT') {
			schemaField.options = (field.SingleSelectOptions ?? []).map((option) => ({
				name: option,
				value: option,
			}));
		}
		const fallback = defaults.get(name);
		if (fallback !== undefined && fallback !== '') schemaField.defaultValue = fallback;
		fields.push(schemaField);
	}
	return fields;
}
