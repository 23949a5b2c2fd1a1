import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../../server/test/harness.js';
import type { TenantBootstrap } from '../../server/src/tenants/tenant-bootstrap.js';
import { writeProfile } from '../src/profile.js';
import { jsonLines, verity } from './run-cli.js';
import { classifyGraphDocument } from '@verity/core';
import { readImportItems } from '../src/import-command.js';
import { FIXTURE_IDS, loadAccessFixtures } from '../../core/test/fixtures/graph/access/load-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../../core/test/fixtures/graph');
const access = loadAccessFixtures();


describe('classifyGraphDocument', () => {
  it('detects the kind from @odata.type, or from the shape when a conditional access export omits it', () => {
    expect(classifyGraphDocument({ '@odata.type': '#microsoft.graph.windows10CompliancePolicy' }).target).toBe('compliancePolicy');
    expect(classifyGraphDocument({ '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicy' }).target).toBe('compliancePolicy');
    expect(classifyGraphDocument({ '@odata.type': '#microsoft.graph.countryNamedLocation' })).toMatchObject({ target: 'namedLocation', kind: 'countryNamedLocation' });
    expect(classifyGraphDocument({ conditions: {}, grantControls: null })).toMatchObject({ target: 'conditionalAccessPolicy', kind: 'conditionalAccessPolicy', evidence: 'shape' });
    expect(classifyGraphDocument({ ipRanges: [] }).target).toBe('namedLocation');
    expect(classifyGraphDocument({ '@odata.type': '#microsoft.graph.user' })).toMatchObject({ target: null, kind: 'user' });
    expect(classifyGraphDocument({ '@odata.type': '#microsoft.graph.winGetApp' })).toMatchObject({ target: null, kind: 'winGetApp', family: 'app' });
    expect(classifyGraphDocument({ name: 'x', platforms: 'windows10', technologies: 'mdm', settings: [] }, 'https://graph.microsoft.com/beta/$metadata#deviceManagement/configurationPolicies/$entity'))
      .toMatchObject({ target: null, kind: 'deviceManagementConfigurationPolicy', evidence: 'odata-context' });
    expect(classifyGraphDocument({ name: 'x', platforms: 'linux', technologies: 'linuxMdm', settings: [{ settingInstance: { settingDefinitionId: 'linux_deviceencryption_required' } }] }))
      .toMatchObject({ target: 'compliancePolicy', kind: 'deviceManagementCompliancePolicy', evidence: 'shape' });
    expect(classifyGraphDocument([1]).target).toBeNull();
  });
  it('never throws, whatever the JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => { classifyGraphDocument(v); }));
  });
  it('orders named locations before the policies that use them, across files and collections', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verity-import-order-'));
    writeFileSync(join(dir, 'a-policy.json'), JSON.stringify(access.policies.get('block-countries-report-only')));
    writeFileSync(join(dir, 'b-collection.json'), JSON.stringify({ value: [access.policies.get('block-legacy-authentication'), access.namedLocations.get('restricted-countries')] }));
    const { items } = readImportItems([join(dir, 'a-policy.json'), join(dir, 'b-collection.json')]);
    expect(items.map((i) => [i.kind.target, i.element])).toEqual([['namedLocation', 1], ['conditionalAccessPolicy', undefined], ['conditionalAccessPolicy', 0]]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('verity import and verity whatif against a real server', () => {
  let s: TestServer;
  let t: TenantBootstrap;
  let work: string;
  let profile: string;

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
    work = mkdtempSync(join(tmpdir(), 'verity-cli-import-'));
    profile = join(work, 'profile.json');
    writeProfile(profile, { server: s.url, token: t.adminToken, caCertificate: s.caPem });
    // A folder with both kinds, nested, plus a Graph collection file and two broken files.
    cpSync(join(FIXTURES, 'access'), join(work, 'exports', 'access'), { recursive: true, filter: (src) => !src.endsWith('.ts') });
    cpSync(join(FIXTURES, 'compliance'), join(work, 'exports', 'compliance'), { recursive: true });
    writeFileSync(join(work, 'exports', 'collection.json'), JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies',
      value: [{ ...(access.policies.get('block-legacy-authentication') as object), id: 'from-collection', displayName: 'From a collection', '@odata.context': undefined }],
    }));
    mkdirSync(join(work, 'broken'));
    const bad = structuredClone(access.policies.get('require-mfa-for-admins')) as Record<string, any>;
    bad.id = 'bad-filter';
    bad.conditions.devices = { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True -or' } };
    writeFileSync(join(work, 'broken', 'bad-filter.json'), JSON.stringify(bad));
    writeFileSync(join(work, 'broken', 'not-json.json'), '{ "displayName": ');
  });
  afterAll(async () => {
    await s.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('dry run validates every real export (policies see the named locations of the same run) and stores nothing', async () => {
    const res = await verity(profile, ['import', '--dry-run', '--json', join(work, 'exports')]);
    const lines = jsonLines(res.stdout);
    expect(lines.filter((l) => l.status === 'rejected' || l.status === 'notSupported'), res.stdout).toEqual([]);
    expect(res.code).toBe(0);
    expect(lines.every((l) => l.dryRun === true)).toBe(true);
    expect((await s.call('GET', '/api/v1/conditional-access/policies', { token: t.adminToken })).body.items).toEqual([]);
  }, 60_000);

  it('imports a folder with both kinds, reports what is not evaluated, and exits 1 for the broken files', async () => {
    const res = await verity(profile, ['import', '--json', join(work, 'exports'), join(work, 'broken')]);
    expect(res.code).toBe(1);
    const lines = jsonLines(res.stdout);
    const ok = lines.filter((l) => l.status === 'imported' || l.status === 'importedWithNotes');
    expect(ok.filter((l) => l.kind === 'conditionalAccessPolicy')).toHaveLength(access.policies.size + 1);
    expect(ok.filter((l) => l.kind === 'ipNamedLocation' || l.kind === 'countryNamedLocation')).toHaveLength(access.namedLocations.size);
    const compliance = lines.filter((l) => l.file.includes(`${join('exports', 'compliance')}`));
    expect(compliance.length).toBeGreaterThan(0);
    expect(compliance.filter((l) => l.status !== 'imported' && l.status !== 'importedWithNotes'), JSON.stringify(compliance)).toEqual([]);
    expect(compliance.every((l) => Array.isArray(l.notEvaluated))).toBe(true);
    // Named locations are imported before the policies that reference them.
    const firstPolicy = lines.findIndex((l) => l.kind === 'conditionalAccessPolicy');
    const lastLocation = lines.map((l) => l.kind).lastIndexOf('countryNamedLocation');
    expect(lastLocation).toBeLessThan(firstPolicy);
    const terms = ok.find((l) => l.file.endsWith('terms-of-use-disabled.json'))!;
    expect(terms.unsupported.map((u: { path: string }) => u.path)).toContain('$.grantControls.termsOfUse');
    expect(ok.find((l) => l.element === 0)).toMatchObject({ id: 'from-collection', file: join(work, 'exports', 'collection.json') });

    const bad = lines.find((l) => l.file.endsWith('bad-filter.json'))!;
    expect(bad).toMatchObject({ status: 'rejected', kind: 'conditionalAccessPolicy', error: { code: 'VERITY_ACCESS_POLICY_INVALID', path: '$.conditions.devices.deviceFilter.rule' } });
    expect(typeof bad.error.position).toBe('number');
    expect(lines.find((l) => l.file.endsWith('not-json.json'))).toMatchObject({ status: 'rejected', error: { code: 'VERITY_IMPORT_INVALID_JSON', path: '$', line: 1, column: 18, offset: 17 } });

    const stored = await s.call('GET', '/api/v1/conditional-access/policies', { token: t.adminToken });
    expect(stored.body.items).toHaveLength(access.policies.size + 1);
  }, 60_000);

  it('prints a human summary without --json', async () => {
    const res = await verity(profile, ['import', join(work, 'exports', 'access', 'named-locations')]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/countryNamedLocation .*restricted-countries\.json/);
    expect(res.stdout).toMatch(/3 imported \(0 with notes\), 0 not supported, 0 rejected/);
  }, 60_000);

  it('whatif explains each policy for a user on a compliant and a noncompliant device', async () => {
    const store = s.server.ctx.store;
    const user = await store.users.create(t.tenantId, { userPrincipalName: `eng@${t.domain}`, displayName: 'Engineer' });
    await store.groups.create(t.tenantId, { id: FIXTURE_IDS.engineeringGroup, displayName: 'Engineering', memberKind: 'user', membershipType: 'static' });
    await store.groups.addMembers(t.tenantId, FIXTURE_IDS.engineeringGroup, [user.id]);
    const good = await store.devices.create(t.tenantId, { displayName: 'eng-win', platform: 'windows', ownership: 'corporate', joinType: 'joined', complianceState: 'compliant' });
    const poor = await store.devices.create(t.tenantId, { displayName: 'eng-win-old', platform: 'windows', ownership: 'corporate', joinType: 'registered', complianceState: 'noncompliant' });
    const app = FIXTURE_IDS.sharePointApp;

    const ok = await verity(profile, ['whatif', '--user', user.userPrincipalName, '--app', app, '--device', good.id, '--client-app', 'browser', '--mfa', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const okDecision = JSON.parse(ok.stdout);
    const engineering = (d: { policies: { displayName: string; applied: boolean; result: string }[] }) => d.policies.find((p) => /engineering/i.test(p.displayName))!;
    expect(engineering(okDecision)).toMatchObject({ applied: true, result: 'grant' });

    const bad = await verity(profile, ['whatif', '--user', user.id, '--app', app, '--device', poor.id, '--platform', 'WINDOWS', '--mfa', '--json']);
    const badDecision = JSON.parse(bad.stdout);
    expect(engineering(badDecision)).toMatchObject({ applied: true, result: 'controlsRequired', missingControls: ['compliantDevice'] });
    expect(badDecision.result).not.toBe('grant');

    const human = await verity(profile, ['whatif', '--user', user.id, '--app', app, '--device', poor.id]);
    expect(human.stdout).toMatch(/^Result: /);
    expect(human.stdout).toMatch(/not applied/);
    expect(human.stdout).toMatch(/decided by users:/);

    const invalid = await verity(profile, ['whatif', '--user', user.id, '--ip', 'not-an-ip']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('$.ip');
  }, 180_000);
});
