import type { Fact, UnknownCause } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { commandCause, commandProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

export interface LoginSession {
  readonly id: string;
  readonly uid: number;
  readonly user: string;
}

/** Parse `loginctl list-sessions --no-legend` (SESSION UID USER [SEAT] [TTY] ...). */
export function parseLoginctlSessions(stdout: string): LoginSession[] {
  const out: LoginSession[] = [];
  for (const line of stdout.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 3 || !/^\d+$/.test(cols[1]!)) continue;
    out.push({ id: cols[0]!, uid: Number(cols[1]), user: cols[2]! });
  }
  return out;
}

/** Parse `loginctl show-session ID -p Type -p Active` (`Key=value` lines). */
export function parseKeyValueLines(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/** Parse a gsettings value: `true`/`false`, `uint32 300`, `300`. */
export function parseGsettingsValue(stdout: string): boolean | number | undefined {
  const v = stdout.trim();
  if (v === 'true') return true;
  if (v === 'false') return false;
  const m = /^(?:u?int32\s+)?(\d+)$/.exec(v);
  return m === null ? undefined : Number(m[1]);
}

/**
 * GNOME rule: the screen locks when `screensaver lock-enabled` is true and the session goes
 * idle (`session idle-delay` > 0); it locks `idle-delay + screensaver lock-delay` seconds after
 * the last input.
 */
export function gnomeScreenLock(lockEnabled: boolean, idleDelay: number, lockDelay: number): { enabled: boolean; idleSeconds: number } {
  return { enabled: lockEnabled && idleDelay > 0, idleSeconds: idleDelay + lockDelay };
}

/** Screen lock of the first graphical GNOME session, read with gsettings as that user. */
export async function collectScreenLock(probe: HostProbe): Promise<{ enabled: Fact<boolean>; idleSeconds: Fact<number> }> {
  const fail = (reason: string, cause?: UnknownCause) => ({ enabled: unknown<boolean>(reason, cause), idleSeconds: unknown<number>(reason, cause) });
  const list = await probe.run('loginctl', ['list-sessions', '--no-legend'], { timeoutMs: 5000 });
  if (list.kind !== 'exited' || list.code !== 0) {
    // No systemd-logind (containers, WSL, servers booted without systemd): this host has no sessions to lock.
    const noLogind = list.kind === 'exited' && /not been booted with systemd|Failed to connect to bus|logind/i.test(list.stderr + list.stdout);
    return fail(`cannot list login sessions: ${commandProblem('loginctl', list)}`, noLogind ? 'not-supported' : commandCause(list));
  }
  let graphical: LoginSession | undefined;
  for (const session of parseLoginctlSessions(list.stdout)) {
    const show = await probe.run('loginctl', ['show-session', session.id, '-p', 'Type', '-p', 'Active'], { timeoutMs: 5000 });
    if (show.kind !== 'exited' || show.code !== 0) continue;
    const props = parseKeyValueLines(show.stdout);
    if (props.Type === 'x11' || props.Type === 'wayland') {
      graphical = session;
      if (props.Active === 'yes') break;
    }
  }
  if (graphical === undefined) return fail('no graphical session is open (headless host); screen lock applies to desktop sessions only');

  // gsettings reads the user's dconf database through their session bus, so run it as that user.
  const env = { DBUS_SESSION_BUS_ADDRESS: `unix:path=/run/user/${graphical.uid}/bus` };
  const asUser = probe.uid() === 0 && graphical.uid !== 0;
  const get = async (schema: string, key: string) => {
    const cmd = asUser ? 'runuser' : 'gsettings';
    const args = asUser ? ['-u', graphical!.user, '--', 'env', `DBUS_SESSION_BUS_ADDRESS=${env.DBUS_SESSION_BUS_ADDRESS}`, 'gsettings', 'get', schema, key] : ['get', schema, key];
    const run = await probe.run(cmd, args, { timeoutMs: 5000, env });
    if (run.kind !== 'exited' || run.code !== 0) return { error: commandProblem(`gsettings get ${schema} ${key}`, run) };
    const value = parseGsettingsValue(run.stdout);
    return value === undefined ? { error: `gsettings ${schema} ${key} printed an unexpected value` } : { value };
  };
  const lockEnabled = await get('org.gnome.desktop.screensaver', 'lock-enabled');
  if ('error' in lockEnabled) return fail(`${lockEnabled.error} (is this a GNOME session?)`);
  const idle = await get('org.gnome.desktop.session', 'idle-delay');
  const delay = await get('org.gnome.desktop.screensaver', 'lock-delay');
  if ('error' in idle || 'error' in delay || typeof idle.value !== 'number' || typeof delay.value !== 'number' || typeof lockEnabled.value !== 'boolean') {
    return fail('GNOME idle-delay or lock-delay could not be read');
  }
  const result = gnomeScreenLock(lockEnabled.value, idle.value, delay.value);
  const source = `gsettings (GNOME session ${graphical.id} of ${graphical.user})`;
  return { enabled: known(result.enabled, source), idleSeconds: known(result.idleSeconds, source) };
}
