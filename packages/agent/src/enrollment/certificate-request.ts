// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * A fresh P-256 key pair and a PKCS#10 request signed with it. Written here rather than
 * shared with the server's device CA so the agent never depends on server code; the ASN.1
 * work is @peculiar/x509's, this file only wires WebCrypto to it.
 */
export interface CertificateRequest {
  /** PKCS#8 private key, PEM. Never logged, only written to key.pem with mode 0600. */
  readonly privateKeyPem: string;
  readonly csrPem: string;
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** Generate a P-256 key pair and a CSR with `CN=<commonName>` signed by it. */
export async function createCertificateRequest(commonName: string): Promise<CertificateRequest> {
  const keys = await webcrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
  type Params = Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: [{ CN: [commonName.slice(0, 64) || 'verity-device'] }], keys: keys as unknown as Params[0]['keys'], signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
    webcrypto as unknown as Params[1],
  );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), csrPem: csr.toString('pem') };
}

/** SHA-256 fingerprint of a PEM certificate as colon-separated upper-case hex (`AB:CD:...`). */
export async function certificateFingerprint256(pem: string): Promise<string> {
  const cert = new x509.X509Certificate(pem);
  const digest = new Uint8Array(await webcrypto.subtle.digest('SHA-256', cert.rawData));
  return [...digest].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** Normalise a fingerprint typed by an admin (any case, with or without colons, optional `sha256:` prefix). */
export function normaliseFingerprint(input: string): string | undefined {
  const hex = input.trim().replace(/^sha-?256[:=]?/i, '').replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return hex.match(/.{2}/g)!.join(':');
}

/** Validity window of a PEM certificate. */
export function certificateValidity(pem: string): { notBefore: Date; notAfter: Date } {
  const cert = new x509.X509Certificate(pem);
  return { notBefore: cert.notBefore, notAfter: cert.notAfter };
}

/**
 * True when less than a third of the certificate's lifetime remains at `now`; renewing
 * then leaves two missed check-in windows of slack before it expires.
 */
export function needsRenewal(validity: { notBefore: Date; notAfter: Date }, now: Date): boolean {
  const lifetime = validity.notAfter.getTime() - validity.notBefore.getTime();
  return validity.notAfter.getTime() - now.getTime() < lifetime / 3;
}
