import { z } from 'zod';
import { VerityError, type ErrorDetail } from '../errors/verity-error.js';
import type { Platform } from '../posture/posture-report.js';
import type {
  ComplianceKind,
  CompliancePolicy,
  ComplianceSettingRule,
  ImportReport,
  NotEvaluatedSetting,
} from './compliance-types.js';
import {
  CLASSIC_ODATA_TYPES,
  isConfigured,
  MIN_MAX_PAIRS,
  PROPERTY_CATALOG,
  SETTINGS_CATALOG_ODATA_TYPE,
} from './graph-property-catalog.js';
import { jsonBoundProblems } from './json-bounds.js';
import { toJsonPath } from './json-path.js';
import { interpretLinuxSettings, SETTINGS_CATALOG_META, settingsCatalogPolicySchema } from './linux-settings-catalog.js';
import { parseScheduledActions } from './scheduled-actions.js';
import { compareVersions } from './version-compare.js';
import { normaliseGraphDocument, shape, type GraphShape } from '../graph-import/normalise-graph-document.js';
import type { ImportNote } from '../graph-import/import-notes.js';

/** Error codes of the compliance import (VERITY_COMPLIANCE_*). */
export const COMPLIANCE_ERROR_CODES = {
  invalid: 'VERITY_COMPLIANCE_POLICY_INVALID',
  unsupportedType: 'VERITY_COMPLIANCE_POLICY_UNSUPPORTED_TYPE',
} as const;

/** Platform of the devices each kind applies to. */
export const KIND_PLATFORM: Record<ComplianceKind, Platform> = {
  windows10: 'windows',
  macOS: 'macos',
  ios: 'ios',
  androidWorkProfile: 'android',
  androidDeviceOwner: 'android',
  linux: 'linux',
};

const MAX_DETAILS = 100;

function invalid(details: ErrorDetail[]): VerityError {
  return new VerityError(COMPLIANCE_ERROR_CODES.invalid, 'The compliance policy is not valid Graph JSON.', {
    status: 400,
    details: details.slice(0, MAX_DETAILS),
  });
}

function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): ErrorDetail[] {
  return issues.map((i) => ({ path: toJsonPath([...prefix, ...i.path]), message: i.message }));
}

/** The enumeration values of a catalog schema (through optional and nullable wrappers), if it is an enum. */
function enumValues(schema: z.ZodType): readonly string[] | undefined {
  let s: unknown = schema;
  for (let i = 0; i < 4 && s !== null && typeof s === 'object'; i++) {
    if (s instanceof z.ZodEnum) return s.options as string[];
    const unwrap = (s as { unwrap?: () => unknown }).unwrap;
    if (typeof unwrap !== 'function') return undefined;
    s = unwrap.call(s);
  }
  return undefined;
}

const classicShapes = new Map<string, GraphShape>();
/** The normalisation shape of a classic kind, from its property catalog (enums read case-insensitively, names too). */
function classicShape(kind: Exclude<ComplianceKind, 'linux'>): GraphShape {
  let s = classicShapes.get(kind);
  if (s === undefined) {
    const props: Record<string, GraphShape> = {};
    for (const [name, spec] of Object.entries(PROPERTY_CATALOG[kind])) {
      const values = enumValues(spec.schema);
      props[name] = values ? shape.enum(values) : shape.value;
    }
    s = shape.object(props);
    classicShapes.set(kind, s);
  }
  return s;
}

/** A contradiction Intune accepts (a minimum above its maximum): imported, with a warning that no device can meet it. */
function neverMet(path: string, message: string): ImportNote {
  return { path, code: 'can-never-be-met', message: `${message} Intune accepts this, but no device can meet it: every device it applies to is noncompliant.` };
}

/**
 * Validate Graph JSON (an unknown value, e.g. a pasted Intune export) into a normalised policy
 * and an honest import report. Every problem is collected before throwing
 * VERITY_COMPLIANCE_POLICY_INVALID (400) with one detail per JSON path; an unknown
 * `@odata.type` throws VERITY_COMPLIANCE_POLICY_UNSUPPORTED_TYPE (400).
 */
