import { Agent, request } from 'node:https';
import { VerityError } from '@verity/core';
import { AGENT_VERSION } from '../version.js';

/** Largest response body the agent reads; status pages and certificates are far smaller. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface HttpsJsonOptions {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly agent: Agent;
  readonly body?: unknown;
  readonly timeoutMs: number;
}

/**
 * One JSON request over HTTPS. Network failures become VERITY_AGENT_SERVER_UNREACHABLE
 * (status 503, retryable); any HTTP answer is returned as is for the caller to map.
 */
export function httpsJson(options: HttpsJsonOptions): Promise<JsonResponse> {
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = request(
      options.url,
      {
        method: options.method,
        agent: options.agent,
        timeout: options.timeoutMs,
        headers: {
          accept: 'application/json, application/problem+json',
          'user-agent': `verity-agent/${AGENT_VERSION}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(payload.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('response body too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = undefined;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            body = { detail: text.slice(0, 200) };
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', (e) => reject(unreachable(options.url, e)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (e) => reject(unreachable(options.url, e)));
    req.end(payload);
  });
}

function unreachable(url: URL, error: Error): VerityError {
  const code = (error as NodeJS.ErrnoException).code;
  // TLS verification failures are not outages: retrying will not fix a wrong CA or hostname.
  const tls = code !== undefined && /CERT|SELF_SIGNED|ERR_TLS|UNABLE_TO|HOSTNAME|ALTNAME/.test(code);
  return new VerityError(
    tls ? 'VERITY_AGENT_SERVER_UNTRUSTED' : 'VERITY_AGENT_SERVER_UNREACHABLE',
    `${url.origin}: ${error.message}`,
    { status: tls ? 495 : 503, cause: error, details: [{ path: '$', message: code ?? error.message }] },
  );
}

/** Turn a non-2xx answer (RFC 9457 problem+json) into a VerityError carrying the server's code. */
export function problemError(response: JsonResponse, fallbackCode: string): VerityError {
  const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as Record<string, unknown>;
  const code = typeof body.code === 'string' && /^VERITY_[A-Z0-9_]{1,80}$/.test(body.code) ? body.code : fallbackCode;
  const detail = typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : `HTTP ${response.status}`;
  const errors = Array.isArray(body.errors) ? body.errors : [];
  return new VerityError(code, detail.slice(0, 500), {
    status: response.status,
    details: errors.slice(0, 20).map((e) => ({ path: String((e as { path?: unknown }).path ?? '$').slice(0, 200), message: String((e as { message?: unknown }).message ?? '').slice(0, 300) })),
  });
}

/**
 * Outages the agent rides out by spooling and backing off: network errors, 5xx and 429. A server
 * certificate the agent cannot verify is not one of them (see isUntrustedServer): waiting does not
 * fix an expired or replaced certificate, someone has to.
 */
export function isRetryable(error: unknown): boolean {
  const e = error as { code?: unknown; status?: unknown };
  if (e.code === 'VERITY_AGENT_SERVER_UNREACHABLE') return true;
  if (e.code === 'VERITY_AGENT_SERVER_UNTRUSTED') return false;
  return typeof e.status === 'number' && (e.status === 429 || (e.status >= 500 && e.status <= 599 && e.status !== 495));
}

/** Whether the server's TLS certificate could not be verified against the trusted CA (expired, replaced, or not the Verity server). */
export function isUntrustedServer(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'VERITY_AGENT_SERVER_UNTRUSTED';
}
