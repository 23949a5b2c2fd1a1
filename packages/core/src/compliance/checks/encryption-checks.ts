import type { EncryptedVolume } from '../../posture/posture-report.js';
import { COMPLIANT, NONCOMPLIANT, UNKNOWN, type CheckCompiler } from './compiled-check.js';
import { factMissingRank, factMissingResult, knownValue } from './fact-access.js';
import { settingResultFactory } from './setting-result-factory.js';

/**
 * Encryption of the OS volume(s) from the `encryption.volumes` fact. Compliance needs at least
 * one volume flagged `system` and every system volume encrypted (with BitLocker when the
 * setting is bitLockerEnabled). A report without any system volume is `unknown`.
 */
function systemVolumeEncryption(method: string | null, code: 'storage-not-encrypted' | 'bitlocker-not-enabled'): CheckCompiler {
  return (rule, policyId) => {
    const what = method === null ? 'The OS volume is encrypted.' : `The OS volume is encrypted with ${method}.`;
    const r = settingResultFactory(policyId, rule, what);
    return {
      result: (device) => {
        const volumes = knownValue<EncryptedVolume[]>(device, 'encryption.volumes');
        if (!Array.isArray(volumes)) return factMissingResult(device, 'encryption.volumes', r);
        let system = 0;
        for (const v of volumes) {
          if (!v.system) continue;
          system++;
          if (!v.encrypted || (method !== null && v.method.toLowerCase() !== method)) {
            return r.fail(volumes, code,
              () => method === null
                ? `The OS volume ${v.mountPoint} is not encrypted.`
                : `The OS volume ${v.mountPoint} is not encrypted with ${method} (method: ${v.method}).`,
              method === 'bitlocker' ? 'Turn on BitLocker device encryption for your system drive.' : 'Turn on disk encryption for your device (BitLocker, FileVault, LUKS or the device encryption setting).');
          }
        }
        if (system === 0) {
          return r.other('unknown', volumes, 'fact-unknown', 'The device reported no OS volume, so encryption cannot be judged.',
            'Make sure the Verity agent is installed, running and up to date, then sync your device.');
        }
        return r.ok(volumes);
      },
      state: (device) => {
        const volumes = knownValue<EncryptedVolume[]>(device, 'encryption.volumes');
        if (!Array.isArray(volumes)) return factMissingRank(device, 'encryption.volumes');
        let system = 0;
        for (const v of volumes) {
          if (!v.system) continue;
          system++;
          if (!v.encrypted || (method !== null && v.method.toLowerCase() !== method)) return NONCOMPLIANT;
        }
        return system === 0 ? UNKNOWN : COMPLIANT;
      },
    };
  };
}

/** storageRequireEncryption / linux_deviceencryption_required: OS volume encrypted, any method. */
export const storageEncryption = systemVolumeEncryption(null, 'storage-not-encrypted');
/** bitLockerEnabled: OS volume encrypted with BitLocker. */
export const bitlocker = systemVolumeEncryption('bitlocker', 'bitlocker-not-enabled');
