import type { IncomingMessage, ServerResponse } from 'node:http';
import { GATEWAY_REFUSALS, type Refusal } from './refusal-codes.js';
import { escapeHtml, htmlPage, PAGE_CSP } from './page-layout.js';

/** The session cookie (`__Host-`: only over HTTPS, only for this host, path /). */
export const SESSION_COOKIE = '__Host-verity-session';
/** The Set-Cookie value that removes the session cookie (signed out, revoked). */
export const CLEAR_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`;
/** Paths the gateway answers itself; never forwarded. */
export const GATEWAY_PATH = '/.verity';

/** Does the client want a page (a browser navigating) rather than problem+json (an API client)? */
export function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
}

function renderPage(r: Refusal, requestId: string): string {
  const { title } = GATEWAY_REFUSALS[r.code];
  const parts = [`<h1>${escapeHtml(title)}</h1>`, `<p class="detail">${escapeHtml(r.detail)}</p>`];
  if (r.remediation && r.remediation.length > 0) {
    parts.push('<h2>What to fix on this device</h2>');
    for (const item of r.remediation) {
      parts.push(`<div class="fix"><strong>${escapeHtml(item.reason)}</strong><p class="remediation">How to fix: ${escapeHtml(item.remediation)}</p><p class="muted">${escapeHtml(item.policy)} · ${escapeHtml(item.setting)}</p></div>`);
    }
  }
  if (r.fix.length > 0) parts.push(`<h2>What you can do</h2><ol>${r.fix.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ol>`);
  if (r.links && r.links.length > 0) parts.push(`<p>${r.links.map((l) => `<a class="button" href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join(' ')}</p>`);
  if (r.policies && r.policies.length > 0) parts.push(`<p class="muted">Decided by: ${r.policies.map((p) => escapeHtml(p)).join(', ')}</p>`);
  parts.push(`<p class="muted">Code ${escapeHtml(r.code)}${r.decisionId ? ` · sign-in ${escapeHtml(r.decisionId)}` : ''} · request ${escapeHtml(requestId)}</p>`);
  return htmlPage(title, parts.join('\n'));
}

function problemBody(r: Refusal, req: IncomingMessage, requestId: string) {
  const { status, title } = GATEWAY_REFUSALS[r.code];
  return {
    type: `https://verity.dev/errors#${r.code.toLowerCase().replace(/_/g, '-')}`, title, status, detail: r.detail,
    instance: (req.url ?? '/').split('?')[0], code: r.code, requestId,
    ...(r.fix.length > 0 ? { fix: r.fix } : {}), ...(r.remediation?.length ? { remediation: r.remediation } : {}),
    ...(r.policies?.length ? { policies: r.policies } : {}), ...(r.missingControls?.length ? { missingControls: r.missingControls } : {}),
    ...(r.decisionId ? { decisionId: r.decisionId } : {}), ...(r.links?.length ? { links: r.links } : {}),
  };
}

/** A refusal written on a raw connection (a refused WebSocket upgrade): problem+json, then the connection closes. */
export function rawRefusal(req: IncomingMessage, r: Refusal, requestId: string): string {
  const { status, title } = GATEWAY_REFUSALS[r.code];
  const body = JSON.stringify(problemBody(r, req, requestId));
  return `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-verity-refusal: ${r.code}\r\nconnection: close\r\n\r\n${body}`;
}

/** Answer a refused request: a page for browsers (or the sign-in page), RFC 9457 problem+json for API clients. */
export function sendRefusal(req: IncomingMessage, res: ServerResponse, r: Refusal, requestId: string): void {
  if (res.headersSent) { res.destroy(); return; }
  const headers: Record<string, string | string[]> = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-verity-refusal': r.code };
  if (r.clearSession) headers['set-cookie'] = CLEAR_SESSION_COOKIE;
  if (r.retryAfter !== undefined) headers['retry-after'] = String(r.retryAfter);
  const html = wantsHtml(req);
  // A browser is sent to sign in (no session, expired, revoked), or to step up when a policy needs MFA this session lacks.
  if (html && (r.signIn || r.code === 'VERITY_GATEWAY_MFA_REQUIRED') && (req.method === 'GET' || req.method === 'HEAD')) {
    const back = (req.url ?? '/').startsWith(GATEWAY_PATH) ? '/' : (req.url ?? '/');
    res.writeHead(302, { ...headers, location: `${GATEWAY_PATH}/sign-in?return=${encodeURIComponent(back)}&reason=${r.code}` });
    res.end();
    return;
  }
  const { status } = GATEWAY_REFUSALS[r.code];
  const body = html ? renderPage(r, requestId) : JSON.stringify(problemBody(r, req, requestId));
  res.writeHead(status, {
    ...headers,
    'content-type': html ? 'text/html; charset=utf-8' : 'application/problem+json',
    'content-length': String(Buffer.byteLength(body)),
    ...(html ? { 'content-security-policy': PAGE_CSP } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
