import { z } from 'zod';
import type { ComplianceCheckId, ComplianceKind } from './compliance-types.js';

/**
 * The catalogue of Graph deviceCompliancePolicy properties per policy kind: how each one is
 * validated and whether Verity evaluates it (which check), keeps it unevaluated (and why),
 * or treats it as metadata. Names, types and ranges follow the Graph resource pages
 * (intune-deviceconfig-windows10compliancepolicy, -macoscompliancepolicy, -ioscompliancepolicy,
 * -androidworkprofilecompliancepolicy, -androiddeviceownercompliancepolicy).
 */
export type PropertyRole = 'check' | 'notEvaluated' | 'companion' | 'meta';

export interface PropertySpec {
  readonly schema: z.ZodType;
  readonly role: PropertyRole;
  readonly check?: ComplianceCheckId;
  /** Why not evaluated / why ignored. */
  readonly reason?: string;
  /** Whether the value asks for something (default: not null/false/''/deviceDefault/notSet/...). */
  readonly configured?: (v: unknown) => boolean;
  /** Expected value handed to the check (default: the value itself). */
  readonly expected?: (v: unknown) => unknown;
  /** Intune applies the setting only when this boolean property is true. */
  readonly requires?: string;
}

const VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z._\-+ ]*$/;
const NOT_CONFIGURED = new Set<unknown>([null, undefined, false, '', 'deviceDefault', 'notSet', 'notConfigured', 'unavailable']);

/** Default "is this setting configured" test of Graph values. */
export function isConfigured(v: unknown): boolean {
  if (NOT_CONFIGURED.has(v)) return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

const bool = z.boolean().nullable().optional();
const int = (min: number, max: number) => z.number().int().min(min).max(max).nullable().optional();
const str = (max: number) => z.string().max(max).nullable().optional();
const en = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).nullable().optional();
/** A version-like string: empty (not configured) or starts alphanumeric and contains a digit. */
export const versionString = z
  .string()
  .max(64)
  .refine((s) => s === '' || (VERSION_RE.test(s) && /\d/.test(s)), { message: 'Must be a version such as 10.0.19045.3803 or 14.2.1.' })
  .nullable()
  .optional();

const THREAT_LEVELS = ['unavailable', 'secured', 'low', 'medium', 'high', 'notSet'] as const;
const REQUIRED_PASSWORD_TYPE = ['deviceDefault', 'alphanumeric', 'numeric'] as const;
const ANDROID_PASSWORD_TYPE = ['deviceDefault', 'alphabetic', 'alphanumeric', 'alphanumericWithSymbols', 'lowSecurityBiometric', 'numeric', 'numericComplex', 'any'] as const;
const ANDROID_DO_PASSWORD_TYPE = ['deviceDefault', 'required', 'numeric', 'numericComplex', 'alphabetic', 'alphanumeric', 'alphanumericWithSymbols', 'lowSecurityBiometric', 'customPassword'] as const;

const check = (schema: z.ZodType, c: ComplianceCheckId, extra: Partial<PropertySpec> = {}): PropertySpec => ({ schema, role: 'check', check: c, ...extra });
const notEvaluated = (schema: z.ZodType, reason: string, extra: Partial<PropertySpec> = {}): PropertySpec => ({ schema, role: 'notEvaluated', reason, ...extra });
const meta = (schema: z.ZodType, reason: string): PropertySpec => ({ schema, role: 'meta', reason });
const positive = (v: unknown) => typeof v === 'number' && v > 0;
const isTrue = (v: unknown) => v === true;

const NO_FACT = 'The Verity agent does not collect this fact.';
const ATTESTATION = 'Requires Google Play Integrity / SafetyNet attestation, which Verity does not perform.';
const WORK_PROFILE_PW = 'The Verity agent reports the device password, not the separate work-profile password.';
const CHAR_RULES = 'The Verity agent does not report password character-class rules.';

const rangeSchema = z
  .object({
    '@odata.type': z.string().max(128).optional(),
    description: z.string().max(1024).nullable().optional(),
    lowestVersion: z.string().max(64).regex(VERSION_RE),
    highestVersion: z.string().max(64).regex(VERSION_RE),
  })
  .strict();

