import { describe, expect, it } from 'vitest';
import { gracePeriodNotice, renderGracePeriodNotice } from './grace-period-notice.js';

const NOW = new Date('2026-12-06T12:00:00Z');

describe('gracePeriodNotice', () => {
  it('asks for a fix before a time still to come', () => {
    const n = gracePeriodNotice('inGracePeriod', '2026-12-07T12:00:00Z', NOW);
    expect(n).toMatchObject({ ended: false, at: '2026-12-07T12:00:00Z' });
    expect(renderGracePeriodNotice(n!, (t) => t)).toContain('before 2026-12-07T12:00:00Z');
  });

  it('says a grace period that has passed has ended, for noncompliant and (late evaluation) in-grace devices', () => {
    for (const state of ['noncompliant', 'inGracePeriod']) {
      const n = gracePeriodNotice(state, '2026-12-06T11:59:59Z', NOW);
      expect(n?.ended).toBe(true);
      expect(renderGracePeriodNotice(n!, (t) => t)).not.toContain('before');
    }
  });

  it('says nothing without a grace period, for a compliant or retired device, or an unreadable time', () => {
    expect(gracePeriodNotice('noncompliant', null, NOW)).toBeNull();
    expect(gracePeriodNotice('compliant', '2026-12-07T12:00:00Z', NOW)).toBeNull();
    expect(gracePeriodNotice('retired', '2026-12-07T12:00:00Z', NOW)).toBeNull();
    expect(gracePeriodNotice('noncompliant', 'yesterday', NOW)).toBeNull();
  });
});
