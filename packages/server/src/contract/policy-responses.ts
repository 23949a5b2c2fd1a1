import { z } from 'zod';

// Response shapes of the policy routes (compliance, message templates, conditional access, sign-ins)
// and the portal's, as their handlers build them. Graph documents stay `unknown`/open objects:
// their schema is Microsoft Graph's, checked by the engine's importers.

const iso = z.string();
const graphDocument = z.record(z.string(), z.unknown());

const settingRule = z.object({ setting: z.string(), check: z.unknown(), expected: z.unknown(), path: z.string(), evaluated: z.boolean() });
const notEvaluated = z.object({ setting: z.string(), reason: z.string(), state: z.literal('notEvaluated') });
const assignment = z.object({ id: z.string(), target: z.object({ '@odata.type': z.string(), groupId: z.string().optional() }) });
const scheduledAction = z.object({ actionType: z.string(), gracePeriodHours: z.number() }).catchall(z.unknown());

/** A compliance policy: what is evaluated, what is not, its actions and (when shown alone) its assignments. */
export const compliancePolicyResponse = z.object({
  id: z.string(), displayName: z.string(), description: z.string().nullable(), kind: z.string(), platform: z.string(), odataType: z.string(),
  version: z.number(), createdAt: iso, updatedAt: iso, settings: z.array(settingRule), notEvaluated: z.array(notEvaluated),
  scheduledActions: z.array(scheduledAction), assignments: z.array(assignment).optional(),
});
const complianceImportReport = z.object({
  kind: z.string(), odataType: z.string(), evaluated: z.array(z.string()), notEvaluated: z.array(z.object({ setting: z.string(), reason: z.string() })),
  ignored: z.array(z.object({ property: z.string(), reason: z.string() })), notConfigured: z.array(z.string()),
});
/** Devices re-evaluated after a change, or `background: true` when there were too many to wait for. */
const reevaluation = z.union([z.object({ evaluated: z.number(), changed: z.number() }), z.object({ background: z.literal(true) })]);
export const complianceImportResponse = z.object({
  policy: compliancePolicyResponse.extend({ id: z.string().nullable(), version: z.number().optional(), createdAt: iso.optional(), updatedAt: iso.optional() }),
  report: complianceImportReport, reevaluation: reevaluation.optional(), dryRun: z.boolean().optional(),
});
export const complianceSettingsResponse = z.object({ noPolicyAssignedState: z.enum(['compliant', 'noncompliant']), validityPeriodDays: z.number() });

const settingResult = z.object({ setting: z.string(), state: z.string(), observed: z.unknown(), expected: z.unknown(), reason: z.string(), remediation: z.string(), code: z.string() });
/** A device's compliance: state, reasons, and per policy each setting with what is wrong and how to fix it. */
export const deviceComplianceView = z.object({
  state: z.string(), evaluatedAt: iso.nullable(), graceEndsAt: iso.nullable(),
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
  policies: z.array(z.object({
    policyId: z.string(), displayName: z.string(), state: z.string(), settings: z.array(settingResult),
    notEvaluated: z.array(z.object({ setting: z.string(), reason: z.string() })),
  })),
});
export const deviceComplianceResponse = deviceComplianceView.extend({
  deviceId: z.string(), riskLevel: z.string(), noncompliantSince: iso.nullable(),
  actions: z.array(z.object({
    id: z.string(), actionType: z.string(), status: z.string(), runAt: iso, attempts: z.number(), finishedAt: iso.nullable(),
    episodeId: z.string().nullable(), policyId: z.string().nullable(), lastError: z.string().nullable(),
  })),
});

export const messageTemplateResponse = z.object({
  '@odata.type': z.string(), id: z.string(), displayName: z.string(), defaultLocale: z.string(), lastModifiedDateTime: iso,
  localizedNotificationMessages: z.array(z.object({ locale: z.string(), subject: z.string(), messageTemplate: z.string(), isDefault: z.boolean() })),
});

export const accessPolicyResponse = z.object({ id: z.string(), displayName: z.string(), state: z.string(), createdAt: iso, updatedAt: iso, policy: graphDocument });
export const namedLocationResponse = z.object({ id: z.string(), displayName: z.string(), kind: z.string(), createdAt: iso, updatedAt: iso, namedLocation: graphDocument });
export const accessImportResponse = z.object({
  id: z.string(), stored: z.boolean(), replaced: z.boolean(), policy: graphDocument,
  report: z.object({ evaluated: z.array(z.string()), unsupported: z.array(z.object({ path: z.string(), reason: z.string() })) }),
});

