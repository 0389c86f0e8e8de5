/**
 * Instance references: users paste either the instance ID or the whole instance ARN
 * (arn:aws:connect:us-east-1:123456789012:instance/<id>). Both are accepted; the ID is what is sent.
 */
import { type InputProblem, problem } from './problem';

/** Instance ARN in any partition; captures the region and the ID. */
export const INSTANCE_ARN_PATTERN =
	/^arn:aws(?:-[a-z]+)*:connect:([a-z0-9-]+):\d{12}:instance\/([A-Za-z0-9-]+)\/?$/;

/** Instance IDs are UUIDs. */
export const INSTANCE_ID_PATTERN =
	/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

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

/**
 * The instance of a request, as every operation checks it: an ID (a UUID), and when it was given as
 * an ARN, an ARN of the credential's region (another region cannot be reached with the credential).
 * Absence and length are the model check's.
 */
export function checkInstanceReference(
	problems: InputProblem[],
	field: string,
	id: unknown,
	reference: unknown,
	credentialRegion: string | undefined,
): void {
	if (typeof id === 'string' && id.length > 0 && !INSTANCE_ID_PATTERN.test(id)) {
		problems.push(
			problem(
				field,
				`"${id.slice(0, 120)}" is neither an instance ID nor an instance ARN`,
				'Give the instance ID (a UUID such as 8a3d1c3e-...), or its ARN arn:aws:connect:<region>:<account>:instance/<id>',
			),
		);
	}
	const arnRegion = instanceArnRegion(reference);
	if (arnRegion && credentialRegion && arnRegion !== credentialRegion) {
		problems.push(
			problem(
				field,
				`the instance ARN is in region ${arnRegion}, but the credential is for ${credentialRegion}`,
				`Use a credential for ${arnRegion}, or an instance in ${credentialRegion}`,
			),
		);
	}
}
