import type { EncryptedVolume } from '@verity/core';
import { parsePowerShellJsonList } from './powershell-json.js';

/**
 * Parse `Get-BitLockerVolume | ConvertTo-Json`. ConvertTo-Json writes the enums as numbers:
 * ProtectionStatus 0 Off / 1 On / 2 Unknown; VolumeType 0 OperatingSystem / 1 Data /
 * 2 FixedData... (newer PowerShell may write names). A volume counts as encrypted only when
 * protection is On, i.e. fully encrypted with an active key protector.
 */
export function parseBitLockerVolumes(stdout: string): EncryptedVolume[] | undefined {
  const list = parsePowerShellJsonList(stdout);
  if (list === undefined) return undefined;
  return list.map((v) => {
    const protection = v.ProtectionStatus;
    const encrypted = protection === 1 || protection === 'On';
    const type = v.VolumeType;
    const mount = String(v.MountPoint ?? '').slice(0, 512);
    return {
      mountPoint: mount,
      device: String(v.MountPoint ?? v.ComputerName ?? '').slice(0, 512),
      encrypted,
      method: encrypted ? 'bitlocker' : 'none',
      system: type === 0 || type === 'OperatingSystem',
    };
  });
}
