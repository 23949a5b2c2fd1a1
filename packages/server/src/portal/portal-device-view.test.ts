import { describe, expect, it } from 'vitest';
import type { DeviceComplianceView } from '../compliance/compliance-compute.js';
import { portalDeviceView } from './portal-device-view.js';

const NOW = new Date('2026-12-06T12:00:00Z');
const failing: DeviceComplianceView = {
  state: 'noncompliant', evaluatedAt: '2026-12-06T10:00:00Z', graceEndsAt: '2026-12-06T11:00:00Z', reasons: [{ code: 'policy-noncompliant', message: 'x' }],
  policies: [{
    policyId: 'p', displayName: 'Linux baseline', state: 'noncompliant', notEvaluated: [],
    settings: [
      { setting: 'verity_linux_firewall_required', state: 'unknown', observed: null, expected: true, code: 'fact-unknown', reason: 'The agent could not read "firewall.enabled": no firewall tool is installed', remediation: 'No firewall is installed. Install one and turn it on' },
      { setting: 'verity_linux_secureboot_required', state: 'compliant', observed: true, expected: true, code: 'requirement-met', reason: 'Secure Boot is enabled.', remediation: '' },
    ],
  }],
};

describe('portalDeviceView', () => {
  it('a retired device shows as retired, with nothing to fix, whatever its last evaluation said', () => {
    const v = portalDeviceView({ status: 'retired', updatedAt: '2026-12-05T09:00:00Z' }, failing, NOW);
    expect(v.badge).toEqual({ state: 'retired', label: 'Retired' });
    expect(v.fixes).toEqual([]);
    expect(v.notice).toMatchObject({ at: '2026-12-05T09:00:00Z' });
    expect(portalDeviceView({ status: 'revoked', updatedAt: '2026-12-05T09:00:00Z' }, failing, NOW).badge.state).toBe('revoked');
  });

  it('an active failing device lists each failing setting as sentences, and says its grace period has ended', () => {
    const v = portalDeviceView({ status: 'active', updatedAt: '2026-12-05T09:00:00Z' }, failing, NOW);
    expect(v.badge).toEqual({ state: 'noncompliant', label: 'Not compliant' });
    expect(v.fixes).toEqual([{ problem: 'The agent could not read "firewall.enabled": no firewall tool is installed.', fix: 'No firewall is installed. Install one and turn it on.', policy: 'Linux baseline' }]);
    expect(v.notice?.text).toMatch(/ended/);
    const inGrace = portalDeviceView({ status: 'active', updatedAt: '' }, { ...failing, state: 'inGracePeriod', graceEndsAt: '2026-12-07T00:00:00Z' }, NOW);
    expect(inGrace.notice?.text).toMatch(/before \{time\}/);
  });
});
