import type { ServerContext, ComplianceHooks } from '../context.js';
import { recordAudit } from '../audit/audit-record.js';
import type { ComplianceEvaluationService } from './compliance-evaluation-service.js';

/** The compliance domain's hooks: evaluation on check-in, status for agent and portal, re-evaluation on change. */
export function storedComplianceHooks(getCtx: () => ServerContext, evaluator: ComplianceEvaluationService): ComplianceHooks {
  return {
    async evaluateAfterCheckin(tenantId, deviceId, now, checkedIn) {
      const outcome = checkedIn
        ? await evaluator.evaluateCheckedInDevice(tenantId, checkedIn, now)
        : await evaluator.evaluateDevice(tenantId, deviceId, now);
      return outcome?.state ?? 'unknown';
    },
    checkinSnapshot: (tenantId) => evaluator.checkinSnapshot(tenantId),
    deviceStatus: (tenantId, deviceId) => evaluator.deviceStatus(tenantId, deviceId),
    reevaluateTenant: (tenantId, now, filter) => evaluator.evaluateTenant(tenantId, now, filter),
    async setDeviceRiskLevel(tenantId, deviceId, riskLevel, actor) {
      const ctx = getCtx();
      const now = ctx.now();
      const before = await ctx.store.transaction(async (tx) => {
        const device = await tx.devices.get(tenantId, deviceId);
        if (!device) return undefined;
        if (device.riskLevel !== riskLevel) {
          await tx.devices.setRiskLevel(tenantId, deviceId, riskLevel);
          await recordAudit(tx, tenantId, actor, { action: 'device.risk.set', targetType: 'device', targetId: deviceId, details: { previous: device.riskLevel, riskLevel } }, now);
        }
        return device;
      });
      if (!before) return undefined;
      if (before.riskLevel !== riskLevel) ctx.events.publish({ topic: 'device.risk.changed', tenantId, payload: { deviceId, previous: before.riskLevel, riskLevel }, at: now.toISOString() });
      const outcome = await evaluator.evaluateDevice(tenantId, deviceId, now);
      return { riskLevel, complianceState: outcome?.state ?? before.complianceState };
    },
  };
}
