import type { Logger } from 'pino';
import type { AccessDecision, GatewaySignIn } from '@verity/core';
import type { ControlPlaneClient } from '../control-plane/control-plane-client.js';
import type { RequestFacts } from './request-decision.js';

const BATCH = 1_000;
/** Groups waiting for the control plane at most; beyond, decisions are counted as dropped (and reported). */
const MAX_PENDING = 50_000;

/** `lastMs`: the group's latest request; written into `entry.lastAt` when the group is sent (not formatted per request). */
interface Group { entry: GatewaySignIn; lastMs: number }

/**
 * Sends every decision to the sign-in log, off the request path. Requests of one session from one
 * device to one app decided alike within a flush window are one sign-in (`requests` counts them);
 * its id is the decision id put in each of those requests' identity assertions. Batches are
 * retried until the control plane takes them; what cannot be kept is counted and reported.
 */
export function decisionLog(options: { client: ControlPlaneClient; gatewayId: string; flushMs: number; log: Logger; onFlush?: (sent: number) => void }) {
  let open = new Map<string, Group>();
  let pending: GatewaySignIn[] = [];
  let dropped = 0;
  let flushing: Promise<void> | null = null;
  let failures = 0;

  /** The decision id for this request: its group's, opened now when it is the first of its kind in this window. */
  function record(facts: RequestFacts, decision: AccessDecision, snapshotVersion: string, now: Date): string {
    const deviceId = facts.device?.id ?? null;
    const key = `${facts.session.sessionId}|${deviceId ?? ''}|${facts.app.id}|${decision.result}|${facts.ip ?? ''}|${facts.device?.complianceState ?? ''}`;
    const g = open.get(key);
    if (g) {
      g.entry.requests++;
      g.lastMs = now.getTime();
      return g.entry.id;
    }
    const at = now.toISOString();
    const applied = decision.policies.filter((p) => p.applied && p.state === 'enabled');
    const reportOnly = decision.policies.filter((p) => p.state === 'enabledForReportingButNotEnforced' && p.reportOnlyResult !== undefined && p.reportOnlyResult !== 'notApplied');
    const entry: GatewaySignIn = {
      id: crypto.randomUUID(), at, lastAt: at, requests: 1, userId: facts.user.entry.id, sessionId: facts.session.sessionId, appId: facts.app.appId, deviceId,
      ip: facts.ip, clientAppType: facts.clientAppType, platform: facts.device?.platform ?? null, result: decision.result,
      reasons: decision.reasons.map((r) => ({ code: r.code, message: r.message.slice(0, 2048) })).slice(0, 20),
      missingControls: decision.missingControls.map((c) => c.control).slice(0, 20),
      policies: applied.slice(0, 500).map((p) => ({ policyId: p.policyId, displayName: p.displayName.slice(0, 256), result: p.result })),
      reportOnly: reportOnly.slice(0, 500).map((p) => ({ policyId: p.policyId, displayName: p.displayName.slice(0, 256), result: p.reportOnlyResult! })),
      deviceCompliant: facts.device ? facts.device.complianceState === 'compliant' && facts.device.status === 'active' : null,
      snapshotVersion,
    };
    open.set(key, { entry, lastMs: now.getTime() });
    return entry.id;
  }

  async function flush(): Promise<void> {
    if (flushing) return flushing;
    flushing = (async () => {
      for (const g of open.values()) {
        g.entry.lastAt = new Date(g.lastMs).toISOString();
        if (pending.length >= MAX_PENDING) dropped += g.entry.requests;
        else pending.push(g.entry);
      }
      open = new Map();
      while (pending.length > 0) {
        const batch = pending.slice(0, BATCH);
        try {
          await options.client.call('POST', '/api/v1/gateway/sign-ins', { gatewayId: options.gatewayId, signIns: batch, dropped });
          pending = pending.slice(batch.length);
          dropped = 0;
          failures = 0;
          options.onFlush?.(batch.length);
        } catch (err) {
          if (failures++ % 10 === 0) options.log.warn({ err: err instanceof Error ? err.message : String(err), pending: pending.length }, 'sign-in log batch not accepted; kept and retried');
          break;
        }
      }
    })().finally(() => { flushing = null; });
    return flushing;
  }

  const timer = setInterval(() => { void flush(); }, options.flushMs);
  timer.unref();
  return {
    record,
    flush,
    /** Decisions waiting to be sent (groups), and dropped since the last accepted batch. */
    backlog: () => ({ pending: pending.length + open.size, dropped }),
    async stop(): Promise<void> {
      clearInterval(timer);
      await flush().catch(() => undefined);
    },
  };
}
export type DecisionLog = ReturnType<typeof decisionLog>;
