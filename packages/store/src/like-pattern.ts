import { sql, type RawBuilder } from 'kysely';

/** Escapes LIKE wildcards so user text matches literally (with `ESCAPE '\'`). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `lower(column) LIKE '%text%'`: case-insensitive substring match, same on both engines. */
export function containsIgnoreCase(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${`%${escapeLike(text.toLowerCase())}%`} escape '\\'`;
}

/** `column LIKE 'text%'`: prefix match. */
export function startsWith(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${`${escapeLike(text)}%`} escape '\\'`;
}
