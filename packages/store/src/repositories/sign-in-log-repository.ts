import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { RepositoryContext } from '../repository-context.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';
import { checkLimit, invalidCursor, invalidQuery } from '../store-errors.js';
import { deviceInScope } from '../scope-tags.js';

/** A conditional access decision, or `failure`: a sign-in refused before any decision (wrong factor, replayed assertion, throttled). */
export type SignInResult = 'grant' | 'block' | 'controlsRequired' | 'failure';
export interface SignInLogEntry<D = unknown> {
  tenantId: string; id: string; at: string; userId: string | null; appId: string | null; deviceId: string | null; ip: string | null;
  clientApp: string | null; platform: string | null; result: SignInResult; reportOnlyResults: unknown[]; decision: D;
}
export interface NewSignInLogEntry<D = unknown> {
  id?: string; at: Instant; userId?: string | null; appId?: string | null; deviceId?: string | null; ip?: string | null; clientApp?: string | null;
  platform?: string | null; result: SignInResult; reportOnlyResults?: unknown[]; decision: D;
}
export interface SignInLogQuery {
  userId?: string; deviceId?: string; appId?: string; result?: SignInResult; from?: Instant; to?: Instant; limit?: number; cursor?: string;
  /** Only sign-ins without a device, or from a device carrying one of these scope tags (a scoped admin's view). */
  deviceScopeTags?: readonly string[];
}

const JSON_COLUMNS = ['report_only_results', 'decision'];
// NUL is refused because PostgreSQL text cannot hold it (a forged cursor must be a 400, not a 500).
const cursorSchema = z.object({ a: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), i: z.string().min(1).max(256).regex(/^[^\u0000]*$/) }).strict();

/** The sign-in log: one row per conditional access decision, newest first. */
export function signInLogRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** Records a sign-in decision. */
    async add<D>(tenantId: string, input: NewSignInLogEntry<D>): Promise<SignInLogEntry<D>> {
      const entry: SignInLogEntry<D> = {
        tenantId, id: input.id ?? ctx.ids(), at: toIso(input.at, '$.at'), userId: input.userId ?? null, appId: input.appId ?? null,
        deviceId: input.deviceId ?? null, ip: input.ip ?? null, clientApp: input.clientApp ?? null, platform: input.platform ?? null,
        result: input.result, reportOnlyResults: input.reportOnlyResults ?? [], decision: input.decision,
      };
      await db.insertInto('sign_in_log').values({
        tenant_id: tenantId, id: entry.id, at: entry.at, user_id: entry.userId, app_id: entry.appId, device_id: entry.deviceId, ip: entry.ip,
        client_app: entry.clientApp, platform: entry.platform, result: entry.result, report_only_results: JSON.stringify(entry.reportOnlyResults),
        decision: JSON.stringify(entry.decision ?? null),
      }).execute();
      return entry;
    },
    /** Records many decisions at once (a gateway's batch); an id already logged is skipped, so a resent batch is harmless. */
    async addMany<D>(tenantId: string, inputs: readonly NewSignInLogEntry<D>[]): Promise<number> {
      // 12 columns x 200 rows stays far under both engines' bound-parameter limits.
      for (let i = 0; i < inputs.length; i += 200) {
        await db.insertInto('sign_in_log').values(inputs.slice(i, i + 200).map((input) => ({
          tenant_id: tenantId, id: input.id ?? ctx.ids(), at: toIso(input.at, '$.at'), user_id: input.userId ?? null, app_id: input.appId ?? null,
          device_id: input.deviceId ?? null, ip: input.ip ?? null, client_app: input.clientApp ?? null, platform: input.platform ?? null, result: input.result,
          report_only_results: JSON.stringify(input.reportOnlyResults ?? []), decision: JSON.stringify(input.decision ?? null),
        }))).onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing()).execute();
      }
      return inputs.length;
    },
    /** Sign-ins newest first, filtered, keyset-paged on (at, id); `from` inclusive, `to` exclusive. */
    async query(tenantId: string, q: SignInLogQuery = {}): Promise<{ items: SignInLogEntry[]; nextCursor: string | null }> {
      const limit = checkLimit(q.limit, 100);
      let query = db.selectFrom('sign_in_log').selectAll().where('tenant_id', '=', tenantId);
      if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
      if (q.deviceId !== undefined) query = query.where('device_id', '=', q.deviceId);
      if (q.deviceScopeTags !== undefined) {
        if (q.deviceScopeTags.length === 0 || q.deviceScopeTags.length > 100) throw invalidQuery('$.deviceScopeTags', '1 to 100 scope tags');
        const tags = q.deviceScopeTags;
        query = query.where((eb) => eb.or([
          eb('device_id', 'is', null),
          eb.exists(eb.selectFrom('devices').select(sql`1`.as('one')).whereRef('devices.tenant_id', '=', 'sign_in_log.tenant_id')
            .whereRef('devices.id', '=', 'sign_in_log.device_id').where(deviceInScope(ctx.dialect, tags))),
        ]));
      }
      if (q.appId !== undefined) query = query.where('app_id', '=', q.appId);
      if (q.result !== undefined) query = query.where('result', '=', q.result);
      if (q.from !== undefined) query = query.where('at', '>=', toIso(q.from, '$.from'));
      if (q.to !== undefined) query = query.where('at', '<', toIso(q.to, '$.to'));
      if (q.cursor !== undefined) {
        let c: z.infer<typeof cursorSchema>;
        try {
          if (q.cursor.length > 1024) throw new Error('too long');
          c = cursorSchema.parse(JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')));
        } catch { throw invalidCursor('not a cursor issued by this API'); }
        query = query.where(sql<SqlBool>`(at < ${c.a} or (at = ${c.a} and id < ${c.i}))`);
      }
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map((r) => toRecord<SignInLogEntry>(r, JSON_COLUMNS));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify({ a: last.at, i: last.id })).toString('base64url') : null,
      };
    },
    /** Retention: deletes entries older than `before`; returns how many. */
    async prune(tenantId: string, before: Instant): Promise<number> {
      const r = await db.deleteFrom('sign_in_log').where('tenant_id', '=', tenantId).where('at', '<', toIso(before, '$.before')).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
export type SignInLogRepository = ReturnType<typeof signInLogRepository>;
