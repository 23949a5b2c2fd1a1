import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { SnapshotApp } from '@verity/core';
import { SESSION_COOKIE } from '../refusal/send-refusal.js';

/*
 * Forwarding by hand over undici rather than with a proxy library. Measured on this 2-core
 * machine, CPU per proxied request over keep-alive mTLS (same load generator, 32 connections,
 * upstream in its own process, GET of 11 bytes): undici Pool.stream ≈106 µs, node:http request
 * ≈174 µs, http-proxy-3 (the maintained http-proxy) ≈207 µs. The gateway adds a decision and a
 * signed assertion to every request, so the forwarding itself must be as cheap as it can be:
 * undici does the HTTP client work; this file only chooses which headers go where.
 */

/** Hop-by-hop fields (RFC 9110 §7.6.1) and proxy credentials: never forwarded in either direction. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authorization', 'proxy-authenticate', 'http2-settings']);

/** One connection pool per upstream origin, kept while the gateway runs. */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  // Keyed by the app's upstream URL as configured: parsing it once, not per request (a URL parse showed in the profile).
  private readonly byUrl = new Map<string, Pool>();

  /** The pool of an upstream URL's origin. */
  pool(upstreamUrl: string): Pool {
    const known = this.byUrl.get(upstreamUrl);
    if (known) return known;
    const origin = new URL(upstreamUrl).origin;
    let p = this.pools.get(origin);
    if (!p) {
      // bodyTimeout 0: event streams stay open as long as the client and the upstream want.
      p = new Pool(origin, { connections: 512, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 0 });
      this.pools.set(origin, p);
    }
    if (this.byUrl.size >= 10_000) this.byUrl.clear();
    this.byUrl.set(upstreamUrl, p);
    return p;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.destroy()));
    this.pools.clear();
    this.byUrl.clear();
  }
}

/** The Cookie header without the gateway's own session cookie (the upstream never sees it); undefined when nothing is left. */
export function cookiesForUpstream(header: string | undefined): string | undefined {
  if (!header || !header.includes(SESSION_COOKIE)) return header;
  const kept = header.split(';').map((c) => c.trim()).filter((c) => c.length > 0 && !c.startsWith(`${SESSION_COOKIE}=`));
  return kept.length > 0 ? kept.join('; ') : undefined;
}

/** What the gateway adds to a forwarded request. */
export interface ForwardedIdentity {
  readonly assertionHeader: string;
  readonly assertion: string;
  readonly clientIp: string;
  /** The Authorization header was the gateway's session bearer: it is not passed on. */
  readonly dropAuthorization: boolean;
}

/**
 * The request fields the upstream receives: the client's, minus hop-by-hop fields, the session
 * cookie and any field the Connection header names, plus X-Forwarded-* and the identity
 * assertion. Host is kept (apps build links from it).
 */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders, id: ForwardedIdentity, keepUpgrade: boolean): Record<string, string | string[]> {
  const named = typeof headers.connection === 'string' ? headers.connection.toLowerCase().split(',').map((t) => t.trim()) : [];
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || named.includes(name)) continue;
    if (name === 'cookie' || name === 'x-forwarded-for' || name === 'x-forwarded-proto' || name === 'x-forwarded-host') continue;
    if (name === 'authorization' && id.dropAuthorization) continue;
    out[name] = value;
  }
  if (keepUpgrade) {
    out.connection = 'upgrade';
    if (typeof headers.upgrade === 'string') out.upgrade = headers.upgrade;
  }
  const cookie = cookiesForUpstream(headers.cookie);
  if (cookie) out.cookie = cookie;
  const xff = headers['x-forwarded-for'];
  out['x-forwarded-for'] = typeof xff === 'string' && xff.length > 0 ? `${xff}, ${id.clientIp}` : id.clientIp;
  out['x-forwarded-proto'] = 'https';
  if (typeof headers.host === 'string') out['x-forwarded-host'] = headers.host;
  out[id.assertionHeader] = id.assertion;
  return out;
}

/**
 * The response fields the client receives, from the upstream's raw fields (name, value, name,
 * value, ... as undici reads them): minus hop-by-hop fields, as a flat list `writeHead` takes
 * (repeated fields such as Set-Cookie stay separate). Also the Content-Type, if any.
 */
