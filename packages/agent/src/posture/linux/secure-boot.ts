import type { Fact } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { fileCause, fileProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

/** EFI global variable GUID (UEFI spec 2.x, section 3.3 "Globally Defined Variables"). */
export const SECURE_BOOT_VAR = '/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c';

/**
 * efivarfs files start with a 4-byte attribute mask, then the value; SecureBoot is one
 * byte, 1 = enabled. Returns undefined for a truncated file.
 */
export function parseSecureBootVariable(bytes: Uint8Array): boolean | undefined {
  if (bytes.length < 5) return undefined;
  return bytes[4] === 1;
}

/** Secure Boot state; a host booted without EFI (legacy BIOS) has it off by definition. */
export async function collectSecureBoot(probe: HostProbe): Promise<Fact<boolean>> {
  if (!(await probe.exists('/sys/firmware/efi'))) return known(false, '/sys/firmware/efi absent: legacy BIOS boot');
  const read = await probe.readBytes(SECURE_BOOT_VAR);
  if (read.kind === 'missing') {
    if ((await probe.listDir('/sys/firmware/efi/efivars'))?.length) {
      // efivarfs is mounted and lists variables, but the firmware defines no SecureBoot variable.
      return known(false, `${SECURE_BOOT_VAR} absent: firmware without Secure Boot`);
    }
    return unknown('efivarfs is not mounted at /sys/firmware/efi/efivars', 'not-supported');
  }
  if (read.kind !== 'ok') return unknown(fileProblem(SECURE_BOOT_VAR, read), fileCause(read));
  const enabled = parseSecureBootVariable(read.bytes);
  return enabled === undefined ? unknown(`${SECURE_BOOT_VAR} is truncated`) : known(enabled, SECURE_BOOT_VAR);
}
