import type { Fact } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { commandCause, commandProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

/**
 * Count security upgrades in `apt-get -s upgrade` output: `Inst pkg [old] (new Origin:suite [arch])`
 * lines whose target suite is a `-security` pocket (Debian `bookworm-security`, Ubuntu `jammy-security`).
 */
export function countAptSecurityUpdates(stdout: string): number {
  let count = 0;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('Inst ')) continue;
    const target = /\(([^)]*)\)/.exec(line)?.[1] ?? '';
    if (/-security\b/i.test(target) || /Debian-Security/i.test(target)) count++;
  }
  return count;
}

/** Count distinct packages in `dnf -q updateinfo list --security` (`ADVISORY SEVERITY/Sec. NEVRA`). */
export function countDnfSecurityUpdates(stdout: string): number {
  const packages = new Set<string>();
  for (const line of stdout.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 3 && /sec\./i.test(cols[1]!)) packages.add(cols[2]!);
  }
  return packages.size;
}

/** Pending security updates from the package manager's last refreshed lists (no network). */
export async function collectPendingUpdates(probe: HostProbe, family: readonly string[]): Promise<Fact<number>> {
  if (family.some((f) => f === 'debian' || f === 'ubuntu')) {
    const args = ['-s', '-o', 'Debug::NoLocking=1', 'upgrade'];
    const run = await probe.run('apt-get', args, { timeoutMs: 60_000 });
    if (run.kind !== 'exited' || run.code !== 0) return unknown(commandProblem('apt-get -s upgrade', run), commandCause(run));
    return known(countAptSecurityUpdates(run.stdout), `apt-get ${args.join(' ')}`);
  }
  if (family.some((f) => ['rhel', 'fedora', 'centos', 'rocky', 'almalinux'].includes(f))) {
    const args = ['-q', '-C', 'updateinfo', 'list', '--security'];
    const run = await probe.run('dnf', args, { timeoutMs: 120_000 });
    if (run.kind !== 'exited' || run.code !== 0) return unknown(commandProblem('dnf updateinfo', run), commandCause(run));
    return known(countDnfSecurityUpdates(run.stdout), `dnf ${args.join(' ')}`);
  }
  return unknown(`pending update detection is not implemented for distribution '${family[0] ?? 'unknown'}'`, 'not-supported');
}