export function clientResponseHeaders(raw: readonly (Buffer | string)[]): { headers: string[]; contentType: string | undefined } {
  const headers: string[] = [];
  let contentType: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1');
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    const value = raw[i + 1]!.toString('latin1');
    if (lower === 'content-type') contentType = value;
    headers.push(name, value);
  }
  return { headers, contentType };
}

/** The upstream path: the app's base path (if its URL has one) followed by the request target, unchanged. */
export function upstreamPath(app: SnapshotApp, target: string): string {
  let base = basePaths.get(app.upstreamUrl);
  if (base === undefined) {
    base = new URL(app.upstreamUrl).pathname.replace(/\/$/, '');
    if (basePaths.size >= 10_000) basePaths.clear();
    basePaths.set(app.upstreamUrl, base);
  }
  return `${base}${target}`;
}
const basePaths = new Map<string, string>();

const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * Forward one request and stream the answer back. `onHead` sees the status and Content-Type
 * first (it registers event streams for continuous evaluation). Resolves when the exchange ends
 * (or the client went away); rejects when the upstream cannot be reached or breaks off (the
 * caller answers the client if nothing was sent yet, or cuts the connection).
 *
 * A handler on undici's dispatcher rather than `Pool.stream`: the profile of the gateway under
 * `npm run bench -- gateway` showed the stream API's per-request AbortController and async
 * resource, an object of parsed response fields and a separate TLS write for the response head
 * (`flushHeaders`) among the largest items after the assertion signature. Here the client's
 * disconnect aborts through the dispatcher's own abort callback, response fields go to
 * `writeHead` as a flat list, and the head is written together with the first body chunk when
 * that chunk arrives with it (one TLS record and one syscall); otherwise (event streams, slow
 * bodies) the head is flushed as soon as the upstream's first read has been handled.
 */
export function forwardHttp(pools: UpstreamPools, app: SnapshotApp, req: IncomingMessage, res: ServerResponse, headers: Record<string, string | string[]>, onHead: (status: number, contentType: string | undefined) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const exchange = new Exchange(res, onHead, resolve, reject);
    try {
      pools.pool(app.upstreamUrl).dispatch({
        method: req.method as Dispatcher.HttpMethod, path: upstreamPath(app, req.url ?? '/'), headers,
        body: hasBody(req) ? req : null,
      }, exchange);
    } catch (err) {
      exchange.onError(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/**
 * One forwarded exchange, as undici's dispatch handler. A class rather than an object of
 * closures: its methods are created once, not per request.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private abortUpstream: ((err?: Error) => void) | null = null;
  private clientGone = false;
  private wrote = false;
  private readonly closed: () => void;

  constructor(
    private readonly res: ServerResponse,
    private readonly onHead: (status: number, contentType: string | undefined) => void,
    private readonly resolve: () => void,
    private readonly reject: (err: Error) => void,
  ) {
    this.closed = this.onClientClose.bind(this);
    res.once('close', this.closed);
  }

  private onClientClose(): void {
    if (this.res.writableFinished) return;
    this.clientGone = true;
    this.abortUpstream?.(new Error('the client closed the connection'));
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortUpstream = abort;
    if (this.clientGone) abort(new Error('the client closed the connection'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true; // 1xx interim answers are not passed on
    const res = this.res;
    const { headers, contentType } = clientResponseHeaders(rawHeaders);
    this.onHead(statusCode, contentType);
    res.writeHead(statusCode, headers);
    res.on('drain', resume);
    // Event streams and slow bodies: the head goes out once this read is handled, without waiting for a body.
    queueMicrotask(this.flushHead.bind(this));
    return true;
  }

  private flushHead(): void {
    if (!this.wrote && !this.res.writableEnded && !this.res.destroyed) this.res.flushHeaders();
  }

  onData(chunk: Buffer): boolean {
    this.wrote = true;
    return this.res.write(chunk);
  }

  onComplete(): void {
    this.res.off('close', this.closed);
    this.res.end();
    this.resolve();
  }

  onError(err: Error): void {
    this.res.off('close', this.closed);
    if (this.clientGone) this.resolve();
    else this.reject(err);
  }
}
