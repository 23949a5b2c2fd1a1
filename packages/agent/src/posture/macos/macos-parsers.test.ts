import fc from 'fast-check';
import { postureReportSchema } from '@verity/core';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixture.js';
import { fakeHostProbe } from '../../../test/fake-host-probe.js';
import { collectPosture } from '../collect-posture.js';
import { parseSocketfilterfwState } from './application-firewall.js';
import { parseCsrutilStatus } from './csrutil.js';
import { parseFdesetupStatus } from './fdesetup.js';
import { countSoftwareUpdates } from './softwareupdate.js';
import { parseSwVers } from './sw-vers.js';
import { parseSpHardware } from './system-profiler-hardware.js';

describe('macOS parsers', () => {
  it('sw_vers and system_profiler', () => {
    expect(parseSwVers(fixture('macos/sw_vers.txt'))).toEqual({ productName: 'macOS', productVersion: '14.4.1', buildVersion: '23E224' });
    expect(parseSpHardware(fixture('macos/system_profiler-hardware.txt'))).toEqual({ modelName: 'MacBook Pro', modelIdentifier: 'Mac15,6', serialNumber: 'C02ZK1ABMD6T' });
  });
  it('FileVault on, off, and still encrypting', () => {
    expect(parseFdesetupStatus(fixture('macos/fdesetup-on.txt'))?.encrypted).toBe(true);
    expect(parseFdesetupStatus(fixture('macos/fdesetup-off.txt'))?.encrypted).toBe(false);
    expect(parseFdesetupStatus(fixture('macos/fdesetup-encrypting.txt'))?.encrypted).toBe(false);
    expect(parseFdesetupStatus('')).toBeUndefined();
  });
  it('application firewall, SIP and software updates', () => {
    expect(parseSocketfilterfwState(fixture('macos/socketfilterfw-enabled.txt'))).toBe(true);
    expect(parseSocketfilterfwState(fixture('macos/socketfilterfw-disabled.txt'))).toBe(false);
    expect(parseCsrutilStatus(fixture('macos/csrutil-enabled.txt'))).toBe(true);
    expect(parseCsrutilStatus(fixture('macos/csrutil-custom.txt'))).toBe(false);
    expect(countSoftwareUpdates(fixture('macos/softwareupdate-list.txt'))).toBe(2);
    expect(countSoftwareUpdates('Software Update Tool\n\nFinding available software\nNo new software available.\n')).toBe(0);
  });
  it('a recorded Mac yields a schema-valid report', async () => {
    const probe = fakeHostProbe({
      commands: {
        sw_vers: fixture('macos/sw_vers.txt'),
        'system_profiler SPHardwareDataType': fixture('macos/system_profiler-hardware.txt'),
        'fdesetup status': fixture('macos/fdesetup-on.txt'),
        '/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate': fixture('macos/socketfilterfw-enabled.txt'),
        'csrutil status': fixture('macos/csrutil-enabled.txt'),
        'softwareupdate --list': fixture('macos/softwareupdate-list.txt'),
        'uname -r': '23.4.0\n',
        hostname: 'alice-mbp.local\n',
      },
    });
    const report = postureReportSchema.parse(await collectPosture(probe, 'macos', new Date('2026-01-02T03:04:05Z')));
    expect(report.facts['encryption.volumes']).toMatchObject({ state: 'known', value: [{ encrypted: true, method: 'filevault' }] });
    expect(report.facts['device.serialNumber']).toMatchObject({ value: 'C02ZK1ABMD6T' });
  });
  it('parsers never throw', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      parseSwVers(s); parseFdesetupStatus(s); parseSocketfilterfwState(s); parseSpHardware(s); parseCsrutilStatus(s); countSoftwareUpdates(s);
      return true;
    }));
  });
});
