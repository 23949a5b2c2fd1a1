import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jwtVerify, decodeProtectedHeader } from 'jose';
import * as x509 from '@peculiar/x509';
import { signDeviceToken } from './device-token.js';

describe('device-bound sign-in token', () => {
  it('is a JWS a standard library verifies with the device certificate\'s key', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '0a1b2c', name: 'CN=device', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
    const now = new Date();
    const token = signDeviceToken({ keyPem, certPem: cert.toString('pem'), deviceId: 'dev-1', audience: 'https://verity.example:8443/x', now });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'verity-device+jwt', kid: '0A1B2C' });
    const { payload } = await jwtVerify(token, new X509Certificate(cert.toString('pem')).publicKey, { audience: 'https://verity.example:8443', subject: 'dev-1', currentDate: now });
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(typeof payload.jti).toBe('string');
  });
});
