import { describe, expect, it } from 'vitest';
import { renewalTime, shouldRenew } from './should-renew.js';

const DAY = 86_400_000;
const notBefore = new Date('2026-01-01T00:00:00Z');
const notAfter = new Date(notBefore.getTime() + 90 * DAY);

describe('shouldRenew', () => {
  it('renews once less than a third of the lifetime remains', () => {
    expect(shouldRenew(notBefore, notAfter, new Date(notBefore.getTime() + 59 * DAY))).toBe(false);
    expect(shouldRenew(notBefore, notAfter, new Date(notBefore.getTime() + 60 * DAY))).toBe(false);
    expect(shouldRenew(notBefore, notAfter, new Date(notBefore.getTime() + 60 * DAY + 1))).toBe(true);
    expect(shouldRenew(notBefore, notAfter, new Date(notAfter.getTime() + DAY))).toBe(true);
  });

  it('treats an empty or inverted lifetime as due', () => {
    expect(shouldRenew(notAfter, notBefore, notBefore)).toBe(true);
    expect(shouldRenew(notBefore, notBefore, notBefore)).toBe(true);
  });

  it('reports the renewal moment', () => {
    expect(renewalTime(notBefore, notAfter).toISOString()).toBe(new Date(notBefore.getTime() + 60 * DAY).toISOString());
  });
});
