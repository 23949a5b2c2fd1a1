import { z } from 'zod';
import type { ErrorDetail } from '../errors/verity-error.js';
import { COMPLIANCE_ACTION_TYPES, type ScheduledActionConfig } from './compliance-types.js';
import { toJsonPath } from './json-path.js';

/**
 * Graph scheduledActionsForRule (deviceComplianceScheduledActionForRule) with its
 * scheduledActionConfigurations (deviceComplianceActionItem). The same shape serves the
 * settings-catalog policy (deviceManagementComplianceScheduledActionForRule).
 */
const actionItemSchema = z.looseObject({
  '@odata.type': z.string().max(256).optional(),
  id: z.string().max(256).nullable().optional(),
  // Intune caps every action's schedule at 365 days.
  gracePeriodHours: z.number().int().min(0).max(8760),
  actionType: z.enum(COMPLIANCE_ACTION_TYPES),
  notificationTemplateId: z.string().max(128).nullable().optional(),
  notificationMessageCCList: z.array(z.string().max(256)).max(100).nullable().optional(),
});

const ruleSchema = z.looseObject({
  '@odata.type': z.string().max(256).optional(),
  id: z.string().max(256).nullable().optional(),
  ruleName: z.string().max(256).nullable().optional(),
  scheduledActionConfigurations: z.array(actionItemSchema).max(50).nullable().optional(),
});

export const scheduledActionsForRuleSchema = z.array(ruleSchema).max(20).nullable().optional();

const EMPTY_TEMPLATE = '00000000-0000-0000-0000-000000000000';

/** Validate scheduledActionsForRule; returns normalised actions or problems at their JSON paths. */
export function parseScheduledActions(value: unknown): { actions: ScheduledActionConfig[]; problems: ErrorDetail[] } {
  const parsed = scheduledActionsForRuleSchema.safeParse(value);
  if (!parsed.success) {
    return {
      actions: [],
      problems: parsed.error.issues.map((i) => ({ path: toJsonPath(['scheduledActionsForRule', ...i.path]), message: i.message })),
    };
  }
  const actions: ScheduledActionConfig[] = [];
  for (const rule of parsed.data ?? []) {
    for (const a of rule.scheduledActionConfigurations ?? []) {
      // Graph exports carry an empty string or the all-zero GUID when no template is chosen.
      const template = a.notificationTemplateId && a.notificationTemplateId !== EMPTY_TEMPLATE ? a.notificationTemplateId : undefined;
      actions.push({
        actionType: a.actionType,
        gracePeriodHours: a.gracePeriodHours,
        notificationMessageCCList: a.notificationMessageCCList ?? [],
        ...(template !== undefined ? { notificationTemplateId: template } : {}),
        ...(rule.ruleName ? { ruleName: rule.ruleName } : {}),
      });
    }
  }
  return { actions, problems: [] };
}
