import { once } from 'node:events';
import { request, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVerityError } from '@verity/core';
import { createDeviceCa, loadCa, type DeviceCa } from './device-ca.js';
import { createDeviceKeyAndCsr } from './device-csr.js';
import { verifyDeviceCertificate } from './verify-device-certificate.js';

// A real mutual-TLS handshake with Node's https: the server presents a certificate from the
// device CA, asks for a client certificate, and authenticates it with verifyDeviceCertificate.
// The server does not reject unauthorized peers at the TLS layer, so the application-level
// check is what decides (as a gateway does when it wants to answer with a problem document).

interface Answer {
  status: number;
  body: { tlsAuthorized: boolean; tenantId?: string; deviceId?: string; code?: string };
}

let ca: DeviceCa;
let otherCa: DeviceCa;
let server: Server;
let port: number;

async function deviceCredentials(issuer: DeviceCa, deviceId: string, now: Date, validityDays = 90) {
  const { keyPem, csrPem } = await createDeviceKeyAndCsr(deviceId);
  const issued = await issuer.issueDeviceCertificate({ csrPem, tenantId: 'contoso', deviceId, now, validityDays });
  return { key: keyPem, cert: issued.certPem };
}

function call(client: { key: string; cert: string } | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/whoami', method: 'GET', ca: ca.certPem, ...client, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const now = new Date();
  const created = await createDeviceCa({ commonName: 'Verity Device CA tls-test', now });
  ca = await loadCa(created.certPem, created.keyPem);
  const other = await createDeviceCa({ commonName: 'Verity Device CA tls-test', now });
  otherCa = await loadCa(other.certPem, other.keyPem);
  const serverCert = await ca.issueServerCertificate({ hostnames: ['localhost'], ips: ['127.0.0.1'], now, validityDays: 30 });
  server = createServer({ key: serverCert.keyPem, cert: serverCert.certPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.getPeerCertificate();
    const tlsAuthorized = socket.authorized;
    const raw = peer && 'raw' in peer ? peer.raw : undefined;
    const reply = (status: number, body: Answer['body']) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!raw) return reply(401, { tlsAuthorized, code: 'NO_CERT' });
    verifyDeviceCertificate(ca, raw, new Date()).then(
      (identity) => reply(200, { tlsAuthorized, tenantId: identity.tenantId, deviceId: identity.deviceId }),
      (error: unknown) => reply(isVerityError(error) ? error.status : 500, { tlsAuthorized, code: isVerityError(error) ? error.code : 'INTERNAL' }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

describe('mutual TLS with device certificates', () => {
  it('authenticates a device certificate from the CA, and the client verifies the server certificate', async () => {
    const answer = await call(await deviceCredentials(ca, 'dev-tls-1', new Date()));
    expect(answer).toEqual({ status: 200, body: { tlsAuthorized: true, tenantId: 'contoso', deviceId: 'dev-tls-1' } });
  });

  it('rejects a device certificate from another CA', async () => {
    const answer = await call(await deviceCredentials(otherCa, 'dev-tls-1', new Date()));
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ tlsAuthorized: false, code: 'VERITY_DEVICE_CERT_UNKNOWN' });
  });

  it('rejects an expired device certificate', async () => {
    const longAgo = new Date(Date.now() - 30 * 86_400_000);
    const answer = await call(await deviceCredentials(ca, 'dev-tls-2', longAgo, 1));
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ tlsAuthorized: false, code: 'VERITY_DEVICE_CERT_EXPIRED' });
  });

  it('answers 401 when no client certificate is sent', async () => {
    const answer = await call(undefined);
    expect(answer.status).toBe(401);
  });
});
