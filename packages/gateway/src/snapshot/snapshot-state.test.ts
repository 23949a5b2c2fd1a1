import { describe, expect, it } from 'vitest';
import type { GatewaySnapshot, SnapshotDelta, SnapshotDevice } from '@verity/core';
import { engineDevice } from './engine-device.js';
import { SnapshotRejected, SnapshotState } from './snapshot-state.js';

const device = (id: string, over: Partial<SnapshotDevice> = {}): SnapshotDevice => ({
  id, displayName: id, status: 'active', complianceState: 'compliant', joinType: 'registered', platform: 'linux', riskLevel: 'none', primaryUserId: 'u1', attributes: { operatingSystem: 'Linux' }, remediation: [], ...over,
});

function snapshot(over: Partial<GatewaySnapshot> = {}): GatewaySnapshot {
  return {
    format: 1, version: 'ep.5', tenantId: 't1', issuedAt: '2026-01-01T00:00:00.000Z', portalUrl: 'https://cp.example/portal', deviceCaPem: `-----BEGIN CERTIFICATE-----\n${'A'.repeat(120)}\n-----END CERTIFICATE-----`,
    sessionIssuer: { issuer: 'https://cp.example', jwks: { keys: [{ kty: 'EC' }] } },
    policies: [{ id: 'p1', displayName: 'Require compliant device', state: 'enabled', conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } }, grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } }],
    namedLocations: [], apps: [{ id: 'a1', displayName: 'Wiki', appId: 'wiki', hosts: ['wiki.example'], pathPrefix: '/', upstreamUrl: 'http://127.0.0.1:1', enabled: true }],
    groupIds: ['g-0', 'g-1'], roleIds: ['r-0'],
    users: [{ id: 'u1', userPrincipalName: 'u1@x.example', displayName: 'U', enabled: true, userType: 'member', groups: [1], roles: [0] }],
    devices: [device('d1')], revokedSessions: [], revokedCertificates: ['ab12'],
    ...over,
  };
}
const delta = (seq: number, change: SnapshotDelta['change'], extra: Partial<SnapshotDelta> = {}): SnapshotDelta => ({ version: `ep.${seq}`, at: '2026-01-01T00:00:01.000Z', cause: 'test', change, ...extra });

describe('snapshot state', () => {
  it('takes a full snapshot: users with resolved group and role ids, the compiled policy set, routes, revoked serials upper-cased', () => {
    const s = new SnapshotState();
    s.replace(snapshot(), null);
    expect(s.version).toBe('ep.5');
    expect([...s.users.get('u1')!.groupIds]).toEqual(['g-1']);
    expect([...s.users.get('u1')!.roleIds]).toEqual(['r-0']);
    expect(s.policySet!.policies.map((p) => p.id)).toEqual(['p1']);
    expect(s.routes.match('wiki.example', '/')?.id).toBe('a1');
    expect(s.revokedSerials.has('AB12')).toBe(true);
  });

  it('applies deltas in order, growing the id tables from an index (idempotently), and names what changed', () => {
    const s = new SnapshotState();
    s.replace(snapshot(), null);
    const scope = s.apply(delta(6, { kind: 'user', user: { id: 'u1', userPrincipalName: 'u1@x.example', displayName: 'U', enabled: true, userType: 'member', groups: [1, 2], roles: [] } }, { groupIds: { from: 1, ids: ['g-1', 'g-2'] } }));
    expect(scope).toEqual({ all: false, userIds: ['u1'], deviceIds: [], sessionIds: [] });
    expect([...s.users.get('u1')!.groupIds]).toEqual(['g-1', 'g-2']);
    expect(s.apply(delta(7, { kind: 'device', device: device('d1', { complianceState: 'noncompliant' }) })).deviceIds).toEqual(['d1']);
    expect(s.devices.get('d1')!.complianceState).toBe('noncompliant');
    expect(s.apply(delta(8, { kind: 'sessions.revoked', sessionIds: ['s1'], userId: 'u1' })).sessionIds).toEqual(['s1']);
    expect(s.revokedSessions.has('s1')).toBe(true);
    expect(s.apply(delta(9, { kind: 'policies', policies: [], namedLocations: [] })).all).toBe(true);
    expect(s.policySet!.policies).toEqual([]);
    expect(s.version).toBe('ep.9');
  });

  it('refuses a delta out of order, one before any snapshot, and an invalid one, keeping its state', () => {
    const s = new SnapshotState();
    expect(() => s.apply(delta(1, { kind: 'device.removed', deviceId: 'd1' }))).toThrow(SnapshotRejected);
    s.replace(snapshot(), null);
    expect(() => s.apply(delta(7, { kind: 'device.removed', deviceId: 'd1' }))).toThrow(/does not follow/);
    expect(() => s.apply({ version: 'ep.6', at: 'x', cause: 'c', change: { kind: 'nope' } })).toThrow(SnapshotRejected);
    expect(() => s.apply(delta(6, { kind: 'user', user: { id: 'u2', userPrincipalName: 'u2@x', displayName: 'U2', enabled: true, userType: 'member', groups: [99], roles: [] } }))).toThrow(/group index 99/);
    expect(s.version).toBe('ep.5');
    expect(s.devices.has('d1')).toBe(true);
  });

  it('refuses a snapshot of another tenant, and a policy set that does not import, keeping the old one', () => {
    const s = new SnapshotState();
    s.replace(snapshot(), null);
    expect(() => s.replace(snapshot({ tenantId: 't2', version: 'ep.9' }), 't1')).toThrow(/tenant t2/);
    expect(() => s.replace(snapshot({ version: 'ep.9', policies: [{ displayName: 'broken' }] }), 't1')).toThrow(/policy set/);
    expect(s.version).toBe('ep.5');
    expect(s.policySet!.policies).toHaveLength(1);
  });
});

describe('the device the engine sees', () => {
  it('is no device at all when the device is revoked or retired (it satisfies no device control)', () => {
    expect(engineDevice(device('d', { status: 'revoked' }))).toMatchObject({ device: null, deviceRefusal: { deviceId: 'd', reason: 'device-revoked' } });
    expect(engineDevice(device('d', { status: 'retired' }))).toMatchObject({ device: null, deviceRefusal: { deviceId: 'd', reason: 'device-retired' } });
    expect(engineDevice(undefined)).toEqual({ device: null, deviceRefusal: null });
    expect(engineDevice(device('d', { joinType: 'joined' })).device).toMatchObject({ id: 'd', isCompliant: true, trustType: 'ServerAD' });
    expect(engineDevice(device('d', { complianceState: 'inGracePeriod' })).device!.isCompliant).toBe(false);
  });
});
