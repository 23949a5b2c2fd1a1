import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { ServerConfig } from '../config/server-config.js';

/** An answer from a remote HTTPS endpoint (Shared Signals push, JWKS, stream configuration). */
export interface OutboundResponse { status: number; headers: Record<string, string | string[] | undefined>; text: string }

export interface OutboundRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Extra trust anchors for this call (PEM), besides the system roots and the configured outbound CAs. */
  readonly caPem?: string | null;
  readonly timeoutMs?: number;
  /** Largest response body read (bytes); more is an error. */
  readonly maxBytes?: number;
}

const cachedFileCas = new Map<string, string>();

/** The trust anchors of outbound calls: the system's, plus VERITY_OUTBOUND_CA_FILE, plus the call's own. */
function trustAnchors(config: Pick<ServerConfig, 'outboundCaFile'>, extra: string | null | undefined): string[] {
  const out = [...rootCertificates];
  if (config.outboundCaFile) {
    let pem = cachedFileCas.get(config.outboundCaFile);
    if (pem === undefined) cachedFileCas.set(config.outboundCaFile, (pem = readFileSync(config.outboundCaFile, 'utf8')));
    out.push(pem);
  }
  if (extra) out.push(extra);
  return out;
}

/**
 * One HTTPS call from the control plane to another system. HTTPS only (a Shared Signals
 * endpoint is configured by a remote party; plain HTTP would hand it tokens in clear), bounded
 * in time and size, no redirects followed (a redirect could point the call at an internal host).
 */
export function outboundHttps(config: Pick<ServerConfig, 'outboundCaFile'>, req: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(req.url);
  if (url.protocol !== 'https:') return Promise.reject(new Error(`only https:// URLs are called, not ${url.protocol}`));
  const maxBytes = req.maxBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const r = httpsRequest(url, {
      method: req.method, ca: trustAnchors(config, req.caPem), agent: false, timeout: req.timeoutMs ?? 10_000,
      headers: { ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}), ...req.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) { r.destroy(new Error(`response larger than ${maxBytes} bytes`)); return; }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no answer from ${url.origin} within ${req.timeoutMs ?? 10_000} ms`)));
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}
