import type { CaSigner } from './ca-signer.js';
import { leafValidity } from './ca-signer.js';
import { deviceCertificateRequestSchema, parseRequest } from './certificate-requests.js';
import { deviceCaError } from './device-ca-errors.js';
import { deviceIdentityUri } from './device-identity-uri.js';
import { sha256Hex } from './fingerprint.js';
import { parseCsr } from './parse-csr.js';
import { randomSerialNumber } from './serial-number.js';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PublicKey,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from './x509-library.js';

/** A device certificate as issued; the caller stores it (PEM, serial, validity, fingerprints). */
export interface IssuedCertificate {
  readonly certPem: string;
  /** Uppercase hex of a random positive 16-byte serial (as Node's X509Certificate reports it). */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 of the certificate DER, lowercase hex. */
  readonly fingerprint256: string;
  /** SHA-256 of the device key's SPKI DER, lowercase hex: the same across renewals that keep the key. */
  readonly publicKeyFingerprint256: string;
}

/** Input of DeviceCa.issueDeviceCertificate. */
export interface IssueDeviceCertificateRequest {
  readonly csrPem: string;
  readonly tenantId: string;
  readonly deviceId: string;
  readonly now: Date;
  readonly validityDays: number;
  readonly serialNumber?: string;
}

/**
 * Issue a device identity certificate for the key in a verified CSR. Only the CSR's public key is
 * used; every name comes from the caller (the enrolled tenant and device), never from the CSR.
 * Profile (RFC 5280): subject O=<tenant>, CN=<device>; one URI SAN with the SPIFFE-style identity;
 * basicConstraints CA:false (critical); keyUsage digitalSignature (critical); extKeyUsage
 * clientAuth only, so a device certificate cannot serve TLS; SKI and AKI; ECDSA-SHA256.
 */
export async function issueDeviceCertificate(ca: CaSigner, input: IssueDeviceCertificateRequest): Promise<IssuedCertificate> {
  const req = parseRequest(deviceCertificateRequestSchema, input, 'The device certificate request is invalid.');
  const csr = await parseCsr(req.csrPem);
  const { notBefore, notAfter } = leafValidity(req.now, req.validityDays, ca.cert.notAfter);
  if (notAfter.getTime() <= req.now.getTime()) {
    throw deviceCaError('VERITY_DEVICE_CA_EXPIRED', 'The device CA has expired; rotate it before enrolling devices.');
  }
  const publicKey = new PublicKey(csr.publicKeySpki);
  const serialNumber = (req.serialNumber ?? randomSerialNumber()).toUpperCase();
  const cert = await X509CertificateGenerator.create({
    serialNumber,
    subject: [{ O: [req.tenantId] }, { CN: [req.deviceId] }],
    issuer: ca.cert.subjectName,
    notBefore,
    notAfter,
    publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.clientAuth], false),
      // Non-critical: the subject DN is not empty (RFC 5280 section 4.2.1.6).
      new SubjectAlternativeNameExtension([{ type: 'url', value: deviceIdentityUri(req.tenantId, req.deviceId) }], false),
      await SubjectKeyIdentifierExtension.create(publicKey),
      new AuthorityKeyIdentifierExtension(ca.keyId),
    ],
  });
  return {
    certPem: cert.toString('pem'),
    serialNumber,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    fingerprint256: sha256Hex(cert.rawData),
    publicKeyFingerprint256: csr.publicKeyFingerprint256,
  };
}