/** Properties every deviceCompliancePolicy has (metadata, identity, actions). */
export const BASE_PROPERTIES: Record<string, PropertySpec> = {
  '@odata.type': meta(z.string().max(256), 'Type discriminator.'),
  id: meta(z.string().max(128).nullable().optional(), 'Read-only key; Verity assigns its own id on create.'),
  createdDateTime: meta(z.string().max(64).nullable().optional(), 'Read-only.'),
  lastModifiedDateTime: meta(z.string().max(64).nullable().optional(), 'Read-only.'),
  version: meta(z.number().int().min(0).max(2_147_483_647).nullable().optional(), 'Read-only; Verity keeps its own version.'),
  displayName: meta(z.string().min(1).max(256), 'Policy name.'),
  description: meta(z.string().max(4096).nullable().optional(), 'Policy description.'),
  roleScopeTagIds: meta(z.array(z.string().max(128)).max(100).nullable().optional(), 'Scope tags are kept for export; Verity scopes with its own roles.'),
  scheduledActionsForRule: meta(z.unknown().optional(), 'Actions for noncompliance (validated separately).'),
  assignments: meta(z.array(z.unknown()).max(1000).nullable().optional(), 'Assignments are managed in Verity, not imported with the policy.'),
  verityAgentMinimumVersion: check(versionString, 'agent-minimum-version'),
};

const threat = {
  deviceThreatProtectionEnabled: { schema: bool, role: 'companion', reason: 'Switch for deviceThreatProtectionRequiredSecurityLevel, which is what Verity evaluates.' } as PropertySpec,
  deviceThreatProtectionRequiredSecurityLevel: check(en(THREAT_LEVELS), 'device-threat-level'),
  advancedThreatProtectionRequiredSecurityLevel: check(en(THREAT_LEVELS), 'device-threat-level'),
};

const osVersions = {
  osMinimumVersion: check(versionString, 'os-minimum-version'),
  osMaximumVersion: check(versionString, 'os-maximum-version'),
};
const osBuilds = {
  osMinimumBuildVersion: check(versionString, 'os-minimum-build'),
  osMaximumBuildVersion: check(versionString, 'os-maximum-build'),
};
const BOOL_TRUE = { expected: () => true };

const WINDOWS10: Record<string, PropertySpec> = {
  passwordRequired: check(bool, 'password-required', BOOL_TRUE),
  passwordBlockSimple: notEvaluated(bool, NO_FACT, { requires: 'passwordRequired' }),
  passwordRequiredToUnlockFromIdle: check(bool, 'screen-lock-required', { ...BOOL_TRUE, requires: 'passwordRequired' }),
  passwordMinutesOfInactivityBeforeLock: check(int(0, 1440), 'password-inactivity-lock', { configured: positive, requires: 'passwordRequired' }),
  passwordExpirationDays: check(int(0, 730), 'password-expiration-days', { configured: positive, requires: 'passwordRequired' }),
  passwordMinimumLength: check(int(0, 64), 'password-minimum-length', { configured: positive, requires: 'passwordRequired' }),
  passwordMinimumCharacterSetCount: notEvaluated(int(0, 4), CHAR_RULES, { configured: positive, requires: 'passwordRequired' }),
  passwordRequiredType: check(en(REQUIRED_PASSWORD_TYPE), 'password-required-type', { requires: 'passwordRequired' }),
  passwordPreviousPasswordBlockCount: notEvaluated(int(0, 50), NO_FACT, { configured: positive, requires: 'passwordRequired' }),
  requireHealthyDeviceReport: notEvaluated(bool, 'Windows Device Health Attestation reports are not collected by Verity.'),
  ...osVersions,
  mobileOsMinimumVersion: notEvaluated(versionString, 'Windows 10 Mobile is not supported by Verity.'),
  mobileOsMaximumVersion: notEvaluated(versionString, 'Windows 10 Mobile is not supported by Verity.'),
  earlyLaunchAntiMalwareDriverEnabled: notEvaluated(bool, 'Early-launch antimalware state (Device Health Attestation) is not collected by Verity.'),
  bitLockerEnabled: check(bool, 'bitlocker', BOOL_TRUE),
  secureBootEnabled: check(bool, 'secure-boot', BOOL_TRUE),
  codeIntegrityEnabled: check(bool, 'code-integrity', BOOL_TRUE),
  storageRequireEncryption: check(bool, 'storage-encryption', BOOL_TRUE),
  activeFirewallRequired: check(bool, 'firewall', BOOL_TRUE),
  defenderEnabled: check(bool, 'defender', BOOL_TRUE),
  defenderVersion: notEvaluated(str(64), 'The Defender antimalware version is not collected by Verity.'),
  signatureOutOfDate: check(bool, 'antivirus-signatures-up-to-date', BOOL_TRUE),
  rtpEnabled: check(bool, 'defender-real-time-protection', BOOL_TRUE),
  antivirusRequired: check(bool, 'antivirus', BOOL_TRUE),
  antiSpywareRequired: check(bool, 'antispyware', BOOL_TRUE),
  ...threat,
  configurationManagerComplianceRequired: notEvaluated(bool, 'Configuration Manager compliance is not available to Verity.'),
  tpmRequired: check(bool, 'tpm', BOOL_TRUE),
  validOperatingSystemBuildRanges: check(z.array(rangeSchema).max(100).nullable().optional(), 'os-build-ranges', {
    expected: (v) => (v as { description?: string | null; lowestVersion: string; highestVersion: string }[]).map((r) => ({
      lowestVersion: r.lowestVersion,
      highestVersion: r.highestVersion,
      ...(r.description ? { description: r.description } : {}),
    })),
  }),
  deviceCompliancePolicyScript: notEvaluated(z.unknown().optional(), 'Custom compliance scripts are not run by Verity.'),
  wslDistributions: notEvaluated(z.array(z.unknown()).max(100).nullable().optional(), 'Windows Subsystem for Linux distributions are not inspected by Verity.'),
};

