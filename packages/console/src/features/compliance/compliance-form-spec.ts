// The "form per platform" for compliance policies: each platform's Graph properties that Verity
// evaluates, with a label for people. The form edits a Graph document (create: a new one; edit: the
// exported one, other properties kept), and the server's importer is the one validator (a dry run
// shows its report before saving). Pure, unit-tested; a test checks every property here is one
// @verity/core evaluates for that kind.

export type FieldKind = 'boolean' | 'version' | 'integer';
export interface FormField { name: string; label: string; kind: FieldKind; min?: number; max?: number; help?: string }
export interface PlatformForm { kind: string; label: string; odataType: string; fields: readonly FormField[] }

const osVersion = (label = 'Minimum OS version'): FormField => ({ name: 'osMinimumVersion', label, kind: 'version' });
const maxOsVersion: FormField = { name: 'osMaximumVersion', label: 'Maximum OS version', kind: 'version' };
const passwordRequired = (name = 'passwordRequired'): FormField => ({ name, label: 'Require a password', kind: 'boolean' });
const minLength = (name: string, max: number): FormField => ({ name, label: 'Minimum password length', kind: 'integer', min: 0, max });
const inactivity = (name: string): FormField => ({ name, label: 'Lock after minutes of inactivity', kind: 'integer', min: 0, max: 1440 });

/** The classic Graph compliance policy types, one per platform, with the settings the form offers. */
export const CLASSIC_FORMS: readonly PlatformForm[] = [
  {
    kind: 'windows10', label: 'Windows 10 and later', odataType: '#microsoft.graph.windows10CompliancePolicy',
    fields: [
      osVersion(), maxOsVersion,
      { name: 'bitLockerEnabled', label: 'Require BitLocker', kind: 'boolean' },
      { name: 'secureBootEnabled', label: 'Require Secure Boot', kind: 'boolean' },
      { name: 'codeIntegrityEnabled', label: 'Require code integrity', kind: 'boolean' },
      { name: 'tpmRequired', label: 'Require a TPM', kind: 'boolean' },
      { name: 'storageRequireEncryption', label: 'Require storage encryption', kind: 'boolean' },
      { name: 'activeFirewallRequired', label: 'Require the firewall', kind: 'boolean' },
      { name: 'defenderEnabled', label: 'Require Microsoft Defender', kind: 'boolean' },
      { name: 'antivirusRequired', label: 'Require antivirus', kind: 'boolean' },
      passwordRequired(), minLength('passwordMinimumLength', 64), inactivity('passwordMinutesOfInactivityBeforeLock'),
    ],
  },
  {
    kind: 'macOS', label: 'macOS', odataType: '#microsoft.graph.macOSCompliancePolicy',
    fields: [
      osVersion(), maxOsVersion,
      { name: 'storageRequireEncryption', label: 'Require FileVault encryption', kind: 'boolean' },
      { name: 'firewallEnabled', label: 'Require the firewall', kind: 'boolean' },
      passwordRequired(), minLength('passwordMinimumLength', 14), inactivity('passwordMinutesOfInactivityBeforeLock'),
    ],
  },
  {
    kind: 'ios', label: 'iOS and iPadOS', odataType: '#microsoft.graph.iosCompliancePolicy',
    fields: [
      osVersion(), maxOsVersion,
      { name: 'securityBlockJailbrokenDevices', label: 'Block jailbroken devices', kind: 'boolean' },
      passwordRequired('passcodeRequired'), minLength('passcodeMinimumLength', 14), inactivity('passcodeMinutesOfInactivityBeforeLock'),
    ],
  },
  {
    kind: 'androidWorkProfile', label: 'Android (work profile)', odataType: '#microsoft.graph.androidWorkProfileCompliancePolicy',
    fields: [
      osVersion(), maxOsVersion,
      { name: 'storageRequireEncryption', label: 'Require storage encryption', kind: 'boolean' },
      { name: 'securityBlockJailbrokenDevices', label: 'Block rooted devices', kind: 'boolean' },
      passwordRequired(), minLength('passwordMinimumLength', 16), inactivity('passwordMinutesOfInactivityBeforeLock'),
    ],
  },
];

