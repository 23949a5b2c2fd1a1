import { describe, expect, it } from 'vitest';
import { ApiProblem, fieldLines, plainWords, problemFrom } from '../api/problem';
import { noticeText } from '../portal/notice';
import { changeLines, extensionAttributePatch } from '../features/devices/extension-attributes';
import { safeNext } from '../app/admin-sign-in-page';
import { profileState } from '../features/enrollment/enrollment-page';
import { decodeExport } from '../features/compliance/compliance-import-page';
import { isActive, NAV_ITEMS } from '../app/navigation';
import { ago, complianceLabel, formatValue } from './labels';

describe('labels and formatting', () => {
  it('names states for people and keeps unknown codes', () => {
    expect(complianceLabel('noncompliant')).toBe('Not compliant');
    expect(complianceLabel('somethingNew')).toBe('somethingNew');
    expect(complianceLabel(null)).toBe('—');
  });
  it('says how long ago', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(ago('2026-03-10T11:58:00Z', now)).toBe('2 min ago');
    expect(ago('2026-03-10T07:00:00Z', now)).toBe('5 h ago');
    expect(ago('2026-03-08T12:00:00Z', now)).toBe('2 days ago');
    expect(ago(null, now)).toBe('never');
  });
  it('formats posture values', () => {
    expect(formatValue(true)).toBe('yes');
    expect(formatValue(['a'])).toBe('["a"]');
    expect(formatValue(null)).toBe('—');
  });
});

describe('problems in plain words', () => {
  it('reads problem+json and its field errors', () => {
    const p = problemFrom(400, { code: 'VERITY_REQUEST_INVALID', detail: 'The request is not valid.', errors: [{ path: '$.displayName', message: 'required' }, { path: '$query.range', message: 'bad', position: 3 }] });
    expect(p).toBeInstanceOf(ApiProblem);
    expect(p.code).toBe('VERITY_REQUEST_INVALID');
    expect(plainWords(p)).toBe('The request is not valid.');
    expect(fieldLines(p)).toEqual(['displayName: required', 'range: bad (at character 4)']);
  });
  it('words session, role, rate and network failures', () => {
    expect(plainWords(problemFrom(401, { code: 'VERITY_AUTH_INVALID_TOKEN', detail: 'x' }))).toBe('Your session has ended. Sign in again.');
    expect(plainWords(problemFrom(0, undefined))).toMatch(/did not answer/);
    expect(problemFrom(502, '<html>').code).toBe('UNEXPECTED_RESPONSE');
  });
});

describe('small pure helpers', () => {
  it('writes a portal notice\'s time where the server left {time}', () => {
    expect(noticeText({ text: 'Fix it before {time}.', at: '2026-03-10T12:00:00Z' }, (d) => d.toISOString())).toBe('Fix it before 2026-03-10T12:00:00.000Z.');
    expect(noticeText({ text: 'Never checked in.', at: null })).toBe('Never checked in.');
  });
  it('sends only changed extension attributes, a cleared one as null', () => {
    expect(extensionAttributePatch({ extensionAttribute1: 'SAW', extensionAttribute2: 'x' }, { extensionAttribute1: 'SAW', extensionAttribute2: '', extensionAttribute3: ' new ' }))
      .toEqual({ extensionAttribute2: null, extensionAttribute3: 'new' });
  });
  it('lists the changes to confirm, a cleared attribute as removed', () => {
    const before = { extensionAttribute1: 'SAW', extensionAttribute2: 'x' };
    const patch = extensionAttributePatch(before, { extensionAttribute1: 'SAW', extensionAttribute2: '', extensionAttribute3: 'new' });
    expect(changeLines(before, patch)).toEqual(['extensionAttribute2: "x" → removed', 'extensionAttribute3: not set → "new"']);
  });
  it('returns after sign-in only to a path of this app', () => {
    expect(safeNext('/devices?x=1')).toBe('/devices?x=1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
  it('says whether an enrollment token still works', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(profileState({ revokedAt: null, expiresAt: '2026-03-11T00:00:00Z', maxUses: 2, uses: 1 }, now)).toBe('active');
    expect(profileState({ revokedAt: null, expiresAt: '2026-03-11T00:00:00Z', maxUses: 2, uses: 2 }, now)).toBe('used up');
    expect(profileState({ revokedAt: null, expiresAt: '2026-03-09T00:00:00Z', maxUses: null, uses: 0 }, now)).toBe('expired');
    expect(profileState({ revokedAt: '2026-03-01T00:00:00Z', expiresAt: '2026-03-11T00:00:00Z', maxUses: null, uses: 0 }, now)).toBe('revoked');
  });
  it('decodes exports in UTF-8 and UTF-16 with a byte-order mark', () => {
    const text = '{"a":"é"}';
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Uint16Array.from(text, (c) => c.charCodeAt(0)).buffer)]);
    expect(decodeExport(le)).toBe(text);
    expect(decodeExport(new TextEncoder().encode(`\uFEFF${text}`))).toBe(text);
  });
  it('marks the navigation section of a path', () => {
    const devices = NAV_ITEMS.find((i) => i.to === '/devices')!;
    const dashboard = NAV_ITEMS.find((i) => i.to === '/')!;
    expect(isActive(devices, '/devices/abc')).toBe(true);
    expect(isActive(dashboard, '/devices')).toBe(false);
    expect(isActive(dashboard, '/')).toBe(true);
  });
});