const MACOS: Record<string, PropertySpec> = {
  passwordRequired: check(bool, 'password-required', BOOL_TRUE),
  passwordBlockSimple: notEvaluated(bool, NO_FACT, { requires: 'passwordRequired' }),
  passwordExpirationDays: check(int(0, 65535), 'password-expiration-days', { configured: positive, requires: 'passwordRequired' }),
  passwordMinimumLength: check(int(0, 14), 'password-minimum-length', { configured: positive, requires: 'passwordRequired' }),
  passwordMinutesOfInactivityBeforeLock: check(int(0, 1440), 'password-inactivity-lock', { configured: positive, requires: 'passwordRequired' }),
  passwordPreviousPasswordBlockCount: notEvaluated(int(0, 24), NO_FACT, { configured: positive, requires: 'passwordRequired' }),
  passwordMinimumCharacterSetCount: notEvaluated(int(0, 4), CHAR_RULES, { configured: positive, requires: 'passwordRequired' }),
  passwordRequiredType: check(en(REQUIRED_PASSWORD_TYPE), 'password-required-type', { requires: 'passwordRequired' }),
  ...osVersions,
  ...osBuilds,
  systemIntegrityProtectionEnabled: notEvaluated(bool, 'System Integrity Protection state is not collected by Verity.'),
  ...threat,
  storageRequireEncryption: check(bool, 'storage-encryption', BOOL_TRUE),
  gatekeeperAllowedAppSource: notEvaluated(en(['notConfigured', 'macAppStore', 'macAppStoreAndIdentifiedDevelopers', 'anywhere'] as const), 'Gatekeeper policy is not collected by Verity.'),
  firewallEnabled: check(bool, 'firewall', BOOL_TRUE),
  firewallBlockAllIncoming: notEvaluated(bool, 'Firewall sub-options are not collected by Verity (only on/off).'),
  firewallEnableStealthMode: notEvaluated(bool, 'Firewall sub-options are not collected by Verity (only on/off).'),
};

