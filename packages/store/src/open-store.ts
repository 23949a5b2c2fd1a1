import { randomUUID } from 'node:crypto';
import { closeSync, chmodSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type LogEvent } from 'kysely';
import pg from 'pg';
import { VerityError } from '@verity/core';
import type { Database } from './database.js';
import { migrationProvider } from './migrations/migration-provider.js';
import { buildStore, type Store } from './store.js';
import { STORE_ERROR_CODES } from './store-errors.js';
import { startSqliteCheckpointer, type SqliteCheckpointer } from './sqlite-checkpointer.js';
import { configureSqliteConnection } from './sqlite-connection.js';
import { startSqliteCheckinWriter, type SqliteCheckinWriter } from './sqlite-checkin-writer.js';
import { Timings } from './timings.js';

/** Where the data lives. PostgreSQL when `postgresUrl` is set, else SQLite at `sqlitePath` or `<dataDir>/verity.db`. */
export interface StoreConfig {
  dataDir?: string;
  /** A file path, or ':memory:' (tests). */
  sqlitePath?: string;
  postgresUrl?: string;
  /** PostgreSQL schema to use (created if missing); default `public`. */
  postgresSchema?: string;
  /** PostgreSQL pool size; default 10. */
  poolSize?: number;
}

/** What the store reports about itself; never includes query parameters (they can hold secrets). */
export type StoreLogEvent =
  | { type: 'opened'; dialect: 'sqlite' | 'postgres'; location: string }
  | { type: 'migrated'; migration: string }
  | { type: 'query-error'; sql: string; durationMs: number; error: unknown }
  | { type: 'checkpoint-error'; message: string }
  | { type: 'checkin-writer-error'; message: string };

export interface OpenStoreOptions {
  /** Id generator (default crypto.randomUUID). */
  ids?: () => string;
  /** Clock for created_at/updated_at (default `() => new Date()`). */
  now?: () => Date;
  log?: (event: StoreLogEvent) => void;
  /**
   * URL of a module implementing CheckinPipeline (repositories/checkin-sqlite.ts): a file-backed
   * SQLite store then prepares check-ins on its writer thread (checkins.recordPipelined).
   */
  checkinPipeline?: string;
  /** The audit key (see audit-log.ts); also settable later with `store.audit.useKey`. */
  auditKey?: Uint8Array;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function configError(path: string, message: string): VerityError {
  return new VerityError(STORE_ERROR_CODES.invalidConfig, message, { status: 500, expose: false, details: [{ path, message }] });
}

/**
 * Kysely's SQLite dialect with IMMEDIATE transactions. The check-in writer thread writes through a
 * second connection; a deferred transaction that read before that thread committed could not
 * upgrade to a write (SQLITE_BUSY_SNAPSHOT, no retry), while an immediate one waits for the lock.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SqliteDatabase.Database) { super({ database: sqlite }); }
  override createDriver(): Driver {
    return new (class extends SqliteDriver {
      override async beginTransaction(connection: DatabaseConnection): Promise<void> {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      }
    })({ database: this.sqlite });
  }
}

/** Opens the SQLite file with the pragmas a single-node server wants. */
function openSqlite(path: string): SqliteDatabase.Database {
  if (path !== ':memory:') {
    // Create the file 0600 before SQLite does (SQLite would honour the umask, typically 0644).
    const fd = openSync(path, 'a', 0o600);
    closeSync(fd);
    chmodSync(path, 0o600);
  }
  const sqlite = new SqliteDatabase(path);
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  configureSqliteConnection(sqlite);
  return sqlite;
}

/** Opens the store and brings its schema up to date (migrations are idempotent). */
export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  const log = options.log;
  const kyselyLog = log
    ? (event: LogEvent) => { if (event.level === 'error') log({ type: 'query-error', sql: event.query.sql, durationMs: event.queryDurationMillis, error: event.error }); }
    : undefined;
  let db: Kysely<Database>;
  let dialect: 'sqlite' | 'postgres';
  let migrationTableSchema: string | undefined;
  let location: string;
  let sqliteHandle: SqliteDatabase.Database | undefined;
  let checkpointer: SqliteCheckpointer | undefined;

  if (config.postgresUrl) {
    dialect = 'postgres';
    const schema = config.postgresSchema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) throw configError('$.postgresSchema', 'postgresSchema must be a lower-case SQL identifier');
    const poolSize = config.poolSize ?? 10;
    if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000) throw configError('$.poolSize', 'poolSize must be 1..1000');
    if (schema !== 'public') {
      const client = new pg.Client({ connectionString: config.postgresUrl });
      await client.connect();
      try { await client.query(`create schema if not exists "${schema}"`); } finally { await client.end(); }
    }
    // search_path as a startup option applies to every pooled connection before its first query.
    const pool = new pg.Pool({ connectionString: config.postgresUrl, max: poolSize, options: `-c search_path=${schema}` });
    pool.on('error', (error) => log?.({ type: 'query-error', sql: '(idle client)', durationMs: 0, error }));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: kyselyLog });
    migrationTableSchema = schema;
    location = `postgres schema ${schema}`;
  } else {
    dialect = 'sqlite';
    let path = config.sqlitePath;
    if (path === undefined) {
      if (!config.dataDir) throw configError('$.dataDir', 'set dataDir, sqlitePath or postgresUrl');
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      path = join(config.dataDir, 'verity.db');
    }
    const sqlite = openSqlite(path);
    sqliteHandle = sqlite;
    if (path !== ':memory:') {
      checkpointer = startSqliteCheckpointer(path, { onError: (message) => log?.({ type: 'checkpoint-error', message }) });
      // The worker checkpoints; the committing connection only steps in if the WAL grows past ~40 MB.
      sqlite.pragma('wal_autocheckpoint = 10000');
    }
    db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite), log: kyselyLog });
    location = path;
  }

  try {
    // Migrations are numbered in ranges per area (0010 imports, 0020 devices and tenants, …) and can land
    // in any order; each only adds its own tables and columns, so a lower number applied after a higher
    // one is safe, and a database that already ran the higher one must not refuse to start.
    const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
    const { error, results } = await migrator.migrateToLatest();
    for (const r of results ?? []) if (r.status === 'Success') log?.({ type: 'migrated', migration: r.migrationName });
    if (error) throw error;
  } catch (error) {
    await checkpointer?.stop();
    await db.destroy();
    throw error;
  }
  log?.({ type: 'opened', dialect, location });
  // After migrating: the thread prepares its statements against the current schema.
  const checkinWriter: SqliteCheckinWriter | undefined = sqliteHandle && location !== ':memory:'
    ? startSqliteCheckinWriter(location, {
      onError: (message) => log?.({ type: 'checkin-writer-error', message }),
      ...(options.checkinPipeline ? { pipeline: options.checkinPipeline } : {}),
    })
    : undefined;

  return buildStore(db, {
    dialect,
    ids: options.ids ?? randomUUID,
    now: options.now ?? (() => new Date()),
    timings: new Timings(),
    // The checkpointer first: the last connection to close checkpoints and removes the WAL.
    close: async () => { await checkinWriter?.stop(); await checkpointer?.stop(); await db.destroy(); },
    sqlite: sqliteHandle,
    checkinWriter,
    auditKey: options.auditKey ? { key: options.auditKey } : {},
  });
}
