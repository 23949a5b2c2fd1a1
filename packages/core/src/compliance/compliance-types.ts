import type { ImportNote } from '../graph-import/import-notes.js';
import type { Platform, PostureFacts } from '../posture/posture-report.js';

/**
 * Domain types of the compliance engine. The wire shapes are Microsoft Graph's
 * (deviceCompliancePolicy family and the settings-catalog deviceManagementCompliancePolicy);
 * these are the normalised, trusted shapes used inside the edge.
 */

/** The Graph policy families Verity imports. */
export type ComplianceKind = 'windows10' | 'macOS' | 'ios' | 'androidWorkProfile' | 'androidDeviceOwner' | 'linux';

/** Per-setting outcome, as in Intune's per-setting report (plus `conflict`). */
export type SettingState = 'compliant' | 'noncompliant' | 'notApplicable' | 'unknown' | 'error' | 'conflict';

/** Device-level outcome. `inGracePeriod` = noncompliant but the 'block' action's grace period has not run out. */
export type DeviceComplianceState =
  | 'compliant'
  | 'noncompliant'
  | 'inGracePeriod'
  | 'unknown'
  | 'error'
  | 'conflict'
  | 'notEvaluated';

/** Closed list of the checks the engine knows how to evaluate against posture facts. */
export type ComplianceCheckId =
  | 'os-minimum-version'
  | 'os-maximum-version'
  | 'os-minimum-build'
  | 'os-maximum-build'
  | 'os-build-ranges'
  | 'password-required'
  | 'password-minimum-length'
  | 'password-required-type'
  | 'password-expiration-days'
  | 'password-inactivity-lock'
  | 'screen-lock-required'
  | 'storage-encryption'
  | 'bitlocker'
  | 'secure-boot'
  | 'code-integrity'
  | 'tpm'
  | 'firewall'
  | 'antivirus'
  | 'antispyware'
  | 'defender'
  | 'defender-real-time-protection'
  | 'antivirus-signatures-up-to-date'
  | 'not-jailbroken'
  | 'device-threat-level'
  | 'agent-minimum-version'
  | 'linux-allowed-distributions'
  | 'automatic-security-updates'
  | 'maximum-pending-security-updates';

/** Closed list of kebab-case reason codes carried by setting and device results. */
export type ComplianceReasonCode =
  | 'requirement-met'
  | 'fact-unknown'
  | 'fact-not-reported'
  | 'fact-not-applicable'
  | 'fact-malformed'
  | 'evaluation-error'
  | 'policies-conflict'
  | 'os-version-too-low'
  | 'os-version-too-high'
  | 'os-build-too-low'
  | 'os-build-too-high'
  | 'os-build-not-in-allowed-ranges'
  | 'password-not-required'
  | 'password-too-short'
  | 'password-too-simple'
  | 'password-expiry-too-long'
  | 'screen-lock-disabled'
  | 'screen-lock-too-late'
  | 'storage-not-encrypted'
  | 'bitlocker-not-enabled'
  | 'secure-boot-disabled'
  | 'code-integrity-disabled'
  | 'tpm-missing'
  | 'firewall-disabled'
  | 'antivirus-disabled'
  | 'antispyware-disabled'
  | 'defender-disabled'
  | 'defender-real-time-protection-disabled'
  | 'antivirus-signatures-out-of-date'
  | 'device-jailbroken'
  | 'device-risk-too-high'
  | 'device-risk-unknown'
  | 'agent-version-too-low'
  | 'distribution-not-allowed'
  | 'distribution-version-too-low'
  | 'distribution-version-too-high'
  | 'automatic-updates-disabled'
  | 'too-many-pending-security-updates';

/** Device-level reason codes. */
export type DeviceComplianceReasonCode =
  | 'all-policies-compliant'
  | 'policy-noncompliant'
  | 'policy-error'
  | 'policy-conflict'
  | 'policy-unknown'
  | 'in-grace-period'
  | 'no-policy-assigned'
  | 'check-in-expired'
  | 'never-checked-in';

/** One evaluable requirement of a policy, normalised from a Graph property or settings-catalog instance. */
export interface ComplianceSettingRule {
  /** Graph property name (`osMinimumVersion`) or settingDefinitionId (`linux_deviceencryption_required`). */
  readonly setting: string;
  readonly check: ComplianceCheckId;
  /** Check-specific expected value (string version, number, level, distribution list...). */
  readonly expected: unknown;
  /** JSON path of the value in the imported Graph document. */
  readonly path: string;
}

