import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SqliteCheckinWriter } from './sqlite-checkin-writer.js';
import type { AuditKeyHolder } from './repositories/audit-log.js';

/** Which engine a store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/** What every repository is built from: the connection (or transaction), the engine, ids and the clock. */
export interface RepositoryContext {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  readonly ids: () => string;
  readonly now: () => Date;
  /** The raw SQLite handle, for the paths where prepared-statement reuse beats any query builder (bulk insert, check-in). */
  readonly sqlite?: BetterSqlite3.Database;
  /** The check-in writer thread of a file-backed SQLite store (see sqlite-checkin-writer.ts). */
  readonly checkinWriter?: SqliteCheckinWriter;
  /** The audit key, shared by a store and its transactions (set by the server with audit.useKey). */
  readonly auditKey?: AuditKeyHolder;
}

/** Runs `fn` in a transaction: the caller's if `db` already is one, else a new one. */
export async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
