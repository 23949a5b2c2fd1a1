import { describe, expect, it } from 'vitest';
import { deviceQueryFrom, withFilter, withSort } from './device-query';

describe('device list URL -> API query', () => {
  it('keeps the values the API accepts and drops the rest', () => {
    const q = deviceQueryFrom(new URLSearchParams('platform=linux&ownership=nope&status=active&complianceState=noncompliant&sort=lastCheckinAt&order=desc&search=%20ada%20&lastCheckinBefore=2026-03-10T12:00:00Z&groupId=a%20b'), 'CURSOR');
    expect(q).toEqual({
      limit: 50, sort: 'lastCheckinAt', order: 'desc', platform: 'linux', status: 'active', complianceState: 'noncompliant', search: 'ada',
      lastCheckinBefore: '2026-03-10T12:00:00.000Z', cursor: 'CURSOR',
    });
  });

  it('defaults to name order, ascending, without a cursor', () => {
    expect(deviceQueryFrom(new URLSearchParams('sort=bogus&lastCheckinAfter=yesterday'))).toEqual({ limit: 50, sort: 'displayName', order: 'asc' });
  });

  it('sets and clears a filter, and sorts, without touching the others', () => {
    const p = new URLSearchParams('platform=linux&search=x');
    expect(withFilter(p, 'platform', null).toString()).toBe('search=x');
    expect(withFilter(p, 'status', 'retired').toString()).toBe('platform=linux&search=x&status=retired');
    expect(withSort(p, 'enrolledAt', true).toString()).toBe('platform=linux&search=x&sort=enrolledAt&order=desc');
  });
});
