import type { CompliancePolicy, PlannedAction } from './compliance-types.js';

const HOUR_MS = 3_600_000;

/**
 * Planned noncompliance actions for an episode: every scheduledActionConfiguration of the
 * given (noncompliant) policies becomes an action due at episodeStart + gracePeriodHours.
 * 'block' is "mark device noncompliant"; 'noAction' plans nothing. Sorted by due time, then
 * policy, so the scheduler can store them as durable rows in a stable order.
 */
export function planNoncomplianceActions(policies: readonly CompliancePolicy[], episodeStart: Date): PlannedAction[] {
  const start = episodeStart.getTime();
  const planned: PlannedAction[] = [];
  for (const policy of policies) {
    const policyId = policy.id ?? policy.displayName;
    for (const a of policy.scheduledActions) {
      if (a.actionType === 'noAction') continue;
      const notifies = a.actionType === 'notification';
      planned.push({
        policyId,
        actionType: a.actionType,
        gracePeriodHours: a.gracePeriodHours,
        dueAt: new Date(start + a.gracePeriodHours * HOUR_MS),
        ...(a.notificationTemplateId !== undefined ? { notificationTemplateId: a.notificationTemplateId } : {}),
        ...(notifies && a.notificationMessageCCList.length > 0 ? { notificationMessageCCList: [...a.notificationMessageCCList] } : {}),
      });
    }
  }
  return planned.sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime() || (x.policyId < y.policyId ? -1 : x.policyId > y.policyId ? 1 : 0));
}
