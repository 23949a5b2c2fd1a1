import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { ServerContext } from '../context.js';
import { nodeId } from '../scheduler/node-identity.js';
import { createJobWorker, type JobExecutor, type JobWorker } from '../scheduler/job-worker.js';
import { createSmtpMailer, smtpPasswordInClear } from '../notifications/smtp-mailer.js';
import type { ComplianceEvaluationService } from './compliance-evaluation-service.js';
import { noncomplianceExecutors } from './noncompliance-action-executors.js';

/**
 * The compliance domain's background work, started by `startServer` and stopped on close:
 * the durable job worker running noncompliance actions, re-evaluation when groups change, and
 * a periodic sweep for devices whose compliance status validity period ran out (a device that
 * stops checking in is never re-evaluated by its own check-ins).
 */
export function startComplianceBackground(ctx: ServerContext, evaluator: ComplianceEvaluationService, publicUrl: () => string, otherExecutors: Readonly<Record<string, JobExecutor>> = {}): { worker: JobWorker; stop(): Promise<void> } {
  const mailer = createSmtpMailer(ctx.config, ctx.secretBox);
  if (smtpPasswordInClear(ctx.config)) ctx.log.warn('the SMTP password is configured in clear; seal it with `verity secrets seal --purpose smtp-password` and set VERITY_SMTP_PASSWORD=sealed:…');
  // `<node>:<run>`: this run's leases, recognisably this node's to the next run (see node-identity.ts).
  const node = nodeId(ctx.config, resolve(ctx.config.dataDir));
  const worker = createJobWorker({
    store: ctx.store, now: ctx.now, log: ctx.log, owner: `${node}:${randomUUID()}`,
    // One worker claims every job kind (a worker without a kind's executor would fail its jobs): other domains' executors join here.
    executors: { ...noncomplianceExecutors({ getCtx: () => ctx, evaluator, mailer: () => mailer, publicUrl }), ...otherExecutors },
  });
  const released = ctx.store.jobs.releaseNodeLeases(`${node}:`, worker.owner, ctx.now())
    .then((n) => { if (n > 0) ctx.log.warn({ jobs: n, node }, 'took back the jobs this node held when it stopped (they run again now)'); })
    .catch((err: unknown) => ctx.log.error({ err }, 'releasing this node\'s previous leases failed; they expire on their own'));
  let stopping = false;
  const started = released.finally(() => { if (!stopping) worker.start(ctx.config.schedulerIntervalMs); });

  const reevaluate = (tenantId: string) => {
    void ctx.compliance.reevaluateTenant(tenantId, ctx.now()).catch((err: unknown) => ctx.log.error({ err, tenantId }, 'compliance re-evaluation failed'));
  };
  const unsubscribe = [
    ctx.events.subscribe('group.changed', (e) => reevaluate(e.tenantId)),
    ctx.events.subscribe('user.changed', (e) => reevaluate(e.tenantId)),
  ];

  let sweeping: Promise<void> | undefined;
  const sweep = async () => {
    const now = ctx.now();
    for (let offset = 0; ; offset += 100) {
      const tenants = await ctx.store.tenants.list({ limit: 100, offset });
      for (const tenant of tenants) {
        const cutoff = new Date(now.getTime() - tenant.complianceSettings.validityPeriodDays * 86_400_000);
        const stale = await ctx.store.devices.staleDevices(tenant.id, cutoff, 10_000);
        for (const d of stale) if (d.complianceState !== 'noncompliant') await evaluator.evaluateDevice(tenant.id, d.id, now);
      }
      if (tenants.length < 100) break;
    }
  };
  const sweepTimer = setInterval(() => {
    if (sweeping) return;
    sweeping = sweep().catch((err: unknown) => ctx.log.error({ err }, 'compliance validity sweep failed')).finally(() => { sweeping = undefined; });
  }, ctx.config.complianceSweepIntervalMs).unref();

  return {
    worker,
    async stop() {
      stopping = true;
      await started;
      clearInterval(sweepTimer);
      for (const u of unsubscribe) u();
      await worker.stop();
      if (sweeping) await sweeping;
    },
  };
}
