import type { CaSigner } from './ca-signer.js';
import { leafValidity } from './ca-signer.js';
import { parseRequest, serverCertificateRequestSchema } from './certificate-requests.js';
import { deviceCaError } from './device-ca-errors.js';
import { randomSerialNumber } from './serial-number.js';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from './x509-library.js';

/** Input of DeviceCa.issueServerCertificate. */
export interface IssueServerCertificateRequest {
  readonly hostnames: readonly string[];
  readonly ips: readonly string[];
  readonly now: Date;
  readonly validityDays: number;
}

/** A TLS server certificate with its freshly generated key (PKCS#8 PEM). */
export interface IssuedServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly serialNumber: string;
}

/**
 * Issue the control plane's own TLS certificate from the device CA, so agents that pinned the CA
 * at enrollment can verify the server with no public PKI. Profile: SAN DNS + IP,
 * keyUsage digitalSignature (ECDHE key exchange needs nothing more), extKeyUsage serverAuth only.
 */
export async function issueServerCertificate(ca: CaSigner, input: IssueServerCertificateRequest): Promise<IssuedServerCertificate> {
  const req = parseRequest(serverCertificateRequestSchema, { ...input, hostnames: [...(input?.hostnames ?? [])], ips: [...(input?.ips ?? [])] }, 'The server certificate request is invalid.');
  const { notBefore, notAfter } = leafValidity(req.now, req.validityDays, ca.cert.notAfter);
  if (notAfter.getTime() <= req.now.getTime()) {
    throw deviceCaError('VERITY_DEVICE_CA_EXPIRED', 'The device CA has expired; rotate it before issuing server certificates.');
  }
  const hostnames = [...new Set(req.hostnames.map((h) => h.toLowerCase()))];
  const ips = [...new Set(req.ips)];
  const keys = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const serialNumber = randomSerialNumber();
  const cert = await X509CertificateGenerator.create({
    serialNumber,
    // A fixed CN: TLS clients match the SAN only (RFC 6125), and a long host name would break
    // X.520's 64-character CN bound.
    subject: [{ CN: ['Verity control plane'] }],
    issuer: ca.cert.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth], false),
      new SubjectAlternativeNameExtension([...hostnames.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))], false),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      new AuthorityKeyIdentifierExtension(ca.keyId),
    ],
  });
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem'), keyPem: PemConverter.encode(pkcs8, 'PRIVATE KEY'), serialNumber };
}