export function importCompliancePolicy(json: unknown): { policy: CompliancePolicy; report: ImportReport } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid([{ path: '$', message: 'A compliance policy must be a JSON object.' }]);
  }
  const bounds = jsonBoundProblems(json);
  if (bounds.length > 0) throw invalid(bounds);
  const doc = json as Record<string, unknown>;
  const odataType = doc['@odata.type'];
  if (odataType === undefined && Array.isArray(doc.settings) && doc.platforms !== undefined) return importSettingsCatalog(doc);
  if (typeof odataType !== 'string') {
    throw invalid([{ path: "$['@odata.type']", message: 'Required: the Graph type, e.g. #microsoft.graph.windows10CompliancePolicy.' }]);
  }
  if (odataType === SETTINGS_CATALOG_ODATA_TYPE) return importSettingsCatalog(doc);
  const kind = CLASSIC_ODATA_TYPES[odataType];
  if (kind === undefined) {
    throw new VerityError(COMPLIANCE_ERROR_CODES.unsupportedType, `Unsupported compliance policy type "${odataType.slice(0, 128)}".`, {
      status: 400,
      details: [{ path: "$['@odata.type']", message: `Supported: ${[...Object.keys(CLASSIC_ODATA_TYPES), SETTINGS_CATALOG_ODATA_TYPE].join(', ')}.` }],
    });
  }
  const classicKind = kind as Exclude<ComplianceKind, 'linux'>;
  const { document, notes } = normaliseGraphDocument(doc, classicShape(classicKind));
  return importClassic(document as Record<string, unknown>, odataType, classicKind, notes);
}

/** Classic deviceCompliancePolicy subtypes: one flat object of typed properties. */
function importClassic(
  doc: Record<string, unknown>,
  odataType: string,
  kind: Exclude<ComplianceKind, 'linux'>,
  normalised: ImportNote[],
): { policy: CompliancePolicy; report: ImportReport } {
  const catalog = PROPERTY_CATALOG[kind];
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(catalog)) shape[name] = spec.schema;
  const parsed = z.looseObject(shape).safeParse(doc);
  const problems: ErrorDetail[] = parsed.success ? [] : issuesToDetails(parsed.error.issues);

  // Contradictions: a minimum above its maximum. Intune accepts them, so Verity imports them with a warning at the minimum's path.
  for (const [minKey, maxKey] of MIN_MAX_PAIRS) {
    const lo = doc[minKey];
    const hi = doc[maxKey];
    if (typeof lo === 'string' && typeof hi === 'string' && lo !== '' && hi !== '' && /\d/.test(lo) && /\d/.test(hi) && compareVersions(lo, hi) > 0)
      normalised.push(neverMet(toJsonPath([minKey]), `${minKey} ${lo} is above ${maxKey} ${hi}.`));
  }
  const ranges = doc.validOperatingSystemBuildRanges;
  if (Array.isArray(ranges)) {
    ranges.forEach((r: unknown, i) => {
      const { lowestVersion: lo, highestVersion: hi } = (r ?? {}) as Record<string, unknown>;
      if (typeof lo === 'string' && typeof hi === 'string' && /\d/.test(lo) && /\d/.test(hi) && compareVersions(lo, hi) > 0)
        normalised.push(neverMet(toJsonPath(['validOperatingSystemBuildRanges', i, 'lowestVersion']), `lowestVersion ${lo} is above highestVersion ${hi} (this range matches no build).`));
    });
  }
  const actions = parseScheduledActions(doc.scheduledActionsForRule);
  problems.push(...actions.problems);
  if (problems.length > 0) throw invalid(problems);

  const rules: ComplianceSettingRule[] = [];
  const notEvaluated: NotEvaluatedSetting[] = [];
  const ignored: { property: string; reason: string }[] = [];
  const notConfigured: string[] = [];
  for (const [name, value] of Object.entries(doc)) {
    const spec = catalog[name];
    if (spec === undefined) {
      if (name.includes('@odata.')) ignored.push({ property: name, reason: 'OData annotation.' });
      else notEvaluated.push({ setting: name, reason: `Not a ${odataType} property Verity knows; kept for export, not evaluated.` });
      continue;
    }
    if (spec.role === 'meta' || spec.role === 'companion') {
      ignored.push({ property: name, reason: spec.reason ?? 'Metadata.' });
      continue;
    }
    if (!(spec.configured ?? isConfigured)(value)) {
      notConfigured.push(name);
      continue;
    }
    if (spec.requires !== undefined && doc[spec.requires] !== true) {
      notEvaluated.push({ setting: name, reason: `Applies only when ${spec.requires} is true (as in Intune); ${spec.requires} is not true.` });
      continue;
    }
    if (spec.role === 'notEvaluated') {
      notEvaluated.push({ setting: name, reason: spec.reason ?? 'Not evaluated by Verity.' });
      continue;
    }
    rules.push({
      setting: name,
      check: spec.check!,
      expected: spec.expected ? spec.expected(value) : value,
      path: toJsonPath([name]),
    });
  }
  const displayName = doc.displayName as string;
  const description = typeof doc.description === 'string' ? doc.description : undefined;
  const id = typeof doc.id === 'string' && doc.id !== '' ? doc.id : undefined;
  const policy: CompliancePolicy = {
    ...(id !== undefined ? { id } : {}),
    displayName,
    ...(description !== undefined ? { description } : {}),
    kind,
    platform: KIND_PLATFORM[kind],
    odataType,
    graph: structuredClone(doc),
    settings: rules,
    scheduledActions: actions.actions,
    notEvaluated,
  };
  return {
    policy,
    report: { kind, odataType, evaluated: rules.map((r) => r.setting), notEvaluated: [...notEvaluated], ignored, notConfigured, normalised },
  };
}

