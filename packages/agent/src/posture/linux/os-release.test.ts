import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixture.js';
import { fakeHostProbe } from '../../../test/fake-host-probe.js';
import { collectOsRelease, parseOsRelease } from './os-release.js';

describe('os-release', () => {
  it('parses Ubuntu with quotes and ID_LIKE', async () => {
    const fields = parseOsRelease(fixture('linux/os-release-ubuntu.txt'));
    expect(fields).toMatchObject({ NAME: 'Ubuntu', VERSION_ID: '22.04', ID: 'ubuntu', ID_LIKE: 'debian' });
    const facts = await collectOsRelease(fakeHostProbe({ files: { '/etc/os-release': fixture('linux/os-release-ubuntu.txt') } }));
    expect(facts.family).toEqual(['ubuntu', 'debian']);
    expect(facts.version).toEqual({ state: 'known', value: '22.04', source: '/etc/os-release VERSION_ID' });
  });

  it('unescapes double-quoted values and ignores comments', () => {
    expect(parseOsRelease('# c\nNAME="A \\"quoted\\" \\$name"\nX=\'single\'\n')).toEqual({ NAME: 'A "quoted" $name', X: 'single' });
  });

  it('falls back to /usr/lib/os-release, else reports unknown', async () => {
    const rhel = await collectOsRelease(fakeHostProbe({ files: { '/usr/lib/os-release': fixture('linux/os-release-rhel.txt') } }));
    expect(rhel.distribution).toMatchObject({ state: 'known', value: 'rhel' });
    expect(rhel.family).toEqual(['rhel', 'fedora']);
    const none = await collectOsRelease(fakeHostProbe({}));
    expect(none.name.state).toBe('unknown');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => typeof parseOsRelease(s) === 'object'));
  });
});
