import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthorityKeyIdentifierExtension, BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, SubjectKeyIdentifierExtension, X509Certificate } from './x509-library.js';
import { createDeviceCa, loadCa, type DeviceCa } from './device-ca.js';
import { createDeviceKeyAndCsr } from './device-csr.js';
import { createSecretBox } from './secret-box.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const DAY = 86_400_000;

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; status?: number; expose?: boolean; details?: { path: string }[] }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string };
  }
  throw new Error('expected a rejection');
}

let created: { certPem: string; keyPem: string };
let ca: DeviceCa;
let csrPem: string;

beforeAll(async () => {
  created = await createDeviceCa({ commonName: 'Verity Device CA inst-1', now: NOW });
  ca = await loadCa(created.certPem, created.keyPem);
  csrPem = (await createDeviceKeyAndCsr('laptop-42')).csrPem;
});

describe('createDeviceCa', () => {
  it('creates a P-256 self-signed root: CA:true pathlen 0, keyCertSign + cRLSign, 10 years', () => {
    const root = new NodeX509Certificate(created.certPem);
    expect(root.ca).toBe(true);
    expect(root.subject).toBe('CN=Verity Device CA inst-1');
    expect(root.issuer).toBe(root.subject);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(root.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    expect(new Date(root.validTo).getTime() - NOW.getTime()).toBeGreaterThan(3649 * DAY);
    // Node does not expose pathlen or keyUsage bits; read them with @peculiar/x509.
    const parsed = new X509Certificate(created.certPem);
    const constraints = parsed.getExtension(BasicConstraintsExtension)!;
    expect(constraints).toMatchObject({ ca: true, pathLength: 0, critical: true });
    const usage = parsed.getExtension(KeyUsagesExtension)!;
    expect(usage.usages).toBe(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign);
    expect(usage.critical).toBe(true);
    expect(created.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('reports its fingerprint as lowercase SHA-256 hex of the DER', () => {
    const fp = new NodeX509Certificate(created.certPem).fingerprint256.replace(/:/g, '').toLowerCase();
    expect(ca.fingerprint256).toBe(fp);
  });

  it('refuses bad parameters with INVALID_REQUEST naming the path', async () => {
    expect(await rejection(createDeviceCa({ commonName: '', now: NOW }))).toMatchObject({ code: 'VERITY_DEVICE_CA_INVALID_REQUEST', details: [{ path: '$.commonName' }] });
    expect(await rejection(createDeviceCa({ commonName: 'x', now: new Date(Number.NaN) }))).toMatchObject({ code: 'VERITY_DEVICE_CA_INVALID_REQUEST', details: [{ path: '$.now' }] });
  });
});

describe('loadCa', () => {
  it('loads a CA whose key was sealed at rest and opened again', async () => {
    const box = createSecretBox('a'.repeat(64));
    const sealed = box.seal(created.keyPem, 'device-ca-key');
    const again = await loadCa(created.certPem, box.open(sealed, 'device-ca-key').toString('utf8'));
    expect(again.fingerprint256).toBe(ca.fingerprint256);
  });

  it('refuses a key that does not belong to the certificate, a non-CA certificate and garbage', async () => {
    const other = await createDeviceCa({ commonName: 'Other', now: NOW });
    expect(await rejection(loadCa(created.certPem, other.keyPem))).toMatchObject({ code: 'VERITY_DEVICE_CA_INVALID', status: 500, expose: false });
    const server = await ca.issueServerCertificate({ hostnames: ['localhost'], ips: [], now: NOW, validityDays: 30 });
    expect((await rejection(loadCa(server.certPem, server.keyPem))).code).toBe('VERITY_DEVICE_CA_INVALID');
    expect((await rejection(loadCa('not a pem', created.keyPem))).code).toBe('VERITY_DEVICE_CA_INVALID');
    expect((await rejection(loadCa(created.certPem, 'not a key'))).code).toBe('VERITY_DEVICE_CA_INVALID');
  });
});

describe('issueDeviceCertificate', () => {
  it('issues a client-auth certificate naming tenant and device, verifiable with the CA key', async () => {
    const issued = await ca.issueDeviceCertificate({ csrPem, tenantId: 'contoso', deviceId: 'dev-0001', now: NOW, validityDays: 90 });
    const cert = new NodeX509Certificate(issued.certPem);
    const root = new NodeX509Certificate(ca.certPem);
    expect(cert.verify(root.publicKey)).toBe(true);
    expect(cert.checkIssued(root)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBe('URI:spiffe://verity/tenant/contoso/device/dev-0001');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.subject.split('\n').sort()).toEqual(['CN=dev-0001', 'O=contoso']);
    expect(cert.serialNumber).toBe(issued.serialNumber);
    expect(issued.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/);
    expect(issued.serialNumber.startsWith('00')).toBe(false);
    expect(issued.notBefore.toISOString()).toBe('2026-11-29T11:55:00.000Z');
    expect(issued.notAfter.getTime()).toBe(NOW.getTime() + 90 * DAY);
    expect(new Date(cert.validFrom).getTime()).toBe(issued.notBefore.getTime());
    expect(new Date(cert.validTo).getTime()).toBe(issued.notAfter.getTime());
    expect(issued.fingerprint256).toBe(cert.fingerprint256.replace(/:/g, '').toLowerCase());
    const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
    const { createHash } = await import('node:crypto');
    expect(issued.publicKeyFingerprint256).toBe(createHash('sha256').update(spki).digest('hex'));
    const parsed = new X509Certificate(issued.certPem);
    expect(parsed.getExtension(KeyUsagesExtension)!.usages).toBe(KeyUsageFlags.digitalSignature);
    expect(parsed.getExtension(BasicConstraintsExtension)).toMatchObject({ ca: false, critical: true });
    const caKeyId = new X509Certificate(ca.certPem).getExtension(SubjectKeyIdentifierExtension)!.keyId;
    expect(parsed.getExtension(AuthorityKeyIdentifierExtension)!.keyId).toBe(caKeyId);
    expect(parsed.getExtension(SubjectKeyIdentifierExtension)!.keyId).toMatch(/^[0-9a-f]{40}$/);
    expect(parsed.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
  });

  it('uses random distinct serials, or the one given', async () => {
    const a = await ca.issueDeviceCertificate({ csrPem, tenantId: 't', deviceId: 'd', now: NOW, validityDays: 1 });
    const b = await ca.issueDeviceCertificate({ csrPem, tenantId: 't', deviceId: 'd', now: NOW, validityDays: 1 });
    expect(a.serialNumber).not.toBe(b.serialNumber);
    const c = await ca.issueDeviceCertificate({ csrPem, tenantId: 't', deviceId: 'd', now: NOW, validityDays: 1, serialNumber: '0abc' });
    expect(c.serialNumber).toBe('0ABC');
    expect(new NodeX509Certificate(c.certPem).serialNumber).toBe('0ABC');
  });

  it('never outlives the CA', async () => {
    const short = await createDeviceCa({ commonName: 'Short', now: NOW, validityDays: 10 });
    const shortCa = await loadCa(short.certPem, short.keyPem);
    const issued = await shortCa.issueDeviceCertificate({ csrPem, tenantId: 't', deviceId: 'd', now: NOW, validityDays: 90 });
    expect(issued.notAfter.getTime()).toBe(shortCa.notAfter.getTime());
    const late = await rejection(shortCa.issueDeviceCertificate({ csrPem, tenantId: 't', deviceId: 'd', now: new Date(NOW.getTime() + 11 * DAY), validityDays: 90 }));
    expect(late).toMatchObject({ code: 'VERITY_DEVICE_CA_EXPIRED', status: 500 });
  });

  it('refuses invalid requests with the JSON path of each problem', async () => {
    const bad = await rejection(ca.issueDeviceCertificate({ csrPem, tenantId: 'a/b', deviceId: '', now: NOW, validityDays: 0, serialNumber: 'ff' }));
    expect(bad.code).toBe('VERITY_DEVICE_CA_INVALID_REQUEST');
    expect(bad.details!.map((d) => d.path).sort()).toEqual(['$.deviceId', '$.serialNumber', '$.tenantId', '$.validityDays']);
    expect((await rejection(ca.issueDeviceCertificate({ csrPem: 'garbage', tenantId: 't', deviceId: 'd', now: NOW, validityDays: 1 }))).code).toBe('VERITY_CSR_MALFORMED');
  });
});

describe('issueServerCertificate', () => {
  it('issues a serverAuth certificate with DNS and IP SANs and a matching key', async () => {
    const issued = await ca.issueServerCertificate({ hostnames: ['Verity.Example.com', 'localhost'], ips: ['127.0.0.1', '::1'], now: NOW, validityDays: 365 });
    const cert = new NodeX509Certificate(issued.certPem);
    expect(cert.verify(new NodeX509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.checkHost('verity.example.com')).toBe('verity.example.com');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    const { createPrivateKey } = await import('node:crypto');
    expect(cert.checkPrivateKey(createPrivateKey(issued.keyPem))).toBe(true);
    expect(cert.serialNumber).toBe(issued.serialNumber);
  });

  it('refuses requests without names or with bad names', async () => {
    expect(await rejection(ca.issueServerCertificate({ hostnames: [], ips: [], now: NOW, validityDays: 1 }))).toMatchObject({ code: 'VERITY_DEVICE_CA_INVALID_REQUEST', details: [{ path: '$.hostnames' }] });
    const bad = await rejection(ca.issueServerCertificate({ hostnames: ['ok.example', 'bad name'], ips: ['999.1.1.1'], now: NOW, validityDays: 1 }));
    expect(bad.details!.map((d) => d.path).sort()).toEqual(['$.hostnames[1]', '$.ips[0]']);
  });
});
