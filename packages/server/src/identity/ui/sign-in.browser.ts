/**
 * Behaviour of the sign-in pages (browser module, bundled by esbuild): password, passwordless
 * passkey, device PIN, and the step-up conditional access asks for. Talks to the OIDC interaction
 * API (`mode=oidc`, paths under the page's own URL) or to the portal sign-in API (`mode=session`).
 */
import { startAuthentication } from '@simplewebauthn/browser';

type Answer =
  | { status: 'sign-in'; transaction: string; client: string; methods: string[]; deviceId: string | null }
  | { status: 'step-up'; transaction: string; methods: string[]; message: string }
  | { status: 'complete'; redirectTo: string }
  | { status: 'refused'; code: string; message: string; redirectTo: string };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const mode = document.body.dataset.mode === 'oidc' ? 'oidc' : 'session';
const base = location.pathname.replace(/\/$/, '');
const returnTo = new URLSearchParams(location.search).get('return') ?? '/portal';
let transaction = '';

async function post(path: string, body: unknown): Promise<{ ok: boolean; status: number; data: Record<string, unknown> }> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: res.ok, status: res.status, data };
}

function show(message: string): void { $('message').textContent = message; }

/** Follow an interaction answer (OIDC) or a session sign-in answer (portal). */
function follow(r: { ok: boolean; status: number; data: Record<string, unknown> }): void {
  const d = r.data;
  if (mode === 'session') {
    if (r.ok && typeof d.token === 'string') { location.assign(returnTo.startsWith('/') ? returnTo : '/portal'); return; }
    const stepUp = d.stepUp as { transaction: string; methods: string[] } | undefined;
    if (stepUp) { stepUpWith(stepUp.transaction, stepUp.methods, String(d.detail ?? '')); return; }
    show(`${String(d.code ?? r.status)}: ${String(d.detail ?? 'Sign-in failed.')}`);
    return;
  }
  if (!r.ok) { show(`${String(d.code ?? r.status)}: ${String(d.detail ?? 'Sign-in failed.')}`); return; }
  const a = d as unknown as Answer;
  if (a.status === 'complete') location.assign(a.redirectTo);
  else if (a.status === 'refused') { show(a.message); setTimeout(() => location.assign(a.redirectTo), 1500); }
  else if (a.status === 'step-up') stepUpWith(a.transaction, a.methods, a.message);
  else ready(a);
}

function ready(a: { transaction: string; client: string; methods: string[]; deviceId: string | null }): void {
  transaction = a.transaction;
  $('client').textContent = a.client ? `to continue to ${a.client}` : '';
  $('password-form').hidden = false;
  $('passkey').hidden = !a.methods.includes('passkey');
  $('pin-form').hidden = !a.methods.includes('devicePin');
}

function stepUpWith(tx: string, methods: string[], reason: string): void {
  transaction = tx;
  for (const id of ['password-form', 'passkey', 'pin-form']) $(id).hidden = true;
  $('step-up').hidden = false;
  $('step-up-reason').textContent = reason;
  $('code-form').hidden = !methods.includes('totp');
  $('recovery-form').hidden = !methods.includes('recoveryCode');
  $('step-up-passkey').hidden = !methods.includes('passkey');
}

const stepPath = () => (mode === 'oidc' ? `${base}/step` : '/api/v1/auth/sign-in/step');
const optionsPath = () => (mode === 'oidc' ? `${base}/passkey-options` : '/api/v1/auth/sign-in/passkey-options');

async function passkey(): Promise<void> {
  show('');
  if (!transaction && mode === 'session') {
    const tenant = ($('password-form') as HTMLFormElement).tenant.value as string;
    const started = await post('/api/v1/auth/sign-in/start', { tenant, kind: 'portal' });
    if (!started.ok) { show(String(started.data.detail ?? 'Cannot start the sign-in.')); return; }
    transaction = String(started.data.transaction);
  }
  const opts = await post(optionsPath(), { transaction });
  if (!opts.ok) { show(String(opts.data.detail ?? 'No passkey challenge.')); return; }
  let response;
  try {
    response = await startAuthentication({ optionsJSON: opts.data.options as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
  } catch (err) { show(`The passkey was not used: ${(err as Error).message}`); return; }
  follow(await post(stepPath(), { transaction, method: 'passkey', response }));
}

$('password-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  show('');
  const f = new FormData(ev.target as HTMLFormElement);
  if (mode === 'oidc') follow(await post(`${base}/password`, { transaction, username: f.get('username'), password: f.get('password') }));
  else follow(await post('/api/v1/auth/login', { tenant: f.get('tenant'), username: f.get('username'), password: f.get('password'), kind: 'portal' }));
});
$('pin-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target as HTMLFormElement);
  follow(await post(stepPath(), { transaction, method: 'devicePin', pin: f.get('pin'), username: f.get('username') }));
});
$('code-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  follow(await post(stepPath(), { transaction, method: 'totp', code: new FormData(ev.target as HTMLFormElement).get('code') }));
});
$('recovery-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  follow(await post(stepPath(), { transaction, method: 'recoveryCode', code: new FormData(ev.target as HTMLFormElement).get('code') }));
});
$('passkey').addEventListener('click', () => void passkey());
$('step-up-passkey').addEventListener('click', () => void passkey());

if (mode === 'oidc') {
  void post(`${base}/start`, {}).then(follow);
} else {
  $('tenant-row').hidden = false;
  ready({ transaction: '', client: '', methods: ['password', 'passkey'], deviceId: null });
}
