import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { StoreDialect } from './repository-context.js';

/**
 * SQL: the JSON text array of scope tags in `column` (a devices.scope_tags reference) holds one of
 * `tags` (any-of). json_each on SQLite, the jsonb ?| operator on PostgreSQL. `tags` is non-empty.
 */
export function anyScopeTag(dialect: StoreDialect, column: string, tags: readonly string[]): RawBuilder<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`(${sql.ref(column)})::jsonb ?| ${[...tags]}::text[]`
    : sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}) where json_each.value in (${sql.join([...tags])}))`;
}
