import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../../server/test/harness.js';
import type { TenantBootstrap } from '../../server/src/tenants/tenant-bootstrap.js';
import { auditHash } from '../../store/src/index.js';
import { writeProfile } from '../src/profile.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = resolve(here, '../bin/verity.mjs');
const run = promisify(execFile);

async function verity(profile: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, VERITY_PROFILE: profile }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('verity audit: a keyed chain, signed heads kept outside the database, and insiders who edit SQL', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let dir: string;
  let profile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verity-audit-cli-'));
    s = await TestServer.start({ config: { auditHeadFile: join(dir, 'heads.jsonl'), auditHeadIntervalMs: 3_600_000 } });
    t = await s.tenant();
    profile = join(dir, 'profile.json');
    writeProfile(profile, { server: s.url, token: t.adminToken, caCertificate: s.caPem });
    for (let i = 0; i < 5; i++) await s.call('POST', '/api/v1/groups', { token: t.adminToken, body: { displayName: `g${i}`, memberKind: 'user' } });
  });
  afterAll(async () => { await s.close(); rmSync(dir, { recursive: true, force: true }); });
  const db = () => s.server.ctx.store.db;

  it('exports a signed head and verifies against it; cutting the tail and copying a hash into the head is caught', async () => {
    const headFile = join(dir, 'head.json');
    const exported = await verity(profile, ['audit', 'head', '--out', headFile]);
    expect(exported.code, exported.stderr).toBe(0);
    const head = JSON.parse(readFileSync(headFile, 'utf8')) as { seq: number; hash: string; signature: string };
    expect(head.seq).toBe(6);
    const intact = await verity(profile, ['audit', 'verify', '--head', headFile]);
    expect([intact.code, intact.stdout.trim()]).toEqual([0, 'audit chain intact: 6 entries (checked against the head of ' + (head as unknown as { at: string }).at + ': entry 6)']);

    // A forged head file (its seq changed) does not even reach the server.
    writeFileSync(join(dir, 'forged.json'), JSON.stringify({ ...head, seq: 3 }));
    const forged = await verity(profile, ['audit', 'verify', '--head', join(dir, 'forged.json')]);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('signature does not verify');

    // The insider: delete entries 5 and 6, and copy entry 4's hash into the head.
    const kept = (await s.call('GET', '/api/v1/audit', { token: t.adminToken })).body.items[3];
    await sql`delete from audit_log where tenant_id = ${t.tenantId} and seq > 4`.execute(db());
    await sql`update audit_heads set seq = 4, hash = ${kept.hash} where tenant_id = ${t.tenantId}`.execute(db());
    const cut = await verity(profile, ['audit', 'verify']);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('audit chain BROKEN at entry 4: head-mismatch');
    const againstHead = await verity(profile, ['audit', 'verify', '--head', headFile, '--json']);
    expect(againstHead.code).toBe(1);
    expect(JSON.parse(againstHead.stdout)).toMatchObject({ ok: false });
    expect((await s.call('GET', '/api/v1/audit/head', { token: t.adminToken })).body.code).toBe('VERITY_AUDIT_CHAIN_BROKEN');
  });

  it('a tampered row with the chain recomputed as SHA-256 is broken at that entry; a corrupt row too, never a 400 or 500', async () => {
    const other = await s.tenant('Other', 'other-audit.example.com');
    const otherProfile = join(dir, 'other.json');
    writeProfile(otherProfile, { server: s.url, token: other.adminToken, caCertificate: s.caPem });
    for (let i = 0; i < 3; i++) await s.call('POST', '/api/v1/groups', { token: other.adminToken, body: { displayName: `h${i}`, memberKind: 'user' } });
    type Row = { seq: number; id: string; at: string; actorType: 'system'; actorId: string | null; action: string; targetType: string | null; targetId: string | null; hash: string; details: Record<string, unknown> };
    const items = (await s.call('GET', '/api/v1/audit', { token: other.adminToken })).body.items as Row[];
    // Without the key, the insider can only recompute plain SHA-256 hashes, from the first entry on.
    await sql`update audit_log set details = ${'{"displayName":"renamed"}'} where tenant_id = ${other.tenantId} and seq = 2`.execute(db());
    let prev = '';
    for (const row of items) {
      const hash = auditHash(prev, { ...row, tenantId: other.tenantId, details: row.seq === 2 ? { displayName: 'renamed' } : row.details });
      await sql`update audit_log set prev_hash = ${prev}, hash = ${hash}, alg = 'sha256' where tenant_id = ${other.tenantId} and seq = ${row.seq}`.execute(db());
      prev = hash;
    }
    await sql`update audit_heads set hash = ${prev}, mac = null where tenant_id = ${other.tenantId}`.execute(db());
    const recomputed = await verity(otherProfile, ['audit', 'verify']);
    expect([recomputed.code, recomputed.stdout.trim()]).toEqual([1, 'audit chain BROKEN at entry 1: alg-downgrade']);
    // Restarting does not launder it: the pre-keying chains were marked once, at the first keyed start.
    expect(await (await import('../../server/src/audit/audit-service.js')).markKeyedBoundaries(s.server.ctx)).toEqual([]);
    expect((await verity(otherProfile, ['audit', 'verify'])).stdout.trim()).toBe('audit chain BROKEN at entry 1: alg-downgrade');

    await sql`update audit_log set details = ${'{not json'} where tenant_id = ${t.tenantId} and seq = 2`.execute(db());
    const listed = await s.call('GET', '/api/v1/audit', { token: t.adminToken });
    expect(listed.status).toBe(200);
    expect(listed.body.items[1]).toMatchObject({ seq: 2, unreadable: 'details is not valid JSON' });
    const verified = await s.call('GET', '/api/v1/audit/verify', { token: t.adminToken });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'row-unreadable' });
  });

  it('the server exports heads to a file and checks against the newest: a deleted chain is broken at entry 1', async () => {
    const third = await s.tenant('Third', 'third-audit.example.com');
    await s.call('POST', '/api/v1/groups', { token: third.adminToken, body: { displayName: 'x', memberKind: 'user' } });
    const { startAuditHeadExport } = await import('../../server/src/audit/audit-service.js');
    expect(await startAuditHeadExport({ ...s.server.ctx, config: { ...s.server.ctx.config, auditHeadFile: join(dir, 'heads.jsonl') } }).exportNow()).toBeGreaterThan(0);
    const line = readFileSync(join(dir, 'heads.jsonl'), 'utf8').split('\n').filter((l) => l.includes(third.tenantId)).at(-1)!;
    expect(JSON.parse(line)).toMatchObject({ tenantId: third.tenantId, seq: 2 });
    expect((await s.call('GET', '/api/v1/audit/verify', { token: third.adminToken })).body).toMatchObject({ ok: true, count: 2, anchor: { seq: 2, source: 'head-file' } });
    await sql`delete from audit_log where tenant_id = ${third.tenantId}`.execute(db());
    await sql`delete from audit_heads where tenant_id = ${third.tenantId}`.execute(db());
    expect((await s.call('GET', '/api/v1/audit/verify', { token: third.adminToken })).body).toMatchObject({ ok: false, brokenAtSeq: 1, reason: 'truncated' });
  });
});