const IOS: Record<string, PropertySpec> = {
  passcodeRequired: check(bool, 'password-required', BOOL_TRUE),
  passcodeBlockSimple: notEvaluated(bool, NO_FACT, { requires: 'passcodeRequired' }),
  passcodeExpirationDays: check(int(0, 65535), 'password-expiration-days', { configured: positive, requires: 'passcodeRequired' }),
  passcodeMinimumLength: check(int(0, 14), 'password-minimum-length', { configured: positive, requires: 'passcodeRequired' }),
  passcodeMinutesOfInactivityBeforeLock: check(int(0, 1440), 'password-inactivity-lock', { configured: positive, requires: 'passcodeRequired' }),
  passcodeMinutesOfInactivityBeforeScreenTimeout: notEvaluated(int(0, 1440), 'The screen timeout (as opposed to the lock) is not collected by Verity.', { configured: positive, requires: 'passcodeRequired' }),
  passcodePreviousPasscodeBlockCount: notEvaluated(int(0, 24), NO_FACT, { configured: positive, requires: 'passcodeRequired' }),
  passcodeMinimumCharacterSetCount: notEvaluated(int(0, 4), CHAR_RULES, { configured: positive, requires: 'passcodeRequired' }),
  passcodeRequiredType: check(en(REQUIRED_PASSWORD_TYPE), 'password-required-type', { requires: 'passcodeRequired' }),
  ...osVersions,
  ...osBuilds,
  securityBlockJailbrokenDevices: check(bool, 'not-jailbroken', BOOL_TRUE),
  ...threat,
  managedEmailProfileRequired: notEvaluated(bool, 'Managed e-mail profiles are not deployed by Verity.'),
  restrictedApps: notEvaluated(z.array(z.unknown()).max(1000).nullable().optional(), 'The installed-app inventory is not collected by Verity.'),
};

const ANDROID_COMMON: Record<string, PropertySpec> = {
  passwordRequired: check(bool, 'password-required', BOOL_TRUE),
  passwordMinimumLength: check(int(0, 16), 'password-minimum-length', { configured: positive, requires: 'passwordRequired' }),
  passwordMinutesOfInactivityBeforeLock: check(int(0, 1440), 'password-inactivity-lock', { configured: positive, requires: 'passwordRequired' }),
  passwordExpirationDays: check(int(0, 365), 'password-expiration-days', { configured: positive, requires: 'passwordRequired' }),
  ...threat,
  ...osVersions,
  minAndroidSecurityPatchLevel: notEvaluated(str(32), 'The Android security patch level is not collected by Verity.'),
  storageRequireEncryption: check(bool, 'storage-encryption', BOOL_TRUE),
  securityRequireSafetyNetAttestationBasicIntegrity: notEvaluated(bool, ATTESTATION),
  securityRequireSafetyNetAttestationCertifiedDevice: notEvaluated(bool, ATTESTATION),
  securityRequiredAndroidSafetyNetEvaluationType: notEvaluated(en(['basic', 'hardwareBacked'] as const), ATTESTATION, { configured: (v) => v === 'hardwareBacked' }),
};

const ANDROID_WORK_PROFILE: Record<string, PropertySpec> = {
  ...ANDROID_COMMON,
  passwordRequiredType: check(en(ANDROID_PASSWORD_TYPE), 'password-required-type', { requires: 'passwordRequired' }),
  passwordPreviousPasswordBlockCount: notEvaluated(int(0, 24), NO_FACT, { configured: positive, requires: 'passwordRequired' }),
  passwordSignInFailureCountBeforeFactoryReset: notEvaluated(int(0, 16), NO_FACT, { configured: positive }),
  securityPreventInstallAppsFromUnknownSources: notEvaluated(bool, NO_FACT),
  securityDisableUsbDebugging: notEvaluated(bool, NO_FACT),
  securityRequireVerifyApps: notEvaluated(bool, NO_FACT),
  securityBlockJailbrokenDevices: check(bool, 'not-jailbroken', BOOL_TRUE),
  securityRequireGooglePlayServices: notEvaluated(bool, NO_FACT),
  securityRequireUpToDateSecurityProviders: notEvaluated(bool, NO_FACT),
  securityRequireCompanyPortalAppIntegrity: notEvaluated(bool, 'Verity does not use the Intune Company Portal app.'),
  requiredPasswordComplexity: notEvaluated(en(['none', 'low', 'medium', 'high'] as const), CHAR_RULES, { configured: (v) => typeof v === 'string' && v !== 'none' }),
  workProfileRequirePassword: notEvaluated(bool, WORK_PROFILE_PW),
  workProfilePasswordMinimumLength: notEvaluated(int(0, 16), WORK_PROFILE_PW, { configured: positive }),
  workProfilePasswordRequiredType: notEvaluated(en(ANDROID_PASSWORD_TYPE), WORK_PROFILE_PW),
  workProfileInactiveBeforeScreenLockInMinutes: notEvaluated(int(0, 1440), WORK_PROFILE_PW, { configured: positive }),
  workProfilePasswordExpirationInDays: notEvaluated(int(0, 365), WORK_PROFILE_PW, { configured: positive }),
  workProfilePreviousPasswordBlockCount: notEvaluated(int(0, 24), WORK_PROFILE_PW, { configured: positive }),
};

