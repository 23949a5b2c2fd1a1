import type { RepositoryContext } from '../repository-context.js';

/**
 * Installation-wide settings (not tenant data): the sealed device-CA key, instance secrets and the
 * like. Values are opaque strings; sealing secrets is the caller's job.
 */
export function keyValueRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** The value of a key. */
    async get(key: string): Promise<string | undefined> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    /** Sets a key (insert or replace). */
    async set(key: string, value: string): Promise<void> {
      const updatedAt = ctx.now().toISOString();
      await db.insertInto('settings').values({ key, value, updated_at: updatedAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt })).execute();
    },
    /** Sets a key only if it is absent (first replica to boot creates the CA); true if this call set it. */
    async setIfAbsent(key: string, value: string): Promise<boolean> {
      const r = await db.insertInto('settings').values({ key, value, updated_at: ctx.now().toISOString() })
        .onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    /** Deletes a key. */
    async delete(key: string): Promise<boolean> {
      const r = await db.deleteFrom('settings').where('key', '=', key).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    /** Keys starting with a prefix, sorted. */
    async keys(prefix = ''): Promise<string[]> {
      const rows = await db.selectFrom('settings').select('key').orderBy('key').execute();
      return rows.map((r) => r.key).filter((k) => k.startsWith(prefix));
    },
  };
}
export type KeyValueRepository = ReturnType<typeof keyValueRepository>;
