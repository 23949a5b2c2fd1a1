import type { Fact } from '@verity/core';
import type { CommandOutcome, HostProbe } from '../../host/host-probe.js';
import { commandProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

/**
 * The firewall rule (documented in docs/agent.md): the firewall is enabled when an active
 * product filters inbound traffic, i.e.
 * - ufw: `ufw status` says `Status: active` (ufw's default incoming policy is deny);
 * - firewalld: `firewall-cmd --state` says `running` (every zone filters input);
 * - nftables: a chain of `type filter hook input` has `policy drop` or a `drop`/`reject` rule;
 * - iptables: the INPUT policy is DROP, or a chain reachable from INPUT jumps to DROP/REJECT.
 * Products are asked in that order; the first one that filters wins.
 */
export type FirewallVerdict = { readonly filtering: boolean } | { readonly error: string };

/** `ufw status` output: active or inactive. */
export function parseUfwStatus(stdout: string): FirewallVerdict {
  const m = /^Status:\s*(active|inactive)\s*$/m.exec(stdout);
  return m === null ? { error: 'ufw status printed no Status line' } : { filtering: m[1] === 'active' };
}

/** `firewall-cmd --state` output (`running` / `not running`). */
export function parseFirewalldState(stdout: string): FirewallVerdict {
  const s = stdout.trim();
  if (s === 'running') return { filtering: true };
  if (s === 'not running') return { filtering: false };
  return { error: `firewall-cmd --state printed '${s.slice(0, 40)}'` };
}

/** `nft list ruleset`: does any input-hooked filter chain drop or reject? */
export function parseNftRuleset(stdout: string): FirewallVerdict {
  // Chains are `chain NAME { ... }` blocks; nft prints one statement per line.
  const chainRe = /chain\s+\S+\s*\{([\s\S]*?)\n\s*\}/g;
  for (const m of stdout.matchAll(chainRe)) {
    const body = m[1]!;
    if (!/type\s+filter\s+hook\s+input\b/.test(body)) continue;
    if (/policy\s+drop\b/.test(body)) return { filtering: true };
    const rules = body.split('\n').filter((l) => !/^\s*type\s/.test(l));
    if (rules.some((l) => /(^|\s)(drop|reject)(\s|$|;)/.test(l))) return { filtering: true };
  }
  return { filtering: false };
}

/** `iptables -S`: INPUT policy DROP, or DROP/REJECT reachable from INPUT through jumps. */
export function parseIptablesRules(stdout: string): FirewallVerdict {
  const policies = new Map<string, string>();
  const jumps = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const p = /^-P\s+(\S+)\s+(\S+)/.exec(line);
    if (p !== null) policies.set(p[1]!, p[2]!);
    const a = /^-A\s+(\S+)\s.*?-j\s+(\S+)/.exec(line);
    if (a !== null) jumps.set(a[1]!, [...(jumps.get(a[1]!) ?? []), a[2]!]);
  }
  if (!policies.has('INPUT')) return { error: 'iptables -S printed no INPUT policy' };
  if (policies.get('INPUT') === 'DROP') return { filtering: true };
  const seen = new Set<string>();
  const queue = ['INPUT'];
  while (queue.length > 0) {
    const chain = queue.shift()!;
    if (seen.has(chain)) continue;
    seen.add(chain);
    for (const target of jumps.get(chain) ?? []) {
      if (target === 'DROP' || target === 'REJECT') return { filtering: true };
      if (jumps.has(target)) queue.push(target);
    }
  }
  return { filtering: false };
}

interface Product {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly parse: (stdout: string) => FirewallVerdict;
  /** firewall-cmd exits 252 when not running; that is an answer, not a failure. */
  readonly okCodes: readonly number[];
}

const PRODUCTS: readonly Product[] = [
  { name: 'ufw', command: 'ufw', args: ['status'], parse: parseUfwStatus, okCodes: [0] },
  { name: 'firewalld', command: 'firewall-cmd', args: ['--state'], parse: parseFirewalldState, okCodes: [0, 252] },
  { name: 'nftables', command: 'nft', args: ['list', 'ruleset'], parse: parseNftRuleset, okCodes: [0] },
  { name: 'iptables', command: 'iptables', args: ['-S'], parse: parseIptablesRules, okCodes: [0] },
];

/** Firewall enabled + the product that filters, following the rule above. */
export async function collectLinuxFirewall(probe: HostProbe): Promise<{ enabled: Fact<boolean>; product: Fact<string> }> {
  const problems: string[] = [];
  const answered: string[] = [];
  let needsRoot = false;
  for (const product of PRODUCTS) {
    const run: CommandOutcome = await probe.run(product.command, product.args, { timeoutMs: 10_000 });
    if (run.kind !== 'exited' || !product.okCodes.includes(run.code)) {
      if (run.kind === 'exited' && /permission|not permitted|must be root|you need to be root/i.test(run.stderr)) {
        problems.push(`needs root to run ${product.command}`);
        needsRoot = true;
      } else if (run.kind !== 'not-found') problems.push(commandProblem(product.command, run));
      continue;
    }
    const verdict = product.parse(run.stdout);
    if ('error' in verdict) {
      problems.push(verdict.error);
      continue;
    }
    const source = `${product.command} ${product.args.join(' ')}`;
    if (verdict.filtering) return { enabled: known(true, source), product: known(product.name, source) };
    answered.push(source);
  }
  // Only a product that answered can tell us nothing filters; an unreadable one is unknown.
  if (answered.length > 0 && problems.length === 0) {
    return { enabled: known(false, answered.join('; ')), product: known('none', answered.join('; ')) };
  }
  // Nothing installed is its own cause (the fix is to install one); an unreadable tool usually wants root.
  const cause = problems.length === 0 ? 'not-installed' : needsRoot ? 'needs-admin' : undefined;
  const reason =
    problems.length > 0 ? problems.join('; ') : 'no firewall tool (ufw, firewall-cmd, nft, iptables) is installed, so the ruleset cannot be read';
  return { enabled: unknown(reason, cause), product: unknown(reason, cause) };
}
