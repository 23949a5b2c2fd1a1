import { describe, expect, it } from 'vitest';
import { deviceStatusSchema } from '../client/wire-schemas.js';
import { renderStatus, summarise } from './status-summary.js';

const config = { serverUrl: 'https://v.example', deviceId: 'd1', tenantId: 't1', checkinIntervalSeconds: 900, enrolledAt: '2026-01-01T00:00:00.000Z' };

describe('status summary', () => {
  it('lists failing settings with their fix and settings that could not be checked', () => {
    const status = deviceStatusSchema.parse({
      deviceId: 'd1', tenantId: 't1', status: 'active', complianceState: 'inGracePeriod', lastCheckinAt: null,
      compliance: {
        state: 'inGracePeriod', graceEndsAt: '2026-01-03T00:00:00.000Z',
        policies: [{ policyId: 'p', displayName: 'Baseline', state: 'noncompliant', settings: [{ setting: 'firewallEnabled', state: 'noncompliant', observed: false, expected: true, reason: 'The firewall is off.', remediation: 'Run: ufw enable', code: 'x' }], notEvaluated: [{ setting: 'tpmRequired', reason: 'tpm.present is unknown' }] }],
      },
    });
    const summary = summarise({ stateDir: '/s', config, spool: { files: 2, bytes: 10 }, server: { reachable: true, status } });
    const text = renderStatus(summary, new Date('2026-01-02T00:00:00Z'));
    expect(text).toContain('How to fix: Run: ufw enable');
    expect(text).toContain('tpmRequired could not be checked');
    expect(text).toContain('before 2026-01-03T00:00:00.000Z');
    // Once the grace period is over, the status says it ended instead of asking for a fix before a past time.
    const later = renderStatus(summary, new Date('2026-01-04T00:00:00Z'));
    expect(later).toContain('The grace period ended on 2026-01-03T00:00:00.000Z');
    expect(later).not.toContain('before 2026-01-03');
  });

  it('a compliance section of another shape does not fail the status', () => {
    const parsed = deviceStatusSchema.safeParse({ deviceId: 'd1', tenantId: 't1', status: 'active', complianceState: 'unknown', compliance: { policies: 'nope' } });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.compliance).toBeUndefined();
  });

  it('says how to enroll when not enrolled', () => {
    expect(renderStatus(summarise({ stateDir: '/s', spool: { files: 0, bytes: 0 }, server: { reachable: false, error: 'not enrolled' } }))).toContain('verity-agent enroll');
  });
});
