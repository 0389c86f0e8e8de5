/**
 * The node's credential pointing at a running emulator, signed with one of its config's keys.
 * Shared by the integration tests and the bench (no jest in here: the bench runs it in plain Node).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { EmulatorAccessKey, EmulatorConfig } from '../../../emulator';

export function emulatorCredentials(
	emulator: { url: string; config: EmulatorConfig },
	key: EmulatorAccessKey = emulator.config.accessKeys[0],
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		region: emulator.config.region,
		accessKeyId: key.accessKeyId,
		secretAccessKey: key.secretAccessKey,
		sessionToken: key.sessionToken ?? '',
		endpoint: emulator.url,
		// The emulator serves STS on the same port (the credential test asks STS who the key is).
		stsEndpoint: emulator.url,
		...overrides,
	};
}
