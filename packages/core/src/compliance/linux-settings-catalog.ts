import { z } from 'zod';
import type { ErrorDetail } from '../errors/verity-error.js';
import type { ComplianceSettingRule, NotEvaluatedSetting } from './compliance-types.js';
import { toJsonPath } from './json-path.js';
import type { AllowedDistribution } from './checks/linux-distribution-check.js';
import { isComparableVersion, compareVersions } from './version-compare.js';

/**
 * Intune's Linux compliance policy in its settings-catalog shape
 * (`#microsoft.graph.deviceManagementCompliancePolicy`, platforms `linux`, technologies
 * `linuxMdm`): `settings[].settingInstance` of choice, simple and group-collection instances
 * with `linux_*` setting definition ids. Verity adds `verity_linux_*` ids for firewall,
 * Secure Boot, automatic updates, pending security updates and minimum agent version.
 */
const INSTANCE_TYPES = [
  '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance',
  '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance',
  '#microsoft.graph.deviceManagementConfigurationGroupSettingCollectionInstance',
  '#microsoft.graph.deviceManagementConfigurationGroupSettingInstance',
  '#microsoft.graph.deviceManagementConfigurationChoiceSettingCollectionInstance',
  '#microsoft.graph.deviceManagementConfigurationSimpleSettingCollectionInstance',
] as const;

interface SettingInstance {
  '@odata.type': (typeof INSTANCE_TYPES)[number];
  settingDefinitionId: string;
  choiceSettingValue?: { value: string; children?: SettingInstance[] | null } | null;
  simpleSettingValue?: { '@odata.type'?: string; value: string | number | boolean } | null;
  groupSettingCollectionValue?: { children?: SettingInstance[] | null }[] | null;
}

const instanceSchema: z.ZodType<SettingInstance> = z.lazy(() =>
  z.looseObject({
    '@odata.type': z.enum(INSTANCE_TYPES),
    settingDefinitionId: z.string().min(1).max(256),
    choiceSettingValue: z
      .looseObject({ value: z.string().max(512), children: z.array(instanceSchema).max(100).nullable().optional() })
      .nullable()
      .optional(),
    simpleSettingValue: z
      .looseObject({ '@odata.type': z.string().max(256).optional(), value: z.union([z.string().max(262_144), z.number(), z.boolean()]) })
      .nullable()
      .optional(),
    groupSettingCollectionValue: z
      .array(z.looseObject({ children: z.array(instanceSchema).max(100).nullable().optional() }))
      .max(100)
      .nullable()
      .optional(),
  }),
) as z.ZodType<SettingInstance>;

export const settingsCatalogPolicySchema = z.looseObject({
  '@odata.type': z.literal('#microsoft.graph.deviceManagementCompliancePolicy').optional(),
  id: z.string().max(128).nullable().optional(),
  name: z.string().min(1).max(256),
  description: z.string().max(4096).nullable().optional(),
  platforms: z.literal('linux'),
  technologies: z.string().max(256).nullable().optional(),
  createdDateTime: z.string().max(64).nullable().optional(),
  lastModifiedDateTime: z.string().max(64).nullable().optional(),
  settingCount: z.number().int().min(0).max(10_000).nullable().optional(),
  roleScopeTagIds: z.array(z.string().max(128)).max(100).nullable().optional(),
  settings: z
    .array(z.looseObject({ '@odata.type': z.string().max(256).optional(), id: z.string().max(256).nullable().optional(), settingInstance: instanceSchema }))
    .max(200),
});

/** Top-level properties of the settings-catalog policy that are metadata. */
export const SETTINGS_CATALOG_META: Record<string, string> = {
  '@odata.type': 'Type discriminator.',
  id: 'Read-only key; Verity assigns its own id on create.',
  name: 'Policy name.',
  displayName: 'Display name (templates such as IntuneHydrationKit carry it beside name).',
  description: 'Policy description.',
  platforms: 'Platform discriminator (linux).',
  technologies: 'Management channel (linuxMdm).',
  createdDateTime: 'Read-only.',
  lastModifiedDateTime: 'Read-only.',
  settingCount: 'Read-only.',
  creationSource: 'Read-only.',
  isAssigned: 'Read-only.',
  templateReference: 'Template metadata.',
  roleScopeTagIds: 'Scope tags are kept for export; Verity scopes with its own roles.',
  scheduledActionsForRule: 'Actions for noncompliance (validated separately).',
  assignments: 'Assignments are managed in Verity, not imported with the policy.',
  settings: 'Settings (evaluated individually).',
};

