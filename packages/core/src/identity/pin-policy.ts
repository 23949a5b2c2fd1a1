/**
 * PIN and passkey policy in two layers (the Windows Hello for Business model): a tenant-wide
 * policy applied to every device at enrollment (Graph `deviceEnrollmentWindowsHelloForBusinessConfiguration`
 * property names) and account protection profiles assigned to groups. A profile overrides the
 * tenant-wide value; where two profiles that apply to the same user disagree, the stricter value
 * wins and the conflict is reported on both. Every effective value says where it came from.
 */
export type CharacterUsage = 'allowed' | 'required' | 'disallowed';

export interface PinPolicySettings {
  pinMinimumLength: number;
  pinMaximumLength: number;
  pinUppercaseCharactersUsage: CharacterUsage;
  pinLowercaseCharactersUsage: CharacterUsage;
  pinSpecialCharactersUsage: CharacterUsage;
  /** Days until a PIN must be changed; 0 = never. */
  pinExpirationInDays: number;
  /** How many previous PINs cannot be reused (0–50). */
  pinPreviousBlockCount: number;
  /** Keys must be hardware-backed: passkeys device-bound (not synced), device PINs only on devices with a TPM. */
  securityDeviceRequired: boolean;
  /** Only roaming security keys (USB, NFC, BLE) are accepted as passkeys. */
  securityKeyRequired: boolean;
  /** Biometrics may unlock the key (platform passkeys); false asks authenticators for a PIN. */
  unlockWithBiometricsEnabled: boolean;
}
export type PinPolicySetting = keyof PinPolicySettings;
export const PIN_POLICY_SETTINGS: readonly PinPolicySetting[] = [
  'pinMinimumLength', 'pinMaximumLength', 'pinUppercaseCharactersUsage', 'pinLowercaseCharactersUsage', 'pinSpecialCharactersUsage',
  'pinExpirationInDays', 'pinPreviousBlockCount', 'securityDeviceRequired', 'securityKeyRequired', 'unlockWithBiometricsEnabled',
];

/** Windows Hello for Business defaults (Intune): 6–127 digits, letters allowed, no expiry, no history. */
export const DEFAULT_PIN_POLICY: PinPolicySettings = {
  pinMinimumLength: 6, pinMaximumLength: 127, pinUppercaseCharactersUsage: 'allowed', pinLowercaseCharactersUsage: 'allowed',
  pinSpecialCharactersUsage: 'allowed', pinExpirationInDays: 0, pinPreviousBlockCount: 0, securityDeviceRequired: false,
  securityKeyRequired: false, unlockWithBiometricsEnabled: true,
};

/** Where an effective value came from. */
export type PolicySource = { kind: 'default' } | { kind: 'tenant' } | { kind: 'profile'; profileId: string; displayName: string };

export interface EffectiveValue<T> {
  value: T;
  source: PolicySource;
  /** Profiles that also set this setting to another value (the stricter one won). */
  conflicts: { profileId: string; displayName: string; value: unknown }[];
}
export type EffectivePinPolicy = { [K in PinPolicySetting]: EffectiveValue<PinPolicySettings[K]> };

export interface ProtectionProfileInput {
  id: string;
  displayName: string;
  settings: Partial<PinPolicySettings>;
}

const USAGE_RANK: Record<CharacterUsage, number> = { allowed: 0, disallowed: 1, required: 2 };

/** How strict a value is, per setting: a higher number is stricter. */
function strictness(setting: PinPolicySetting, value: unknown): number {
  switch (setting) {
    case 'pinMinimumLength':
    case 'pinPreviousBlockCount':
      return Number(value);
    case 'pinMaximumLength':
      return -Number(value);
    case 'pinExpirationInDays':
      // 0 means never: the least strict.
      return Number(value) === 0 ? Number.NEGATIVE_INFINITY : -Number(value);
    case 'securityDeviceRequired':
    case 'securityKeyRequired':
      return value === true ? 1 : 0;
    case 'unlockWithBiometricsEnabled':
      return value === false ? 1 : 0;
    default:
      return USAGE_RANK[value as CharacterUsage] ?? 0;
  }
}

/**
 * The effective policy for a user: defaults, then the tenant-wide policy, then the profiles
 * assigned to the user's groups (stricter wins between profiles; each conflict is listed on the
 * setting, naming every other profile that disagreed).
 */
