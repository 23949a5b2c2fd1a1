import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, STORE_ERROR_CODES } from '../src/index.js';
import { migrationProvider } from '../src/migrations/migration-provider.js';
import { describeEachDialect } from './dialects.js';

describeEachDialect('store', (h) => {
  it('runs migrations idempotently: opening the same database twice keeps data', async () => {
    const config = h.freshConfig();
    if (h.dialect === 'sqlite') config.sqlitePath = join(mkdtempSync(join(tmpdir(), 'verity-store-')), 'twice.db');
    const events: string[] = [];
    const first = await openStore(config, { log: (e) => events.push(e.type) });
    await first.tenants.create({ id: 't1', name: 'One', domain: 'one.test' });
    await first.close();
    expect(events.filter((e) => e === 'migrated').length).toBe(Object.keys(await migrationProvider.getMigrations()).length);
    const again: string[] = [];
    const second = await openStore(config, { log: (e) => again.push(e.type) });
    expect(again).not.toContain('migrated');
    expect((await second.tenants.get('t1'))?.name).toBe('One');
    await second.close();
  });

  it('rolls a transaction back when its function throws, leaving nothing half-written', async () => {
    const t = await h.tenant();
    await expect(h.store.transaction(async (tx) => {
      await tx.users.create(t, { userPrincipalName: 'a@x.test', displayName: 'A' });
      await tx.audit.append(t, { actorType: 'system', action: 'user.create' });
      await tx.outbox.add(t, 'user.created', { upn: 'a@x.test' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await h.store.users.findByUpn(t, 'a@x.test')).toBeUndefined();
    expect(await h.store.audit.count(t)).toBe(0);
    expect(await h.store.audit.verify(t)).toEqual({ ok: true, count: 0, head: null, keyedFrom: null });
  });

  it('commits a transaction, and nested transaction calls reuse the outer one', async () => {
    const t = await h.tenant();
    await h.store.transaction(async (tx) => {
      await tx.users.create(t, { userPrincipalName: 'b@x.test', displayName: 'B' });
      await tx.transaction(async (inner) => {
        expect(inner).toBe(tx);
        await inner.groups.create(t, { displayName: 'G', memberKind: 'user' });
      });
    });
    expect(await h.store.users.findByUpn(t, 'B@X.test')).toBeDefined();
    expect((await h.store.groups.list(t)).length).toBe(1);
    // An inner failure rolls back the outer work too: nested calls are one transaction.
    await expect(h.store.transaction(async (tx) => {
      await tx.users.create(t, { userPrincipalName: 'c@x.test', displayName: 'C' });
      await tx.transaction(async () => { throw new Error('inner'); });
    })).rejects.toThrow('inner');
    expect(await h.store.users.findByUpn(t, 'c@x.test')).toBeUndefined();
  });

  it('counts repository calls in timings()', async () => {
    const store = await h.fresh();
    await store.tenants.create({ id: 'tt', name: 'T', domain: 'tt.test' });
    await store.tenants.get('tt');
    await store.transaction(async (tx) => { await tx.tenants.get('tt'); });
    const get = store.timings().find((x) => x.operation === 'tenants.get');
    expect(get?.count).toBe(2);
    expect(get?.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('uses the injected id generator and clock', async () => {
    let n = 0;
    const store = await h.fresh({ ids: () => `id-${++n}`, now: () => new Date('2030-05-06T07:08:09.010Z') });
    const tenant = await store.tenants.create({ name: 'T', domain: 'ids.test' });
    expect(tenant).toMatchObject({ id: 'id-1', createdAt: '2030-05-06T07:08:09.010Z' });
  });

  it('rejects an invalid timestamp with a 400 naming the path', async () => {
    const t = await h.tenant();
    await expect(h.store.sessions.create(t, { userId: 'u', tokenHash: 'h-bad-ts', kind: 'portal', expiresAt: 'not a date' }))
      .rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidTimestamp, status: 400, details: [{ path: '$.expiresAt' }] });
  });
});

describe('store config', () => {
  it('creates <dataDir>/verity.db with mode 0600 and WAL, foreign keys and busy timeout on', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'verity-store-')), 'data');
    const store = await openStore({ dataDir });
    const file = join(dataDir, 'verity.db');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { sql } = await import('kysely');
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
    const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(store.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    expect(fk.rows[0]?.foreign_keys).toBe(1);
    expect(sync.rows[0]?.synchronous).toBe(1); // NORMAL
    expect(busy.rows[0]?.timeout).toBeGreaterThan(0);
    expect(store.dialect).toBe('sqlite');
    await store.close();
  });

  it('checkpoints the WAL from a background worker, so commits never have to', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'verity-store-')), 'data');
    const store = await openStore({ dataDir });
    const file = join(dataDir, 'verity.db');
    const { sql } = await import('kysely');
    const threshold = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
    expect(threshold.rows[0]?.wal_autocheckpoint).toBe(10_000);
    const before = statSync(file).size;
    // ~4 MB of rows: far below the connection's own threshold (10,000 pages), so only the worker copies them into the file.
    const t = await store.tenants.create({ name: 'Big', domain: 'big.test' });
    await store.transaction(async (tx) => {
      for (let i = 0; i < 2_000; i++) await tx.devices.create(t.id, { displayName: `pc-${i}-${'x'.repeat(2_000)}`, platform: 'linux', ownership: 'corporate', joinType: 'joined' });
    });
    const deadline = Date.now() + 5_000;
    while (statSync(file).size < before + 4_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(file).size).toBeGreaterThan(before + 4_000_000);
    await store.close();
  });

  it('refuses a config without a location, and a bad schema name', async () => {
    await expect(openStore({})).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidConfig, details: [{ path: '$.dataDir' }] });
    await expect(openStore({ postgresUrl: 'postgres://x@127.0.0.1:1/x', postgresSchema: 'bad; drop' }))
      .rejects.toMatchObject({ code: STORE_ERROR_CODES.invalidConfig, details: [{ path: '$.postgresSchema' }] });
  });
});
