/**
 * Instance references: users paste either the instance ID or the whole instance ARN
 * (arn:aws:connect:us-east-1:123456789012:instance/<id>). Both are accepted; the ID is what is sent.
 */

/** Instance ARN in any partition; captures the region and the ID. */
export const INSTANCE_ARN_PATTERN =
	/^arn:aws(?:-[a-z]+)*:connect:([a-z0-9-]+):\d{12}:instance\/([A-Za-z0-9-]+)\/?$/;

/** Instance IDs are UUIDs. */
export const INSTANCE_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Returns the instance ID from an ID or an instance ARN; anything else is returned trimmed, for the checks to judge. */
export function parseInstanceId(reference: unknown): unknown {
	if (typeof reference !== 'string') return reference;
	const trimmed = reference.trim();
	const arn = INSTANCE_ARN_PATTERN.exec(trimmed);
	return arn ? arn[2] : trimmed;
}

/** The region named by an instance ARN, or undefined when the reference is not an ARN. */
export function instanceArnRegion(reference: unknown): string | undefined {
	if (typeof reference !== 'string') return undefined;
	return INSTANCE_ARN_PATTERN.exec(reference.trim())?.[1];
}