const outcome = z.enum(['grant', 'block', 'controlsRequired']);
/** A conditional access decision with every policy's result and the condition that decided it. */
export const accessDecisionResponse = z.object({
  result: outcome,
  missingControls: z.array(z.object({ control: z.string(), message: z.string(), policyIds: z.array(z.string()) })),
  sessionControls: z.object({ signInFrequencyHours: z.number().nullable(), persistentBrowser: z.string().nullable(), applicationEnforcedRestrictions: z.boolean() }),
  policies: z.array(z.object({
    policyId: z.string(), displayName: z.string(), state: z.string(), applied: z.boolean(),
    decidedBy: z.object({ condition: z.string(), code: z.string(), message: z.string() }),
    result: z.string(), missingControls: z.array(z.string()), reportOnlyResult: z.string().optional(),
  })),
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
  signIn: z.object({
    userId: z.string(), userPrincipalName: z.string(), groupIds: z.array(z.string()), roleIds: z.array(z.string()), appId: z.string().nullable(),
    userAction: z.string().nullable(), clientAppType: z.string(), platform: z.string().nullable(), ip: z.string().nullable(),
    device: z.object({ id: z.string(), isCompliant: z.boolean().nullable(), trustType: z.string().nullable(), complianceState: z.string().nullable() }).nullable(),
    signInRisk: z.string(), userRisk: z.string(), satisfied: z.record(z.string(), z.unknown()),
  }),
});
export const signInEntryResponse = z.object({
  id: z.string(), at: iso, userId: z.string().nullable(), appId: z.string().nullable(), deviceId: z.string().nullable(), ip: z.string().nullable(),
  clientApp: z.string().nullable(), platform: z.string().nullable(), result: outcome, reportOnlyResults: z.array(z.unknown()), decision: z.unknown(),
});
export const analysisResponse = z.object({
  findings: z.array(z.object({
    code: z.string(), severity: z.enum(['high', 'medium', 'low', 'info']), policyId: z.string().optional(), userId: z.string().optional(),
    appId: z.string().optional(), message: z.string(),
  })),
  admins: z.number(), knownAppIds: z.array(z.string()),
});

/** The portal's sentences for one device (portal/portal-device-view.ts): the page only lays them out. */
export const portalDeviceViewResponse = z.object({
  badge: z.object({ state: z.string(), label: z.string() }),
  /** `{time}` in the text is where the browser writes `at` in the user's local time. */
  notice: z.object({ text: z.string(), at: iso.nullable() }).nullable(),
  fixes: z.array(z.object({ problem: z.string(), fix: z.string(), policy: z.string() })),
  remarks: z.array(z.string()),
});
export const myDevicesResponse = z.object({
  user: z.object({ id: z.string(), displayName: z.string(), userPrincipalName: z.string() }),
  items: z.array(z.object({
    id: z.string(), displayName: z.string(), platform: z.string(), osName: z.string().nullable(), osVersion: z.string().nullable(),
    status: z.string(), lastCheckinAt: iso.nullable(), compliance: deviceComplianceView, view: portalDeviceViewResponse,
  })),
});

/** Route -> response schema for the policy and portal routes. */
export const POLICY_RESPONSES: Record<string, z.ZodType> = {
  'GET /api/v1/compliance-policies': z.object({ items: z.array(compliancePolicyResponse) }),
  'POST /api/v1/compliance-policies': complianceImportResponse,
  'GET /api/v1/compliance-policies/:id': compliancePolicyResponse,
  'PUT /api/v1/compliance-policies/:id': z.object({ policy: compliancePolicyResponse, report: complianceImportReport }),
  'GET /api/v1/compliance-policies/:id/export': graphDocument,
  'GET /api/v1/compliance-policies/:id/assignments': z.object({ value: z.array(assignment) }),
  'POST /api/v1/compliance-policies/:id/assignments': z.object({ value: z.array(assignment), reevaluation }),
  'POST /api/v1/compliance-policies/:id/assign': z.object({ value: z.array(assignment), reevaluation }),
  'DELETE /api/v1/compliance-policies/:id/assignments': z.object({ policyId: z.string(), removed: z.number(), cancelledActions: z.number(), reevaluation }),
  'GET /api/v1/compliance-settings': complianceSettingsResponse,
  'PATCH /api/v1/compliance-settings': complianceSettingsResponse.extend({ reevaluation }),
  'GET /api/v1/devices/:id/compliance': deviceComplianceResponse,
  'POST /api/v1/devices/:id/risk': z.object({ deviceId: z.string(), riskLevel: z.string(), complianceState: z.string() }),
  'GET /api/v1/notification-message-templates': z.object({ value: z.array(messageTemplateResponse) }),
  'GET /api/v1/notification-message-templates/:id': messageTemplateResponse,
  'POST /api/v1/notification-message-templates': messageTemplateResponse,
  'PATCH /api/v1/notification-message-templates/:id': messageTemplateResponse,
  'GET /api/v1/conditional-access/policies': z.object({ items: z.array(accessPolicyResponse) }),
  'POST /api/v1/conditional-access/policies': accessImportResponse,
  'GET /api/v1/conditional-access/policies/:id': accessPolicyResponse,
  'GET /api/v1/conditional-access/policies/:id/export': graphDocument,
  'PUT /api/v1/conditional-access/policies/:id': accessImportResponse,
  'PATCH /api/v1/conditional-access/policies/:id': accessImportResponse,
  'GET /api/v1/conditional-access/named-locations': z.object({ items: z.array(namedLocationResponse) }),
  'POST /api/v1/conditional-access/named-locations': accessImportResponse,
  'GET /api/v1/conditional-access/named-locations/:id': namedLocationResponse,
  'POST /api/v1/conditional-access/what-if': accessDecisionResponse,
  'GET /api/v1/sign-ins': z.object({ items: z.array(signInEntryResponse), nextCursor: z.string().nullable() }),
  'GET /api/v1/conditional-access/analysis': analysisResponse,
  'GET /api/v1/me/devices': myDevicesResponse,
  'GET /api/v1/push/vapid-public-key': z.object({ publicKey: z.string() }),
  'POST /api/v1/me/push-subscriptions': z.object({ id: z.string(), createdAt: iso }),
};
