import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openStore, type OpenStoreOptions, type Store, type StoreConfig } from '../src/index.js';
import { titled } from '../../../test/skip-reason.js';

/**
 * The one store suite runs against every dialect (Kysely's habit). SQLite always; PostgreSQL when
 * VERITY_TEST_POSTGRES_URL is set. In CI (env CI set) a missing URL fails the PostgreSQL suite
 * rather than skipping it, so a misconfigured pipeline cannot pass by testing only SQLite.
 */
export type DialectName = 'sqlite' | 'postgres';

/** The audit key the suite's stores MAC with (the server keeps the real one sealed with the master key). */
export const TEST_AUDIT_KEY = randomBytes(32);

/** A controllable clock shared by the stores a suite opens. */
export class TestClock {
  private t = Date.parse('2026-01-01T00:00:00.000Z');
  now = (): Date => new Date(this.t);
  set(iso: string): void { this.t = Date.parse(iso); }
  advance(ms: number): void { this.t += ms; }
}

export interface Harness {
  readonly dialect: DialectName;
  /** The suite's shared store (fresh schema per test file). */
  readonly store: Store;
  readonly clock: TestClock;
  /** A new, empty, isolated store (for cross-tenant operations like claimDue). */
  fresh(options?: OpenStoreOptions): Promise<Store>;
  /** Config pointing at a new isolated database (caller opens it, possibly twice). */
  freshConfig(): StoreConfig;
  /** Creates a tenant in the shared store and returns its id. */
  tenant(): Promise<string>;
}

const pgUrl = process.env.VERITY_TEST_POSTGRES_URL;

/** Declares `body` once per dialect. */
export function describeEachDialect(title: string, body: (h: Harness) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    if (dialect === 'postgres' && !pgUrl) {
      if (process.env.CI) {
        describe(`${title} [postgres]`, () => {
          it('has VERITY_TEST_POSTGRES_URL set in CI', () => {
            throw new Error('VERITY_TEST_POSTGRES_URL is not set but CI is: the PostgreSQL store suite must run in CI');
          });
        });
      } else {
        describe.skip(titled(`${title} [postgres]`, 'the PostgreSQL store suite needs VERITY_TEST_POSTGRES_URL (bash .ci/run starts PostgreSQL and sets it)'), () => {
          it('runs on PostgreSQL', () => undefined);
        });
      }
      continue;
    }
    describe(`${title} [${dialect}]`, () => {
      const clock = new TestClock();
      const opened: Store[] = [];
      const schemas: string[] = [];
      const dirs: string[] = [];
      let shared: Store | undefined;
      const freshConfig = (): StoreConfig => {
        // A file, as deployed: WAL, the checkpointer and the check-in writer thread all take part.
        if (dialect === 'sqlite') {
          const dir = mkdtempSync(join(tmpdir(), 'verity-store-'));
          dirs.push(dir);
          return { sqlitePath: join(dir, 'store.db') };
        }
        const schema = `test_${randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        return { postgresUrl: pgUrl, postgresSchema: schema, poolSize: 8 };
      };
      const fresh = async (options: OpenStoreOptions = {}): Promise<Store> => {
        const store = await openStore(freshConfig(), { now: clock.now, auditKey: TEST_AUDIT_KEY, ...options });
        opened.push(store);
        return store;
      };
      const harness: Harness = {
        dialect,
        clock,
        get store(): Store {
          if (!shared) throw new Error('store not open yet');
          return shared;
        },
        fresh,
        freshConfig,
        async tenant(): Promise<string> {
          const id = randomUUID();
          await harness.store.tenants.create({ id, name: `Tenant ${id.slice(0, 8)}`, domain: `${id}.example.test` });
          return id;
        },
      };
      beforeAll(async () => { shared = await fresh(); });
      afterAll(async () => {
        for (const store of opened) await store.close().catch(() => undefined);
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
        if (dialect === 'postgres' && schemas.length > 0) {
          const client = new pg.Client({ connectionString: pgUrl });
          await client.connect();
          try { for (const s of schemas) await client.query(`drop schema if exists "${s}" cascade`); } finally { await client.end(); }
        }
      });
      body(harness);
    });
  }
}
