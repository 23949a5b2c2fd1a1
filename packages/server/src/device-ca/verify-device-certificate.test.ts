import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isVerityError } from '@verity/core';
import { createDeviceCa, loadCa, type DeviceCa } from './device-ca.js';
import { createDeviceKeyAndCsr } from './device-csr.js';
import type { IssuedCertificate } from './issue-device-certificate.js';
import { verifyDeviceCertificate } from './verify-device-certificate.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const DAY = 86_400_000;

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string };
  }
  throw new Error('expected a rejection');
}

let ca: DeviceCa;
let otherCa: DeviceCa;
let issued: IssuedCertificate;
let csrPem: string;

beforeAll(async () => {
  const created = await createDeviceCa({ commonName: 'Verity Device CA inst-1', now: NOW });
  ca = await loadCa(created.certPem, created.keyPem);
  // Same subject name as the real CA: only the signature tells them apart.
  const other = await createDeviceCa({ commonName: 'Verity Device CA inst-1', now: NOW });
  otherCa = await loadCa(other.certPem, other.keyPem);
  csrPem = (await createDeviceKeyAndCsr('laptop')).csrPem;
  issued = await ca.issueDeviceCertificate({ csrPem, tenantId: 'contoso', deviceId: 'dev-1', now: NOW, validityDays: 90 });
});

describe('verifyDeviceCertificate', () => {
  it('returns the identity from PEM, DER and with a CA given only as PEM', async () => {
    const identity = await verifyDeviceCertificate(ca, issued.certPem, NOW);
    expect(identity).toEqual({
      tenantId: 'contoso',
      deviceId: 'dev-1',
      identityUri: 'spiffe://verity/tenant/contoso/device/dev-1',
      serialNumber: issued.serialNumber,
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
      fingerprint256: issued.fingerprint256,
      publicKeyFingerprint256: issued.publicKeyFingerprint256,
    });
    const der = Buffer.from(issued.certPem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    expect(await verifyDeviceCertificate(ca, der, NOW)).toEqual(identity);
    expect(await verifyDeviceCertificate({ certPem: ca.certPem }, der, NOW)).toEqual(identity);
  });

  it('rejects a certificate from another CA as UNKNOWN (401)', async () => {
    const foreign = await otherCa.issueDeviceCertificate({ csrPem, tenantId: 'contoso', deviceId: 'dev-1', now: NOW, validityDays: 90 });
    expect(await rejection(verifyDeviceCertificate(ca, foreign.certPem, NOW))).toMatchObject({ code: 'VERITY_DEVICE_CERT_UNKNOWN', status: 401 });
    expect((await rejection(verifyDeviceCertificate({ certPem: ca.certPem }, foreign.certPem, NOW))).code).toBe('VERITY_DEVICE_CERT_UNKNOWN');
    // The CA certificate itself and a server certificate from the same CA are not device identities.
    expect((await rejection(verifyDeviceCertificate(ca, ca.certPem, NOW))).code).toBe('VERITY_DEVICE_CERT_UNKNOWN');
    const server = await ca.issueServerCertificate({ hostnames: ['localhost'], ips: [], now: NOW, validityDays: 30 });
    expect((await rejection(verifyDeviceCertificate(ca, server.certPem, NOW))).code).toBe('VERITY_DEVICE_CERT_UNKNOWN');
  });

  it('rejects outside the validity period as EXPIRED (401), using the now argument', async () => {
    expect(await rejection(verifyDeviceCertificate(ca, issued.certPem, new Date(issued.notAfter.getTime() + 1000)))).toMatchObject({ code: 'VERITY_DEVICE_CERT_EXPIRED', status: 401 });
    expect((await rejection(verifyDeviceCertificate(ca, issued.certPem, new Date(NOW.getTime() - DAY)))).code).toBe('VERITY_DEVICE_CERT_EXPIRED');
    // The 5-minute back-dating tolerates a device whose clock is a little behind.
    await expect(verifyDeviceCertificate(ca, issued.certPem, new Date(NOW.getTime() - 4 * 60_000))).resolves.toBeTruthy();
    await expect(verifyDeviceCertificate(ca, issued.certPem, issued.notAfter)).resolves.toBeTruthy();
  });

  it('rejects a revoked certificate or device as REVOKED (403)', async () => {
    const revokedSerials = new Set([issued.serialNumber]);
    expect(await rejection(verifyDeviceCertificate(ca, issued.certPem, NOW, { isRevoked: (id) => revokedSerials.has(id.serialNumber) }))).toMatchObject({ code: 'VERITY_DEVICE_CERT_REVOKED', status: 403 });
    expect((await rejection(verifyDeviceCertificate(ca, issued.certPem, NOW, { isRevoked: (id) => id.deviceId === 'dev-1' }))).code).toBe('VERITY_DEVICE_CERT_REVOKED');
    await expect(verifyDeviceCertificate(ca, issued.certPem, NOW, { isRevoked: () => false })).resolves.toBeTruthy();
  });

  it('never throws anything but a 401 VerityError for garbage or altered certificates', async () => {
    const der = Buffer.from(issued.certPem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    const check = async (input: Buffer | string) => {
      try {
        const identity = await verifyDeviceCertificate(ca, input, NOW);
        // Only changes outside the signed bytes could pass, and they cannot change the identity.
        expect(identity.deviceId).toBe('dev-1');
      } catch (error) {
        if (!isVerityError(error) || error.status !== 401) throw error;
      }
    };
    await check('');
    await check('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----');
    await check(Buffer.alloc(0));
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 500 }), (bytes) => check(Buffer.from(bytes))), { numRuns: 150 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: der.length - 1 }), fc.integer({ min: 0, max: 7 }), async (index, bit) => {
        const flipped = Buffer.from(der);
        flipped[index]! ^= 1 << bit;
        await check(flipped);
      }),
      { numRuns: 150 },
    );
  });
});
