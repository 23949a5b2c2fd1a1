import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { JSONWebKeySet } from 'jose';
import { WebSocketServer } from 'ws';
import { escapeHtml, htmlPage, PAGE_CSP } from '../refusal/page-layout.js';
import { identityAssertionVerifier, type VerifiedIdentity } from '../upstream/identity-assertion-verifier.js';

/** A running sample app. */
export interface SampleApp { readonly url: string; readonly server: Server; close(): Promise<void> }

/**
 * The app the walkthrough puts behind the gateway: it trusts nobody but the gateway's identity
 * assertion (verified with the gateway's JWKS; with `refuseReplays`, a jti seen before is refused)
 * and shows who and which device it was given, with a Sign out button. `/events` is a server-sent
 * event stream, `/ws` a WebSocket echo: both stay open until the gateway closes them.
 */
export async function startSampleApp(options: { port?: number; host?: string; jwks: JSONWebKeySet | URL; issuer: string; audience: string; assertionHeader?: string; tickMs?: number; refuseReplays?: boolean }): Promise<SampleApp> {
  const verifier = identityAssertionVerifier({ jwks: options.jwks, issuer: options.issuer, audience: options.audience, refuseReplays: options.refuseReplays });
  const header = options.assertionHeader ?? 'x-verity-identity';
  const identityOf = async (req: IncomingMessage) => verifier.verify(typeof req.headers[header] === 'string' ? (req.headers[header] as string) : undefined);
  const problem = (res: ServerResponse, code: string, detail: string) => {
    const body = JSON.stringify({ type: `https://verity.dev/errors#${code.toLowerCase().replace(/_/g, '-')}`, title: 'Unauthorized', status: 401, detail, code });
    res.writeHead(401, { 'content-type': 'application/problem+json', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const verified = await identityOf(req);
      if (!verified.ok) return problem(res, verified.problem, verified.detail);
      const id = verified.identity;
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/whoami') {
        const body = JSON.stringify(id);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        return res.end(body);
      }
      if (path === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        let n = 0;
        const tick = setInterval(() => res.write(`data: tick ${++n}\n\n`), options.tickMs ?? 200);
        res.write(`data: hello ${id.upn}\n\n`);
        res.on('close', () => clearInterval(tick));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP, 'cache-control': 'no-store' });
      res.end(page(id));
    })();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    void identityOf(req).then((verified) => {
      if (!verified.ok || (req.url ?? '').split('?')[0] !== '/ws') { socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n'); return; }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.send(`hello ${verified.identity.upn}`);
        ws.on('message', (data) => ws.send(`echo ${String(data)}`));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`, server,
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    },
  };
}

function page(id: VerifiedIdentity): string {
  const device = id.device_id ? `${escapeHtml(id.device_id)} (${id.device_compliant ? 'compliant' : 'not compliant'})` : 'none presented';
  return htmlPage('Sample app', `<h1>Sample app</h1>
<p class="detail" id="greeting">Hello ${escapeHtml(id.upn)}: the gateway let you in.</p>
<p>Device: <span id="device">${device}</span></p>
<p class="muted">Sign-in ${escapeHtml(id.decision_id)} · assertion ${escapeHtml(id.jti)}</p>
<form method="post" action="/.verity/sign-out"><button type="submit">Sign out</button></form>`);
}
