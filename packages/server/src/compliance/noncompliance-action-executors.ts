import { joinSentences } from '@verity/core';
import type { Device, Job, Store, User } from '@verity/store';
import type { ServerContext } from '../context.js';
import { recordAudit } from '../audit/audit-record.js';
import type { JobExecutor } from '../scheduler/job-worker.js';
import { PermanentJobError } from '../scheduler/job-worker.js';
import type { Mailer, OutgoingMail } from '../notifications/smtp-mailer.js';
import { redactSecrets } from '../secrets/redaction.js';
import { createHash } from 'node:crypto';
import { DEFAULT_NONCOMPLIANCE_MESSAGE, pickLocalizedMessage, renderTemplateText } from '../notifications/message-template-render.js';
import { pushToUser } from '../notifications/web-push-sender.js';
import type { ComplianceEvaluationService, DeviceComplianceView } from './compliance-evaluation-service.js';
import { cancelNoncomplianceJobs, type ComplianceJobPayload } from './noncompliance-jobs.js';

const MAX_RECIPIENTS = 100;

/** The Message-ID of a noncompliance e-mail: the same for every attempt of one job (one action of one episode). */
export function noncomplianceMessageId(job: Pick<Job, 'id' | 'episodeId'>, publicUrl: string): string {
  const episode = createHash('sha256').update(job.episodeId ?? '').digest('hex').slice(0, 16);
  let host = 'verity.invalid';
  try { host = new URL(publicUrl).hostname || host; } catch { /* keep the placeholder */ }
  return `<noncompliance.${job.id}.${episode}@${host}>`;
}

/** A Web Push Topic (RFC 8030 §5.4: up to 32 URL-safe base64 characters) for a job. */
function pushTopic(jobId: string): string {
  return createHash('sha256').update(jobId).digest('base64url').slice(0, 32);
}

/** The address to mail a user at: the `mail` attribute when set, else the UPN (Entra's default). */
export function mailAddressOf(user: Pick<User, 'userPrincipalName' | 'attributes'>): string {
  const mail = user.attributes.mail;
  return typeof mail === 'string' && /^[^\s@]+@[^\s@]+$/.test(mail) ? mail : user.userPrincipalName;
}

/** Graph's notificationMessageCCList holds group ids; Verity also accepts plain addresses. */
async function ccAddresses(store: Store, tenantId: string, entries: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const entry of entries) {
    if (entry.includes('@')) { out.add(entry); continue; }
    const members = await store.groups.listMembers(tenantId, entry, { limit: MAX_RECIPIENTS });
    for (const m of members) {
      const u = await store.users.get(tenantId, m.memberId);
      if (u && u.status === 'enabled') out.add(mailAddressOf(u));
      if (out.size >= MAX_RECIPIENTS) break;
    }
  }
  return [...out].slice(0, MAX_RECIPIENTS);
}

function failingSettingsText(view: DeviceComplianceView, policyId: string): string {
  const policy = view.policies.find((p) => p.policyId === policyId);
  const failing = (policy?.settings ?? []).filter((s) => s.state !== 'compliant' && s.state !== 'notApplicable');
  // One list item per setting: what is wrong, then how to fix it, each ended as a sentence.
  return failing.length === 0 ? '- (re-check the device in the portal)' : failing.map((s) => `- ${joinSentences(s.reason, s.remediation)}`).join('\n');
}

/**
 * Executors of the noncompliance actions (Graph deviceComplianceActionItem.actionType). Each
 * first checks that the device is still in the episode the job was scheduled for (a job that
 * raced with a return to compliance does nothing), then acts, and completes the job and writes
 * the audit entry in one transaction (actor: system).
 */
