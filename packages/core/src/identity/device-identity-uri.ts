/**
 * The identity a device certificate names, as one URI SAN in SPIFFE ID form
 * (https://github.com/spiffe/spiffe/blob/main/standards/SPIFFE-ID.md):
 *
 *   spiffe://verity/tenant/<tenantId>/device/<deviceId>
 *
 * Pure, so that every party that verifies a device certificate (the control plane, the gateway)
 * reads it the same way. Parsing is exact: one canonical string per identity, no
 * percent-decoding, no case folding.
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

/** Parse a device identity URI strictly; undefined for anything that is not exactly our form. */
export function parseDeviceIdentityUri(uri: string): DeviceIdentity | undefined {
  if (uri.length > 200) return undefined;
  const match = URI_PATTERN.exec(uri);
  if (!match) return undefined;
  return { tenantId: match[1]!, deviceId: match[2]! };
}

/**
 * The device identity in a certificate's subjectAltName as Node prints it
 * (`DNS:host, URI:spiffe://…`): exactly one URI SAN must be ours.
 */
export function deviceIdentityFromSubjectAltName(subjectAltName: string | undefined): DeviceIdentity | undefined {
  if (!subjectAltName || subjectAltName.length > 4096) return undefined;
  const uris = subjectAltName.split(', ').filter((s) => s.startsWith('URI:'));
  if (uris.length !== 1) return undefined;
  return parseDeviceIdentityUri(uris[0]!.slice(4));
}
