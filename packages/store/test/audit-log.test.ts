import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { auditHash } from '../src/index.js';
import { describeEachDialect } from './dialects.js';

const ok = (count: number) => expect.objectContaining({ ok: true, count });

describeEachDialect('audit log', (h) => {
  const seed = async () => {
    const t = await h.tenant();
    for (let i = 1; i <= 4; i++) {
      await h.store.audit.append(t, { actorType: 'user', actorId: 'u1', action: i % 2 ? 'device.revoke' : 'policy.update', targetType: 'device', targetId: `d${i}`, details: { n: i, nested: { b: 1, a: [i] } } });
    }
    return t;
  };

  it('appends a gap-free chain per tenant, lists it and verifies it', async () => {
    const t = await seed();
    const other = await h.tenant();
    await h.store.audit.append(other, { actorType: 'system', action: 'tenant.create' });
    const all = await h.store.audit.list(t, { limit: 10 });
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(all[0]?.prevHash).toBe('');
    expect(all[1]?.prevHash).toBe(all[0]?.hash);
    expect(all.every((e) => e.alg === 'hmac-sha256')).toBe(true);
    expect((await h.store.audit.list(t, { afterSeq: 2 })).map((e) => e.seq)).toEqual([3, 4]);
    expect((await h.store.audit.list(t, { action: 'policy.update' })).map((e) => e.seq)).toEqual([2, 4]);
    expect(await h.store.audit.verify(t)).toEqual({ ok: true, count: 4, head: { seq: 4, hash: all[3]!.hash }, keyedFrom: 1 });
    expect(await h.store.audit.verify(other)).toEqual(ok(1));
    expect((await h.store.audit.list(other))[0]?.seq).toBe(1);
  });

  it('serialises concurrent appends: seq stays 1..n and the chain verifies', async () => {
    const t = await h.tenant();
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      h.store.transaction((tx) => tx.audit.append(t, { actorType: 'system', action: 'x', details: { i } }))));
    expect(await h.store.audit.verify(t)).toEqual(ok(20));
  });

  const columns: [string, unknown][] = [
    ['id', 'forged-id'], ['at', '2020-01-01T00:00:00.000Z'], ['actor_type', 'system'], ['actor_id', 'someone-else'], ['action', 'device.delete'],
    ['target_type', 'user'], ['target_id', 'd999'], ['details', '{"n":99}'], ['prev_hash', 'f'.repeat(64)], ['hash', '0'.repeat(64)],
  ];
  for (const [column, value] of columns) {
    it(`detects an edit of ${column}`, async () => {
      const t = await seed();
      await sql`update audit_log set ${sql.ref(column)} = ${value} where tenant_id = ${t} and seq = 2`.execute(h.store.db);
      const result = await h.store.audit.verify(t);
      expect(result.ok).toBe(false);
      if (!result.ok) expect([2, 3]).toContain(result.brokenAtSeq);
    });
  }

  it('detects an edit of seq, of tenant_id, a deleted row, a deleted newest row and reordered rows', async () => {
    const t1 = await seed();
    await sql`update audit_log set seq = 9 where tenant_id = ${t1} and seq = 4`.execute(h.store.db);
    expect(await h.store.audit.verify(t1)).toMatchObject({ ok: false });

    const t2 = await seed();
    const elsewhere = await h.tenant();
    await sql`update audit_log set tenant_id = ${elsewhere} where tenant_id = ${t2} and seq = 2`.execute(h.store.db);
    expect(await h.store.audit.verify(t2)).toEqual({ ok: false, brokenAtSeq: 2, reason: 'seq-gap' });
    expect(await h.store.audit.verify(elsewhere)).toMatchObject({ ok: false });

    const t3 = await seed();
    await sql`delete from audit_log where tenant_id = ${t3} and seq = 3`.execute(h.store.db);
    expect(await h.store.audit.verify(t3)).toEqual({ ok: false, brokenAtSeq: 3, reason: 'seq-gap' });

    const t4 = await seed();
    await sql`delete from audit_log where tenant_id = ${t4} and seq = 4`.execute(h.store.db);
    expect(await h.store.audit.verify(t4)).toEqual({ ok: false, brokenAtSeq: 4, reason: 'head-mismatch' });

    const t5 = await seed();
    // Swap rows 2 and 3 (via a temporary seq, the primary key forbids a direct swap).
    await sql`update audit_log set seq = 100 where tenant_id = ${t5} and seq = 2`.execute(h.store.db);
    await sql`update audit_log set seq = 2 where tenant_id = ${t5} and seq = 3`.execute(h.store.db);
    await sql`update audit_log set seq = 3 where tenant_id = ${t5} and seq = 100`.execute(h.store.db);
    expect(await h.store.audit.verify(t5)).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  it('is scoped per tenant: another tenant reads nothing', async () => {
    const t = await seed();
    const other = await h.tenant();
    expect(await h.store.audit.list(other)).toEqual([]);
    expect(await h.store.audit.count(other)).toBe(0);
    expect(await h.store.audit.count(t)).toBe(4);
  });

  it('cannot be rewritten by someone with SQL write access: a recomputed plain hash, a cut tail with the head copied, a wiped chain', async () => {
    // A tampered row with the chain recomputed the way the old plain SHA-256 chain allowed.
    const t1 = await seed();
    const rows = await h.store.audit.list(t1);
    await sql`update audit_log set details = ${'{"n":99}'} where tenant_id = ${t1} and seq = 2`.execute(h.store.db);
    let prev = rows[0]!.hash;
    for (const r of rows.slice(1)) {
      const hash = auditHash(prev, { ...r, details: r.seq === 2 ? { n: 99 } : r.details });
      await sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where tenant_id = ${t1} and seq = ${r.seq}`.execute(h.store.db);
      prev = hash;
    }
    await sql`update audit_heads set hash = ${prev} where tenant_id = ${t1}`.execute(h.store.db);
    expect(await h.store.audit.verify(t1)).toEqual({ ok: false, brokenAtSeq: 2, reason: 'hash-mismatch' });

    // The tail cut off and the last kept row's hash copied into the head.
    const t2 = await seed();
    const kept = (await h.store.audit.list(t2))[1]!;
    await sql`delete from audit_log where tenant_id = ${t2} and seq > 2`.execute(h.store.db);
    await sql`update audit_heads set seq = 2, hash = ${kept.hash} where tenant_id = ${t2}`.execute(h.store.db);
    expect(await h.store.audit.verify(t2)).toEqual({ ok: false, brokenAtSeq: 2, reason: 'head-mismatch' });

    // Every row and the head deleted: nothing in the database says so; the exported head does.
    const t3 = await seed();
    const exported = (await h.store.audit.verify(t3)) as { head: { seq: number; hash: string } };
    await sql`delete from audit_log where tenant_id = ${t3}`.execute(h.store.db);
    await sql`delete from audit_heads where tenant_id = ${t3}`.execute(h.store.db);
    expect(await h.store.audit.verify(t3)).toEqual(ok(0));
    expect(await h.store.audit.verify(t3, { anchor: exported.head })).toEqual({ ok: false, brokenAtSeq: 1, reason: 'truncated' });

    // An old head row put back after cutting the tail (captured earlier): the exported head catches it.
    const t4 = await seed();
    const atTwo = (await h.store.audit.list(t4))[1]!;
    const oldHead = await sql<{ seq: number; hash: string; mac: string }>`select seq, hash, mac from audit_heads where tenant_id = ${t4}`.execute(h.store.db);
    await h.store.audit.append(t4, { actorType: 'system', action: 'later' });
    const anchor = ((await h.store.audit.verify(t4)) as { head: { seq: number; hash: string } }).head;
    await sql`delete from audit_log where tenant_id = ${t4} and seq > 4`.execute(h.store.db);
    await sql`update audit_heads set seq = ${oldHead.rows[0]!.seq}, hash = ${oldHead.rows[0]!.hash}, mac = ${oldHead.rows[0]!.mac} where tenant_id = ${t4}`.execute(h.store.db);
    expect(await h.store.audit.verify(t4)).toEqual(ok(4));
    expect(await h.store.audit.verify(t4, { anchor })).toEqual({ ok: false, brokenAtSeq: 5, reason: 'truncated' });
    expect(await h.store.audit.verify(t4, { anchor: { seq: 2, hash: atTwo.hash } })).toEqual(ok(4));
    expect(await h.store.audit.verify(t4, { anchor: { seq: 2, hash: 'f'.repeat(64) } })).toEqual({ ok: false, brokenAtSeq: 2, reason: 'anchor-mismatch' });
  });

  it('reports a corrupt row as broken at that entry and still lists it, marked', async () => {
    const t = await seed();
    await sql`update audit_log set details = ${'{"n": 2, broken'} where tenant_id = ${t} and seq = 3`.execute(h.store.db);
    expect(await h.store.audit.verify(t)).toEqual({ ok: false, brokenAtSeq: 3, reason: 'row-unreadable' });
    const listed = await h.store.audit.list(t);
    expect(listed.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(listed[2]).toMatchObject({ seq: 3, details: {}, unreadable: 'details is not valid JSON' });
  });

  it('verifies plain SHA-256 entries written before keying, then the keyed entries chained onto them; a plain entry after a keyed one is a downgrade', async () => {
    const t = await h.tenant();
    // Two entries as the unkeyed chain wrote them (alg sha256, head without MAC).
    let prev = '';
    for (const seq of [1, 2]) {
      const entry = { tenantId: t, seq, id: `legacy-${seq}`, at: '2025-01-01T00:00:00.000Z', actorType: 'system' as const, actorId: null, action: 'old', targetType: null, targetId: null, details: { seq } };
      const hash = auditHash(prev, entry);
      await sql`insert into audit_log (tenant_id, seq, id, at, actor_type, actor_id, action, target_type, target_id, details, prev_hash, hash, alg)
        values (${t}, ${seq}, ${entry.id}, ${entry.at}, 'system', null, 'old', null, null, ${JSON.stringify(entry.details)}, ${prev}, ${hash}, 'sha256')`.execute(h.store.db);
      prev = hash;
    }
    await sql`insert into audit_heads (tenant_id, seq, hash, mac) values (${t}, 2, ${prev}, null)`.execute(h.store.db);
    expect(await h.store.audit.tenantsWithUnkeyedHead()).toContain(t);
    expect(await h.store.audit.verify(t, { allowUnkeyed: true })).toEqual({ ok: true, count: 2, head: { seq: 2, hash: prev }, keyedFrom: null });
    // Once keyed, a chain of plain entries only is a rewritten one (someone re-hashed it all without the key).
    expect(await h.store.audit.verify(t)).toEqual({ ok: false, brokenAtSeq: 1, reason: 'alg-downgrade' });
    await h.store.audit.append(t, { actorType: 'system', action: 'audit.chain.keyed', details: { legacyEntries: 2, legacyHead: prev } });
    expect(await h.store.audit.tenantsWithUnkeyedHead()).not.toContain(t);
    expect(await h.store.audit.verify(t)).toEqual(expect.objectContaining({ ok: true, count: 3, keyedFrom: 3 }));
    // Rewriting a plain entry consistently (its plain hash recomputed) now breaks the keyed entry chained onto it.
    const [first] = await h.store.audit.list(t);
    const edited = { tenantId: t, seq: 2, id: 'legacy-2', at: '2025-01-01T00:00:00.000Z', actorType: 'system' as const, actorId: null, action: 'old', targetType: null, targetId: null, details: { seq: 99 } };
    const forged = auditHash(first!.hash, edited);
    await sql`update audit_log set details = ${'{"seq":99}'}, hash = ${forged} where tenant_id = ${t} and seq = 2`.execute(h.store.db);
    expect(await h.store.audit.verify(t)).toEqual({ ok: false, brokenAtSeq: 3, reason: 'prev-hash-mismatch' });
    await sql`update audit_log set prev_hash = ${forged} where tenant_id = ${t} and seq = 3`.execute(h.store.db);
    expect(await h.store.audit.verify(t)).toEqual({ ok: false, brokenAtSeq: 3, reason: 'hash-mismatch' });
    await sql`update audit_log set details = ${'{"seq":2}'}, hash = ${prev} where tenant_id = ${t} and seq = 2`.execute(h.store.db);
    await sql`update audit_log set prev_hash = ${prev} where tenant_id = ${t} and seq = 3`.execute(h.store.db);
    expect(await h.store.audit.verify(t)).toEqual(expect.objectContaining({ ok: true, count: 3 }));
    // An entry appended without the key (plain) after keyed ones.
    const last = (await h.store.audit.list(t))[2]!;
    const plain = { tenantId: t, seq: 4, id: 'sneaky', at: '2026-01-01T00:00:00.000Z', actorType: 'system' as const, actorId: null, action: 'x', targetType: null, targetId: null, details: {} };
    await sql`insert into audit_log (tenant_id, seq, id, at, actor_type, actor_id, action, target_type, target_id, details, prev_hash, hash, alg)
      values (${t}, 4, 'sneaky', ${plain.at}, 'system', null, 'x', null, null, '{}', ${last.hash}, ${auditHash(last.hash, plain)}, 'sha256')`.execute(h.store.db);
    expect(await h.store.audit.verify(t)).toEqual({ ok: false, brokenAtSeq: 4, reason: 'alg-downgrade' });
  });

  it('refuses to append or verify without the audit key', async () => {
    const keyless = await h.fresh({ auditKey: undefined as unknown as Uint8Array });
    await keyless.tenants.create({ id: 'k1', name: 'K', domain: 'k1.example.test' });
    await expect(keyless.audit.append('k1', { actorType: 'system', action: 'x' })).rejects.toMatchObject({ code: 'VERITY_STORE_AUDIT_KEY_MISSING' });
  });
});
