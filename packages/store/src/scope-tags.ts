import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { StoreDialect } from './repository-context.js';
import { invalidQuery } from './store-errors.js';

/**
 * The condition "the device row (`devices.scope_tags`, a JSON text array) carries one of `tags`":
 * json_each on SQLite, the jsonb ?| operator on PostgreSQL. An empty list matches nothing. Shared by
 * the device list and the reports, so a scoped admin's counts and lists agree.
 */
export function deviceInScope(dialect: StoreDialect, tags: readonly string[], column = 'devices.scope_tags'): RawBuilder<SqlBool> {
  if (tags.length === 0) return sql<SqlBool>`1 = 0`;
  if (tags.length > 100) throw invalidQuery('$.scopeTags', 'at most 100 scope tags');
  return dialect === 'postgres'
    ? sql<SqlBool>`(${sql.ref(column)})::jsonb ?| ${[...tags]}::text[]`
    : sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}) where json_each.value in (${sql.join([...tags])}))`;
}
