import { planNoncomplianceActions, type ComplianceActionType, type CompliancePolicy } from '@verity/core';
import type { Store } from '@verity/store';

/** Actions Verity executes; `wipe` and `removeResourceAccessProfiles` are kept on the policy but not run. */
export const EXECUTED_ACTIONS = ['block', 'notification', 'pushNotification', 'remoteLock', 'retire'] as const;
export type ExecutedAction = (typeof EXECUTED_ACTIONS)[number];
export const COMPLIANCE_JOB_KINDS: readonly string[] = EXECUTED_ACTIONS.map((a) => `compliance.${a}`);

/** What a noncompliance job carries (the job row's device and episode columns carry the rest). */
export interface ComplianceJobPayload {
  readonly deviceId: string;
  readonly policyId: string;
  readonly actionType: ExecutedAction;
  /** ISO start of the episode the job belongs to; the job does nothing if the device has left it. */
  readonly episodeStart: string;
  readonly notificationTemplateId?: string;
  readonly notificationMessageCCList?: readonly string[];
}

/** The id of a device's noncompliance episode: the device and when it started failing. */
export function episodeIdOf(deviceId: string, episodeStart: string): string {
  return `${deviceId}@${episodeStart}`;
}

function isExecuted(a: ComplianceActionType): a is ExecutedAction {
  return (EXECUTED_ACTIONS as readonly string[]).includes(a);
}

/**
 * Schedule every action of the failing policies for this episode as a durable job. The dedupe key
 * (device, episode, policy, action, grace, template) makes scheduling idempotent: each evaluation
 * during the episode may call this again and every action still runs exactly once per episode.
 * Runs inside the caller's transaction (the jobs commit with the state they follow from).
 */
export async function scheduleNoncomplianceJobs(tx: Store, tenantId: string, deviceId: string, failing: readonly CompliancePolicy[], episodeStart: string): Promise<number> {
  const planned = planNoncomplianceActions(failing, new Date(episodeStart));
  const episodeId = episodeIdOf(deviceId, episodeStart);
  const startMs = Date.parse(episodeStart);
  let created = 0;
  for (const a of planned) {
    if (!isExecuted(a.actionType)) continue;
    const payload: ComplianceJobPayload = {
      deviceId, policyId: a.policyId, actionType: a.actionType, episodeStart,
      ...(a.notificationTemplateId !== undefined ? { notificationTemplateId: a.notificationTemplateId } : {}),
      ...(a.notificationMessageCCList !== undefined ? { notificationMessageCCList: a.notificationMessageCCList } : {}),
    };
    const dedupeKey = `cmp:${deviceId}:${startMs}:${a.policyId}:${a.actionType}:${a.gracePeriodHours}:${a.notificationTemplateId ?? ''}`;
    const r = await tx.jobs.schedule(tenantId, { kind: `compliance.${a.actionType}`, dedupeKey, payload, runAt: a.dueAt, deviceId, episodeId, maxAttempts: 8 });
    if (r.created) created++;
  }
  return created;
}

/** Cancel the open noncompliance jobs of a device (it returned to compliance, or was retired). */
export function cancelNoncomplianceJobs(tx: Store, tenantId: string, deviceId: string): Promise<number> {
  return tx.jobs.cancelForDevice(tenantId, deviceId, COMPLIANCE_JOB_KINDS);
}