export function effectivePinPolicy(tenant: Partial<PinPolicySettings>, profiles: readonly ProtectionProfileInput[]): EffectivePinPolicy {
  const out = {} as Record<PinPolicySetting, EffectiveValue<unknown>>;
  for (const setting of PIN_POLICY_SETTINGS) {
    const fromTenant = tenant[setting];
    let current: EffectiveValue<unknown> = fromTenant !== undefined ? { value: fromTenant, source: { kind: 'tenant' }, conflicts: [] } : { value: DEFAULT_PIN_POLICY[setting], source: { kind: 'default' }, conflicts: [] };
    const setters = profiles.filter((p) => p.settings[setting] !== undefined).sort((a, b) => a.id.localeCompare(b.id));
    if (setters.length > 0) {
      const winner = setters.reduce((best, p) => (strictness(setting, p.settings[setting]) > strictness(setting, best.settings[setting]) ? p : best));
      const conflicts = setters.filter((p) => p.settings[setting] !== winner.settings[setting]).map((p) => ({ profileId: p.id, displayName: p.displayName, value: p.settings[setting] }));
      // The winner is reported as in conflict too when any profile disagreed ("reported on both").
      if (conflicts.length > 0) conflicts.unshift({ profileId: winner.id, displayName: winner.displayName, value: winner.settings[setting] });
      current = { value: winner.settings[setting], source: { kind: 'profile', profileId: winner.id, displayName: winner.displayName }, conflicts };
    }
    out[setting] = current;
  }
  return out as EffectivePinPolicy;
}

/** The plain values of an effective policy. */
export function pinPolicyValues(effective: EffectivePinPolicy): PinPolicySettings {
  const out = {} as Record<PinPolicySetting, unknown>;
  for (const s of PIN_POLICY_SETTINGS) out[s] = effective[s].value;
  return out as unknown as PinPolicySettings;
}

/** Why a PIN is refused: a closed list of codes, each naming the setting that refuses it. */
export type PinViolationCode = 'pin-too-short' | 'pin-too-long' | 'pin-uppercase-required' | 'pin-uppercase-not-allowed' | 'pin-lowercase-required'
  | 'pin-lowercase-not-allowed' | 'pin-special-required' | 'pin-special-not-allowed' | 'pin-reused' | 'pin-not-printable';

export interface PinViolation { code: PinViolationCode; setting: PinPolicySetting | null; message: string }

/** Characters that are neither letters nor digits count as special (Windows Hello's rule). */
const SPECIAL = /[^A-Za-z0-9]/;

/** Check a new PIN against the effective policy (history is checked by the caller, which holds the hashes). */
export function checkPin(pin: string, effective: EffectivePinPolicy): PinViolation[] {
  const p = pinPolicyValues(effective);
  const out: PinViolation[] = [];
  const source = (s: PinPolicySetting) => describeSource(effective[s].source);
  if (!/^[\x20-\x7e]+$/.test(pin)) out.push({ code: 'pin-not-printable', setting: null, message: 'A PIN uses printable ASCII characters only.' });
  if (pin.length < p.pinMinimumLength) out.push({ code: 'pin-too-short', setting: 'pinMinimumLength', message: `The PIN must have at least ${p.pinMinimumLength} characters (${source('pinMinimumLength')}).` });
  if (pin.length > p.pinMaximumLength) out.push({ code: 'pin-too-long', setting: 'pinMaximumLength', message: `The PIN must have at most ${p.pinMaximumLength} characters (${source('pinMaximumLength')}).` });
  const classes: [PinPolicySetting & ('pinUppercaseCharactersUsage' | 'pinLowercaseCharactersUsage' | 'pinSpecialCharactersUsage'), RegExp, string, PinViolationCode, PinViolationCode][] = [
    ['pinUppercaseCharactersUsage', /[A-Z]/, 'an uppercase letter', 'pin-uppercase-required', 'pin-uppercase-not-allowed'],
    ['pinLowercaseCharactersUsage', /[a-z]/, 'a lowercase letter', 'pin-lowercase-required', 'pin-lowercase-not-allowed'],
    ['pinSpecialCharactersUsage', SPECIAL, 'a special character', 'pin-special-required', 'pin-special-not-allowed'],
  ];
  for (const [setting, re, what, required, notAllowed] of classes) {
    const usage = p[setting];
    if (usage === 'required' && !re.test(pin)) out.push({ code: required, setting, message: `The PIN must contain ${what} (${source(setting)}).` });
    if (usage === 'disallowed' && re.test(pin)) out.push({ code: notAllowed, setting, message: `The PIN must not contain ${what} (${source(setting)}).` });
  }
  return out;
}

/** "tenant-wide policy", "profile Finance", "Verity default". */
export function describeSource(source: PolicySource): string {
  return source.kind === 'tenant' ? 'tenant-wide policy' : source.kind === 'profile' ? `account protection profile "${source.displayName}"` : 'Verity default';
}
