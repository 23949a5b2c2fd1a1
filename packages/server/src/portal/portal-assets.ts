/**
 * The end-user portal: one server-rendered page plus a small script, no framework (the page
 * lists a user's devices and what to fix; a framework would outweigh it). All dynamic text is
 * inserted with textContent, never innerHTML, so device and policy names cannot inject markup.
 */
export const PORTAL_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verity – My devices</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 1.5rem; color: #1d2330; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin: 0 0 .3rem; }
  form { display: grid; gap: .6rem; max-width: 22rem; }
  input, button { font: inherit; padding: .45rem .6rem; }
  .device { border: 1px solid #d0d5de; border-radius: .5rem; padding: 1rem; margin: 1rem 0; }
  .state { display: inline-block; border-radius: 1rem; padding: .1rem .6rem; font-size: .85rem; }
  .state-compliant { background: #dff5e3; } .state-noncompliant { background: #fde0df; } .state-inGracePeriod { background: #fff1cc; }
  .fixes { list-style: none; padding: 0; margin: .4rem 0; }
  .fix { margin: .6rem 0; padding-left: .8rem; border-left: 3px solid #e05d50; }
  .fix p { margin: .2rem 0; }
  .state-retired, .state-revoked { background: #e4e6eb; }
  .muted { color: #5c6475; font-size: .9rem; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<h1>My devices</h1>
<section id="signin" hidden>
  <p>Sign in with your work account to see your devices and how to keep them compliant.</p>
  <form id="signin-form">
    <label>Organization domain <input name="tenant" autocomplete="organization" required></label>
    <label>User name <input name="username" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
    <p id="signin-error" class="muted" role="alert"></p>
  </form>
  <p><a href="/identity/sign-in?return=/portal">Sign in with a passkey</a></p>
</section>
<section id="devices" hidden>
  <p class="muted" id="who"></p>
  <p><a href="/identity/security">Security: passkeys, authenticator app, PIN policy</a></p>
  <button id="enable-push" type="button" hidden>Notify me on this browser</button>
  <div id="device-list"></div>
</section>
<script src="/portal/app.js" type="module"></script>
</body>
</html>
`;

export const PORTAL_JS = `
const $ = (id) => document.getElementById(id);

function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }

// Every sentence comes from the server (portal-device-view.ts); this only lays them out. Times are
// written in the reader's locale where the sentence says {time}.
function when(iso) { return iso ? new Date(iso).toLocaleString() : ''; }

function renderDevice(d) {
  const v = d.view;
  const box = el('article', undefined, 'device');
  box.dataset.deviceId = d.id;
  box.dataset.state = v.badge.state;
  box.append(el('h2', d.displayName));
  box.append(el('span', v.badge.label, 'state state-' + v.badge.state));
  box.append(el('p', [d.platform, d.osName, d.osVersion].filter(Boolean).join(' · ') + (d.lastCheckinAt ? ' · last check-in ' + when(d.lastCheckinAt) : ''), 'muted'));
  if (v.notice) box.append(el('p', v.notice.text.replace('{time}', when(v.notice.at)), 'notice'));
  if (v.fixes.length > 0) {
    const list = el('ul', undefined, 'fixes');
    for (const f of v.fixes) {
      const item = el('li', undefined, 'fix');
      item.append(el('strong', f.problem));
      item.append(el('p', 'How to fix: ' + f.fix, 'remediation'));
      item.append(el('p', 'Policy: ' + f.policy, 'muted'));
      list.append(item);
    }
    box.append(list);
  }
  for (const r of v.remarks) box.append(el('p', r));
  return box;
}

async function load() {
  const res = await fetch('/api/v1/me/devices', { credentials: 'same-origin' });
  if (res.status === 401) { $('signin').hidden = false; $('devices').hidden = true; return; }
  const data = await res.json();
  $('signin').hidden = true; $('devices').hidden = false;
  $('who').textContent = 'Signed in as ' + data.user.displayName + ' (' + data.user.userPrincipalName + ')';
  const list = $('device-list'); list.replaceChildren();
  if (data.items.length === 0) list.append(el('p', 'No devices are registered to you yet.'));
  for (const d of data.items) list.append(renderDevice(d));
  if ('serviceWorker' in navigator && 'PushManager' in window) $('enable-push').hidden = false;
}

$('signin-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const res = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin',
    body: JSON.stringify({ tenant: f.get('tenant'), username: f.get('username'), password: f.get('password'), kind: 'portal' }) });
  if (!res.ok) { $('signin-error').textContent = 'Sign-in failed. Check your organization, user name and password.'; return; }
  await load();
});

function b64ToBytes(s) { const pad = '='.repeat((4 - s.length % 4) % 4); const b = atob((s + pad).replace(/-/g, '+').replace(/_/g, '/')); return Uint8Array.from(b, (c) => c.charCodeAt(0)); }

$('enable-push').addEventListener('click', async () => {
  try {
    const reg = await navigator.serviceWorker.register('/portal/sw.js', { scope: '/portal' });
    const { publicKey } = await (await fetch('/api/v1/push/vapid-public-key')).json();
    const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64ToBytes(publicKey) });
    await fetch('/api/v1/me/push-subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(sub.toJSON()) });
    $('enable-push').textContent = 'Notifications are on for this browser';
  } catch (err) { $('enable-push').textContent = 'Notifications are not available here'; }
});

load();
`;

export const PORTAL_SW_JS = `
self.addEventListener('push', (event) => {
  let msg = { title: 'Verity', body: 'Your device needs attention.', url: '/portal' };
  try { msg = { ...msg, ...event.data.json() }; } catch {}
  event.waitUntil(self.registration.showNotification(msg.title, { body: msg.body, data: { url: msg.url } }));
});
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(clients.openWindow((event.notification.data && event.notification.data.url) || '/portal'));
});
`;