/** Settings-catalog deviceManagementCompliancePolicy (Linux). */
function importSettingsCatalog(doc: Record<string, unknown>): { policy: CompliancePolicy; report: ImportReport } {
  const parsed = settingsCatalogPolicySchema.safeParse(doc);
  const actions = parseScheduledActions(doc.scheduledActionsForRule);
  if (!parsed.success) throw invalid([...issuesToDetails(parsed.error.issues), ...actions.problems]);
  const interpreted = interpretLinuxSettings(parsed.data.settings);
  const problems = [...interpreted.problems, ...actions.problems];
  const normalised = interpreted.warnings.map((w) => neverMet(w.path, w.message));
  if (problems.length > 0) throw invalid(problems);

  const ignored: { property: string; reason: string }[] = [];
  const notEvaluated = [...interpreted.notEvaluated];
  for (const name of Object.keys(doc)) {
    const reason = SETTINGS_CATALOG_META[name];
    if (name === 'settings') continue;
    if (reason !== undefined) ignored.push({ property: name, reason });
    else if (name.includes('@odata.')) ignored.push({ property: name, reason: 'OData annotation.' });
    else notEvaluated.push({ setting: name, reason: 'Not a deviceManagementCompliancePolicy property Verity knows; kept for export, not evaluated.' });
  }
  const odataType = SETTINGS_CATALOG_ODATA_TYPE;
  const id = typeof doc.id === 'string' && doc.id !== '' ? doc.id : undefined;
  const description = typeof doc.description === 'string' ? doc.description : undefined;
  const policy: CompliancePolicy = {
    ...(id !== undefined ? { id } : {}),
    displayName: parsed.data.name,
    ...(description !== undefined ? { description } : {}),
    kind: 'linux',
    platform: 'linux',
    odataType,
    graph: structuredClone(doc),
    settings: interpreted.rules,
    scheduledActions: actions.actions,
    notEvaluated,
  };
  return {
    policy,
    report: {
      kind: 'linux',
      odataType,
      evaluated: interpreted.rules.map((r) => r.setting),
      notEvaluated: [...notEvaluated],
      ignored,
      notConfigured: interpreted.notConfigured,
      normalised,
    },
  };
}
