/**
 * The identity provider's pages: static markup only (no data is interpolated, so nothing can be
 * injected); the behaviour is in typed browser modules (`*.browser.ts`) served from
 * /identity/assets/, bundled by esbuild at first request.
 */
const STYLE = `body{font-family:system-ui,sans-serif;margin:0 auto;max-width:34rem;padding:1.5rem;color:#1d2330}
form,section{display:grid;gap:.6rem;margin:1rem 0}input,button,select{font:inherit;padding:.45rem .6rem}
.muted{color:#5c6475;font-size:.9rem}.error{color:#b3261e}[hidden]{display:none!important}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d5de;padding:.3rem;text-align:left;font-size:.9rem}`;

function page(title: string, mode: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body data-mode="${mode}">
${body}
<script src="/identity/assets/${script}" type="module"></script>
</body></html>
`;
}

const SIGN_IN_BODY = `<h1>Sign in</h1>
<p id="client" class="muted"></p>
<form id="password-form" hidden>
  <label id="tenant-row" hidden>Organization domain <input name="tenant" autocomplete="organization"></label>
  <label>User name <input name="username" autocomplete="username webauthn" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>
<button id="passkey" type="button" hidden>Sign in with a passkey</button>
<form id="pin-form" hidden>
  <p class="muted">This device is enrolled: sign in with your PIN.</p>
  <label>User name <input name="username" autocomplete="username"></label>
  <label>PIN <input name="pin" type="password" autocomplete="off"></label>
  <button type="submit">Sign in with PIN</button>
</form>
<section id="step-up" hidden>
  <p id="step-up-reason"></p>
  <form id="code-form" hidden><label>Code from your authenticator app <input name="code" inputmode="numeric" autocomplete="one-time-code"></label><button type="submit">Verify</button></form>
  <form id="recovery-form" hidden><label>Recovery code <input name="code" autocomplete="off"></label><button type="submit">Use recovery code</button></form>
  <button id="step-up-passkey" type="button" hidden>Use a passkey</button>
</section>
<p id="message" class="error" role="alert"></p>`;

/** The sign-in page of an OIDC authorization (served under the interaction's URL). */
export const SIGN_IN_PAGE = page('Verity – Sign in', 'oidc', SIGN_IN_BODY, 'sign-in.js');

/** The portal's own sign-in page (password, passkey, step-up), for when no application started the sign-in. */
export const PORTAL_SIGN_IN_PAGE = page('Verity – Sign in', 'session', SIGN_IN_BODY, 'sign-in.js');

/** The user's security page: passkeys, authenticator app, device PINs and the PIN policy in force with the source of each value. */
export const SECURITY_PAGE = page('Verity – Security', 'security', `<h1>Security</h1>
<p class="muted" id="who"></p>
<section><h2>Passkeys</h2><ul id="passkeys"></ul>
<label>Name <input id="passkey-name" value="My passkey"></label>
<button id="add-passkey" type="button">Add a passkey</button></section>
<section><h2>Authenticator app</h2><p id="totp-state"></p>
<button id="totp-start" type="button">Set up an authenticator app</button>
<form id="totp-confirm" hidden><p>Secret: <code id="totp-secret"></code></p><label>Code <input name="code" inputmode="numeric"></label><button type="submit">Confirm</button></form>
<pre id="recovery-codes" hidden></pre></section>
<section><h2>PIN on my devices</h2><div id="device-pins"></div></section>
<section><h2>PIN and passkey policy in force</h2><table id="policy"><thead><tr><th>Setting</th><th>Value</th><th>Where it comes from</th><th>Conflicts</th></tr></thead><tbody></tbody></table></section>
<p id="message" class="error" role="alert"></p>`, 'security.js');
