// The Node.js floor for `npm run bench -- gateway`: the gateway's own TLS server settings and
// forwarding code (forward-http.ts) with nothing else: no session, no decision, no identity
// assertion, no sign-in log; only the client certificate's verification by TLS, as nginx does.
// What any single Node.js process pays to terminate mTLS and proxy a request: the gateway cannot
// be faster than this, so the bench reports how close to it the gateway comes.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { SnapshotApp } from '@verity/core';
import { forwardHttp, upstreamRequestHeaders, UpstreamPools } from '../packages/gateway/src/proxy/forward-http.js';

const [certFile, keyFile, caFile, upstreamUrl] = process.argv.slice(2) as [string, string, string, string];
const app = { upstreamUrl } as SnapshotApp;
const pools = new UpstreamPools();
const server = createServer({
  key: readFileSync(keyFile), cert: readFileSync(certFile), ca: [readFileSync(caFile)], minVersion: 'TLSv1.2',
  requestCert: true, rejectUnauthorized: false, keepAliveTimeout: 65_000,
}, (req, res) => {
  if (!(req.socket as TLSSocket).authorized) { res.writeHead(403).end(); return; }
  const headers = upstreamRequestHeaders(req.headers, { assertionHeader: 'x-forwarded-client-verified', assertion: 'SUCCESS', clientIp: req.socket.remoteAddress ?? '', dropAuthorization: true }, false);
  forwardHttp(pools, app, req, res, headers, () => {}).catch(() => { if (!res.headersSent) res.writeHead(502).end(); else res.destroy(); });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