const ANDROID_DEVICE_OWNER: Record<string, PropertySpec> = {
  ...ANDROID_COMMON,
  passwordRequiredType: check(en(ANDROID_DO_PASSWORD_TYPE), 'password-required-type', { requires: 'passwordRequired' }),
  passwordMinimumLetterCharacters: notEvaluated(int(0, 16), CHAR_RULES, { configured: positive, requires: 'passwordRequired' }),
  passwordMinimumLowerCaseCharacters: notEvaluated(int(0, 16), CHAR_RULES, { configured: positive, requires: 'passwordRequired' }),
  passwordMinimumNonLetterCharacters: notEvaluated(int(0, 16), CHAR_RULES, { configured: positive, requires: 'passwordRequired' }),
  passwordMinimumNumericCharacters: notEvaluated(int(0, 16), CHAR_RULES, { configured: positive, requires: 'passwordRequired' }),
  passwordMinimumSymbolCharacters: notEvaluated(int(0, 16), CHAR_RULES, { configured: positive, requires: 'passwordRequired' }),
  passwordMinimumUpperCaseCharacters: notEvaluated(int(0, 16), CHAR_RULES, { configured: positive, requires: 'passwordRequired' }),
  passwordPreviousPasswordCountToBlock: notEvaluated(int(0, 24), NO_FACT, { configured: positive, requires: 'passwordRequired' }),
  securityRequireIntuneAppIntegrity: notEvaluated(bool, 'Verity does not use the Intune app.'),
  requireNoPendingSystemUpdates: check(bool, 'maximum-pending-security-updates', { configured: isTrue, expected: () => 0 }),
};

/** Graph @odata.type → policy kind, for the classic (non-settings-catalog) policies. */
export const CLASSIC_ODATA_TYPES: Record<string, ComplianceKind> = {
  '#microsoft.graph.windows10CompliancePolicy': 'windows10',
  '#microsoft.graph.macOSCompliancePolicy': 'macOS',
  '#microsoft.graph.iosCompliancePolicy': 'ios',
  '#microsoft.graph.androidWorkProfileCompliancePolicy': 'androidWorkProfile',
  '#microsoft.graph.androidDeviceOwnerCompliancePolicy': 'androidDeviceOwner',
};

/** The settings-catalog compliance policy type used for Linux. */
export const SETTINGS_CATALOG_ODATA_TYPE = '#microsoft.graph.deviceManagementCompliancePolicy';

/** Property catalogue per classic kind (base properties included). */
export const PROPERTY_CATALOG: Record<Exclude<ComplianceKind, 'linux'>, Record<string, PropertySpec>> = {
  windows10: { ...BASE_PROPERTIES, ...WINDOWS10 },
  macOS: { ...BASE_PROPERTIES, ...MACOS },
  ios: { ...BASE_PROPERTIES, ...IOS },
  androidWorkProfile: { ...BASE_PROPERTIES, ...ANDROID_WORK_PROFILE },
  androidDeviceOwner: { ...BASE_PROPERTIES, ...ANDROID_DEVICE_OWNER },
};

/** Cross-field bounds checked on import (minimum must not exceed maximum). */
export const MIN_MAX_PAIRS: readonly (readonly [string, string])[] = [
  ['osMinimumVersion', 'osMaximumVersion'],
  ['osMinimumBuildVersion', 'osMaximumBuildVersion'],
  ['mobileOsMinimumVersion', 'mobileOsMaximumVersion'],
];
