import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import type { SnapshotApp } from '@verity/core';
import { upstreamPath } from './forward-http.js';

const NO_SKIP: ReadonlySet<string> = new Set();
// A refusal is passed on decoded and delimited by the end of the connection: its framing fields no longer apply.
const FRAMING = new Set(['transfer-encoding', 'content-length', 'connection', 'keep-alive']);

/** Fields of the upstream's 101 answer passed to the client (hop-by-hop ones are the upgrade itself). */
function headLines(res: IncomingMessage, skip: ReadonlySet<string> = NO_SKIP): string {
  let head = '';
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i]!;
    const value = res.rawHeaders[i + 1]!;
    if (skip.has(name.toLowerCase()) || /[\r\n]/.test(name) || /[\r\n]/.test(value)) continue;
    head += `${name}: ${value}\r\n`;
  }
  return head;
}

/**
 * Forward a granted WebSocket upgrade (RFC 6455 over HTTP/1.1): open the same upgrade to the
 * upstream, pass its 101 answer on, then join the two sockets byte for byte. A refusal from the
 * upstream (any other status) is passed on as is and the connection closed. Resolves with the
 * joined sockets, or null when the upgrade did not happen.
 */
export function forwardUpgrade(app: SnapshotApp, req: IncomingMessage, client: Duplex, clientHead: Buffer, headers: Record<string, string | string[]>): Promise<{ upstream: Duplex } | null> {
  const url = new URL(app.upstreamUrl);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const up = request({ host: url.hostname, port: url.port || (url.protocol === 'https:' ? 443 : 80), method: req.method, path: upstreamPath(app, req.url ?? '/'), headers, agent: false });
    up.on('upgrade', (res, upstream, upstreamHead) => {
      client.write(`HTTP/1.1 101 Switching Protocols\r\n${headLines(res)}\r\n`);
      if (upstreamHead.length > 0) client.write(upstreamHead);
      if (clientHead.length > 0) upstream.write(clientHead);
      upstream.pipe(client);
      client.pipe(upstream);
      const end = () => { upstream.destroy(); client.destroy(); };
      upstream.on('error', end).on('close', end);
      client.on('error', end).on('close', end);
      resolve({ upstream });
    });
    up.on('response', (res) => {
      // No upgrade: the upstream's answer, as it gave it, then the connection ends.
      client.write(`HTTP/1.1 ${res.statusCode} ${res.statusMessage ?? ''}\r\n${headLines(res, FRAMING)}connection: close\r\n\r\n`);
      res.pipe(client);
      res.on('end', () => client.end());
      resolve(null);
    });
    up.on('error', reject);
    up.end();
  });
}
