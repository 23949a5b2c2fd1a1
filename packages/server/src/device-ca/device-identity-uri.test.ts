import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceIdentityUri, parseDeviceIdentityUri } from './device-identity-uri.js';

const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

describe('device identity URI', () => {
  it('builds the SPIFFE-style form', () => {
    expect(deviceIdentityUri('contoso', '3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe('spiffe://verity/tenant/contoso/device/3f2504e0-4f89-11d3-9a0c-0305e82c3301');
  });

  it('round-trips every allowed id pair', () => {
    fc.assert(fc.property(idArb, idArb, (t, d) => {
      expect(parseDeviceIdentityUri(deviceIdentityUri(t, d))).toEqual({ tenantId: t, deviceId: d });
    }));
  });

  it('refuses ids that would change the URI structure', () => {
    for (const [t, d] of [['', 'd'], ['t', ''], ['a/b', 'd'], ['t', '..'], ['.t', 'd'], ['t', 'd%2f'], ['t', 'x'.repeat(65)], ['t', 'dé']]) {
      expect(() => deviceIdentityUri(t!, d!)).toThrow(expect.objectContaining({ code: 'VERITY_DEVICE_CA_INVALID_REQUEST', status: 400 }));
    }
  });

  it('parses strictly', () => {
    for (const uri of [
      'spiffe://verity/tenant/t/device/d/',
      'spiffe://verity/tenant/t/device/d?x=1',
      'SPIFFE://verity/tenant/t/device/d',
      'spiffe://other/tenant/t/device/d',
      'spiffe://verity/tenant/t/devices/d',
      'spiffe://verity/tenant//device/d',
      'spiffe://verity/tenant/t/device/%64',
      ' spiffe://verity/tenant/t/device/d',
      'urn:verity:tenant:t:device:d',
    ]) {
      expect(parseDeviceIdentityUri(uri)).toBeUndefined();
    }
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      const parsed = parseDeviceIdentityUri(s);
      if (parsed) expect(deviceIdentityUri(parsed.tenantId, parsed.deviceId)).toBe(s);
    }));
  });
});
