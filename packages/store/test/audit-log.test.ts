import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from './dialects.js';

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
    expect((await h.store.audit.list(t, { afterSeq: 2 })).map((e) => e.seq)).toEqual([3, 4]);
    expect((await h.store.audit.list(t, { action: 'policy.update' })).map((e) => e.seq)).toEqual([2, 4]);
    expect(await h.store.audit.verify(t)).toEqual({ ok: true, count: 4 });
    expect(await h.store.audit.verify(other)).toEqual({ ok: true, count: 1 });
    expect((await h.store.audit.list(other))[0]?.seq).toBe(1);
  });

  it('serialises concurrent appends: seq stays 1..n and the chain verifies', async () => {
    const t = await h.tenant();
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      h.store.transaction((tx) => tx.audit.append(t, { actorType: 'system', action: 'x', details: { i } }))));
    expect(await h.store.audit.verify(t)).toEqual({ ok: true, count: 20 });
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
});
