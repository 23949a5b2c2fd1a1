import { IDENTITY_ID_PATTERN, DEVICE_IDENTITY_URI_PREFIX } from '@verity/core';
import { deviceCaError } from './device-ca-errors.js';

// The URI form, its id alphabet and the parser live in @verity/core (the gateway reads it too).
export { DEVICE_IDENTITY_URI_PREFIX, IDENTITY_ID_PATTERN, parseDeviceIdentityUri, type DeviceIdentity } from '@verity/core';

/** The SPIFFE-style URI naming a device; throws VERITY_DEVICE_CA_INVALID_REQUEST for ids outside the allowed alphabet. */
export function deviceIdentityUri(tenantId: string, deviceId: string): string {
  const details = [];
  if (!IDENTITY_ID_PATTERN.test(tenantId)) details.push({ path: '$.tenantId', message: 'Must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit.' });
  if (!IDENTITY_ID_PATTERN.test(deviceId)) details.push({ path: '$.deviceId', message: 'Must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit.' });
  if (details.length > 0) throw deviceCaError('VERITY_DEVICE_CA_INVALID_REQUEST', 'The tenant or device id cannot be used in a device identity.', details);
  return `${DEVICE_IDENTITY_URI_PREFIX}${tenantId}/device/${deviceId}`;
}
