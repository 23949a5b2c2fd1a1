import { describe, expect, it } from 'vitest';
import { importConditionalAccessPolicy } from './conditional-access-policy.js';
import { deviceForAccess, type DeviceRecordForAccess } from './device-for-access.js';
import { evaluateAccess } from './evaluate-access.js';
import { compilePolicySet } from './policy-set.js';
import type { SignInContext } from './sign-in-context.js';

const record = (status: string, overrides: Partial<DeviceRecordForAccess> = {}): DeviceRecordForAccess => ({
  id: 'd-1', tenantId: 't', status, displayName: 'laptop', platform: 'windows', ownership: 'corporate', joinType: 'joined', groupTag: null,
  osVersion: '10.0.22631', model: 'Surface Pro', manufacturer: 'Microsoft', complianceState: 'compliant', riskLevel: 'none', agentVersion: '0.1.0',
  scopeTags: [], extensionAttributes: { extensionAttribute1: 'stolen' }, enrollmentProfileId: null, ...overrides,
});

const signIn = (device: Pick<SignInContext, 'device' | 'deviceRefusal'>): SignInContext => ({
  user: { id: 'u', groupIds: new Set(), roleIds: new Set(), userType: 'member' }, appId: 'crm', clientAppType: 'browser', platform: 'windows', ip: null,
  signInRisk: 'none', userRisk: 'none', satisfied: { mfa: true, authenticationStrength: null, passwordChanged: false, approvedApplication: false, compliantApplication: false },
  ...device,
});

const policy = (id: string, grant: Record<string, unknown>, devices: Record<string, unknown> | null = null) => importConditionalAccessPolicy({
  id, displayName: id, state: 'enabled',
  conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['crm'] }, clientAppTypes: ['all'], devices },
  grantControls: grant,
}).policy;

describe('deviceForAccess: the device conditional access sees', () => {
  it('an active device is itself: compliance and the corporate-join trust type come from the record', () => {
    const { device, deviceRefusal } = deviceForAccess('d-1', record('active'));
    expect(deviceRefusal).toBeNull();
    expect(device).toMatchObject({ id: 'd-1', isCompliant: true, trustType: 'ServerAD' });
    expect(device?.attributes).toMatchObject({ operatingSystem: 'Windows', extensionAttribute1: 'stolen', trustType: 'ServerAD', isCompliant: true });
    expect(deviceForAccess('d-1', record('active', { joinType: 'registered', complianceState: 'noncompliant' })).device).toMatchObject({ isCompliant: false, trustType: 'Workplace' });
  });

  it.each([
    ['revoked', 'device-revoked'],
    ['retired', 'device-retired'],
    ['quarantined', 'device-not-active'],
  ])('a %s device is no device, with the reason and its last known properties', (status, reason) => {
    const { device, deviceRefusal } = deviceForAccess('d-1', record(status));
    expect(device).toBeNull();
    expect(deviceRefusal).toMatchObject({ deviceId: 'd-1', reason, lastKnown: { id: 'd-1', isCompliant: true, trustType: 'ServerAD' } });
    expect(deviceRefusal?.message).toContain('d-1');
  });

  it('a deleted (or never enrolled) device is no device and has no last known properties', () => {
    expect(deviceForAccess('gone', undefined)).toEqual({ device: null, deviceRefusal: expect.objectContaining({ deviceId: 'gone', reason: 'device-deleted', lastKnown: null }) });
  });
});

describe('a refused device in a decision', () => {
  const set = compilePolicySet({
    policies: [
      policy('compliant', { operator: 'OR', builtInControls: ['compliantDevice'] }),
      policy('joined', { operator: 'AND', builtInControls: ['domainJoinedDevice'] }),
    ],
    namedLocations: [],
  });

  it('a revoked compliant, corporate-joined device satisfies neither compliantDevice nor domainJoinedDevice, and the decision says why first', () => {
    const active = evaluateAccess(set, signIn(deviceForAccess('d-1', record('active'))), { explain: true });
    expect(active.result).toBe('grant');
    for (const explain of [true, false]) {
      const revoked = evaluateAccess(set, signIn(deviceForAccess('d-1', record('revoked'))), { explain });
      expect(revoked.result).toBe('controlsRequired');
      expect(revoked.missingControls.map((c) => c.control).sort()).toEqual(['compliantDevice', 'domainJoinedDevice']);
      expect(revoked.reasons[0]?.code).toBe('device-revoked');
      expect(revoked.reasons.map((r) => r.code)).toContain('controls-required');
    }
    expect(evaluateAccess(set, signIn(deviceForAccess('d-1', record('revoked'))), { explain: true }).reasons[0]?.message).toContain('d-1');
  });

  it('a caller that leaves the record in `device` next to a refusal still gets no device control (fail closed)', () => {
    const active = deviceForAccess('d-1', record('active'));
    const refused = deviceForAccess('d-1', record('revoked'));
    expect(evaluateAccess(set, signIn({ device: active.device, deviceRefusal: refused.deviceRefusal })).result).toBe('controlsRequired');
  });

  it('a block that targeted the device by filter still applies once it is revoked (a revocation never lifts a policy)', () => {
    const stolen = compilePolicySet({
      policies: [policy('block-stolen', { operator: 'OR', builtInControls: ['block'] }, { deviceFilter: { mode: 'include', rule: 'device.extensionAttribute1 -eq "stolen"' } })],
      namedLocations: [],
    });
    expect(evaluateAccess(stolen, signIn({ device: null })).result).toBe('grant');
    expect(evaluateAccess(stolen, signIn(deviceForAccess('d-1', record('active')))).result).toBe('block');
    expect(evaluateAccess(stolen, signIn(deviceForAccess('d-1', record('revoked')))).result).toBe('block');
    // An exclude-mode filter that spared the device no longer spares it: the unregistered view applies.
    const spare = compilePolicySet({
      policies: [policy('block-unless-kiosk', { operator: 'OR', builtInControls: ['block'] }, { deviceFilter: { mode: 'exclude', rule: 'device.extensionAttribute1 -eq "stolen"' } })],
      namedLocations: [],
    });
    expect(evaluateAccess(spare, signIn(deviceForAccess('d-1', record('active')))).result).toBe('grant');
    expect(evaluateAccess(spare, signIn(deviceForAccess('d-1', record('retired')))).result).toBe('block');
  });
});
