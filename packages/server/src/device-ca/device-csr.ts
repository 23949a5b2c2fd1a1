// Agent-side half of enrollment: no imports from the server, so the agent package can import
// (or copy) this file as is. It loads the Reflect polyfill itself for the same reason as
// x509-library.ts: @peculiar/x509 needs it before it loads.
import 'reflect-metadata';
import { PemConverter, Pkcs10CertificateRequestGenerator } from '@peculiar/x509';

/** The device key: ECDSA P-256, the curve TPMs, Secure Enclave and every TLS stack support. */
const DEVICE_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A freshly generated device key (PKCS#8 PEM) and the CSR that proves possession of it. */
export interface DeviceKeyAndCsr {
  readonly keyPem: string;
  readonly csrPem: string;
}

/**
 * Generate a P-256 key pair and a PKCS#10 CSR (ECDSA-SHA256) for it. The subject is only a hint
 * for humans reading the CSR: the CA never copies names from a CSR into the certificate.
 */
export async function createDeviceKeyAndCsr(commonName: string): Promise<DeviceKeyAndCsr> {
  // Reject rather than truncate: X.520 bounds a CN at 64 characters.
  if (commonName.length < 1 || commonName.length > 64 || /[\u0000-\u001f\u007f]/.test(commonName)) {
    throw new RangeError('commonName must be 1-64 printable characters');
  }
  const keys = await globalThis.crypto.subtle.generateKey(DEVICE_KEY_ALGORITHM, true, ['sign', 'verify']);
  const csr = await Pkcs10CertificateRequestGenerator.create({
    // JSON form, not a "CN=..." string, so a comma or "+" in the name cannot add attributes.
    name: [{ CN: [commonName] }],
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { keyPem: PemConverter.encode(pkcs8, 'PRIVATE KEY'), csrPem: csr.toString('pem') };
}