const DISTROS = 'linux_distribution_alloweddistros';
const DISTRO_TYPE = 'linux_distribution_alloweddistros_item_$type';
const DISTRO_MIN = 'linux_distribution_alloweddistros_item_minimumversion';
const DISTRO_MAX = 'linux_distribution_alloweddistros_item_maximumversion';

type BoolChoiceCheck = 'storage-encryption' | 'firewall' | 'secure-boot' | 'automatic-security-updates';
const BOOL_CHOICES: Record<string, BoolChoiceCheck> = {
  linux_deviceencryption_required: 'storage-encryption',
  verity_linux_firewall_required: 'firewall',
  verity_linux_secureboot_required: 'secure-boot',
  verity_linux_automaticupdates_required: 'automatic-security-updates',
};
const CHAR_RULES = 'The Verity agent does not report password character-class rules.';
const NOT_EVALUATED_INTS: Record<string, string> = {
  linux_passwordpolicy_minimumdigits: CHAR_RULES,
  linux_passwordpolicy_minimumlowercase: CHAR_RULES,
  linux_passwordpolicy_minimumsymbols: CHAR_RULES,
  linux_passwordpolicy_minimumuppercase: CHAR_RULES,
};

export interface LinuxSettingsResult {
  readonly rules: ComplianceSettingRule[];
  readonly notEvaluated: NotEvaluatedSetting[];
  readonly notConfigured: string[];
  readonly problems: ErrorDetail[];
  /** Settings Intune accepts that no device can meet (a minimum version above the maximum). */
  readonly warnings: ErrorDetail[];
}

