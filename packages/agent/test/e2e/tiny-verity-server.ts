import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import * as x509 from '@peculiar/x509';

/**
 * A tiny HTTPS server speaking the device API contract v1, with its own CA, for client tests.
 * It is deliberately small: it checks what the contract says the agent must do (mTLS with a
 * certificate from this CA, CSR signed by the key, problem+json errors) and records requests.
 */
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type Keys = { privateKey: webcrypto.CryptoKey; publicKey: webcrypto.CryptoKey };
const gen = async () => (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as Keys;
const pemKey = async (k: webcrypto.CryptoKey) => x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', k), 'PRIVATE KEY');
let serial = 1;
const nextSerial = () => (serial++).toString(16).padStart(4, '0');

export interface TestCa {
  readonly caPem: string;
  readonly fingerprint256: string;
  issueDevice(csrPem: string, cn: string, lifetimeMs: number): Promise<string>;
  issueServer(): Promise<{ certPem: string; keyPem: string }>;
}

/** A self-made CA (ECDSA P-256). */
export async function createTestCa(): Promise<TestCa> {
  const keys = await gen();
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: 'CN=Verity Test Device CA',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    keys: keys as never,
    signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const digest = new Uint8Array(await webcrypto.subtle.digest('SHA-256', ca.rawData));
  const issue = async (subject: string, publicKey: webcrypto.CryptoKey, lifetimeMs: number, extensions: x509.Extension[]) =>
    (
      await x509.X509CertificateGenerator.create({
        serialNumber: nextSerial(),
        subject,
        issuer: ca.subject,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + lifetimeMs),
        signingKey: keys.privateKey as never,
        publicKey: publicKey as never,
        signingAlgorithm: ALG,
        extensions,
      })
    ).toString('pem');
  return {
    caPem: ca.toString('pem'),
    fingerprint256: [...digest].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':'),
    async issueDevice(csrPem, cn, lifetimeMs) {
      const csr = new x509.Pkcs10CertificateRequest(csrPem);
      if (!(await csr.verify())) throw new Error('bad CSR signature');
      const pub = (await csr.publicKey.export(webcrypto as never)) as unknown as webcrypto.CryptoKey;
      return issue(`CN=${cn}`, pub, lifetimeMs, [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]), new x509.BasicConstraintsExtension(false)]);
    },
    async issueServer() {
      const k = await gen();
      const certPem = await issue('CN=localhost', k.publicKey, 86_400_000, [
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }]),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      ]);
      return { certPem, keyPem: await pemKey(k.privateKey) };
    },
  };
}

export interface CheckinRecord {
  readonly deviceId: string;
  readonly body: { report: { collectedAt: string }; commandResults?: { commandId: string; status: string; detail?: string }[] };
}

