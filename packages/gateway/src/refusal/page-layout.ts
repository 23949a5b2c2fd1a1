import type { ServerResponse } from 'node:http';

/**
 * The gateway's own pages (refusals, sign-in): server-rendered HTML, no script at all, every
 * dynamic string escaped. A page this small needs no template engine; escaping is the one rule.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** No script, no frames, styles inline only: nothing on these pages can run or be framed. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Answer with one of the gateway's own pages (never cached, no script, not sniffed). */
export function sendPage(res: ServerResponse, status: number, html: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff', ...headers });
  res.end(html);
}

/** A complete page around already-escaped body HTML (and head elements, such as a refresh). */
export function htmlPage(title: string, bodyHtml: string, headHtml = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Verity</title>${headHtml}
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 42rem; padding: 2rem 1.5rem; color: #1d2330; line-height: 1.45; }
  h1 { font-size: 1.45rem; margin-bottom: .4rem; }
  .detail { font-size: 1.05rem; }
  .fix { margin: .8rem 0; padding: .2rem .9rem; border-left: 3px solid #e05d50; background: #fdf3f2; }
  .fix strong { display: block; margin-top: .5rem; }
  ol li { margin: .35rem 0; }
  .muted { color: #5c6475; font-size: .88rem; }
  form { display: grid; gap: .6rem; max-width: 22rem; }
  input, button { font: inherit; padding: .45rem .6rem; }
  a.button { display: inline-block; padding: .45rem .9rem; background: #2456c4; color: #fff; border-radius: .3rem; text-decoration: none; }
</style>
</head>
<body>
${bodyHtml}
</body>
</html>
`;
}
