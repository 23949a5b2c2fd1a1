import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '@verity/store';
const dir = mkdtempSync(join(tmpdir(), 'vp-'));
const store = await openStore({ dataDir: dir });
await store.tenants.create({ id: 't', name: 'T', domain: `t.test` });
await store.close();
const db = new Database(join(dir, 'verity.db'));
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
const cols = ['tenant_id', 'id', 'display_name', 'hostname', 'platform', 'ownership', 'join_type', 'enrollment_profile_id', 'group_tag',
  'primary_user_id', 'status', 'os_name', 'os_version', 'model', 'manufacturer', 'serial_number', 'agent_version', 'compliance_state',
  'noncompliant_since', 'risk_level', 'scope_tags', 'extension_attributes', 'enrolled_at', 'last_checkin_at', 'created_at', 'updated_at'];
const stmt = db.prepare(`insert into devices (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`);
const rows = Array.from({ length: 100_000 }, (_, i) => cols.map((c) => c === 'tenant_id' ? 't' : c === 'id' ? crypto.randomUUID() : c === 'last_checkin_at' ? new Date(Date.UTC(2026, 0, 1, 0, i % 1440)).toISOString() : `${c}-${i % 977}`));
let t0 = performance.now();
db.transaction(() => { for (const r of rows) stmt.run(r); })();
console.log('raw prepared 100k', performance.now() - t0);
const json = JSON.stringify(rows.slice(0, 5000).map((r) => Object.fromEntries(cols.map((c, i) => [c, c === 'id' ? r[i] + 'x' : r[i]]))));
t0 = performance.now();
db.prepare(`insert into devices (${cols.join(',')}) select ${cols.map((c) => `json_extract(value, '$.${c}')`).join(',')} from json_each(?)`).run(json);
console.log('json_each 5k', performance.now() - t0);