/** A configured setting that Verity keeps (and exports) but does not evaluate. */
export interface NotEvaluatedSetting {
  readonly setting: string;
  readonly reason: string;
}

/** Graph deviceComplianceActionItem.actionType. */
export const COMPLIANCE_ACTION_TYPES = [
  'noAction',
  'notification',
  'block',
  'retire',
  'wipe',
  'removeResourceAccessProfiles',
  'pushNotification',
  'remoteLock',
] as const;
export type ComplianceActionType = (typeof COMPLIANCE_ACTION_TYPES)[number];

/** One scheduledActionConfiguration of the policy's scheduledActionsForRule. */
export interface ScheduledActionConfig {
  readonly actionType: ComplianceActionType;
  readonly gracePeriodHours: number;
  readonly notificationTemplateId?: string;
  readonly notificationMessageCCList: readonly string[];
  readonly ruleName?: string;
}

/** A policy as stored: normalised rules plus the original Graph JSON for faithful export. */
export interface CompliancePolicy {
  readonly id?: string;
  readonly displayName: string;
  readonly description?: string;
  readonly kind: ComplianceKind;
  readonly platform: Platform;
  readonly odataType: string;
  /** The original JSON, for faithful export. */
  readonly graph: Record<string, unknown>;
  readonly settings: readonly ComplianceSettingRule[];
  readonly scheduledActions: readonly ScheduledActionConfig[];
  readonly notEvaluated: readonly NotEvaluatedSetting[];
}

/** What an import evaluated, did not evaluate, and ignored; shown to the admin on import. */
export interface ImportReport {
  readonly kind: ComplianceKind;
  readonly odataType: string;
  /** Settings that produce a rule the engine evaluates. */
  readonly evaluated: string[];
  /** Configured settings Verity cannot evaluate (kept and exported, shown as "not evaluated"). */
  readonly notEvaluated: { setting: string; reason: string }[];
  /** Read-only/metadata properties (id, createdDateTime, @odata.context...). */
  readonly ignored: { property: string; reason: string }[];
  /** Known settings present but not configured (null, false, deviceDefault, notSet). */
  readonly notConfigured: string[];
  /** What was normalised or warned about to read the export (enum case, a policy that can never be met...). */
  readonly normalised: ImportNote[];
}

/** A device as the engine sees it: identity, platform, latest posture facts, check-in time, risk. */
export interface ComplianceDevice {
  readonly id: string;
  readonly platform: Platform;
  readonly facts: PostureFacts;
  readonly lastCheckInAt: Date | null;
  readonly riskLevel: 'none' | 'low' | 'medium' | 'high' | 'unknown';
}

/** Tenant-wide compliance settings (Intune "Compliance policy settings"). */
export interface TenantComplianceSettings {
  /** "Mark devices with no compliance policy assigned as". */
  readonly noPolicyAssignedState: 'compliant' | 'noncompliant';
  /** "Compliance status validity period (days)": older check-ins make the device noncompliant. */
  readonly validityPeriodDays: number;
}

/** Per device, per policy, per setting outcome with both sides and the why. */
export interface SettingResult {
  readonly policyId: string;
  readonly setting: string;
  readonly state: SettingState;
  readonly observed: unknown;
  readonly expected: unknown;
  /** Admin/log sentence. */
  readonly reason: string;
  /** Plain words for the end user. */
  readonly remediation: string;
  readonly code: ComplianceReasonCode;
}

/** Per-policy outcome for one device. */
export interface PolicyComplianceResult {
  readonly policyId: string;
  readonly displayName: string;
  readonly state: DeviceComplianceState;
  readonly settings: SettingResult[];
  /** Settings of this policy that were not evaluated (shown as "not evaluated"). */
  readonly notEvaluated: readonly NotEvaluatedSetting[];
}

/** Device-level decision with reasons. */
export interface DeviceComplianceResult {
  readonly state: DeviceComplianceState;
  readonly policies: PolicyComplianceResult[];
  readonly reasons: { code: DeviceComplianceReasonCode; message: string }[];
  /** When the current grace period ends (null when not in a noncompliance episode). */
  readonly graceEndsAt: Date | null;
}

/** One action to schedule for a noncompliance episode. */
export interface PlannedAction {
  readonly policyId: string;
  readonly actionType: ComplianceActionType;
  readonly dueAt: Date;
  readonly gracePeriodHours: number;
  readonly notificationTemplateId?: string;
  readonly notificationMessageCCList?: readonly string[];
}
