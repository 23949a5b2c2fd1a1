// The newcomer's walkthroughs of docs/conditional-access.md, run as documented with the real CLI
// against a real server: a GitHub baseline's UTF-16 CA folder imported with --map to the tenant's
// own break-glass group, the SAW device filter after `verity devices set`, and the policy
// lifecycle (re-import without duplicates, diff in dry run, delete, kind change refused).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken } from '../../server/test/harness.js';
import type { TenantBootstrap } from '../../server/src/tenants/tenant-bootstrap.js';
import { writeProfile } from '../src/profile.js';
import { jsonLines, verity } from './run-cli.js';
import { GRAPH_CORPUS, corpusSkipReason } from '../../core/test/shared-corpus.js';
import { titled } from '../../../test/skip-reason.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../../core/test/fixtures/graph');

const FORTIGI_TEMP = join(GRAPH_CORPUS, 'Fortigi__ConditionalAccess/Examples/Policy/Temp');
const CA02 = '59db6bf8-1843-45ea-94af-5ea2f1ba6c65';

describe('newcomer walkthroughs and policy lifecycle through the CLI', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let work: string;
  let profile: string;
  const api = (method: string, path: string, body?: unknown) => s.call(method, path, { token: t.adminToken, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    work = mkdtempSync(join(tmpdir(), 'verity-cli-lifecycle-'));
    profile = join(work, 'profile.json');
    writeProfile(profile, { server: s.url, token: t.adminToken, caCertificate: s.caPem });
  });
  afterAll(async () => {
    await s.close();
    rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(corpusSkipReason() !== null)(titled('imports a GitHub baseline\'s UTF-16 CA folder with --map to the tenant\'s break-glass group and sees in what-if that it applies', corpusSkipReason()), async () => {
    const group = await verity(profile, ['groups', 'create', '--name', 'Break glass', '--kind', 'user', '--json']);
    const groupId = JSON.parse(group.stdout).id as string;
    writeFileSync(join(work, 'map.json'), JSON.stringify({ 'CA-01 - Exclusion': 'Break glass', 'Company Administrator': 'Global Administrator', 'Microsoft Azure Management': 'verity-admin', 'Office 365': 'verity-portal' }));

    const imported = await verity(profile, ['import', '--json', '--map', join(work, 'map.json'), FORTIGI_TEMP]);
    expect(imported.code, imported.stderr).toBe(0);
    const lines = jsonLines(imported.stdout);
    expect(lines.map((l) => [l.encoding, l.status, l.action])).toEqual([['utf-16le-bom', 'importedWithNotes', 'create'], ['utf-16le-bom', 'importedWithNotes', 'create']]);
    const ca02 = lines.find((l) => l.id === CA02)!;
    expect(ca02.notes.filter((n: { code: string }) => n.code === 'reference-mapped').map((n: { path: string }) => n.path)).toEqual(expect.arrayContaining([
      '$.conditions.users.excludeGroups[0]', '$.conditions.users.includeRoles[0]', '$.conditions.applications.includeApplications[0]', '$.conditions.applications.includeApplications[1]',
    ]));
    // The mapped group resolves; the names the map does not cover stay unresolved and are reported with their paths.
    expect(ca02.unresolved.some((u: { path: string }) => u.path === '$.conditions.users.excludeGroups[0]')).toBe(false);
    expect(ca02.unresolved).toContainEqual({ path: '$.conditions.users.excludeUsers[0]', kind: 'user', id: 'William Overweg', mode: 'exclude' });
    expect((await api('GET', `/api/v1/conditional-access/policies/${CA02}`)).body.policy.conditions.users.excludeGroups).toEqual([groupId]);

    // The baseline is shipped disabled: turn it on in report-only and ask what-if.
    expect((await verity(profile, ['ca', 'report-only', CA02])).code).toBe(0);
    const applies = JSON.parse((await verity(profile, ['whatif', '--user', t.adminUserPrincipalName, '--app', 'verity-admin', '--json'])).stdout);
    expect(applies.policies.find((p: { policyId: string }) => p.policyId === CA02)).toMatchObject({ applied: true, reportOnlyResult: 'wouldRequireControls', missingControls: ['mfa'] });

    const admin = (await api('GET', `/api/v1/users?search=${encodeURIComponent(t.adminUserPrincipalName)}`)).body.items[0];
    expect((await verity(profile, ['groups', 'add-member', groupId, admin.id])).code).toBe(0);
    const excluded = JSON.parse((await verity(profile, ['whatif', '--user', t.adminUserPrincipalName, '--app', 'verity-admin', '--json'])).stdout);
    expect(excluded.policies.find((p: { policyId: string }) => p.policyId === CA02)).toMatchObject({ applied: false, decidedBy: { code: 'user-excluded' } });
  }, 180_000);

  it('the device-filter policy for a SAW device works after verity devices set', async () => {
    const saw = {
      id: 'saw-only-admin-console', displayName: 'Admin console only from privileged access workstations', state: 'enabledForReportingButNotEnforced',
      conditions: {
        users: { includeRoles: ['62e90394-69f5-4237-9190-012177145e10'] }, applications: { includeApplications: ['verity-admin'] },
        devices: { deviceFilter: { mode: 'exclude', rule: 'device.extensionAttribute1 -eq "SAW"' } },
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    };
    writeFileSync(join(work, 'saw-policy.json'), JSON.stringify(saw));
    expect((await verity(profile, ['import', join(work, 'saw-policy.json')])).code).toBe(0);
    const device = await s.enrollDevice(await enrollmentToken(s, t.adminToken), { hostname: 'saw-01' });
    const whatIf = async () => JSON.parse((await verity(profile, ['whatif', '--user', t.adminUserPrincipalName, '--app', 'verity-admin', '--device', device.deviceId, '--json'])).stdout)
      .policies.find((p: { policyId: string }) => p.policyId === saw.id);
    expect(await whatIf()).toMatchObject({ applied: true, reportOnlyResult: 'wouldBlock' });

    const set = await verity(profile, ['devices', 'set', device.deviceId, '--extension-attribute', '1=SAW', '--category', 'Privileged', '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ category: 'Privileged', extensionAttributes: { extensionAttribute1: 'SAW' } });
    expect(await whatIf()).toMatchObject({ applied: false, decidedBy: { code: 'device-filter-excluded' } });

    const audit = (await api('GET', '/api/v1/audit?limit=200')).body.items.find((e: { action: string; targetId: string }) => e.action === 'device.update' && e.targetId === device.deviceId);
    expect(audit.details).toMatchObject({ before: { extensionAttributes: {} }, after: { category: 'Privileged', extensionAttributes: { extensionAttribute1: 'SAW' } } });
    // Clearing it brings the block back.
    await verity(profile, ['devices', 'set', device.deviceId, '--extension-attribute', '1=']);
    expect(await whatIf()).toMatchObject({ applied: true, reportOnlyResult: 'wouldBlock' });
  }, 180_000);

  it('re-imports without duplicates, shows the diff in a dry run, and deletes', async () => {
    cpSync(join(FIXTURES, 'access/policies/block-legacy-authentication.json'), join(work, 'legacy.json'));
    const first = jsonLines((await verity(profile, ['import', '--json', join(work, 'legacy.json')])).stdout)[0]!;
    expect(first).toMatchObject({ action: 'create' });
    expect(jsonLines((await verity(profile, ['import', '--json', join(work, 'legacy.json')])).stdout)[0]).toMatchObject({ action: 'unchanged', id: first.id });

    const doc = JSON.parse((await verity(profile, ['ca', 'export', first.id])).stdout);
    writeFileSync(join(work, 'legacy-edited.json'), JSON.stringify({ ...doc, id: undefined, state: 'enabledForReportingButNotEnforced', description: 'report-only first' }));
    const dry = jsonLines((await verity(profile, ['import', '--dry-run', '--json', '--match', 'display-name', join(work, 'legacy-edited.json')])).stdout)[0]!;
    expect(dry).toMatchObject({ action: 'update', id: first.id });
    expect(dry.changes.map((c: { path: string }) => c.path).sort()).toEqual(['$.description', '$.state']);
    const human = await verity(profile, ['import', '--dry-run', '--match', 'display-name', join(work, 'legacy-edited.json')]);
    expect(human.stdout).toMatch(/~ \$\.state: "enabled" -> "enabledForReportingButNotEnforced"/);

    expect(jsonLines((await verity(profile, ['import', '--json', '--match', 'display-name', join(work, 'legacy-edited.json')])).stdout)[0]).toMatchObject({ action: 'update' });
    const list = JSON.parse((await verity(profile, ['ca', 'list', '--json'])).stdout);
    expect(list.filter((p: { displayName: string }) => p.displayName === doc.displayName)).toHaveLength(1);
    const audit = (await api('GET', '/api/v1/audit?limit=200')).body.items.find((e: { action: string; targetId: string; details: { after?: { description?: string } } }) =>
      e.action === 'access-policy.replace' && e.targetId === first.id && e.details.after?.description === 'report-only first');
    expect(audit.details.before.state).toBe('enabled');
    expect(audit.details.after.state).toBe('enabledForReportingButNotEnforced');

    // The same id as a named location is another object: refused, nothing written.
    writeFileSync(join(work, 'kind-changed.json'), JSON.stringify({ '@odata.type': '#microsoft.graph.ipNamedLocation', id: first.id, displayName: 'x', ipRanges: [{ cidrAddress: '10.0.0.0/8' }] }));
    expect(jsonLines((await verity(profile, ['import', '--json', join(work, 'kind-changed.json')])).stdout)[0]).toMatchObject({ status: 'rejected', error: { code: 'VERITY_IMPORT_KIND_CHANGED' } });

    expect((await verity(profile, ['ca', 'disable', first.id])).stdout).toMatch(/disabled/);
    expect((await verity(profile, ['ca', 'delete', first.id])).code).toBe(0);
    expect((await api('GET', `/api/v1/conditional-access/policies/${first.id}`)).status).toBe(404);
  }, 180_000);

  it('refuses to delete an assigned compliance policy, then unassigns and deletes it', async () => {
    const imported = jsonLines((await verity(profile, ['import', '--json', join(FIXTURES, 'compliance/linux-ubuntu-rhel.json')])).stdout)[0]!;
    expect(imported.action).toBe('create');
    const id = imported.id as string;
    expect(jsonLines((await verity(profile, ['import', '--json', join(FIXTURES, 'compliance/linux-ubuntu-rhel.json')])).stdout)[0]).toMatchObject({ action: 'unchanged', id });
    expect((await verity(profile, ['compliance', 'assign', id, '--all-devices'])).code).toBe(0);
    const refused = await verity(profile, ['compliance', 'delete', id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('VERITY_COMPLIANCE_POLICY_ASSIGNED');
    expect((await api('GET', `/api/v1/compliance-policies/${id}`)).status).toBe(200);
    expect((await verity(profile, ['compliance', 'unassign', id])).stdout).toMatch(/1 assignment\(s\) removed/);
    expect((await verity(profile, ['compliance', 'export', id])).stdout).toContain('"platforms"');
    expect((await verity(profile, ['compliance', 'delete', id])).code).toBe(0);
    const audit = (await api('GET', '/api/v1/audit?limit=200')).body.items.find((e: { action: string; targetId: string }) => e.action === 'compliance.policy.delete' && e.targetId === id);
    expect(audit.details).toMatchObject({ before: { platforms: 'linux' }, after: null });
  }, 180_000);

  it('an import of a missing path or an empty folder is a usage error with its code and exit code 2', async () => {
    const missing = await verity(profile, ['import', join(work, 'no-such-folder')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('VERITY_IMPORT_PATH_NOT_FOUND');
    const empty = mkdtempSync(join(work, 'empty-'));
    const none = await verity(profile, ['import', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('VERITY_IMPORT_NOTHING_TO_IMPORT');
  }, 60_000);
});
