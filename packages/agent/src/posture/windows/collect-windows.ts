import type { Fact, PostureFacts } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { commandProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';
import { parseBitLockerVolumes } from './bitlocker.js';
import { parseMpComputerStatus } from './defender.js';
import { parseNetFirewallProfiles } from './firewall-profile.js';
import { parseWin32OperatingSystem } from './operating-system.js';
import { parseConfirmSecureBootUefi } from './secure-boot.js';
import { parseGetTpm } from './tpm.js';

/** Run one PowerShell pipeline (no profile, no prompts); the command text is a constant, never input. */
async function powershell(probe: HostProbe, script: string) {
  return probe.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], { timeoutMs: 30_000 });
}

function factOf<T>(value: T | undefined, source: string, missing: string): Fact<T> {
  return value === undefined ? unknown(missing) : known(value, source);
}

/** Windows facts from the CIM, BitLocker, Defender, NetSecurity, SecureBoot and TrustedPlatformModule cmdlets. */
export async function collectWindowsFacts(probe: HostProbe): Promise<PostureFacts> {
  const facts: PostureFacts = {};
  const osCmd = 'Get-CimInstance Win32_OperatingSystem | ConvertTo-Json';
  const osRun = await powershell(probe, osCmd);
  const os = osRun.kind === 'exited' && osRun.code === 0 ? parseWin32OperatingSystem(osRun.stdout) : undefined;
  if (os !== undefined) {
    facts['os.name'] = factOf(os.caption, osCmd, 'Win32_OperatingSystem has no Caption');
    facts['os.version'] = factOf(os.version, osCmd, 'Win32_OperatingSystem has no Version');
    facts['os.build'] = factOf(os.build, osCmd, 'Win32_OperatingSystem has no BuildNumber');
    facts['device.hostname'] = factOf(os.hostname, osCmd, 'Win32_OperatingSystem has no CSName');
  } else facts['os.name'] = unknown(commandProblem(osCmd, osRun));

  const blCmd = 'Get-BitLockerVolume | ConvertTo-Json';
  const bl = await powershell(probe, blCmd);
  const volumes = bl.kind === 'exited' && bl.code === 0 ? parseBitLockerVolumes(bl.stdout) : undefined;
  facts['encryption.volumes'] = volumes !== undefined ? known(volumes.slice(0, 256), blCmd) : unknown(`${commandProblem(blCmd, bl)} (needs an elevated agent)`, 'needs-admin');

  const mpCmd = 'Get-MpComputerStatus | ConvertTo-Json';
  const mp = await powershell(probe, mpCmd);
  const defender = mp.kind === 'exited' && mp.code === 0 ? parseMpComputerStatus(mp.stdout) : undefined;
  const mpReason = defender === undefined ? commandProblem(mpCmd, mp) : 'Get-MpComputerStatus did not report this field';
  facts['defender.enabled'] = factOf(defender?.serviceEnabled, mpCmd, mpReason);
  facts['antivirus.enabled'] = factOf(defender?.antivirusEnabled, mpCmd, mpReason);
  facts['antispyware.enabled'] = factOf(defender?.antispywareEnabled, mpCmd, mpReason);
  facts['defender.realTimeProtection'] = factOf(defender?.realTimeProtection, mpCmd, mpReason);
  facts['antivirus.signatureUpToDate'] = factOf(defender?.signatureUpToDate, mpCmd, mpReason);

  const fwCmd = 'Get-NetFirewallProfile | ConvertTo-Json';
  const fw = await powershell(probe, fwCmd);
  const profiles = fw.kind === 'exited' && fw.code === 0 ? parseNetFirewallProfiles(fw.stdout) : undefined;
  facts['firewall.enabled'] = profiles !== undefined ? known(profiles.enabled, fwCmd) : unknown(commandProblem(fwCmd, fw));
  facts['firewall.product'] = known('windows-firewall', fwCmd);

  const sbCmd = 'Confirm-SecureBootUEFI';
  const sb = await powershell(probe, sbCmd);
  const secure = sb.kind === 'exited' ? parseConfirmSecureBootUefi(sb.stdout, sb.stderr) : undefined;
  facts['secureBoot.enabled'] =
    secure === 'denied' ? unknown('Confirm-SecureBootUEFI needs an elevated agent', 'needs-admin') : factOf(secure, sbCmd, commandProblem(sbCmd, sb));

  const tpmCmd = 'Get-Tpm | ConvertTo-Json';
  const tpmRun = await powershell(probe, tpmCmd);
  const tpm = tpmRun.kind === 'exited' && tpmRun.code === 0 ? parseGetTpm(tpmRun.stdout) : undefined;
  facts['tpm.present'] = factOf(tpm?.present, tpmCmd, commandProblem(tpmCmd, tpmRun));
  facts['tpm.version'] = factOf(tpm?.version, tpmCmd, 'Get-Tpm does not report the TPM specification version');
  return facts;
}
