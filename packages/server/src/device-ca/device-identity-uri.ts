import { deviceCaError } from './device-ca-errors.js';

/**
 * The identity a device certificate names, as one URI SAN in SPIFFE ID form
 * (https://github.com/spiffe/spiffe/blob/main/standards/SPIFFE-ID.md):
 *
 *   spiffe://verity/tenant/<tenantId>/device/<deviceId>
 *
 * SPIFFE form lets service meshes and proxies (Envoy, Istio) match on it unchanged. Ids are
 * restricted to SPIFFE path-segment characters, start with a letter or digit (so no segment is
 * "." or ".."), and are at most 64 characters (X.520 upper bound of the CN they also appear in).
 * Parsing is exact: one canonical string per identity, no percent-decoding, no case folding.
 */
export const DEVICE_IDENTITY_URI_PREFIX = 'spiffe://verity/tenant/';

/** Tenant and device ids allowed in a device identity. */
export const IDENTITY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const URI_PATTERN = /^spiffe:\/\/verity\/tenant\/([A-Za-z0-9][A-Za-z0-9._-]{0,63})\/device\/([A-Za-z0-9][A-Za-z0-9._-]{0,63})$/;

/** Tenant and device a certificate identifies. */
export interface DeviceIdentity {
  readonly tenantId: string;
  readonly deviceId: string;
}

/** The SPIFFE-style URI naming a device; throws VERITY_DEVICE_CA_INVALID_REQUEST for ids outside the allowed alphabet. */
export function deviceIdentityUri(tenantId: string, deviceId: string): string {
  const details = [];
  if (!IDENTITY_ID_PATTERN.test(tenantId)) details.push({ path: '$.tenantId', message: 'Must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit.' });
  if (!IDENTITY_ID_PATTERN.test(deviceId)) details.push({ path: '$.deviceId', message: 'Must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit.' });
  if (details.length > 0) throw deviceCaError('VERITY_DEVICE_CA_INVALID_REQUEST', 'The tenant or device id cannot be used in a device identity.', details);
  return `${DEVICE_IDENTITY_URI_PREFIX}${tenantId}/device/${deviceId}`;
}

/** Parse a device identity URI strictly; undefined for anything that is not exactly our form. */
export function parseDeviceIdentityUri(uri: string): DeviceIdentity | undefined {
  if (uri.length > 200) return undefined;
  const match = URI_PATTERN.exec(uri);
  if (!match) return undefined;
  return { tenantId: match[1]!, deviceId: match[2]! };
}
