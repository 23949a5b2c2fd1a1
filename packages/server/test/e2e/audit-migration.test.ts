import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { auditHash } from '@verity/store';
import { TestServer } from '../harness.js';

describe('audit rows written before the chain was keyed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'verity-audit-migration-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('are kept as they are; the first keyed start marks the boundary with a keyed entry chained onto them, once', async () => {
    // An installation as it was before keying: plain SHA-256 entries, a head without MAC, no audit keys.
    const before = await TestServer.start({ dataDir });
    const t = await before.tenant('Old', 'old-audit.example.com');
    const db = before.server.ctx.store.db;
    await sql`delete from audit_log where tenant_id = ${t.tenantId}`.execute(db);
    let prev = '';
    for (const seq of [1, 2, 3]) {
      const entry = { tenantId: t.tenantId, seq, id: `old-${seq}`, at: `2025-0${seq}-01T00:00:00.000Z`, actorType: 'system' as const, actorId: null, action: seq === 1 ? 'tenant.create' : 'user.create', targetType: null, targetId: null, details: { seq } };
      const hash = auditHash(prev, entry);
      await sql`insert into audit_log (tenant_id, seq, id, at, actor_type, actor_id, action, target_type, target_id, details, prev_hash, hash, alg)
        values (${t.tenantId}, ${seq}, ${entry.id}, ${entry.at}, 'system', null, ${entry.action}, null, null, ${JSON.stringify(entry.details)}, ${prev}, ${hash}, 'sha256')`.execute(db);
      prev = hash;
    }
    await sql`update audit_heads set seq = 3, hash = ${prev}, mac = null where tenant_id = ${t.tenantId}`.execute(db);
    await sql`delete from settings where key = 'audit-keys'`.execute(db);
    await before.close();

    const after = await TestServer.start({ dataDir });
    try {
      const items = (await after.call('GET', '/api/v1/audit', { token: t.adminToken })).body.items as { seq: number; action: string; alg: string; prevHash: string; details: Record<string, unknown> }[];
      expect(items.map((e) => [e.seq, e.alg])).toEqual([[1, 'sha256'], [2, 'sha256'], [3, 'sha256'], [4, 'hmac-sha256']]);
      expect(items[3]).toMatchObject({ action: 'audit.chain.keyed', prevHash: prev, details: { legacyEntries: 3, legacyHeadHash: prev, alg: 'hmac-sha256' } });
      expect((await after.call('GET', '/api/v1/audit/verify', { token: t.adminToken })).body).toMatchObject({ ok: true, count: 4, keyedFrom: 4 });
      // The plain entries are fixed by the keyed one now: editing one (its hash recomputed) breaks the chain.
      const db2 = after.server.ctx.store.db;
      await sql`update audit_log set details = ${'{"seq":9}'}, hash = ${auditHash(items[0] ? (await sql<{ hash: string }>`select hash from audit_log where tenant_id = ${t.tenantId} and seq = 1`.execute(db2)).rows[0]!.hash : '', { tenantId: t.tenantId, seq: 2, id: 'old-2', at: '2025-02-01T00:00:00.000Z', actorType: 'system', actorId: null, action: 'user.create', targetType: null, targetId: null, details: { seq: 9 } })} where tenant_id = ${t.tenantId} and seq = 2`.execute(db2);
      expect((await after.call('GET', '/api/v1/audit/verify', { token: t.adminToken })).body).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'prev-hash-mismatch' });
    } finally {
      await after.close();
    }
  });
});
