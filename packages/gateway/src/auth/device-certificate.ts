import { createHash, X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { deviceIdentityFromSubjectAltName } from '@verity/core';

/** What the TLS client certificate of a connection says about the device. */
export type PeerDevice =
  | { readonly kind: 'none' }
  | { readonly kind: 'untrusted' | 'expired'; readonly detail: string }
  | {
    readonly kind: 'device';
    readonly tenantId: string;
    readonly deviceId: string;
    /** Upper-case hex, as the control plane lists revoked serials. */
    readonly serial: string;
    /** base64url SHA-256 of the DER certificate (RFC 8705 `x5t#S256`): what session tokens are bound to. */
    readonly thumbprint: string;
  };

const NONE: PeerDevice = { kind: 'none' };
// The handshake happens once per connection: the certificate is read once per socket; the
// revocation and device checks against the snapshot still run on every request.
const perSocket = new WeakMap<TLSSocket, PeerDevice>();

function read(socket: TLSSocket): PeerDevice {
  const peer = socket.getPeerCertificate(false);
  if (!peer || !peer.raw) return NONE;
  if (!socket.authorized) {
    const reason = String(socket.authorizationError ?? 'unknown');
    if (reason === 'CERT_HAS_EXPIRED') return { kind: 'expired', detail: 'The device certificate has expired.' };
    return { kind: 'untrusted', detail: `The client certificate was not issued by this organisation's Verity device CA (${reason}).` };
  }
  try {
    const cert = new X509Certificate(peer.raw);
    const identity = deviceIdentityFromSubjectAltName(cert.subjectAltName);
    if (!identity) return { kind: 'untrusted', detail: 'The client certificate does not name a Verity device.' };
    return {
      kind: 'device', tenantId: identity.tenantId, deviceId: identity.deviceId, serial: cert.serialNumber.toUpperCase(),
      thumbprint: createHash('sha256').update(peer.raw).digest('base64url'),
    };
  } catch {
    return { kind: 'untrusted', detail: 'The client certificate could not be read.' };
  }
}

/** The device a connection's client certificate names (checked against the device CA by TLS), read once per connection. */
export function peerDevice(socket: TLSSocket): PeerDevice {
  let d = perSocket.get(socket);
  if (d === undefined) {
    d = typeof socket.getPeerCertificate === 'function' ? read(socket) : NONE;
    perSocket.set(socket, d);
  }
  return d;
}
