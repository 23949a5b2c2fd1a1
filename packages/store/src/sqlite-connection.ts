import type BetterSqlite3 from 'better-sqlite3';

/**
 * The per-connection settings every connection to the store's SQLite file uses: the store's own,
 * and the check-in writer thread's (the journal mode is a property of the file, set once by the store).
 */
export function configureSqliteConnection(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Two connections write (the store's and the check-in writer's): a writer waits for the other's
  // short transaction instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's default page cache is 2 MB; 100,000 devices with their indexes are tens of MB, so
  // point lookups on the check-in path would re-read pages through the OS on every request.
  sqlite.pragma('cache_size = -131072');
}
