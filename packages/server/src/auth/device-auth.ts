import type { FastifyRequest } from 'fastify';
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { VerityError } from '@verity/core';
import type { DeviceAccessRejection } from '@verity/store';
import type { ServerContext } from '../context.js';
import type { DevicePrincipal } from './principal.js';
import { parseDeviceIdentityUri } from '../device-ca/index.js';

export interface PeerIdentity {
  readonly serial: string;
  readonly tenantId: string;
  readonly deviceId: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

type PeerState = PeerIdentity | VerityError;

// The TLS handshake happens once per connection; parsing the peer certificate once per
// socket keeps keep-alive check-ins cheap. The revocation check below still runs per request.
const peerCache = new WeakMap<TLSSocket, PeerState>();

function readPeer(socket: TLSSocket): PeerState {
  const cached = peerCache.get(socket);
  if (cached) return cached;
  const state = parsePeer(socket);
  peerCache.set(socket, state);
  return state;
}

function parsePeer(socket: TLSSocket): PeerState {
  if (typeof socket.getPeerCertificate !== 'function') {
    return new VerityError('VERITY_DEVICE_CERT_REQUIRED', 'Device endpoints need HTTPS with the device certificate (mTLS).', { status: 401 });
  }
  const peer = socket.getPeerCertificate(false);
  if (!peer || !peer.raw) {
    return new VerityError('VERITY_DEVICE_CERT_REQUIRED', 'Present the device certificate issued at enrollment (mTLS).', { status: 401 });
  }
  if (!socket.authorized) {
    const reason = String(socket.authorizationError ?? 'unknown');
    if (reason === 'CERT_HAS_EXPIRED') return new VerityError('VERITY_DEVICE_CERT_EXPIRED', 'The device certificate has expired; enroll the device again.', { status: 401 });
    // Outside its validity period on the other side: the catalog's "expired" (not valid now), not "unknown".
    if (reason === 'CERT_NOT_YET_VALID') return new VerityError('VERITY_DEVICE_CERT_EXPIRED', 'The device certificate is not valid yet (check the clocks of device and server).', { status: 401 });
    return new VerityError('VERITY_DEVICE_CERT_UNKNOWN', `The client certificate was not issued by this Verity device CA (${reason}).`, { status: 401 });
  }
  try {
    const cert = new X509Certificate(peer.raw);
    const uri = (cert.subjectAltName ?? '').split(', ').find((s) => s.startsWith('URI:'))?.slice(4);
    const identity = uri ? parseDeviceIdentityUri(uri) : undefined;
    if (!identity) return new VerityError('VERITY_DEVICE_CERT_UNKNOWN', 'The certificate does not name a Verity device.', { status: 401 });
    return {
      serial: cert.serialNumber.toUpperCase(),
      tenantId: identity.tenantId,
      deviceId: identity.deviceId,
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
    };
  } catch {
    return new VerityError('VERITY_DEVICE_CERT_UNKNOWN', 'The client certificate could not be parsed.', { status: 401 });
  }
}

/** Rate-limit key of a device connection (its certificate serial), or undefined. */
export function peerCertificateKey(socket: TLSSocket): string | undefined {
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const state = readPeer(socket);
  return state instanceof VerityError ? undefined : state.serial;
}

/**
 * The device a connection presents a valid client certificate for (chains to our CA, names a
 * device), or undefined. Browsers and apps on an enrolled device present it to the identity
 * provider; the caller still checks validity and the store (revocation) as `authenticateDevice` does.
 */
export function peerDeviceIdentity(socket: TLSSocket): PeerIdentity | undefined {
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const state = readPeer(socket);
  return state instanceof VerityError ? undefined : state;
}

/** The error a device gets when the store refuses its certificate (shared with the check-in write, which re-checks). */
export function deviceAccessError(reason: DeviceAccessRejection): VerityError {
  switch (reason) {
    case 'certificate-unknown': return new VerityError('VERITY_DEVICE_CERT_UNKNOWN', 'This certificate is not registered to any device.', { status: 401 });
    case 'certificate-revoked':
    case 'device-revoked': return new VerityError('VERITY_DEVICE_REVOKED', 'This device has been revoked by an administrator.', { status: 403 });
    case 'device-retired': return new VerityError('VERITY_DEVICE_RETIRED', 'This device has been retired and no longer has access.', { status: 403 });
    case 'certificate-superseded': return new VerityError('VERITY_DEVICE_CERT_SUPERSEDED', 'This certificate was replaced by a renewed one; use the renewed certificate.', { status: 401 });
  }
}

/**
 * Authenticate a device by its mTLS certificate: chain to our CA (checked by the TLS layer),
 * within validity, known to the store as the device's active certificate, and the device
 * neither revoked nor retired. Revocation is therefore effective on the very next request.
 * With `storeCheck: false` (routes marked `accessRecheckedByHandler`) the store part is left to the
 * handler's own transaction; the certificate checks above still run.
 */
export async function authenticateDevice(ctx: ServerContext, request: FastifyRequest, options: { storeCheck: boolean } = { storeCheck: true }): Promise<DevicePrincipal> {
  const state = readPeer(request.raw.socket as TLSSocket);
  if (state instanceof VerityError) throw state;
  const now = ctx.now();
  if (now < state.notBefore || now > state.notAfter) {
    throw new VerityError('VERITY_DEVICE_CERT_EXPIRED', 'The device certificate is outside its validity period; enroll the device again.', { status: 401 });
  }
  if (options.storeCheck) {
    const refused = await ctx.store.checkins.access(state.tenantId, state.deviceId, state.serial);
    if (refused) throw deviceAccessError(refused);
  }
  // One joined lookup of certificate and device (a superseded certificate is refused; the renew
  // route takes it only to hand out again the certificate it was replaced by, see renewal.ts).
  return { kind: 'device', tenantId: state.tenantId, deviceId: state.deviceId, certificateSerial: state.serial, certificateNotBefore: state.notBefore, certificateNotAfter: state.notAfter };
}