export interface TinyServer {
  readonly url: string;
  readonly ca: TestCa;
  readonly checkins: CheckinRecord[];
  readonly renewals: string[];
  /** What the next check-ins answer: normal, 503, or a 403 code. */
  mode: 'up' | 'unavailable' | 'revoked' | 'retired';
  commands: { id: string; kind: string; payload: Record<string, unknown> }[];
  renewCertificate: boolean;
  deviceCertLifetimeMs: number;
  /** Stop listening (connections refused) and start again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Start the server on 127.0.0.1 (random port) with enrollment token `token-ok`. */
export async function startTinyServer(): Promise<TinyServer> {
  const ca = await createTestCa();
  const tls = await ca.issueServer();
  let deviceSeq = 0;
  const problem = (status: number, code: string) => ({ status, body: { type: 'about:blank', title: code, status, detail: code, instance: '/', code } });
  const state: Omit<TinyServer, 'url' | 'stop' | 'start' | 'close'> & { port: number } = {
    ca,
    checkins: [],
    renewals: [],
    mode: 'up',
    commands: [],
    renewCertificate: false,
    deviceCertLifetimeMs: 86_400_000,
    port: 0,
  };

  const handle = async (method: string, path: string, body: any, socket: TLSSocket): Promise<{ status: number; body: unknown }> => {
    const peer = socket.getPeerCertificate();
    const deviceId = socket.authorized && peer?.subject ? String(peer.subject.CN) : undefined;
    if (method === 'GET' && path === '/api/v1/ca') return { status: 200, body: { caCertificate: ca.caPem, fingerprint256: ca.fingerprint256 } };
    if (method === 'POST' && path === '/api/v1/enroll') {
      if (body?.enrollmentToken !== 'token-ok') return problem(401, 'VERITY_ENROLLMENT_TOKEN_INVALID');
      if (typeof body.device?.hostname !== 'string') return problem(400, 'VERITY_VALIDATION_FAILED');
      const id = `dev-${++deviceSeq}`;
      return { status: 201, body: { tenantId: 'tenant-1', deviceId: id, certificate: await ca.issueDevice(body.csr, id, state.deviceCertLifetimeMs), caCertificate: ca.caPem, checkinIntervalSeconds: 900 } };
    }
    if (method === 'POST' && path === '/api/v1/register') {
      if (body?.tenant !== 'example.com' || body.username !== 'alice' || body.password !== 'correct horse') return problem(401, 'VERITY_AUTH_INVALID_CREDENTIALS');
      const id = `dev-${++deviceSeq}`;
      return { status: 201, body: { tenantId: 'tenant-1', deviceId: id, certificate: await ca.issueDevice(body.csr, id, state.deviceCertLifetimeMs), caCertificate: ca.caPem, checkinIntervalSeconds: 600 } };
    }
    if (path.startsWith('/api/v1/device/')) {
      if (deviceId === undefined) return problem(401, 'VERITY_DEVICE_CERT_REQUIRED');
      if (path === '/api/v1/device/checkin' && method === 'POST') {
        if (state.mode === 'unavailable') return problem(503, 'VERITY_SERVER_UNAVAILABLE');
        if (state.mode === 'revoked') return problem(403, 'VERITY_DEVICE_REVOKED');
        if (state.mode === 'retired') return problem(403, 'VERITY_DEVICE_RETIRED');
        state.checkins.push({ deviceId, body });
        const commands = state.commands;
        state.commands = [];
        return { status: 200, body: { deviceId, complianceState: 'compliant', nextCheckinSeconds: 900, renewCertificate: state.renewCertificate, commands } };
      }
      if (path === '/api/v1/device/renew' && method === 'POST') {
        state.renewals.push(deviceId);
        state.renewCertificate = false;
        return { status: 200, body: { certificate: await ca.issueDevice(body.csr, deviceId, state.deviceCertLifetimeMs), caCertificate: ca.caPem } };
      }
      if (path === '/api/v1/device/status' && method === 'GET') {
        return {
          status: 200,
          body: {
            deviceId, tenantId: 'tenant-1', status: 'active', complianceState: 'noncompliant', lastCheckinAt: new Date().toISOString(),
            compliance: { policies: [{ policyId: 'p1', displayName: 'Linux baseline', state: 'noncompliant', settings: [
              { setting: 'storageRequireEncryption', state: 'noncompliant', observed: false, expected: true, reason: 'The root volume / is not encrypted.', remediation: 'Reinstall with full-disk encryption (LUKS).' },
              { setting: 'firewallEnabled', state: 'compliant', observed: true, expected: true, reason: null, remediation: null },
            ] }] },
          },
        };
      }
    }
    return problem(404, 'VERITY_NOT_FOUND');
  };

  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem, ca: ca.caPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      handle(req.method ?? 'GET', req.url ?? '/', text === '' ? undefined : JSON.parse(text), req.socket as TLSSocket)
        .then((r) => {
          res.writeHead(r.status, { 'content-type': r.status >= 400 ? 'application/problem+json' : 'application/json' });
          res.end(JSON.stringify(r.body));
        })
        .catch((e) => {
          res.writeHead(500, { 'content-type': 'application/problem+json' });
          res.end(JSON.stringify({ status: 500, code: 'VERITY_INTERNAL', detail: String(e) }));
        });
    });
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  state.port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return Object.assign(state, {
    url: `https://localhost:${state.port}`,
    stop,
    start: () => listen(state.port),
    close: stop,
  });
}
