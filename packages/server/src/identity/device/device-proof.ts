import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { decodeProtectedHeader, jwtVerify, errors as joseErrors } from 'jose';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../../context.js';
import { peerDeviceIdentity } from '../../auth/device-auth.js';
import { IDENTITY_ERRORS } from '../identity-errors.js';

/** An enrolled device proven at sign-in, and how. */
export interface DeviceProof { tenantId: string; deviceId: string; via: 'certificate' | 'token' }

/** The `typ` of a device-bound sign-in token (a JWT the agent signs with the device key). */
export const DEVICE_TOKEN_TYPE = 'verity-device+jwt';
/** Longest lifetime a device token may claim (seconds). */
const MAX_TOKEN_LIFETIME = 300;

function refused(reason: string): VerityError {
  return new VerityError(IDENTITY_ERRORS.deviceProofInvalid, `The device proof was refused (${reason}).`, { status: 401, details: [{ path: '$.deviceToken', message: reason }] });
}

/**
 * The device whose certificate the connection presented (mTLS on the same server), if it is
 * within validity, registered as the device's certificate, and the device active. Anything else
 * is simply no device: a browser without a certificate is a normal case.
 */
export async function deviceFromConnection(ctx: ServerContext, socket: TLSSocket): Promise<DeviceProof | null> {
  const peer = peerDeviceIdentity(socket);
  if (!peer) return null;
  const now = ctx.now();
  if (now < peer.notBefore || now > peer.notAfter) return null;
  if (await ctx.store.checkins.access(peer.tenantId, peer.deviceId, peer.serial)) return null;
  return { tenantId: peer.tenantId, deviceId: peer.deviceId, via: 'certificate' };
}

/**
 * Verify a device-bound token: a compact JWS (ES256/ES384) the agent signed with its device key,
 * `kid` = the certificate serial, `sub` = the device id, `aud` = this server's origin, at most
 * five minutes of lifetime, and a `jti` never seen before (replays are refused). The certificate
 * must be the device's registered one and the device active: a revoked device proves nothing.
 */
export async function verifyDeviceToken(ctx: ServerContext, token: string, audience: string): Promise<DeviceProof> {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw refused('malformed');
  }
  if (header.typ !== DEVICE_TOKEN_TYPE || typeof header.kid !== 'string' || !/^[0-9A-Fa-f]{2,64}$/.test(header.kid)) throw refused('wrong-type-or-kid');
  const cert = await ctx.store.certificates.findBySerial(header.kid.toUpperCase());
  if (!cert) throw refused('unknown-certificate');
  let payload;
  try {
    const key = new X509Certificate(cert.certPem).publicKey;
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['ES256', 'ES384'], typ: DEVICE_TOKEN_TYPE, audience, subject: cert.deviceId, requiredClaims: ['iat', 'exp', 'jti'],
      currentDate: ctx.now(), clockTolerance: 30, maxTokenAge: MAX_TOKEN_LIFETIME + 30,
    }));
  } catch (err) {
    throw refused(err instanceof joseErrors.JWTExpired ? 'expired' : err instanceof joseErrors.JWTClaimValidationFailed ? `claim-${err.claim}` : 'bad-signature');
  }
  if ((payload.exp ?? 0) - (payload.iat ?? 0) > MAX_TOKEN_LIFETIME) throw refused('lifetime-too-long');
  if (await ctx.store.checkins.access(cert.tenantId, cert.deviceId, cert.serial)) throw refused('device-not-active');
  const jti = String(payload.jti).slice(0, 128);
  if (!(await ctx.store.authTransactions.claimOnce(cert.tenantId, 'device-token', jti, new Date((payload.exp! + 60) * 1000)))) throw refused('replayed');
  return { tenantId: cert.tenantId, deviceId: cert.deviceId, via: 'token' };
}
