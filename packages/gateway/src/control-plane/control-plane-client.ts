import { Agent, request } from 'undici';

/** A problem answer from the control plane (problem+json), with its stable code. */
export class ControlPlaneError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * The gateway's HTTPS client for the control plane: its gateway token as the bearer, the
 * control plane's CA as the only trust anchor (when given), keep-alive connections, bounded
 * times. Decisions never wait on it; only sign-in, sign-out and the sign-in batches do.
 */
export function controlPlaneClient(options: { url: string; token: string; caPem: string | undefined; gatewayId: string }) {
  const agent = new Agent({ connect: options.caPem ? { ca: options.caPem } : {}, keepAliveTimeout: 30_000, headersTimeout: 15_000, bodyTimeout: 30_000 });
  const headers = { authorization: `Bearer ${options.token}`, 'x-verity-gateway-id': options.gatewayId, accept: 'application/json' };

  async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await request(new URL(path, options.url), {
      method, dispatcher: agent,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    if (res.statusCode >= 400) {
      let code = `HTTP_${res.statusCode}`;
      let detail = text.slice(0, 300);
      try { ({ code, detail } = JSON.parse(text) as { code: string; detail: string }); } catch { /* not problem+json */ }
      throw new ControlPlaneError(res.statusCode, code, detail);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    call,
    /** The undici dispatcher (the snapshot stream reuses its TLS settings). */
    agent,
    headers,
    close: () => agent.close(),
  };
}
export type ControlPlaneClient = ReturnType<typeof controlPlaneClient>;
