import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCertificateRequest, needsRenewal, normaliseFingerprint } from './certificate-request.js';

describe('certificate request', () => {
  it('creates a P-256 CSR whose signature verifies and whose key matches the private key', async () => {
    const req = await createCertificateRequest('alice-laptop');
    const csr = new x509.Pkcs10CertificateRequest(req.csrPem);
    expect(await csr.verify()).toBe(true);
    expect(csr.subject).toBe('CN=alice-laptop');
    expect((csr.publicKey.algorithm as { namedCurve?: string }).namedCurve).toBe('P-256');
    const key = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(req.privateKeyPem), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    expect(key.type).toBe('private');
  });

  it('normalises fingerprints and rejects junk', () => {
    const hex = 'ab'.repeat(32);
    expect(normaliseFingerprint(hex)).toBe(Array(32).fill('AB').join(':'));
    expect(normaliseFingerprint(`SHA256:${Array(32).fill('ab').join(':')}`)).toBe(Array(32).fill('AB').join(':'));
    expect(normaliseFingerprint('abc')).toBeUndefined();
  });

  it('renews when less than a third of the lifetime is left', () => {
    const v = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-01-31T00:00:00Z') };
    expect(needsRenewal(v, new Date('2026-01-15T00:00:00Z'))).toBe(false);
    expect(needsRenewal(v, new Date('2026-01-22T00:00:00Z'))).toBe(true);
  });
});
