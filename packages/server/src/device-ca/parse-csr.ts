import { deviceCaError } from './device-ca-errors.js';
import { sha256Hex } from './fingerprint.js';
import { decodeStrictBase64 } from './strict-base64.js';
import { Pkcs10CertificateRequest } from './x509-library.js';

/**
 * CSR checks at the edge, in order, each with its own error code:
 *  1. size and encoding: PEM (`CERTIFICATE REQUEST`, or the legacy `NEW CERTIFICATE REQUEST`)
 *     or bare base64 DER, at most 16 KiB, one DER SEQUENCE with nothing after it  -> MALFORMED
 *  2. PKCS#10 structure (RFC 2986) parses                                          -> MALFORMED
 *  3. key and signature algorithm are ones we issue for                              -> UNSUPPORTED_KEY
 *  4. the public key is a valid curve point                                          -> MALFORMED
 *  5. the CSR's self-signature verifies with its own key (proof of possession)       -> BAD_SIGNATURE
 *
 * Key policy: EC P-256 (recommended; what the agent generates) or P-384, signed with
 * ECDSA-SHA256 or ECDSA-SHA384. RSA of any size, Ed25519 and other curves are refused: only our
 * agent enrolls, it always uses P-256, and every accepted algorithm widens what the parser and
 * every TLS peer must handle. Add RSA >= 3072 here if a hardware keystore ever needs it.
 */
export const MAX_CSR_CHARS = 16 * 1024;

const PEM_PATTERN = /^-----BEGIN (NEW )?CERTIFICATE REQUEST-----\r?\n([A-Za-z0-9+/=\r\n\t ]+)-----END (NEW )?CERTIFICATE REQUEST-----$/;
const ALLOWED_CURVES = new Set(['P-256', 'P-384']);
const ALLOWED_HASHES = new Set(['SHA-256', 'SHA-384']);
const CSR_PATH = '$.csr';

/** A CSR that passed every check; only its public key is used for issuance. */
export interface ParsedCsr {
  /** The CSR as DER. */
  readonly der: Buffer;
  /** SubjectPublicKeyInfo DER of the key to certify. */
  readonly publicKeySpki: Buffer;
  /** SHA-256 of the SPKI DER, lowercase hex: stable id of the device key across renewals. */
  readonly publicKeyFingerprint256: string;
  readonly keyType: 'ec-p256' | 'ec-p384';
  /** Subject as the device wrote it: informational, never copied into a certificate. */
  readonly subject: string;
}

function malformed(message: string, cause?: unknown): never {
  throw deviceCaError('VERITY_CSR_MALFORMED', message, [{ path: CSR_PATH, message }], cause);
}

/** PEM or base64 text to DER bytes, or a MALFORMED error. */
function csrBytes(csr: string): Buffer {
  if (typeof csr !== 'string') malformed('The CSR must be a string (PEM or base64 DER).');
  if (csr.length > MAX_CSR_CHARS) malformed(`The CSR is larger than ${MAX_CSR_CHARS} characters.`);
  const text = csr.trim();
  let body = text;
  if (text.startsWith('-----')) {
    const match = PEM_PATTERN.exec(text);
    if (!match || match[1] !== match[3]) malformed('The CSR is not a PEM "CERTIFICATE REQUEST" block.');
    body = match[2]!;
  }
  const der = decodeStrictBase64(body);
  if (!der) malformed('The CSR is not valid base64.');
  return der;
}

/** The DER must be exactly one SEQUENCE: trailing bytes would be ignored by the ASN.1 parser. */
function checkSingleSequence(der: Buffer): void {
  if (der.length < 2 || der[0] !== 0x30) malformed('The CSR is not a DER SEQUENCE.');
  const first = der[1]!;
  let length: number;
  let header: number;
  if (first < 0x80) {
    length = first;
    header = 2;
  } else {
    const count = first & 0x7f;
    // 16 KiB of input needs at most 2 length bytes; DER forbids the indefinite form (0x80).
    if (count < 1 || count > 2 || der.length < 2 + count) malformed('The CSR has an invalid DER length.');
    length = count === 1 ? der[2]! : der[2]! * 256 + der[3]!;
    header = 2 + count;
  }
  if (header + length !== der.length) malformed('The CSR has bytes missing or after its DER SEQUENCE.');
}

/** Parse + validate a CSR at the edge (PEM or base64 DER, <= 16 KiB, EC P-256/P-384, self-signature verified). */
export async function parseCsr(csr: string): Promise<ParsedCsr> {
  const der = csrBytes(csr);
  checkSingleSequence(der);

  let request: Pkcs10CertificateRequest;
  let spki: Buffer;
  let subject: string;
  try {
    request = new Pkcs10CertificateRequest(der);
    // The library decodes some parts lazily; touch them here so errors surface as MALFORMED.
    spki = Buffer.from(request.publicKey.rawData);
    subject = request.subject;
  } catch (error) {
    return malformed('The CSR is not a valid PKCS#10 certification request.', error);
  }

  // The structure parsed, so an algorithm the library cannot name is unsupported, not malformed.
  let keyAlgorithm: { name: string; namedCurve?: string };
  let signature: { name: string; hash?: { name?: string } };
  try {
    keyAlgorithm = request.publicKey.algorithm as typeof keyAlgorithm;
    signature = request.signatureAlgorithm as typeof signature;
  } catch {
    keyAlgorithm = { name: 'unknown' };
    signature = { name: 'unknown' };
  }

  if (keyAlgorithm.name !== 'ECDSA' || !ALLOWED_CURVES.has(keyAlgorithm.namedCurve ?? '')) {
    throw deviceCaError('VERITY_CSR_UNSUPPORTED_KEY', 'The CSR key must be an EC key on P-256 (recommended) or P-384.', [{ path: CSR_PATH, message: `Key algorithm ${keyAlgorithm.name}${keyAlgorithm.namedCurve ? ` ${keyAlgorithm.namedCurve}` : ''} is not accepted.`, expected: 'EC P-256 or P-384' }]);
  }
  if (signature.name !== 'ECDSA' || !ALLOWED_HASHES.has(signature.hash?.name ?? '')) {
    throw deviceCaError('VERITY_CSR_UNSUPPORTED_KEY', 'The CSR must be signed with ECDSA-SHA256 or ECDSA-SHA384.', [{ path: CSR_PATH, message: `Signature algorithm ${signature.name}${signature.hash?.name ? ` ${signature.hash.name}` : ''} is not accepted.`, expected: 'ECDSA with SHA-256 or SHA-384' }]);
  }

  try {
    await request.publicKey.export();
  } catch (error) {
    return malformed('The CSR public key is not a valid point on its curve.', error);
  }

  let verified = false;
  try {
    verified = await request.verify();
  } catch {
    verified = false;
  }
  if (!verified) {
    throw deviceCaError('VERITY_CSR_BAD_SIGNATURE', 'The CSR signature does not verify with the key it contains.', [{ path: CSR_PATH, message: 'Self-signature (proof of possession) failed.' }]);
  }

  return {
    der,
    publicKeySpki: spki,
    publicKeyFingerprint256: sha256Hex(spki),
    keyType: keyAlgorithm.namedCurve === 'P-384' ? 'ec-p384' : 'ec-p256',
    subject,
  };
}
