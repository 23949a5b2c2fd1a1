import { PassThrough } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refusal } from './refusal-codes.js';
import { escapeHtml } from './page-layout.js';
import { sendRefusal } from './send-refusal.js';
import { refusalOfParserError } from './client-errors.js';

/** Render a refusal as the gateway would and capture status, headers and body. */
function render(accept: string, r: ReturnType<typeof refusal>, method = 'GET', url = '/x') {
  const req = { method, url, headers: { accept } } as unknown as IncomingMessage;
  let status = 0;
  let headers: Record<string, unknown> = {};
  let body = '';
  const res = Object.assign(new PassThrough(), {
    headersSent: false,
    writeHead(s: number, h: Record<string, unknown>) { status = s; headers = h; return this; },
    end(chunk?: string) { body = chunk ?? ''; return this; },
  }) as unknown as ServerResponse;
  sendRefusal(req, res, r, 'req-1');
  return { status, headers, body };
}

describe('refusals', () => {
  it('problem+json for API clients, with the catalog status and code', () => {
    const out = render('application/json', refusal('VERITY_GATEWAY_DEVICE_REVOKED', 'revoked', { fix: ['ask'] }));
    expect(out.status).toBe(403);
    expect(out.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(out.body)).toMatchObject({ code: 'VERITY_GATEWAY_DEVICE_REVOKED', status: 403, detail: 'revoked', fix: ['ask'], requestId: 'req-1', instance: '/x' });
  });

  it('a browser is sent to sign in for session problems, keeping where it was going', () => {
    const out = render('text/html', refusal('VERITY_GATEWAY_SESSION_EXPIRED', 'expired', { signIn: true, clearSession: true }), 'GET', '/wiki?a=1');
    expect(out.status).toBe(302);
    expect(out.headers.location).toBe('/.verity/sign-in?return=%2Fwiki%3Fa%3D1&reason=VERITY_GATEWAY_SESSION_EXPIRED');
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
  });

  it('a browser is sent to step up when a policy needs MFA the session lacks; an API client and a POST get the refusal', () => {
    const mfa = refusal('VERITY_GATEWAY_MFA_REQUIRED', 'needs mfa', { missingControls: ['mfa'] });
    const out = render('text/html', mfa, 'GET', '/secure');
    expect(out.status).toBe(302);
    expect(out.headers.location).toBe('/.verity/sign-in?return=%2Fsecure&reason=VERITY_GATEWAY_MFA_REQUIRED');
    expect(out.headers['set-cookie']).toBeUndefined();
    expect(render('application/json', mfa).status).toBe(403);
    expect(render('text/html', mfa, 'POST').status).toBe(403);
  });

  it('property: nothing from a refusal reaches the page unescaped', () => {
    // Arbitrary text around markup: the page (which has no script of its own) must never carry a raw tag from it.
    const hostile = fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}<script>alert("${b}")</script><img src=x onerror='${a}'>`);
    fc.assert(fc.property(hostile, hostile, hostile, (detail, reason, fix) => {
      const out = render('text/html', refusal('VERITY_GATEWAY_DEVICE_NOT_COMPLIANT', detail, { fix: [fix], remediation: [{ policy: 'p', setting: 's', reason, remediation: fix }] }));
      expect(out.body).not.toContain('<script');
      expect(out.body).not.toContain('<img');
      for (const text of [detail, reason, fix]) expect(out.body).toContain(escapeHtml(text));
    }), { numRuns: 300 });
  });

  it('names request smuggling and oversized heads from the parser error codes', () => {
    expect(refusalOfParserError('HPE_UNEXPECTED_CONTENT_LENGTH').code).toBe('VERITY_GATEWAY_REQUEST_SMUGGLING');
    expect(refusalOfParserError('HPE_INVALID_TRANSFER_ENCODING').code).toBe('VERITY_GATEWAY_REQUEST_SMUGGLING');
    expect(refusalOfParserError('HPE_HEADER_OVERFLOW').code).toBe('VERITY_GATEWAY_HEADERS_TOO_LARGE');
    expect(refusalOfParserError('HPE_INVALID_METHOD').code).toBe('VERITY_GATEWAY_BAD_REQUEST');
  });
});
