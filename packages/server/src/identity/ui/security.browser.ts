/**
 * The user's security page (browser module): passkeys, authenticator app with recovery codes,
 * the PIN on each of their devices, and the PIN and passkey policy in force with the source of
 * every value. Policy refusals show the rule and where it comes from, as the API says them.
 */
import { startRegistration } from '@simplewebauthn/browser';

interface Effective { value: unknown; source: { kind: string; displayName?: string }; conflicts: { displayName: string; value: unknown }[] }
interface Security {
  totp: { status: string } | null; recoveryCodesLeft: number;
  passkeys: { id: string; displayName: string; deviceType: string }[];
  devicePins: { deviceId: string; displayName: string; set: boolean; expiresAt: string | null }[];
  effectivePolicy: { pin: Record<string, Effective> };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const el = (tag: string, text?: string) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; };

async function call(method: string, path: string, body?: unknown): Promise<{ ok: boolean; status: number; data: Record<string, unknown> }> {
  const res = await fetch(path, { method, credentials: 'same-origin', headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { ok: res.ok, status: res.status, data: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** A problem+json answer as one line per rule (`errors[].message`), or its detail. */
function problemText(d: Record<string, unknown>): string {
  const errors = d.errors as { message: string }[] | undefined;
  return errors?.length ? errors.map((e) => e.message).join(' ') : String(d.detail ?? 'Refused.');
}

function sourceText(s: Effective['source']): string {
  return s.kind === 'profile' ? `profile "${s.displayName}"` : s.kind === 'tenant' ? 'tenant-wide policy' : 'default';
}

async function load(): Promise<void> {
  const r = await call('GET', '/api/v1/me/security');
  if (r.status === 401) { location.assign(`/identity/sign-in?return=${encodeURIComponent('/identity/security')}`); return; }
  const s = r.data as unknown as Security;
  const list = $('passkeys'); list.replaceChildren();
  for (const p of s.passkeys) list.append(el('li', `${p.displayName} (${p.deviceType === 'singleDevice' ? 'device-bound' : 'synced'})`));
  $('totp-state').textContent = s.totp?.status === 'active' ? `On; ${s.recoveryCodesLeft} recovery codes left.` : 'Not set up.';
  const pins = $('device-pins'); pins.replaceChildren();
  for (const d of s.devicePins) {
    const form = el('form') as HTMLFormElement;
    form.dataset.deviceId = d.deviceId;
    form.append(el('strong', d.displayName), el('span', d.set ? ` PIN set${d.expiresAt ? `, expires ${new Date(d.expiresAt).toLocaleDateString()}` : ''}` : ' no PIN yet'));
    const input = el('input') as HTMLInputElement; input.type = 'password'; input.name = 'pin'; input.setAttribute('aria-label', `New PIN for ${d.displayName}`);
    const button = el('button', 'Set PIN') as HTMLButtonElement; button.type = 'submit';
    form.append(input, button);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const res = await call('PUT', `/api/v1/me/devices/${encodeURIComponent(d.deviceId)}/pin`, { pin: input.value });
      $('message').textContent = res.ok ? '' : problemText(res.data);
      if (res.ok) await load();
    });
    pins.append(form);
  }
  const body = ($('policy') as HTMLTableElement).tBodies[0]!; body.replaceChildren();
  for (const [setting, e] of Object.entries(s.effectivePolicy.pin)) {
    const row = el('tr'); row.dataset.setting = setting;
    row.append(el('td', setting), el('td', String(e.value)), el('td', sourceText(e.source)), el('td', e.conflicts.map((c) => `${c.displayName}: ${String(c.value)}`).join('; ')));
    body.append(row);
  }
}

$('add-passkey').addEventListener('click', async () => {
  const opts = await call('POST', '/api/v1/me/passkeys/options');
  if (!opts.ok) { $('message').textContent = problemText(opts.data); return; }
  let response;
  try {
    response = await startRegistration({ optionsJSON: opts.data.options as Parameters<typeof startRegistration>[0]['optionsJSON'] });
  } catch (err) { $('message').textContent = `No passkey was created: ${(err as Error).message}`; return; }
  const saved = await call('POST', '/api/v1/me/passkeys', { transaction: opts.data.transaction, response, displayName: ($('passkey-name') as HTMLInputElement).value || 'Passkey' });
  $('message').textContent = saved.ok ? '' : problemText(saved.data);
  await load();
});
$('totp-start').addEventListener('click', async () => {
  const r = await call('POST', '/api/v1/me/totp');
  if (!r.ok) { $('message').textContent = problemText(r.data); return; }
  $('totp-secret').textContent = String(r.data.secret);
  $('totp-confirm').hidden = false;
});
$('totp-confirm').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await call('POST', '/api/v1/me/totp/confirm', { code: new FormData(ev.target as HTMLFormElement).get('code') });
  if (!r.ok) { $('message').textContent = problemText(r.data); return; }
  $('totp-confirm').hidden = true;
  const codes = $('recovery-codes'); codes.hidden = false; codes.textContent = (r.data.recoveryCodes as string[]).join('\n');
  await load();
});

void load();
