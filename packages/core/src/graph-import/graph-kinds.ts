/** What Verity imports, and where each goes. Named locations go first: policies reference them. */
export type ImportTarget = 'namedLocation' | 'conditionalAccessPolicy' | 'compliancePolicy';

/** How a document's kind was told. */
export type KindEvidence = 'odata-type' | 'odata-context' | 'shape' | 'none';

/** A Graph document's kind: its Graph type name, the family an admin knows it by, and where Verity imports it (null: not imported). */
export interface GraphKind {
  readonly kind: string;
  readonly family: string;
  readonly target: ImportTarget | null;
  readonly evidence: KindEvidence;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Families of the Graph types Verity recognises but does not import, tested in order (first match wins). */
const NOT_IMPORTED: readonly [RegExp, string][] = [
  [/^deviceManagementConfigurationPolicy$/, 'settings catalog configuration policy'],
  [/^deviceManagementIntent/, 'endpoint security intent'],
  [/^(windows10EnrollmentCompletionPageConfiguration|deviceEnrollment\w*Configuration)$/, 'enrollment configuration (enrollment status page, limits, Windows Hello)'],
  [/AutopilotDeploymentProfile$/, 'Windows Autopilot deployment profile'],
  [/(ManagedAppProtection|ManagedAppPolicy|ManagedAppConfiguration|WindowsInformationProtectionPolicy)$/, 'app protection policy'],
  [/^groupPolicy(Configuration|DefinitionValue)$/, 'administrative template (ADMX) profile'],
  [/(Configuration|ConfigurationInterface)$/, 'device configuration profile'],
  [/(App|mobileApp)$/, 'app'],
];

/** Entity sets of `@odata.context` (`…$metadata#deviceManagement/configurationPolicies/$entity`) and the type they hold. */
const ENTITY_SETS: Record<string, string> = {
  policies: 'conditionalAccessPolicy',
  conditionalAccessPolicies: 'conditionalAccessPolicy',
  namedLocations: 'namedLocation',
  compliancePolicies: 'deviceManagementCompliancePolicy',
  deviceCompliancePolicies: 'deviceCompliancePolicy',
  configurationPolicies: 'deviceManagementConfigurationPolicy',
  deviceConfigurations: 'deviceConfiguration',
  intents: 'deviceManagementIntent',
  groupPolicyConfigurations: 'groupPolicyConfiguration',
  mobileApps: 'mobileApp',
  managedAppPolicies: 'managedAppPolicy',
  iosManagedAppProtections: 'iosManagedAppProtection',
  androidManagedAppProtections: 'androidManagedAppProtection',
  windowsAutopilotDeploymentProfiles: 'windowsAutopilotDeploymentProfile',
  deviceEnrollmentConfigurations: 'deviceEnrollmentConfiguration',
};

/** The type an `@odata.context` names, from its last entity set segment (`(…)` expansions and `/$entity` dropped). */
export function typeFromContext(context: string | undefined): string | undefined {
  if (context === undefined) return undefined;
  const hash = context.indexOf('#');
  if (hash < 0) return undefined;
  const segments = context.slice(hash + 1).replace(/\([^)]*\)/g, '').split('/').filter((s) => s !== '' && !s.startsWith('$'));
  const last = segments.at(-1);
  if (last === undefined) return undefined;
  if (last === 'policies' && !segments.includes('conditionalAccess')) return undefined;
  return ENTITY_SETS[last];
}

/** Setting definition ids of Linux compliance (Intune's `linux_*` compliance settings and Verity's own). */
const LINUX_COMPLIANCE_SETTING = /^(linux_(deviceencryption|passwordpolicy|distribution|customcompliance)_|verity_linux_)/;

