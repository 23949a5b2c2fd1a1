import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';

/** The `typ` the identity provider expects of a device-bound sign-in token. */
export const DEVICE_TOKEN_TYPE = 'verity-device+jwt';

/**
 * A device-bound sign-in token: a compact JWS (RFC 7515) signed with this device's enrollment key
 * (ES256 for P-256, ES384 for P-384), `kid` = the certificate serial, `sub` = the device id,
 * `aud` = the server's origin, a random `jti` (the server refuses replays) and at most five
 * minutes of life. Apps on the device pass it as the `device_token` parameter of an OpenID Connect
 * authorization (or to /api/v1/auth/login) to prove the sign-in comes from this enrolled device.
 * Hand-written with node:crypto: the whole format is a header, a payload and one ECDSA signature,
 * and the agent stays free of a JOSE dependency.
 */
export function signDeviceToken(input: { keyPem: string; certPem: string; deviceId: string; audience: string; now: Date; lifetimeSeconds?: number }): string {
  const key = createPrivateKey(input.keyPem);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const alg = curve === 'secp384r1' ? 'ES384' : 'ES256';
  const serial = new X509Certificate(input.certPem).serialNumber.toUpperCase();
  const iat = Math.floor(input.now.getTime() / 1000);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signingInput = `${b64({ alg, typ: DEVICE_TOKEN_TYPE, kid: serial })}.${b64({ iss: input.deviceId, sub: input.deviceId, aud: new URL(input.audience).origin, iat, exp: iat + Math.min(input.lifetimeSeconds ?? 120, 300), jti: randomUUID() })}`;
  // JWS wants the raw r||s signature (IEEE P1363), not DER.
  const signature = sign(alg === 'ES384' ? 'sha384' : 'sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}
