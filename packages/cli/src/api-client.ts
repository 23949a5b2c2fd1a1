import { request as httpsRequest, Agent } from 'node:https';
import type { CliProfile } from './profile.js';

/** A problem+json answer from the server, thrown as an error the CLI prints. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body: unknown) {
    super(message);
  }
}

/** Minimal JSON client for the admin API over HTTPS, trusting only the Verity CA. */
export function createApiClient(profile: CliProfile) {
  const agent = new Agent({ ca: profile.caCertificate, keepAlive: true });
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, profile.server);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = httpsRequest(url, {
        method, agent,
        headers: { authorization: `Bearer ${profile.token}`, accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const parsed: unknown = text ? safeJson(text) : undefined;
          const status = res.statusCode ?? 0;
          if (status >= 400) {
            const p = (parsed ?? {}) as { code?: string; detail?: string; errors?: { path: string; message: string }[] };
            const paths = p.errors?.map((e) => `  ${e.path}: ${e.message}`).join('\n');
            reject(new ApiError(status, p.code ?? `HTTP_${status}`, `${p.code ?? status}: ${p.detail ?? text}${paths ? `\n${paths}` : ''}`, parsed));
          } else resolve(parsed as T);
        });
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }
  return { call, close: () => agent.destroy() };
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return text; }
}
