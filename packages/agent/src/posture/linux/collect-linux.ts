import type { PostureFacts } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { collectAutomaticUpdates } from './automatic-updates.js';
import { collectDeviceIdentity, collectHostname, collectKernel } from './device-identity.js';
import { collectDiskEncryption } from './disk-encryption.js';
import { collectLinuxFirewall } from './firewall.js';
import { collectOsRelease } from './os-release.js';
import { collectPasswordPolicy } from './password-policy.js';
import { collectPendingUpdates } from './pending-updates.js';
import { collectScreenLock } from './screen-lock.js';
import { collectSecureBoot } from './secure-boot.js';
import { collectTpm } from './tpm.js';

/** All Linux facts. Collectors run one after another: the host has few cores and they are cheap. */
export async function collectLinuxFacts(probe: HostProbe): Promise<PostureFacts> {
  const os = await collectOsRelease(probe);
  const identity = await collectDeviceIdentity(probe);
  const firewall = await collectLinuxFirewall(probe);
  const tpm = await collectTpm(probe);
  const screen = await collectScreenLock(probe);
  const password = await collectPasswordPolicy(probe);
  return {
    'os.name': os.name,
    'os.version': os.version,
    'os.distribution': os.distribution,
    'os.kernel': await collectKernel(probe),
    'device.hostname': await collectHostname(probe),
    'device.serialNumber': identity.serialNumber,
    'device.model': identity.model,
    'device.manufacturer': identity.manufacturer,
    'encryption.volumes': await collectDiskEncryption(probe),
    'firewall.enabled': firewall.enabled,
    'firewall.product': firewall.product,
    'secureBoot.enabled': await collectSecureBoot(probe),
    'tpm.present': tpm.present,
    'tpm.version': tpm.version,
    'updates.automaticSecurity': await collectAutomaticUpdates(probe, os.family),
    'updates.pendingSecurity': await collectPendingUpdates(probe, os.family),
    'screenLock.enabled': screen.enabled,
    'screenLock.idleSeconds': screen.idleSeconds,
    'password.minLength': password.minLength,
    'password.maxAgeDays': password.maxAgeDays,
  };
}

/** The facts enrollment describes the device with: OS, hostname and SMBIOS identity (fast). */
export async function collectLinuxIdentityFacts(probe: HostProbe): Promise<PostureFacts> {
  const os = await collectOsRelease(probe);
  const identity = await collectDeviceIdentity(probe);
  return {
    'os.name': os.name,
    'os.version': os.version,
    'os.distribution': os.distribution,
    'device.hostname': await collectHostname(probe),
    'device.serialNumber': identity.serialNumber,
    'device.model': identity.model,
    'device.manufacturer': identity.manufacturer,
  };
}
