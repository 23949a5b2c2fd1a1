import type { webcrypto } from 'node:crypto';
import type { CaSigner } from './ca-signer.js';
import { CLOCK_SKEW_MS } from './ca-signer.js';
import { deviceCaCreateSchema, parseRequest } from './certificate-requests.js';
import { deviceCaError } from './device-ca-errors.js';
import { sha256Hex } from './fingerprint.js';
import { issueDeviceCertificate, type IssueDeviceCertificateRequest, type IssuedCertificate } from './issue-device-certificate.js';
import { issueServerCertificate, type IssueServerCertificateRequest, type IssuedServerCertificate } from './issue-server-certificate.js';
import { randomSerialNumber } from './serial-number.js';
import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from './x509-library.js';

/**
 * Verity's built-in device CA: a self-signed ECDSA P-256 root that signs device identity
 * certificates (mTLS client auth) and the control plane's TLS server certificate. No database
 * here: the caller stores the PEMs, sealing the key PEM with the secret box.
 */

/** A loaded CA able to sign. */
export interface DeviceCa {
  /** The CA certificate (PEM): the trust anchor agents and gateways pin. */
  readonly certPem: string;
  /** SHA-256 of the CA certificate DER, lowercase hex. */
  readonly fingerprint256: string;
  readonly notAfter: Date;
  /** Issue a device certificate for a verified CSR (see issue-device-certificate.ts). */
  issueDeviceCertificate(req: IssueDeviceCertificateRequest): Promise<IssuedCertificate>;
  /** Issue a TLS server certificate and key for the given names (see issue-server-certificate.ts). */
  issueServerCertificate(req: IssueServerCertificateRequest): Promise<IssuedServerCertificate>;
}

/** A new CA's certificate and unencrypted PKCS#8 private key: seal keyPem before storing it. */
export interface CreatedDeviceCa {
  readonly certPem: string;
  readonly keyPem: string;
}

const CA_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Create a new self-signed root for device identities (P-256, 10y, CA:true pathlen 0, keyCertSign+cRLSign). */
export async function createDeviceCa(opts: { commonName: string; now: Date; validityDays?: number }): Promise<CreatedDeviceCa> {
  const req = parseRequest(deviceCaCreateSchema, opts, 'The device CA parameters are invalid.');
  const keys = await globalThis.crypto.subtle.generateKey(CA_KEY_ALGORITHM, true, ['sign', 'verify']);
  const notBefore = new Date(Math.floor((req.now.getTime() - CLOCK_SKEW_MS) / 1000) * 1000);
  const notAfter = new Date(Math.floor((req.now.getTime() + (req.validityDays ?? 3650) * DAY_MS) / 1000) * 1000);
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: [{ CN: [req.commonName] }],
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      // pathlen 0: this root signs leaves only, never a subordinate CA (RFC 5280 section 4.2.1.9).
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem'), keyPem: PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

function invalidCa(message: string, cause?: unknown): never {
  throw deviceCaError('VERITY_DEVICE_CA_INVALID', message, [], cause);
}

/** Load a CA from its certificate PEM and (decrypted) PKCS#8 key PEM into a signer; checks that they belong together. */
export async function loadCa(certPem: string, keyPem: string): Promise<DeviceCa> {
  let cert: X509Certificate;
  try {
    if (typeof certPem !== 'string' || !certPem.includes('-----BEGIN CERTIFICATE-----')) invalidCa('The device CA certificate is not PEM.');
    cert = new X509Certificate(certPem);
  } catch (error) {
    return invalidCa('The device CA certificate cannot be parsed.', error);
  }
  const constraints = cert.getExtension(BasicConstraintsExtension);
  if (!constraints?.ca) invalidCa('The device CA certificate is not a CA certificate (basicConstraints CA:false).');
  const algorithm = cert.publicKey.algorithm as { name: string; namedCurve?: string };
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') invalidCa('The device CA key must be ECDSA P-256.');

  let privateKey: webcrypto.CryptoKey;
  let publicKey: webcrypto.CryptoKey;
  try {
    const pem = PemConverter.decodeWithHeaders(keyPem).find((block) => block.type === 'PRIVATE KEY');
    if (!pem) invalidCa('The device CA key is not a PKCS#8 "PRIVATE KEY" PEM.');
    // Non-extractable: once loaded, the key can sign but cannot be read back out of this process's key object.
    privateKey = await globalThis.crypto.subtle.importKey('pkcs8', pem.rawData, CA_KEY_ALGORITHM, false, ['sign']);
    publicKey = await cert.publicKey.export(CA_KEY_ALGORITHM, ['verify']);
  } catch (error) {
    return invalidCa('The device CA key cannot be imported.', error);
  }
  // A key that does not match the certificate would issue certificates nobody can verify.
  const probe = new TextEncoder().encode('verity device CA key check');
  const probeSignature = await globalThis.crypto.subtle.sign(SIGNING_ALGORITHM, privateKey, probe);
  if (!(await globalThis.crypto.subtle.verify(SIGNING_ALGORITHM, publicKey, probeSignature, probe))) {
    invalidCa('The device CA key does not match the CA certificate.');
  }
  const ski = cert.getExtension(SubjectKeyIdentifierExtension);
  const keyId = ski?.keyId ?? Buffer.from(await cert.publicKey.getKeyIdentifier()).toString('hex');
  const signer: CaSigner = { cert, privateKey, publicKey, keyId };
  const ca: DeviceCa = {
    certPem: cert.toString('pem'),
    fingerprint256: sha256Hex(cert.rawData),
    notAfter: cert.notAfter,
    issueDeviceCertificate: (req) => issueDeviceCertificate(signer, req),
    issueServerCertificate: (req) => issueServerCertificate(signer, req),
  };
  return Object.freeze(ca);
}
