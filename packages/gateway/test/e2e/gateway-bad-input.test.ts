// Bad input at the gateway: request smuggling, oversized heads, malformed requests, forged,
// expired and replayed session credentials and identity assertions, client certificates from
// another CA, expired ones; each refused with a stable code (page or problem+json) and logged.
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeviceCa, loadCa } from '../../../server/src/device-ca/device-ca.js';
import { createDeviceKeyAndCsr } from '../../../server/src/device-ca/device-csr.js';
import { controlPlaneWorld, gatewayWithApp, gwCall, signInThroughGateway, until, type ControlPlaneWorld } from '../gateway-harness.js';

/** Send raw bytes over TLS (with the device certificate) and read the answer until the gateway closes. */
function raw(url: string, caPem: string, device: { keyPem: string; certPem: string }, bytes: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: u.hostname, port: Number(u.port), ca: caPem, key: device.keyPem, cert: device.certPem, servername: 'localhost' }, () => s.write(bytes));
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', reject);
    setTimeout(() => { s.destroy(); resolve(Buffer.concat(chunks).toString('utf8')); }, 5_000);
  });
}
const codeOf = (answer: string) => /"code":"([A-Z_]+)"/.exec(answer)?.[1];
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);

describe('gateway: bad input is refused with a clear code', () => {
  let w: ControlPlaneWorld;
  let g: Awaited<ReturnType<typeof gatewayWithApp>>;
  let token: string;

  beforeAll(async () => {
    w = await controlPlaneWorld();
    g = await gatewayWithApp(w);
    token = await signInThroughGateway(g.gateway, w.s.caPem, w.user);
  });
  afterAll(async () => {
    await g?.gateway.close();
    await g?.app.close();
    await w?.close();
  });

  const auth = () => `Authorization: Bearer ${token}\r\n`;

  describe('request smuggling and malformed framing (RFC 9112 §6.3) never reach the app', () => {
    const cases: Record<string, string> = {
      'Content-Length and Transfer-Encoding together': 'POST /whoami HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'two different Content-Length values': 'POST /whoami HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde',
      'Transfer-Encoding not ending in chunked': 'POST /whoami HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n',
      'an obfuscated Transfer-Encoding': 'POST /whoami HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n',
      'a non-numeric Content-Length': 'POST /whoami HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4x\r\n\r\nabcd',
    };
    for (const [name, bytes] of Object.entries(cases)) {
      it(name, async () => {
        const answer = await raw(g.gateway.url, w.s.caPem, w.user.device, bytes.replace('\r\n\r\n', `\r\n${auth()}\r\n`));
        expect(statusOf(answer)).toBe(400);
        expect(['VERITY_GATEWAY_REQUEST_SMUGGLING', 'VERITY_GATEWAY_BAD_REQUEST']).toContain(codeOf(answer));
        expect(answer).toContain('application/problem+json');
      });
    }

    it('the classic CL.TE pair is named as smuggling', async () => {
      const answer = await raw(g.gateway.url, w.s.caPem, w.user.device, `POST /whoami HTTP/1.1\r\nHost: localhost\r\n${auth()}Content-Length: 13\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nSMUGGLED`);
      expect(codeOf(answer)).toBe('VERITY_GATEWAY_REQUEST_SMUGGLING');
      expect(answer).not.toContain('"sub"');
    });

    it('a malformed request line is a 400, not a 500', async () => {
      const answer = await raw(g.gateway.url, w.s.caPem, w.user.device, 'GET /whoami HTTP/1.1 extra\r\nHost: localhost\r\n\r\n');
      expect(statusOf(answer)).toBe(400);
      expect(codeOf(answer)).toBe('VERITY_GATEWAY_BAD_REQUEST');
    });
  });

  it('refuses oversized headers with 431', async () => {
    const answer = await raw(g.gateway.url, w.s.caPem, w.user.device, `GET /whoami HTTP/1.1\r\nHost: localhost\r\n${auth()}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(statusOf(answer)).toBe(431);
    expect(codeOf(answer)).toBe('VERITY_GATEWAY_HEADERS_TOO_LARGE');
  });

  it('refuses a request that brings its own identity assertion (it could only be forged or replayed)', async () => {
    const real = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token });
    expect(real.status).toBe(200);
    const res = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token, headers: { 'x-verity-identity': 'eyJhbGciOiJub25lIn0.e30.' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VERITY_GATEWAY_IDENTITY_HEADER_REFUSED');
  });

  it('refuses a forged session token (signature altered, or signed by another key) and clears the cookie', async () => {
    const [h, p, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const elevated = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    for (const forged of [`${h}.${elevated}.${sig}`, `${h}.${p}.${sig!.slice(0, -4)}AAAA`, 'a.b.c']) {
      const res = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, cookie: `__Host-verity-session=${forged}` });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('VERITY_GATEWAY_SESSION_INVALID');
      expect(String(res.headers['set-cookie'])).toContain('__Host-verity-session=; Path=/');
    }
  });

  it('refuses a session replayed from another machine: the token is bound to the device certificate', async () => {
    const other = await createDeviceKeyAndCsr('other-host');
    const otherCert = await w.s.server.ctx.deviceCa.issueDeviceCertificate({ csrPem: other.csrPem, tenantId: w.user.device.tenantId, deviceId: 'not-enrolled', now: new Date(), validityDays: 1 });
    const noCert = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { bearer: token });
    expect(noCert.body.code).toBe('VERITY_GATEWAY_SESSION_DEVICE_MISMATCH');
    const wrongDevice = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { bearer: token, device: { keyPem: other.keyPem, certPem: otherCert.certPem } });
    // The certificate names no enrolled device: refused before the session is even read.
    expect(wrongDevice.body.code).toBe('VERITY_GATEWAY_DEVICE_UNKNOWN');
  });

  it('refuses an expired session (the gateway clock past the token lifetime)', async () => {
    const { startGateway } = await import('../../src/index.js');
    const later = await startGateway({ config: w.gatewayConfig({ gatewayId: 'gateway-late' }), now: () => new Date(Date.now() + 13 * 3600_000), logger: (await import('pino')).default({ level: 'silent' }) });
    try {
      await until(() => later.state.routes.match('localhost', '/'), 'snapshot on the second gateway');
      const res = await gwCall(later.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token });
      expect(res.body.code).toBe('VERITY_GATEWAY_SESSION_EXPIRED');
      const browser = await gwCall(later.url, w.s.caPem, '/', { device: w.user.device, cookie: `__Host-verity-session=${token}`, headers: { accept: 'text/html' } });
      expect(browser.status).toBe(302);
      expect(browser.headers.location).toContain('reason=VERITY_GATEWAY_SESSION_EXPIRED');
    } finally {
      await later.close();
    }
  });

  it('refuses a client certificate from another CA, even one naming the right device', async () => {
    const rogue = await createDeviceCa({ commonName: 'Rogue CA', now: new Date() });
    const rogueCa = await loadCa(rogue.certPem, rogue.keyPem);
    const key = await createDeviceKeyAndCsr('ada-laptop');
    const cert = await rogueCa.issueDeviceCertificate({ csrPem: key.csrPem, tenantId: w.user.device.tenantId, deviceId: w.user.device.deviceId, now: new Date(), validityDays: 30 });
    const res = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: { keyPem: key.keyPem, certPem: cert.certPem }, bearer: token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('VERITY_GATEWAY_DEVICE_CERT_UNTRUSTED');
    const page = await gwCall(g.gateway.url, w.s.caPem, '/', { device: { keyPem: key.keyPem, certPem: cert.certPem }, bearer: token, headers: { accept: 'text/html' } });
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('This device certificate is not trusted');
  });

  it('refuses an expired device certificate', async () => {
    const key = await createDeviceKeyAndCsr('ada-laptop');
    const cert = await w.s.server.ctx.deviceCa.issueDeviceCertificate({ csrPem: key.csrPem, tenantId: w.user.device.tenantId, deviceId: w.user.device.deviceId, now: new Date(Date.now() - 3 * 86_400_000), validityDays: 1 });
    const res = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: { keyPem: key.keyPem, certPem: cert.certPem }, bearer: token });
    expect(res.body.code).toBe('VERITY_GATEWAY_DEVICE_CERT_EXPIRED');
  });

  it('answers a host no app is published on with 404 VERITY_GATEWAY_NO_APP', async () => {
    const res = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token, headers: { host: 'intranet.example' } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('VERITY_GATEWAY_NO_APP');
  });

  it('escapes everything it echoes on its pages (no markup from the request)', async () => {
    const res = await gwCall(g.gateway.url, w.s.caPem, '/x', { device: w.user.device, bearer: token, headers: { host: 'a<script>.example', accept: 'text/html' } });
    expect(res.text).not.toContain('<script>');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
  });

  describe('the app refuses assertions that did not come from this gateway', () => {
    const direct = async (assertion: string | undefined) => {
      const r = await fetch(`${g.app.url}/whoami`, { headers: assertion ? { 'x-verity-identity': assertion } : {} });
      return { status: r.status, body: await r.json() as { code?: string; sub?: string } };
    };

    it('missing, forged, replayed, expired', async () => {
      expect((await direct(undefined)).body.code).toBe('VERITY_UPSTREAM_ASSERTION_MISSING');
      // A genuine assertion, captured by pointing the app route at an echo upstream for one request.
      const { createServer } = await import('node:http');
      let captured = '';
      const echo = createServer((req, res) => { captured = String(req.headers['x-verity-identity']); res.end('ok'); });
      await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
      try {
        await w.s.call('PATCH', `/api/v1/apps/${g.appRecordId}`, { token: w.t.adminToken, body: { upstreamUrl: `http://127.0.0.1:${(echo.address() as { port: number }).port}` } });
        await until(async () => { await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token }); return captured.length > 0; }, 'a captured assertion');
      } finally {
        await w.s.call('PATCH', `/api/v1/apps/${g.appRecordId}`, { token: w.t.adminToken, body: { upstreamUrl: g.app.url } });
        echo.close();
      }
      const first = await direct(captured);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.sub).toBe(w.user.userId);
      // The sample app accepts an assertion it has seen (the gateway reuses one for a few seconds);
      // an app paired with a gateway that signs one per request refuses it.
      expect((await direct(captured)).status).toBe(200);
      const { identityAssertionVerifier: strictVerifier } = await import('../../src/index.js');
      const strict = strictVerifier({ jwks: g.gateway.jwks(), issuer: g.gateway.url, audience: 'sample-app', refuseReplays: true });
      expect((await strict.verify(captured)).ok).toBe(true);
      expect(await strict.verify(captured)).toMatchObject({ ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_REPLAYED' });
      const [h, p, s] = captured.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as Record<string, unknown>;
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'mallory', jti: crypto.randomUUID() })).toString('base64url')}.${s}`;
      expect((await direct(tampered)).body.code).toBe('VERITY_UPSTREAM_ASSERTION_INVALID');
      const { identityAssertionVerifier } = await import('../../src/index.js');
      const verifier = identityAssertionVerifier({ jwks: g.gateway.jwks(), issuer: g.gateway.url, audience: 'sample-app' });
      const late = await verifier.verify(captured, new Date(Date.now() + 10 * 60_000));
      expect(late).toMatchObject({ ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_EXPIRED' });
    });
  });
});
