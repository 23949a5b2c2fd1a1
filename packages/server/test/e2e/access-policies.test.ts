import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../harness.js';
import type { TenantBootstrap } from '../../src/tenants/tenant-bootstrap.js';
import { FIXTURE_IDS, loadAccessFixtures } from '../../../core/test/fixtures/graph/access/load-fixtures.js';

const fixtures = loadAccessFixtures();
const P = '/api/v1/conditional-access/policies';
const L = '/api/v1/conditional-access/named-locations';
const withoutContext = (json: unknown) => {
  const { ['@odata.context']: _c, ...rest } = json as Record<string, unknown>;
  return rest;
};
const policy = (name: string) => structuredClone(fixtures.policies.get(name)) as Record<string, any>;

describe('conditional access policies and named locations API', () => {
  let s: TestServer;
  let t: TenantBootstrap;

  beforeAll(async () => {
    s = await TestServer.start();
    t = await s.tenant();
  });
  afterAll(async () => s.close());

  it('never stops an import for a named location the tenant does not have: it is reported with its path', async () => {
    const res = await s.call('POST', `${P}?dryRun=true`, { token: t.adminToken, body: policy('block-countries-report-only') });
    expect(res.status).toBe(201);
    expect(res.body.report.unresolved).toContainEqual({ path: '$.conditions.locations.includeLocations[0]', kind: 'namedLocation', id: FIXTURE_IDS.restrictedCountriesLocation, mode: 'include' });
  });

  it('imports every exported named location, reporting country locations as not evaluated', async () => {
    for (const [name, json] of fixtures.namedLocations) {
      const res = await s.call('POST', L, { token: t.adminToken, body: json });
      expect(res.status, name).toBe(201);
      expect(res.body.stored).toBe(true);
      expect(res.body.id).toBe((json as { id: string }).id);
    }
    const country = await s.call('GET', `${L}/${FIXTURE_IDS.restrictedCountriesLocation}`, { token: t.adminToken });
    expect(country.body.kind).toBe('country');
    const again = await s.call('POST', `${L}?dryRun=true`, { token: t.adminToken, body: fixtures.namedLocations.get('restricted-countries') });
    // The bundled IP-to-country table is loaded: country locations are evaluated, not reported.
    expect(again.body.report.unsupported).toEqual([]);
    expect(again.body.action).toBe('unchanged');
  });

  it('imports every exported policy and reports what it does not evaluate', async () => {
    for (const [name, json] of fixtures.policies) {
      const res = await s.call('POST', P, { token: t.adminToken, body: json });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
      expect(res.body.report.evaluated).toContain('$.conditions.users');
    }
    const terms = await s.call('POST', `${P}?dryRun=true`, { token: t.adminToken, body: policy('terms-of-use-disabled') });
    expect(terms.body.report.unsupported.map((u: { path: string }) => u.path)).toContain('$.grantControls.termsOfUse');
    const countries = await s.call('POST', `${P}?dryRun=true`, { token: t.adminToken, body: policy('block-countries-report-only') });
    expect(countries.body.report.unsupported).toEqual([]);
    // The fixture's break-glass account does not exist in this tenant: reported, never a reason to refuse.
    expect(countries.body.report.unresolved).toEqual([{ path: '$.conditions.users.excludeUsers[0]', kind: 'user', id: 'b7a1c0de-0000-4000-8000-00000000b1a5', mode: 'exclude' }]);
    const list = await s.call('GET', P, { token: t.adminToken });
    expect(list.body.items).toHaveLength(fixtures.policies.size);
  });

  it('exports every policy and location faithfully (Graph document in, same document out)', async () => {
    for (const [name, json] of fixtures.policies) {
      const res = await s.call('GET', `${P}/${(json as { id: string }).id}/export`, { token: t.adminToken });
      expect(res.body, name).toEqual(withoutContext(json));
    }
    for (const [name, json] of fixtures.namedLocations) {
      const res = await s.call('GET', `${L}/${(json as { id: string }).id}/export`, { token: t.adminToken });
      expect(res.body, name).toEqual(withoutContext(json));
    }
  });

  it('re-importing the same policy replaces it instead of duplicating it', async () => {
    const res = await s.call('POST', P, { token: t.adminToken, body: policy('require-mfa-for-admins') });
    expect(res.status).toBe(201);
    expect(res.body.replaced).toBe(true);
    expect((await s.call('GET', P, { token: t.adminToken })).body.items).toHaveLength(fixtures.policies.size);
  });

  it('dry run validates and reports but stores nothing', async () => {
    const p = { ...policy('require-mfa-for-admins'), id: 'dry-run-only', displayName: 'Dry run' };
    const res = await s.call('POST', `${P}?dryRun=true`, { token: t.adminToken, body: p });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ stored: false, id: 'dry-run-only' });
    expect((await s.call('GET', `${P}/dry-run-only`, { token: t.adminToken })).status).toBe(404);
  });

  it('patches a policy with a merge patch and validates the result', async () => {
    const id = (policy('require-mfa-for-admins') as { id: string }).id;
    const res = await s.call('PATCH', `${P}/${id}`, { token: t.adminToken, body: { state: 'disabled' } });
    expect(res.status).toBe(200);
    expect(res.body.policy.state).toBe('disabled');
    const bad = await s.call('PATCH', `${P}/${id}`, { token: t.adminToken, body: { conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "AzureAD" -and (' } } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VERITY_ACCESS_POLICY_INVALID');
    expect(bad.body.errors[0].path).toBe('$.conditions.devices.deviceFilter.rule');
    expect(typeof bad.body.errors[0].position).toBe('number');
    const after = await s.call('GET', `${P}/${id}/export`, { token: t.adminToken });
    expect(after.body.conditions.devices).toBeNull();
  });

  it('replaces a policy with PUT and deletes it; both are audited', async () => {
    const p = { ...policy('block-legacy-authentication'), id: 'temp-policy', displayName: 'Temporary' };
    expect((await s.call('POST', P, { token: t.adminToken, body: p })).status).toBe(201);
    const put = await s.call('PUT', `${P}/temp-policy`, { token: t.adminToken, body: { ...p, displayName: 'Temporary (renamed)' } });
    expect(put.status).toBe(200);
    expect(put.body.policy.displayName).toBe('Temporary (renamed)');
    expect((await s.call('DELETE', `${P}/temp-policy`, { token: t.adminToken })).status).toBe(204);
    expect((await s.call('PUT', `${P}/temp-policy`, { token: t.adminToken, body: p })).body.code).toBe('VERITY_ACCESS_POLICY_NOT_FOUND');
    const audit = await s.call('GET', '/api/v1/audit?limit=200', { token: t.adminToken });
    const actions = audit.body.items.filter((e: { targetId: string }) => e.targetId === 'temp-policy').map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['access-policy.create', 'access-policy.replace', 'access-policy.delete']));
  });

  it('refuses to delete a named location a policy uses', async () => {
    const res = await s.call('DELETE', `${L}/${FIXTURE_IDS.restrictedCountriesLocation}`, { token: t.adminToken });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('VERITY_ACCESS_NAMED_LOCATION_IN_USE');
  });

  it('rejects malformed policies and locations with problem+json naming the JSON path', async () => {
    const noName = policy('require-mfa-for-admins');
    delete noName.displayName;
    let res = await s.call('POST', P, { token: t.adminToken, body: noName });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('$.displayName');

    const badUsers = policy('require-mfa-for-admins');
    badUsers.conditions.users.includeUsers = ['All', 42];
    res = await s.call('POST', P, { token: t.adminToken, body: badUsers });
    expect(res.body.code).toBe('VERITY_ACCESS_POLICY_INVALID');
    expect(res.body.errors[0].path).toBe('$.conditions.users.includeUsers[1]');

    res = await s.call('POST', P, { token: t.adminToken, body: [1, 2] });
    expect(res.status).toBe(400);
    res = await s.call('POST', P, { token: t.adminToken, rawBody: '{"displayName": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VERITY_REQUEST_INVALID_JSON');

    res = await s.call('POST', L, { token: t.adminToken, body: { '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'x', ipRanges: [{ cidrAddress: '10.0.0.0/33' }] } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VERITY_ACCESS_NAMED_LOCATION_INVALID');
    expect(res.body.errors[0].path).toBe('$.ipRanges[0].cidrAddress');
  });

  it('answers mutated Graph documents and what-if requests with a result or a 4xx naming a JSON path, never a 500', async () => {
    const docs = [...fixtures.policies.values(), ...fixtures.namedLocations.values()];
    /** Replace the value at a random path of a fixture with arbitrary JSON. */
    const mutate = (doc: unknown, steps: number[], value: unknown): unknown => {
      const root = structuredClone(doc) as Record<string, unknown>;
      let node: any = root;
      for (const [i, step] of steps.entries()) {
        const keys = Object.keys(node);
        if (keys.length === 0) break;
        const key = keys[step % keys.length]!;
        if (i === steps.length - 1 || node[key] === null || typeof node[key] !== 'object') { node[key] = value; break; }
        node = node[key];
      }
      return root;
    };
    await fc.assert(
      fc.asyncProperty(fc.nat(docs.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), async (which, steps, value) => {
        const doc = docs[which] as Record<string, unknown>;
        const url = 'ipRanges' in doc || 'countriesAndRegions' in doc ? L : P;
        const res = await s.call('POST', `${url}?dryRun=true`, { token: t.adminToken, body: mutate(doc, steps, value) });
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.errors?.[0]?.path ?? '$').toMatch(/^\$/);
        const whatIf = await s.call('POST', '/api/v1/conditional-access/what-if', { token: t.adminToken, body: mutate({ user: 'x', appId: 'a', ip: '10.0.0.1', satisfied: { mfa: true } }, steps, value) });
        expect(whatIf.status).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await s.call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    for (const p of ['/api/v1/conditional-access/policies', '/api/v1/conditional-access/what-if', '/api/v1/access/decide', '/api/v1/sign-ins', '/api/v1/conditional-access/analysis'])
      expect(paths.some((x) => x === p), p).toBe(true);
  });

  it('answers another tenant\'s policy as not found, and checks permissions', async () => {
    const other = await s.tenant('Other');
    const id = (policy('block-legacy-authentication') as { id: string }).id;
    expect((await s.call('GET', `${P}/${id}`, { token: other.adminToken })).status).toBe(404);
    expect((await s.call('DELETE', `${P}/${id}`, { token: other.adminToken })).status).toBe(404);
    expect((await s.call('GET', P, { token: other.adminToken })).body.items).toEqual([]);
    expect((await s.call('GET', P)).status).toBe(401);
  });
});