/** The Linux settings-catalog policy's form (deviceManagementCompliancePolicy, platforms: linux). */
export const LINUX_FORM = {
  kind: 'linux', label: 'Linux', odataType: '#microsoft.graph.deviceManagementCompliancePolicy',
  distributions: ['ubuntu', 'debian', 'rhel', 'fedora', 'centos', 'sles', 'opensuse'] as const,
} as const;

export type FormValues = Record<string, boolean | string | number | null>;
export interface ActionRow { actionType: string; gracePeriodHours: number; notificationTemplateId?: string }
export interface LinuxValues { distribution: string; minimumVersion: string; encryption: boolean; firewall: boolean; secureBoot: boolean; automaticUpdates: boolean; minimumPasswordLength: number }

/** The actions for noncompliance in Graph's shape (one rule, its scheduled action configurations). */
export function scheduledActionsForRule(actions: readonly ActionRow[]): unknown[] {
  return [{
    ruleName: 'PasswordRequired',
    scheduledActionConfigurations: actions.map((a) => ({
      actionType: a.actionType, gracePeriodHours: a.gracePeriodHours, notificationTemplateId: a.notificationTemplateId ?? '', notificationMessageCCList: [],
    })),
  }];
}

/**
 * A classic policy's Graph document: the base document (empty for a new policy, the export when
 * editing) with the form's fields applied. A field left empty is written as null (not configured),
 * as Intune exports it.
 */
export function classicDocument(form: PlatformForm, base: Record<string, unknown>, name: string, description: string, values: FormValues, actions: readonly ActionRow[]): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...base, '@odata.type': form.odataType, displayName: name, description };
  for (const f of form.fields) {
    const v = values[f.name];
    if (f.kind === 'boolean') doc[f.name] = v === true;
    else if (f.kind === 'integer') doc[f.name] = typeof v === 'number' && Number.isFinite(v) ? v : null;
    else doc[f.name] = typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  }
  doc.scheduledActionsForRule = scheduledActionsForRule(actions);
  return doc;
}

/** The form's values read back from a classic policy's Graph document (editing an existing policy). */
export function classicValues(form: PlatformForm, doc: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const f of form.fields) {
    const v = doc[f.name];
    values[f.name] = f.kind === 'boolean' ? v === true : f.kind === 'integer' ? (typeof v === 'number' ? v : null) : typeof v === 'string' ? v : '';
  }
  return values;
}

const choice = (id: string, value: string) => ({
  '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: id, choiceSettingValue: { value, children: [] },
});
const setting = (instance: unknown) => ({ '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicySetting', settingInstance: instance });

/** A Linux settings-catalog compliance policy as Intune writes it. */
export function linuxDocument(name: string, description: string, v: LinuxValues, actions: readonly ActionRow[]): Record<string, unknown> {
  const distroChildren: unknown[] = [choice('linux_distribution_alloweddistros_item_$type', `linux_distribution_alloweddistros_item_$type_${v.distribution}`)];
  if (v.minimumVersion.trim() !== '') {
    distroChildren.push({
      '@odata.type': '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance', settingDefinitionId: 'linux_distribution_alloweddistros_item_minimumversion',
      simpleSettingValue: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationStringSettingValue', value: v.minimumVersion.trim() },
    });
  }
  const settings: unknown[] = [
    setting({ '@odata.type': '#microsoft.graph.deviceManagementConfigurationGroupSettingCollectionInstance', settingDefinitionId: 'linux_distribution_alloweddistros', groupSettingCollectionValue: [{ children: distroChildren }] }),
    setting(choice('linux_deviceencryption_required', `linux_deviceencryption_required_${v.encryption}`)),
    setting(choice('verity_linux_firewall_required', `verity_linux_firewall_required_${v.firewall}`)),
    setting(choice('verity_linux_secureboot_required', `verity_linux_secureboot_required_${v.secureBoot}`)),
    setting(choice('verity_linux_automaticupdates_required', `verity_linux_automaticupdates_required_${v.automaticUpdates}`)),
  ];
  if (v.minimumPasswordLength > 0) {
    settings.push(setting({
      '@odata.type': '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance', settingDefinitionId: 'linux_passwordpolicy_minimumlength',
      simpleSettingValue: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationIntegerSettingValue', value: v.minimumPasswordLength },
    }));
  }
  return {
    '@odata.type': LINUX_FORM.odataType, name, description, platforms: 'linux', technologies: 'linuxMdm', settings,
    scheduledActionsForRule: scheduledActionsForRule(actions),
  };
}
