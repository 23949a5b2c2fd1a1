import type { webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequestGenerator } from './x509-library.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isVerityError } from '@verity/core';
import { createDeviceKeyAndCsr } from './device-csr.js';
import { MAX_CSR_CHARS, parseCsr } from './parse-csr.js';

/** Split a DER SEQUENCE into its direct children's encodings (test helper for crafting CSRs). */
function derChildren(der: Uint8Array): Uint8Array[] {
  const readLength = (at: number): [number, number] => {
    const first = der[at]!;
    if (first < 0x80) return [first, 1];
    const n = first & 0x7f;
    let len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[at + 1 + i]!;
    return [len, 1 + n];
  };
  const [outerLen, outerLenBytes] = readLength(1);
  const children: Uint8Array[] = [];
  let at = 1 + outerLenBytes;
  const end = at + outerLen;
  while (at < end) {
    const [len, lenBytes] = readLength(at + 1);
    children.push(der.subarray(at, at + 1 + lenBytes + len));
    at += 1 + lenBytes + len;
  }
  return children;
}

/** Wrap bytes in a DER SEQUENCE. */
function derSequence(parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const len = body.length < 0x80 ? Buffer.from([body.length]) : body.length < 0x100 ? Buffer.from([0x81, body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([0x30]), len, body]);
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; status?: number; details?: { path: string }[] }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; status?: number };
  }
  throw new Error('expected a rejection');
}

let validPem: string;
let validDer: Buffer;

beforeAll(async () => {
  validPem = (await createDeviceKeyAndCsr('laptop-42')).csrPem;
  validDer = pemToDer(validPem);
});

describe('parseCsr', () => {
  it('accepts the agent CSR as PEM, base64 and base64url DER', async () => {
    const parsed = await parseCsr(validPem);
    expect(parsed.keyType).toBe('ec-p256');
    expect(parsed.subject).toBe('CN=laptop-42');
    expect(parsed.publicKeyFingerprint256).toMatch(/^[0-9a-f]{64}$/);
    expect((await parseCsr(validDer.toString('base64'))).publicKeyFingerprint256).toBe(parsed.publicKeyFingerprint256);
    expect((await parseCsr(validDer.toString('base64url'))).publicKeyFingerprint256).toBe(parsed.publicKeyFingerprint256);
    expect((await parseCsr(validPem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST').replace(/\n/g, '\r\n'))).der.equals(validDer)).toBe(true);
  });

  it('accepts P-384 with ECDSA-SHA384', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const csr = await Pkcs10CertificateRequestGenerator.create({ name: 'CN=x', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' } });
    expect((await parseCsr(csr.toString('pem'))).keyType).toBe('ec-p384');
  });

  it('refuses RSA and Ed25519 keys with UNSUPPORTED_KEY', async () => {
    const rsa = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
    const rsaCsr = await Pkcs10CertificateRequestGenerator.create({ name: 'CN=x', keys: rsa, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5' } });
    expect(await rejection(parseCsr(rsaCsr.toString('pem')))).toMatchObject({ code: 'VERITY_CSR_UNSUPPORTED_KEY', status: 400, details: [{ path: '$.csr' }] });
    const ed = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const edCsr = await Pkcs10CertificateRequestGenerator.create({ name: 'CN=x', keys: ed, signingAlgorithm: { name: 'Ed25519' } });
    expect((await rejection(parseCsr(edCsr.toString('pem')))).code).toBe('VERITY_CSR_UNSUPPORTED_KEY');
  });

  it('refuses a CSR whose signature was made by another key (BAD_SIGNATURE)', async () => {
    const other = pemToDer((await createDeviceKeyAndCsr('laptop-42')).csrPem);
    const [tbs, algorithm] = derChildren(validDer);
    const [, , otherSignature] = derChildren(other);
    const forged = derSequence([tbs!, algorithm!, otherSignature!]);
    expect(await rejection(parseCsr(forged.toString('base64')))).toMatchObject({ code: 'VERITY_CSR_BAD_SIGNATURE', status: 400, details: [{ path: '$.csr' }] });
    // Sanity: re-assembling the CSR's own parts gives back a CSR that verifies.
    const [, , ownSignature] = derChildren(validDer);
    await expect(parseCsr(derSequence([tbs!, algorithm!, ownSignature!]).toString('base64'))).resolves.toBeTruthy();
  });

  it('refuses oversized input, trailing bytes and non-CSR PEM with MALFORMED', async () => {
    expect((await rejection(parseCsr('A'.repeat(MAX_CSR_CHARS + 1)))).code).toBe('VERITY_CSR_MALFORMED');
    const trailing = Buffer.concat([validDer, Buffer.from([0])]).toString('base64');
    expect((await rejection(parseCsr(trailing))).code).toBe('VERITY_CSR_MALFORMED');
    expect((await rejection(parseCsr(validPem.replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE')))).code).toBe('VERITY_CSR_MALFORMED');
    expect((await rejection(parseCsr(`${validPem}\n${validPem}`))).code).toBe('VERITY_CSR_MALFORMED');
    expect((await rejection(parseCsr(''))).code).toBe('VERITY_CSR_MALFORMED');
    expect((await rejection(parseCsr(42 as unknown as string))).code).toBe('VERITY_CSR_MALFORMED');
  });

  // Fuzzing: whatever the input, parseCsr either succeeds or rejects with a 4xx VerityError.
  async function onlyVerityErrors(input: string): Promise<void> {
    try {
      await parseCsr(input);
    } catch (error) {
      if (!isVerityError(error) || error.status < 400 || error.status > 499 || !error.code.startsWith('VERITY_CSR_')) throw error;
    }
  }

  it('fuzz: random strings and random base64 bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 400 }), onlyVerityErrors), { numRuns: 300 });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        await onlyVerityErrors(Buffer.from(bytes).toString('base64'));
        // Bytes that start like a DER SEQUENCE get past the cheap checks into the ASN.1 parser.
        await onlyVerityErrors(derSequence([bytes]).toString('base64'));
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: truncated, bit-flipped and byte-replaced valid CSRs', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: validDer.length - 1 }), (cut) => onlyVerityErrors(validDer.subarray(0, cut).toString('base64'))), { numRuns: 100 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: validDer.length - 1 }), fc.integer({ min: 0, max: 7 }), async (index, bit) => {
        const flipped = Buffer.from(validDer);
        flipped[index]! ^= 1 << bit;
        await onlyVerityErrors(flipped.toString('base64'));
        await onlyVerityErrors(`-----BEGIN CERTIFICATE REQUEST-----\n${flipped.toString('base64')}\n-----END CERTIFICATE REQUEST-----`);
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: validDer.length - 1 }), fc.integer({ min: 0, max: 255 }), async (index, value) => {
        const changed = Buffer.from(validDer);
        changed[index] = value;
        await onlyVerityErrors(changed.toString('base64'));
      }),
      { numRuns: 150 },
    );
  });

  it('a bit flip inside the signed part never yields an accepted CSR with a different key', async () => {
    const original = await parseCsr(validPem);
    const [tbs] = derChildren(validDer);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 4, max: tbs!.length - 1 }), fc.integer({ min: 0, max: 7 }), async (index, bit) => {
        const flipped = Buffer.from(validDer);
        flipped[index]! ^= 1 << bit;
        try {
          const parsed = await parseCsr(flipped.toString('base64'));
          expect(parsed.publicKeyFingerprint256).toBe(original.publicKeyFingerprint256);
        } catch (error) {
          expect(isVerityError(error)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
