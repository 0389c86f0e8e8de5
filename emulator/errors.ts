/**
 * Errors in the restJson1 wire format the SDK deserializes: an HTTP status, the
 * x-amzn-ErrorType header carrying the error name, and a JSON body {"Message": "..."}.
 * Everything the emulator rejects goes through ApiError so the body is always JSON
 * (a non-JSON error body makes the JS SDK throw a SyntaxError instead of the modeled error).
 */

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly type: string,
		message: string,
		/** The short label recorded in state.requests[].outcome. */
		readonly outcome: string,
		/** Extra members of the error body (e.g. Reason). */
		readonly extra?: Record<string, unknown>,
	) {
		super(message);
		this.name = type;
	}
}

export const missingAuthenticationToken = () =>
	new ApiError(
		403,
		'MissingAuthenticationTokenException',
		'Missing Authentication Token',
		'unauthenticated',
	);

export const incompleteSignature = (message: string) =>
	new ApiError(403, 'IncompleteSignatureException', message, 'unauthenticated');

export const unrecognizedClient = () =>
	new ApiError(
		403,
		'UnrecognizedClientException',
		'The security token included in the request is invalid.',
		'unauthenticated',
	);

export const invalidSignature = (message: string) =>
	new ApiError(403, 'InvalidSignatureException', message, 'unauthenticated');

export const SIGNATURE_MISMATCH_MESSAGE =
	'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export const accessDenied = (principalArn: string, action: string, resource: string) =>
	new ApiError(
		403,
		'AccessDeniedException',
		`User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`,
		'denied',
	);

export const throttling = (outcome: 'throttled' | 'fault:throttle') =>
	new ApiError(429, 'ThrottlingException', 'Rate exceeded', outcome);

export const internalService = () =>
	new ApiError(
		500,
		'InternalServiceException',
		'Request processing failed because of an error or failure with the service.',
		'fault:internal',
	);

export const serialization = (message: string) =>
	new ApiError(400, 'SerializationException', message, 'invalid');

export const invalidParameter = (message: string) =>
	new ApiError(400, 'InvalidParameterException', message, 'invalid');

export const invalidRequest = (message: string) =>
	new ApiError(400, 'InvalidRequestException', message, 'invalid');

export const resourceNotFound = (message: string) =>
	new ApiError(404, 'ResourceNotFoundException', message, 'notFound');

export const idempotency = (message: string) =>
	new ApiError(409, 'IdempotencyException', message, 'conflict');

export const unknownOperation = (method: string, path: string) =>
	new ApiError(
		404,
		'UnknownOperationException',
		`Unknown operation: ${method} ${path}`,
		'unknownOperation',
	);

export const payloadTooLarge = (limit: number) =>
	new ApiError(
		413,
		'RequestEntityTooLargeException',
		`Request body is larger than ${limit} bytes`,
		'invalid',
	);

/**
 * Coral-style validation summary: "2 validation errors detected: A; B". Each violation is
 * "Value ... at 'member' failed to satisfy constraint: ...".
 */
export function validationMessage(violations: string[]): string {
	const n = violations.length;
	return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

export const serviceQuotaExceeded = (message: string) =>
	new ApiError(402, 'ServiceQuotaExceededException', message, 'quota');
