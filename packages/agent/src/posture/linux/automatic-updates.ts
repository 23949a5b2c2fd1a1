import type { Fact } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { commandCause, commandProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

/** Parse `apt-config dump` lines (`Key "value";` and list items `Key:: "value";`). */
export function parseAptConfigDump(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+?)(::)?\s+"(.*)";\s*$/.exec(line.trim());
    if (m === null) continue;
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[3]!]);
  }
  return out;
}

/**
 * Debian/Ubuntu rule: unattended-upgrades runs (APT::Periodic::Unattended-Upgrade is a
 * non-zero interval, and package lists are refreshed) and its allowed origins include a
 * security pocket. Returns a reason string when it is off.
 */
export function aptAutomaticSecurity(config: Map<string, string[]>): { enabled: boolean; why: string } {
  const interval = (key: string) => config.get(key)?.at(-1) ?? '0';
  if (interval('APT::Periodic::Unattended-Upgrade') === '0') return { enabled: false, why: 'APT::Periodic::Unattended-Upgrade is 0 or unset' };
  if (interval('APT::Periodic::Update-Package-Lists') === '0') return { enabled: false, why: 'APT::Periodic::Update-Package-Lists is 0 or unset' };
  const origins = [...(config.get('Unattended-Upgrade::Origins-Pattern') ?? []), ...(config.get('Unattended-Upgrade::Allowed-Origins') ?? [])];
  if (!origins.some((o) => /security/i.test(o))) return { enabled: false, why: 'unattended-upgrades allows no security origin' };
  return { enabled: true, why: 'unattended-upgrades installs security updates' };
}

/** Parse /etc/dnf/automatic.conf (INI) `[commands]` section. */
export function parseDnfAutomaticConf(text: string): { applyUpdates: boolean; upgradeType: string } {
  let section = '';
  const values: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const s = /^\[(.+)\]$/.exec(line);
    if (s !== null) section = s[1]!;
    const kv = /^([a-z_]+)\s*=\s*(.*)$/i.exec(line);
    if (kv !== null && section === 'commands') values[kv[1]!.toLowerCase()] = kv[2]!.trim().toLowerCase();
  }
  return { applyUpdates: ['yes', 'true', '1', 'on'].includes(values.apply_updates ?? 'no'), upgradeType: values.upgrade_type ?? 'default' };
}

const DEBIAN_FAMILY = ['debian', 'ubuntu'];
const RHEL_FAMILY = ['rhel', 'fedora', 'centos', 'rocky', 'almalinux'];

/** Automatic security updates: unattended-upgrades on Debian/Ubuntu, dnf-automatic on RHEL/Fedora. */
export async function collectAutomaticUpdates(probe: HostProbe, family: readonly string[]): Promise<Fact<boolean>> {
  if (family.some((f) => DEBIAN_FAMILY.includes(f))) {
    if (!(await probe.exists('/usr/bin/unattended-upgrade'))) return known(false, 'unattended-upgrades is not installed (/usr/bin/unattended-upgrade absent)');
    const run = await probe.run('apt-config', ['dump'], { timeoutMs: 10_000 });
    if (run.kind !== 'exited' || run.code !== 0) return unknown(commandProblem('apt-config dump', run), commandCause(run));
    const verdict = aptAutomaticSecurity(parseAptConfigDump(run.stdout));
    return known(verdict.enabled, `apt-config dump: ${verdict.why}`);
  }
  if (family.some((f) => RHEL_FAMILY.includes(f))) {
    // dnf-automatic-install.timer applies updates whatever apply_updates says; dnf5 renamed the timer.
    for (const timer of ['dnf-automatic-install.timer', 'dnf5-automatic.timer', 'dnf-automatic.timer']) {
      const run = await probe.run('systemctl', ['is-enabled', timer], { timeoutMs: 10_000 });
      if (run.kind === 'not-found') return unknown('systemctl is not available to query dnf-automatic timers', 'not-supported');
      if (run.kind !== 'exited' || run.stdout.trim() !== 'enabled') continue;
      if (timer === 'dnf-automatic-install.timer') return known(true, `systemctl is-enabled ${timer}`);
      const conf = await probe.readFile(timer.startsWith('dnf5') ? '/etc/dnf/dnf5-plugins/automatic.conf' : '/etc/dnf/automatic.conf');
      const parsed = parseDnfAutomaticConf(conf.kind === 'ok' ? conf.text : '');
      return known(parsed.applyUpdates, `${timer} enabled; automatic.conf apply_updates=${parsed.applyUpdates ? 'yes' : 'no'}`);
    }
    return known(false, 'no dnf-automatic timer is enabled (systemctl is-enabled)');
  }
  return unknown(`automatic update detection is not implemented for distribution '${family[0] ?? 'unknown'}'`, 'not-supported');
}