export function noncomplianceExecutors(deps: {
  getCtx: () => ServerContext;
  evaluator: ComplianceEvaluationService;
  mailer: () => Mailer | undefined;
  publicUrl: () => string;
}): Record<string, JobExecutor> {
  const ctxOf = deps.getCtx;

  async function inEpisode(job: Job): Promise<{ payload: ComplianceJobPayload; device: Device } | undefined> {
    const payload = job.payload as ComplianceJobPayload;
    if (!payload || typeof payload.deviceId !== 'string') throw new PermanentJobError('malformed compliance job payload');
    const device = await ctxOf().store.devices.get(job.tenantId, payload.deviceId);
    if (!device || device.status !== 'active' || device.noncompliantSince === null) return undefined;
    if (Date.parse(device.noncompliantSince) !== Date.parse(payload.episodeStart)) return undefined;
    return { payload, device };
  }

  async function completeAudited(job: Job, owner: string, action: string, details: Record<string, unknown>, extra?: (tx: Store) => Promise<void>): Promise<void> {
    const ctx = ctxOf();
    await ctx.store.transaction(async (tx) => {
      if (!(await tx.jobs.complete(job.tenantId, job.id, owner))) return;
      await extra?.(tx);
      await recordAudit(tx, job.tenantId, null, { action, targetType: 'device', targetId: job.deviceId ?? '', details: { jobId: job.id, episodeId: job.episodeId, ...details } }, ctx.now());
    });
  }

  async function skipped(job: Job, owner: string, why: string): Promise<void> {
    await completeAudited(job, owner, `compliance.action.${(job.payload as ComplianceJobPayload)?.actionType ?? 'unknown'}`, { outcome: 'skipped', why });
  }

  /**
   * E-mail is at most once: the message (with a Message-ID stable per job and episode) is recorded
   * before it is handed to SMTP. A run that finds it recorded as sending (its worker died after the
   * hand-over, before it learnt the answer) does not send it again; it completes the job as
   * `unconfirmed`. A known failure (SMTP refused, no connection) is recorded as such and retried,
   * with the same Message-ID: should the first copy have arrived after all, mail clients see one message.
   */
  async function sendOnce(job: Job, owner: string, mail: Omit<OutgoingMail, 'messageId'>, mailer: Mailer, audited: Record<string, unknown>): Promise<void> {
    const ctx = ctxOf();
    const messageId = noncomplianceMessageId(job, deps.publicUrl());
    const earlier = await ctx.store.outboundMessages.get(job.tenantId, job.id);
    if (earlier?.state === 'sent') return completeAudited(job, owner, 'compliance.action.notification', { outcome: 'done', messageId, ...audited });
    if (earlier?.state === 'sending') {
      ctx.log.warn({ jobId: job.id, messageId }, 'a previous attempt stopped while handing the e-mail to SMTP; e-mail is sent at most once, so not again');
      return completeAudited(job, owner, 'compliance.action.notification', { outcome: 'unconfirmed', why: 'previous-attempt-interrupted', messageId, ...audited });
    }
    await ctx.store.outboundMessages.start(job.tenantId, { jobId: job.id, channel: 'email', messageId, at: ctx.now() });
    try {
      await mailer.send({ ...mail, messageId });
    } catch (err) {
      await ctx.store.outboundMessages.finish(job.tenantId, job.id, 'failed', redactSecrets(err instanceof Error ? err.message : String(err)), ctx.now());
      throw err;
    }
    await completeAudited(job, owner, 'compliance.action.notification', { outcome: 'done', messageId, ...audited }, (tx) => tx.outboundMessages.finish(job.tenantId, job.id, 'sent', null, ctx.now()));
  }

  const executors: Record<string, JobExecutor> = {
    /** 'block' = mark noncompliant: the grace period is over, so re-evaluating turns inGracePeriod into noncompliant. */
    'compliance.block': async (job, owner) => {
      const hit = await inEpisode(job);
      if (!hit) return skipped(job, owner, 'device-left-episode');
      const outcome = await deps.evaluator.evaluateDevice(job.tenantId, hit.device.id, ctxOf().now());
      await completeAudited(job, owner, 'compliance.action.block', { outcome: 'done', policyId: hit.payload.policyId, state: outcome?.state ?? null });
    },

    'compliance.notification': async (job, owner) => {
      const hit = await inEpisode(job);
      if (!hit) return skipped(job, owner, 'device-left-episode');
      const ctx = ctxOf();
      const { payload, device } = hit;
      const user = device.primaryUserId ? await ctx.store.users.get(job.tenantId, device.primaryUserId) : undefined;
      const to = user && user.status === 'enabled' ? [mailAddressOf(user)] : [];
      const cc = (await ccAddresses(ctx.store, job.tenantId, payload.notificationMessageCCList ?? [])).filter((a) => !to.includes(a));
      if (to.length === 0 && cc.length === 0) return skipped(job, owner, 'no-recipient');
      const mailer = deps.mailer();
      if (!mailer) throw new Error('SMTP is not configured (VERITY_SMTP_URL); the e-mail will be retried');
      const template = payload.notificationTemplateId ? await ctx.store.messageTemplates.get(job.tenantId, payload.notificationTemplateId) : undefined;
      const preferred = typeof user?.attributes.preferredLanguage === 'string' ? user.attributes.preferredLanguage : null;
      const message = (template && pickLocalizedMessage(template, preferred)) ?? DEFAULT_NONCOMPLIANCE_MESSAGE;
      const [policy, view] = await Promise.all([
        ctx.store.compliancePolicies.get(job.tenantId, payload.policyId),
        deps.evaluator.deviceStatus(job.tenantId, device.id),
      ]);
      const vars = {
        UserName: user?.displayName ?? 'there', DeviceName: device.displayName, DeviceId: device.id,
        OSAndVersion: [device.osName, device.osVersion].filter(Boolean).join(' ') || device.platform,
        PolicyName: policy?.displayName ?? payload.policyId, PortalUrl: `${deps.publicUrl()}/portal`,
        FailingSettings: failingSettingsText(view, payload.policyId),
      };
      const subject = renderTemplateText(message.subject, vars).replace(/[\r\n]+/g, ' ');
      const audited = { policyId: payload.policyId, to, cc, subject, locale: message.locale, templateId: template?.id ?? null };
      await sendOnce(job, owner, { to, cc, subject, text: renderTemplateText(message.body, vars) }, mailer, audited);
    },

    'compliance.pushNotification': async (job, owner) => {
      const hit = await inEpisode(job);
      if (!hit) return skipped(job, owner, 'device-left-episode');
      const { device, payload } = hit;
      if (!device.primaryUserId) return skipped(job, owner, 'no-primary-user');
      // Web Push is at least once: a run after a crash sends again, under the same Topic (the job id),
      // so the push service replaces a copy not yet delivered instead of showing two.
      const outcome = await pushToUser(ctxOf(), job.tenantId, device.primaryUserId, {
        title: 'Your device needs attention',
        body: `${device.displayName} does not meet your organization's requirements. Open the portal to see how to fix it.`,
        url: `${deps.publicUrl()}/portal`,
      }, { topic: pushTopic(job.id) });
      if (outcome.failed > 0 && outcome.delivered === 0) throw new Error(`web push failed for ${outcome.failed} subscription(s)`);
      await completeAudited(job, owner, 'compliance.action.pushNotification', { outcome: 'done', policyId: payload.policyId, ...outcome });
    },

    /** Remote lock: a `lock` command the agent runs at its next check-in (Linux: `loginctl lock-sessions`). */
    'compliance.remoteLock': async (job, owner) => {
      const hit = await inEpisode(job);
      if (!hit) return skipped(job, owner, 'device-left-episode');
      const ctx = ctxOf();
      let commandId = '';
      await completeAudited(job, owner, 'compliance.action.remoteLock', { outcome: 'done', policyId: hit.payload.policyId }, async (tx) => {
        // The job id as dedupe key: a re-run after a lost lease never queues a second lock.
        const { command } = await tx.commands.enqueue(job.tenantId, { id: ctx.newId(), deviceId: hit.device.id, kind: 'lock', payload: { reason: 'noncompliant', policyId: hit.payload.policyId }, dedupeKey: `job:${job.id}` });
        commandId = command.id;
      });
      if (commandId) ctx.events.publish({ topic: 'device.command', tenantId: job.tenantId, payload: { deviceId: hit.device.id, action: 'lock', commandId }, at: ctx.now().toISOString() });
    },

    /** Retire: the device leaves management; its certificates are revoked at once. */
    'compliance.retire': async (job, owner) => {
      const hit = await inEpisode(job);
      if (!hit) return skipped(job, owner, 'device-left-episode');
      const ctx = ctxOf();
      const now = ctx.now();
      await completeAudited(job, owner, 'compliance.action.retire', { outcome: 'done', policyId: hit.payload.policyId, previousStatus: hit.device.status }, async (tx) => {
        await tx.devices.setStatus(job.tenantId, hit.device.id, 'retired');
        await tx.certificates.revokeAllForDevice(job.tenantId, hit.device.id, now.toISOString());
        await cancelNoncomplianceJobs(tx, job.tenantId, hit.device.id);
      });
      ctx.events.publish({ topic: 'device.status', tenantId: job.tenantId, payload: { deviceId: hit.device.id, action: 'retire', reason: 'noncompliant' }, at: now.toISOString() });
    },
  };
  // A disabled tenant is served nothing, background work included: its due actions are skipped (audited), not run.
  const isDisabled = async (tenantId: string) => (await ctxOf().store.tenants.get(tenantId))?.status === 'disabled';
  return Object.fromEntries(Object.entries(executors).map(([kind, run]) => [kind, async (job: Job, owner: string) => {
    if (await isDisabled(job.tenantId)) return skipped(job, owner, 'tenant-disabled');
    return run(job, owner);
  }]));
}
