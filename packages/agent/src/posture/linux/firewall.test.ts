import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixture.js';
import { fakeHostProbe } from '../../../test/fake-host-probe.js';
import { collectLinuxFirewall, parseFirewalldState, parseIptablesRules, parseNftRuleset, parseUfwStatus } from './firewall.js';

describe('linux firewall', () => {
  it('nftables: input policy drop filters; accept-only input does not (forward drops do not count)', () => {
    expect(parseNftRuleset(fixture('linux/nft-ruleset-drop.txt'))).toEqual({ filtering: true });
    expect(parseNftRuleset(fixture('linux/nft-ruleset-accept.txt'))).toEqual({ filtering: false });
    expect(parseNftRuleset('')).toEqual({ filtering: false });
  });

  it('iptables: Docker FORWARD rules do not count; REJECT reached through a user chain does', () => {
    expect(parseIptablesRules(fixture('linux/iptables-docker-only.txt'))).toEqual({ filtering: false });
    expect(parseIptablesRules(fixture('linux/iptables-user-chain.txt'))).toEqual({ filtering: true });
    expect(parseIptablesRules('-P INPUT DROP\n')).toEqual({ filtering: true });
    expect(parseIptablesRules('garbage')).toHaveProperty('error');
  });

  it('ufw and firewalld states', () => {
    expect(parseUfwStatus(fixture('linux/ufw-status-active.txt'))).toEqual({ filtering: true });
    expect(parseUfwStatus('Status: inactive\n')).toEqual({ filtering: false });
    expect(parseFirewalldState('not running\n')).toEqual({ filtering: false });
    expect(parseFirewalldState('running\n')).toEqual({ filtering: true });
  });

  it('reports the first filtering product', async () => {
    const r = await collectLinuxFirewall(fakeHostProbe({ commands: { 'ufw status': 'Status: inactive\n', 'nft list ruleset': fixture('linux/nft-ruleset-drop.txt') } }));
    expect(r.enabled).toMatchObject({ state: 'known', value: true });
    expect(r.product).toMatchObject({ state: 'known', value: 'nftables' });
  });

  it('is known false only when a product answered and none could not be read', async () => {
    const off = await collectLinuxFirewall(fakeHostProbe({ commands: { 'nft list ruleset': fixture('linux/nft-ruleset-accept.txt') } }));
    expect(off.enabled).toMatchObject({ state: 'known', value: false });
    const denied = await collectLinuxFirewall(
      fakeHostProbe({ commands: { 'nft list ruleset': { kind: 'exited', code: 1, stdout: '', stderr: 'Operation not permitted (you must be root)' }, 'iptables -S': fixture('linux/iptables-docker-only.txt') } }),
    );
    expect(denied.enabled).toMatchObject({ state: 'unknown', cause: 'needs-admin' });
    // No firewall tool at all: unknown, and the cause says the fix is installing one (not "is the agent running?").
    const none = await collectLinuxFirewall(fakeHostProbe({}));
    expect(none.enabled).toMatchObject({ state: 'unknown', cause: 'not-installed' });
  });

  it('parsers never throw', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      parseNftRuleset(s);
      parseIptablesRules(s);
      parseUfwStatus(s);
      return true;
    }));
  });
});
