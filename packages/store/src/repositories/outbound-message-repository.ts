import type { RepositoryContext } from '../repository-context.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';

/** 'sending': recorded, not known to have left; 'sent': accepted by the next hop; 'failed': known not to have left (may be sent again). */
export type OutboundMessageState = 'sending' | 'sent' | 'failed';
export interface OutboundMessage {
  tenantId: string; jobId: string; channel: string; messageId: string; state: OutboundMessageState; startedAt: string; finishedAt: string | null; detail: string | null;
}

/** The outbound message of each job that sends one (noncompliance e-mail), recorded before it is sent. */
export function outboundMessageRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  const map = (r: Record<string, unknown>) => toRecord<OutboundMessage>(r, []);
  return {
    /** The job's message, if one was ever started. */
    async get(tenantId: string, jobId: string): Promise<OutboundMessage | undefined> {
      const row = await db.selectFrom('outbound_messages').selectAll().where('tenant_id', '=', tenantId).where('job_id', '=', jobId).executeTakeFirst();
      return row ? map(row) : undefined;
    },
    /** Records that the job's message is about to be sent (again, after a known failure). */
    async start(tenantId: string, input: { jobId: string; channel: string; messageId: string; at: Instant }): Promise<void> {
      const at = toIso(input.at, '$.at');
      await db.insertInto('outbound_messages').values({ tenant_id: tenantId, job_id: input.jobId, channel: input.channel, message_id: input.messageId, state: 'sending', started_at: at, finished_at: null, detail: null })
        .onConflict((oc) => oc.columns(['tenant_id', 'job_id']).doUpdateSet({ state: 'sending', started_at: at, finished_at: null, detail: null })).execute();
    },
    /** Records how the send ended: 'sent', or 'failed' (known not to have left; the job may send it again). */
    async finish(tenantId: string, jobId: string, state: 'sent' | 'failed', detail: string | null, at: Instant): Promise<void> {
      await db.updateTable('outbound_messages').set({ state, finished_at: toIso(at, '$.at'), detail: detail?.slice(0, 2000) ?? null })
        .where('tenant_id', '=', tenantId).where('job_id', '=', jobId).execute();
    },
  };
}
export type OutboundMessageRepository = ReturnType<typeof outboundMessageRepository>;
