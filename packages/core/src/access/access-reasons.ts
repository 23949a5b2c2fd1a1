/**
 * The closed list of reason codes a conditional access decision can carry, each with a
 * constant human sentence (used when `explain` is off, so no strings are built per decision).
 */
export const CONDITION_CODES = {
  'all-conditions-met': 'Every condition of the policy matches this sign-in.',
  'users-none': 'The policy targets no users.',
  'user-not-included': 'The user is not among the users the policy includes.',
  'user-excluded': 'The user is excluded from the policy.',
  'app-not-included': 'The application is not among the applications the policy includes.',
  'app-excluded': 'The application is excluded from the policy.',
  'user-action-not-included': 'The policy targets user actions, and not this one.',
  'client-app-not-included': 'The client app type is not among the types the policy includes.',
  'platform-not-included': 'The device platform is not among the platforms the policy includes.',
  'platform-excluded': 'The device platform is excluded from the policy.',
  'location-not-included': 'The sign-in location is not among the locations the policy includes.',
  'location-excluded': 'The sign-in location is excluded from the policy.',
  'device-filter-not-matched': 'The device does not match the policy device filter (include mode).',
  'device-filter-excluded': 'The device matches the policy device filter (exclude mode).',
  'sign-in-risk-not-included': 'The sign-in risk level is not among the levels the policy includes.',
  'user-risk-not-included': 'The user risk level is not among the levels the policy includes.',
  'policy-error': 'The policy could not be evaluated; it is treated as a block (fail closed).',
} as const;
export type ConditionCode = keyof typeof CONDITION_CODES;

export const DECISION_CODES = {
  'no-policy-applies': 'No enabled policy applies to this sign-in, so access is granted.',
  'all-controls-satisfied': 'Every applicable policy is satisfied.',
  'controls-required': 'Applicable policies require controls this sign-in has not satisfied yet.',
  'blocked-by-policy': 'An applicable policy blocks access.',
  'policy-error-fail-closed': 'A policy could not be evaluated and is treated as a block.',
  'report-only-would-block': 'A report-only policy would have blocked this sign-in (not enforced).',
  'report-only-would-require-controls': 'A report-only policy would have required controls (not enforced).',
  // A device the sign-in named but that is not trusted (device-for-access.ts): it counts as no device.
  'device-revoked': 'The device is revoked: it counts as an unregistered device and satisfies no device control.',
  'device-retired': 'The device is retired: it counts as an unregistered device and satisfies no device control.',
  'device-deleted': 'The device is not in the inventory (deleted or never enrolled): it counts as an unregistered device.',
  'device-not-active': 'The device is not active: it counts as an unregistered device and satisfies no device control.',
} as const;
export type DecisionCode = keyof typeof DECISION_CODES;

/** Grant controls as reported when missing; `anyOf(...)` groups the alternatives of an OR policy. */
export const CONTROL_MESSAGES: Record<string, string> = {
  mfa: 'Multifactor authentication is required.',
  compliantDevice: 'The device must be marked compliant.',
  domainJoinedDevice: 'The device must be corporate-joined (hybrid Entra joined).',
  approvedApplication: 'An approved client application is required.',
  compliantApplication: 'An app protection policy (compliant application) is required.',
  passwordChange: 'A secure password change is required.',
  'authenticationStrength:mfa': 'Authentication strength "Multifactor authentication" is required.',
  'authenticationStrength:passwordless': 'Authentication strength "Passwordless MFA" is required.',
  'authenticationStrength:phishingResistant': 'Authentication strength "Phishing-resistant MFA" is required.',
  'authenticationStrength:unsupported': 'A custom authentication strength is required, which Verity cannot satisfy.',
  termsOfUse: 'Terms of use acceptance is required, which Verity cannot satisfy.',
  customAuthenticationFactor: 'A custom control is required, which Verity cannot satisfy.',
  unsupportedControl: 'A grant control Verity does not support is required and cannot be satisfied.',
};

// Memoised: the set of OR groups is bounded by the policy set, and decisions should not build strings.
const anyOfMessages = new Map<string, string>();

/** Sentence for a missing control key (including `anyOf(a,b)` groups). */
export function controlMessage(control: string): string {
  if (control.startsWith('anyOf(')) {
    let message = anyOfMessages.get(control);
    if (message === undefined) {
      const parts = control.slice(6, -1).split(',');
      message = `One of these is required: ${parts.map((p) => (CONTROL_MESSAGES[p] ?? p).replace(/\.$/, '').replace(/ is required$/, '')).join('; ')}.`;
      anyOfMessages.set(control, message);
    }
    return message;
  }
  return CONTROL_MESSAGES[control] ?? CONTROL_MESSAGES.unsupportedControl!;
}
