import { describe, expect, it } from 'vitest';
import { bucketRange, bucketTick, devicesLink, lastCheckinLink, signInsLink } from './dashboard-links';

describe('dashboard links', () => {
  it('links a count to the active devices with that value', () => {
    expect(devicesLink({ platform: 'linux' })).toBe('/devices?status=active&platform=linux');
  });

  it('turns an hour or a day bucket into its time range', () => {
    expect(bucketRange('2026-03-10T13')).toEqual({ from: '2026-03-10T13:00:00.000Z', to: '2026-03-10T14:00:00.000Z' });
    expect(bucketRange('2026-02-28')).toEqual({ from: '2026-02-28T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
  });

  it('links a check-in bucket to the devices last seen in it, and a sign-in bucket to the log', () => {
    expect(lastCheckinLink('2026-03-10T13')).toBe('/devices?status=active&lastCheckinAfter=2026-03-10T12%3A59%3A59.999Z&lastCheckinBefore=2026-03-10T14%3A00%3A00.000Z&sort=lastCheckinAt&order=desc');
    expect(signInsLink('2026-03-10', 'block')).toBe('/conditional-access/sign-ins?result=block&from=2026-03-10T00%3A00%3A00.000Z&to=2026-03-11T00%3A00%3A00.000Z');
  });

  it('labels an hour by its time and a day by its date', () => {
    expect(bucketTick('2026-03-10T07')).toBe('07:00');
    expect(bucketTick('2026-03-10')).toMatch(/Mar|10/);
  });
});
