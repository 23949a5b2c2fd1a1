import type { ComplianceCheckId } from '../compliance-types.js';
import * as bool from './boolean-fact-checks.js';
import type { CheckCompiler } from './compiled-check.js';
import { deviceThreatLevel } from './device-threat-level-check.js';
import { bitlocker, storageEncryption } from './encryption-checks.js';
import { linuxAllowedDistributions } from './linux-distribution-check.js';
import * as pw from './password-checks.js';
import * as ver from './version-checks.js';

/** Every check id mapped to its compiler; the Record type makes a missing check a compile error. */
export const CHECK_COMPILERS: Record<ComplianceCheckId, CheckCompiler> = {
  'os-minimum-version': ver.osMinimumVersion,
  'os-maximum-version': ver.osMaximumVersion,
  'os-minimum-build': ver.osMinimumBuild,
  'os-maximum-build': ver.osMaximumBuild,
  'os-build-ranges': ver.osBuildRanges,
  'agent-minimum-version': ver.agentMinimumVersion,
  'password-required': pw.passwordRequired,
  'password-minimum-length': pw.passwordMinimumLength,
  'password-required-type': pw.passwordRequiredType,
  'password-expiration-days': pw.passwordExpirationDays,
  'password-inactivity-lock': pw.passwordInactivityLock,
  'screen-lock-required': pw.screenLockRequired,
  'storage-encryption': storageEncryption,
  bitlocker,
  'secure-boot': bool.secureBoot,
  'code-integrity': bool.codeIntegrity,
  tpm: bool.tpm,
  firewall: bool.firewall,
  antivirus: bool.antivirus,
  antispyware: bool.antispyware,
  defender: bool.defender,
  'defender-real-time-protection': bool.defenderRealTimeProtection,
  'antivirus-signatures-up-to-date': bool.antivirusSignaturesUpToDate,
  'not-jailbroken': bool.notJailbroken,
  'automatic-security-updates': bool.automaticSecurityUpdates,
  'maximum-pending-security-updates': bool.maximumPendingSecurityUpdates,
  'device-threat-level': deviceThreatLevel,
  'linux-allowed-distributions': linuxAllowedDistributions,
};