function settingIds(doc: Record<string, unknown>): string[] {
  const settings = Array.isArray(doc.settings) ? doc.settings : [];
  return settings.flatMap((s) => {
    const id = isObject(s) && isObject(s.settingInstance) ? s.settingInstance.settingDefinitionId : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

/** The imported kinds (and the compliance families), or the family of a type Verity does not import. */
function byType(type: string, doc: Record<string, unknown>, evidence: KindEvidence): GraphKind {
  if (type === 'conditionalAccessPolicy') return { kind: type, family: 'conditional access policy', target: 'conditionalAccessPolicy', evidence };
  if (type === 'ipNamedLocation' || type === 'countryNamedLocation' || type === 'compliantNetworkNamedLocation') return { kind: type, family: 'named location', target: 'namedLocation', evidence };
  if (type === 'namedLocation') return byShape(doc) ?? { kind: type, family: 'named location', target: 'namedLocation', evidence };
  if (/CompliancePolicy$/.test(type)) return { kind: type, family: 'compliance policy', target: 'compliancePolicy', evidence };
  for (const [pattern, family] of NOT_IMPORTED) if (pattern.test(type)) return { kind: type, family, target: null, evidence };
  return { kind: type, family: 'other Graph resource', target: null, evidence };
}

/** Kinds told from properties alone (exports that omit `@odata.type`). */
function byShape(o: Record<string, unknown>): GraphKind | undefined {
  const shape = (kind: string, family: string, target: ImportTarget | null): GraphKind => ({ kind, family, target, evidence: 'shape' });
  if ('conditions' in o && ('grantControls' in o || 'sessionControls' in o)) return shape('conditionalAccessPolicy', 'conditional access policy', 'conditionalAccessPolicy');
  if ('ipRanges' in o) return shape('ipNamedLocation', 'named location', 'namedLocation');
  if ('countriesAndRegions' in o) return shape('countryNamedLocation', 'named location', 'namedLocation');
  if ('compliantNetworkType' in o) return shape('compliantNetworkNamedLocation', 'named location', 'namedLocation');
  if (Array.isArray(o.settings) && typeof o.platforms === 'string') {
    const ids = settingIds(o);
    if (o.platforms.toLowerCase() === 'linux' && ids.length > 0 && ids.every((id) => LINUX_COMPLIANCE_SETTING.test(id)))
      return shape('deviceManagementCompliancePolicy', 'compliance policy', 'compliancePolicy');
    return shape('deviceManagementConfigurationPolicy', 'settings catalog configuration policy', null);
  }
  if ('settingsDelta' in o || ('TemplateId' in o && 'versionInfo' in o)) return shape('deviceManagementIntent', 'endpoint security intent', null);
  const settings = o.settings;
  if (Array.isArray(settings) && settings.length > 0 && settings.every((s) => isObject(s) && typeof s['@odata.type'] === 'string' && /^#microsoft\.graph\.deviceManagement\w*SettingInstance$/.test(s['@odata.type'])))
    return shape('deviceManagementIntent', 'endpoint security intent (settings only)', null);
  if ('definition@odata.bind' in o) return shape('groupPolicyDefinitionValue', 'administrative template (ADMX) profile', null);
  return undefined;
}

/**
 * A Graph document's kind: from `@odata.type`; when an export omits it, from the entity set of its
 * `@odata.context` (its own or its collection's) or from its shape (conditional access exports
 * never carry a type, Linux compliance templates often do not). Never throws.
 */
export function classifyGraphDocument(doc: unknown, context?: string): GraphKind {
  if (!isObject(doc)) return { kind: 'unknown', family: Array.isArray(doc) ? 'JSON array' : doc === null ? 'null' : `JSON ${typeof doc}`, target: null, evidence: 'none' };
  const rawType = doc['@odata.type'];
  if (typeof rawType === 'string' && rawType.startsWith('#microsoft.graph.')) return byType(rawType.slice('#microsoft.graph.'.length), doc, 'odata-type');
  const fromContext = typeFromContext(typeof doc['@odata.context'] === 'string' ? doc['@odata.context'] : context);
  if (fromContext !== undefined) {
    // A context names the entity set; the shape still tells a Linux compliance policy from a configuration one, or ip from country.
    const shaped = byShape(doc);
    if (shaped && (fromContext === 'namedLocation' || fromContext === shaped.kind)) return { ...shaped, evidence: 'odata-context' };
    return byType(fromContext, doc, 'odata-context');
  }
  return byShape(doc) ?? { kind: typeof rawType === 'string' ? rawType.slice(0, 128) : 'unknown', family: 'not a Graph document Verity recognises', target: null, evidence: 'none' };
}
