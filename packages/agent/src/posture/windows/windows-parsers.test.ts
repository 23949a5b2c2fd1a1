import fc from 'fast-check';
import { postureReportSchema } from '@verity/core';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixture.js';
import { fakeHostProbe } from '../../../test/fake-host-probe.js';
import { collectPosture } from '../collect-posture.js';
import { parseBitLockerVolumes } from './bitlocker.js';
import { parseMpComputerStatus } from './defender.js';
import { parseNetFirewallProfiles } from './firewall-profile.js';
import { parseWin32OperatingSystem } from './operating-system.js';
import { parsePowerShellJsonList } from './powershell-json.js';
import { parseConfirmSecureBootUefi } from './secure-boot.js';
import { parseGetTpm } from './tpm.js';

const ps = (script: string) => `powershell.exe -NoProfile -NonInteractive -Command ${script}`;

describe('Windows parsers', () => {
  it('BitLocker: protected OS volume, unprotected data volume', () => {
    expect(parseBitLockerVolumes(fixture('windows/bitlocker.json'))).toEqual([
      { mountPoint: 'C:', device: 'C:', encrypted: true, method: 'bitlocker', system: true },
      { mountPoint: 'D:', device: 'D:', encrypted: false, method: 'none', system: false },
    ]);
  });
  it('Defender status', () => {
    expect(parseMpComputerStatus(fixture('windows/mpcomputerstatus.json'))).toEqual({
      serviceEnabled: true, antivirusEnabled: true, antispywareEnabled: true, realTimeProtection: true, signatureUpToDate: true,
    });
    expect(parseMpComputerStatus('{"AntivirusSignatureAge": 9}')?.signatureUpToDate).toBe(false);
  });
  it('firewall is enabled only when every profile is', () => {
    expect(parseNetFirewallProfiles(fixture('windows/netfirewallprofile.json'))).toEqual({ enabled: false, disabled: ['Public'] });
    expect(parseNetFirewallProfiles('{"Name":"Domain","Enabled":true}')).toEqual({ enabled: true, disabled: [] });
  });
  it('Secure Boot, TPM, OS', () => {
    expect(parseConfirmSecureBootUefi(fixture('windows/confirm-securebootuefi-true.txt'), '')).toBe(true);
    expect(parseConfirmSecureBootUefi('', fixture('windows/confirm-securebootuefi-bios.stderr.txt'))).toBe(false);
    expect(parseConfirmSecureBootUefi('', 'Confirm-SecureBootUEFI : Access was denied.')).toBe('denied');
    expect(parseGetTpm(fixture('windows/get-tpm.json'))).toEqual({ present: true });
    expect(parseWin32OperatingSystem(fixture('windows/win32-operatingsystem.json'))).toEqual({ caption: 'Microsoft Windows 11 Pro', version: '10.0.22631', build: '22631', hostname: 'DESKTOP-7QK2M1' });
  });
  it('a recorded Windows host yields a schema-valid report', async () => {
    const probe = fakeHostProbe({
      commands: {
        [ps('Get-CimInstance Win32_OperatingSystem | ConvertTo-Json')]: fixture('windows/win32-operatingsystem.json'),
        [ps('Get-BitLockerVolume | ConvertTo-Json')]: fixture('windows/bitlocker.json'),
        [ps('Get-MpComputerStatus | ConvertTo-Json')]: fixture('windows/mpcomputerstatus.json'),
        [ps('Get-NetFirewallProfile | ConvertTo-Json')]: fixture('windows/netfirewallprofile.json'),
        [ps('Confirm-SecureBootUEFI')]: fixture('windows/confirm-securebootuefi-true.txt'),
        [ps('Get-Tpm | ConvertTo-Json')]: fixture('windows/get-tpm.json'),
      },
    });
    const report = postureReportSchema.parse(await collectPosture(probe, 'windows', new Date('2026-01-02T03:04:05Z')));
    expect(report.facts['firewall.enabled']).toMatchObject({ state: 'known', value: false });
    expect(report.facts['secureBoot.enabled']).toMatchObject({ state: 'known', value: true });
    expect(report.facts['tpm.version']?.state).toBe('unknown');
  });
  it('JSON parsers never throw', () => {
    fc.assert(fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 200 })), (s) => {
      parsePowerShellJsonList(s); parseBitLockerVolumes(s); parseMpComputerStatus(s); parseNetFirewallProfiles(s); parseGetTpm(s); parseWin32OperatingSystem(s);
      return true;
    }));
  });
});