/** Interpret validated settings-catalog settings into rules, "not evaluated" entries and problems. */
export function interpretLinuxSettings(settings: readonly { settingInstance: SettingInstance }[]): LinuxSettingsResult {
  const rules: ComplianceSettingRule[] = [];
  const notEvaluated: NotEvaluatedSetting[] = [];
  const notConfigured: string[] = [];
  const problems: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];

  settings.forEach(({ settingInstance: inst }, i) => {
    const base: PropertyKey[] = ['settings', i, 'settingInstance'];
    const id = inst.settingDefinitionId;
    const problem = (rel: PropertyKey[], message: string) => problems.push({ path: toJsonPath([...base, ...rel]), message });

    const boolChoice = (): boolean | undefined => {
      const v = inst.choiceSettingValue?.value;
      if (v === `${id}_true`) return true;
      if (v === `${id}_false`) return false;
      problem(['choiceSettingValue', 'value'], `Must be "${id}_true" or "${id}_false".`);
      return undefined;
    };
    const simpleInt = (min: number, max: number): number | undefined => {
      const v = inst.simpleSettingValue?.value;
      if (typeof v !== 'number' || !Number.isInteger(v)) problem(['simpleSettingValue', 'value'], 'Must be an integer.');
      else if (v < min || v > max) problem(['simpleSettingValue', 'value'], `Must be between ${min} and ${max}.`);
      else return v;
      return undefined;
    };
    const simpleVersion = (rel: PropertyKey[], v: unknown): string | undefined => {
      if (typeof v !== 'string' || v.length > 64 || (v !== '' && !isComparableVersion(v))) {
        problem(rel, 'Must be a version such as 22.04.');
        return undefined;
      }
      return v === '' ? undefined : v;
    };

    if (id === DISTROS) {
      if (inst['@odata.type'] !== '#microsoft.graph.deviceManagementConfigurationGroupSettingCollectionInstance') {
        problem(['@odata.type'], 'linux_distribution_alloweddistros must be a group setting collection instance.');
        return;
      }
      const allowed: AllowedDistribution[] = [];
      (inst.groupSettingCollectionValue ?? []).forEach((group, g) => {
        let distribution: string | undefined;
        let minimumVersion: string | undefined;
        let maximumVersion: string | undefined;
        let minPath: PropertyKey[] = [];
        (group.children ?? []).forEach((child, c) => {
          const rel: PropertyKey[] = ['groupSettingCollectionValue', g, 'children', c];
          if (child.settingDefinitionId === DISTRO_TYPE) {
            const v = child.choiceSettingValue?.value ?? '';
            const prefix = `${DISTRO_TYPE}_`;
            if (!v.startsWith(prefix) || v.length === prefix.length) problem([...rel, 'choiceSettingValue', 'value'], `Must be "${prefix}<distribution>", e.g. ${prefix}ubuntu.`);
            else distribution = v.slice(prefix.length).toLowerCase();
          } else if (child.settingDefinitionId === DISTRO_MIN) {
            minPath = [...rel, 'simpleSettingValue', 'value'];
            minimumVersion = simpleVersion(minPath, child.simpleSettingValue?.value);
          } else if (child.settingDefinitionId === DISTRO_MAX) {
            maximumVersion = simpleVersion([...rel, 'simpleSettingValue', 'value'], child.simpleSettingValue?.value);
          } else {
            problem([...rel, 'settingDefinitionId'], `Unknown child of ${DISTROS}.`);
          }
        });
        if (distribution === undefined) {
          problem(['groupSettingCollectionValue', g], `Each allowed distribution needs a ${DISTRO_TYPE} choice.`);
          return;
        }
        if (minimumVersion !== undefined && maximumVersion !== undefined && compareVersions(minimumVersion, maximumVersion) > 0)
          warnings.push({ path: toJsonPath([...base, ...minPath]), message: `Minimum version ${minimumVersion} is above maximum version ${maximumVersion} (this distribution entry matches no version).` });
        allowed.push({
          distribution,
          ...(minimumVersion !== undefined ? { minimumVersion } : {}),
          ...(maximumVersion !== undefined ? { maximumVersion } : {}),
        });
      });
      if (allowed.length === 0) notConfigured.push(id);
      else rules.push({ setting: id, check: 'linux-allowed-distributions', expected: allowed, path: toJsonPath(base) });
      return;
    }

    const boolCheck = BOOL_CHOICES[id];
    if (boolCheck !== undefined) {
      const v = boolChoice();
      if (v === true) rules.push({ setting: id, check: boolCheck, expected: true, path: toJsonPath([...base, 'choiceSettingValue', 'value']) });
      else if (v === false) notConfigured.push(id);
      return;
    }
    if (id === 'linux_passwordpolicy_minimumlength') {
      const v = simpleInt(0, 64);
      if (v !== undefined && v > 0) rules.push({ setting: id, check: 'password-minimum-length', expected: v, path: toJsonPath([...base, 'simpleSettingValue', 'value']) });
      else if (v === 0) notConfigured.push(id);
      return;
    }
    if (id === 'verity_linux_pendingsecurityupdates_maximum') {
      const v = simpleInt(0, 100_000);
      if (v !== undefined) rules.push({ setting: id, check: 'maximum-pending-security-updates', expected: v, path: toJsonPath([...base, 'simpleSettingValue', 'value']) });
      return;
    }
    if (id === 'verity_linux_agent_minimumversion') {
      const v = simpleVersion(['simpleSettingValue', 'value'], inst.simpleSettingValue?.value);
      if (v !== undefined) rules.push({ setting: id, check: 'agent-minimum-version', expected: v, path: toJsonPath([...base, 'simpleSettingValue', 'value']) });
      return;
    }
    const intReason = NOT_EVALUATED_INTS[id];
    if (intReason !== undefined) {
      const v = simpleInt(0, 64);
      if (v !== undefined && v > 0) notEvaluated.push({ setting: id, reason: intReason });
      else if (v === 0) notConfigured.push(id);
      return;
    }
    if (id === 'linux_customcompliance_required') {
      const v = boolChoice();
      if (v === true) notEvaluated.push({ setting: id, reason: 'Custom compliance discovery scripts are not run by Verity.' });
      else if (v === false) notConfigured.push(id);
      return;
    }
    notEvaluated.push({ setting: id, reason: 'Not a setting definition Verity knows; kept for export, not evaluated.' });
  });
  return { rules, notEvaluated, notConfigured, problems, warnings };
}
