import { describe, expect, it } from 'vitest';
import { TestServer, enrollmentToken, linuxReport, openTestStore } from '../harness.js';
import { linuxPolicy } from './compliance-fixtures.js';

// A file-backed SQLite store runs check-ins through its writer thread (checkin-pipeline.ts); any
// other store runs them on the event loop (checkin-service.ts). Agents must not tell the difference.
async function scenario(s: TestServer) {
  const t = await s.tenant();
  const policy = await s.call('POST', '/api/v1/compliance-policies', { token: t.adminToken, body: linuxPolicy([{ actionType: 'block', gracePeriodHours: 0 }], '24.04') });
  await s.call('POST', `/api/v1/compliance-policies/${policy.body.policy.id}/assignments`, { token: t.adminToken, body: { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] } });
  const token = await enrollmentToken(s, t.adminToken);
  const d = await s.enrollDevice(token, { hostname: 'paths' });
  const k = (value: unknown) => ({ state: 'known', value, source: 'test' });
  const checkin = async (body: unknown) => {
    const r = await s.call('POST', '/api/v1/device/checkin', typeof body === 'string' ? { device: d, rawBody: body, headers: { 'content-type': 'application/json' } } : { device: d, body });
    return { status: r.status, body: { ...r.body, requestId: undefined, instance: r.body.instance } };
  };
  const steps = [
    // Noncompliant (22.04 < 24.04): evaluated and stored.
    await checkin({ report: linuxReport() }),
    // The same facts: the stored result stands.
    await checkin({ report: linuxReport() }),
    // Compliant now: a change of state.
    await checkin({ report: linuxReport({ 'os.version': k('24.04') }) }),
    await checkin({ report: linuxReport({ 'os.version': k('24.04') }) }),
    // Refusals: not JSON, prototype poisoning, invalid facts, an unknown member.
    await checkin('{"report": '),
    await checkin('{"report":{},"__proto__":{"x":1}}'),
    await checkin({ report: linuxReport({ 'tpm.present': k('yes') }) }),
    await checkin({ report: linuxReport(), extra: 1 }),
  ];
  // A command handed out once.
  expect((await s.call('POST', `/api/v1/devices/${d.deviceId}/lock`, { token: t.adminToken, body: { reason: 'test' } })).status).toBe(200);
  steps.push(await checkin({ report: linuxReport({ 'os.version': k('24.04') }) }));
  steps.push(await checkin({ report: linuxReport({ 'os.version': k('24.04') }) }));
  // Revoked: refused.
  await s.call('POST', `/api/v1/devices/${d.deviceId}/revoke`, { token: t.adminToken, body: { reason: 'test' } });
  steps.push(await checkin({ report: linuxReport() }));
  const history = (await s.call('GET', `/api/v1/devices/${d.deviceId}/posture?limit=50`, { token: t.adminToken })).body;
  return { steps: steps.map((x) => ({ ...x, body: { ...x.body, deviceId: x.body.deviceId ? 'the device' : undefined, commands: x.body.commands?.map((c: { kind: string }) => c.kind) } })), historyRows: history.items?.length };
}

describe('check-in on the writer thread and on the event loop', () => {
  it('answers, stores and evaluates the same', async () => {
    const threaded = await TestServer.start();
    const onLoop = await TestServer.start({ store: await openTestStore() });
    try {
      const a = await scenario(threaded);
      expect(threaded.server.ctx.store.checkins.pipelined).toBe(true);
      expect(onLoop.server.ctx.store.checkins.pipelined).toBe(false);
      const b = await scenario(onLoop);
      expect(a).toEqual(b);
      expect(a.steps.map((x) => [x.status, x.body.complianceState ?? x.body.code])).toEqual([
        [200, 'noncompliant'], [200, 'noncompliant'], [200, 'compliant'], [200, 'compliant'],
        [400, 'VERITY_REQUEST_INVALID_JSON'], [400, 'VERITY_REQUEST_INVALID_JSON'], [400, 'VERITY_REQUEST_INVALID'], [400, 'VERITY_REQUEST_INVALID'],
        [200, 'compliant'], [200, 'compliant'], [403, 'VERITY_DEVICE_REVOKED'],
      ]);
      expect(a.steps[8]!.body.commands).toEqual(['lock']);
      expect(a.steps[9]!.body.commands).toEqual([]);
    } finally {
      await threaded.close();
      await onLoop.close();
    }
  });
});
