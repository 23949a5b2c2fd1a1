import { describe, expect, it } from 'vitest';
import { isVerityError, type VerityError } from '../errors/verity-error.js';
import { parseWhatIfRequest } from './sign-in-context.js';

function rejection(json: unknown): VerityError {
  try {
    parseWhatIfRequest(json);
  } catch (err) {
    if (isVerityError(err)) return err;
    throw err;
  }
  throw new Error('expected a VerityError');
}

describe('parseWhatIfRequest', () => {
  it('fills defaults: member, browser, no device, no risk, nothing satisfied', () => {
    const s = parseWhatIfRequest({ user: { id: 'u1', groupIds: ['g1'] }, appId: 'a1' });
    expect(s).toMatchObject({ clientAppType: 'browser', platform: null, ip: null, device: null, signInRisk: 'none', userRisk: 'none', satisfied: { mfa: false, authenticationStrength: null } });
    expect(s.user.groupIds.has('g1')).toBe(true);
    expect(s.user.userType).toBe('member');
    expect('userAction' in s).toBe(false);
  });

  const BAD: readonly [string, unknown, string][] = [
    ['not an object', 'sign-in', '$'],
    ['missing user', { appId: 'a' }, '$.user'],
    ['empty user id', { user: { id: '' } }, '$.user.id'],
    ['bad group id', { user: { id: 'u', groupIds: ['g', ''] } }, '$.user.groupIds[1]'],
    ['too many groups', { user: { id: 'u', groupIds: Array.from({ length: 10_001 }, (_, i) => `g${i}`) } }, '$.user.groupIds'],
    ['bad IP', { user: { id: 'u' }, ip: 'not-an-ip' }, '$.ip'],
    ['legacy IPv4 form', { user: { id: 'u' }, ip: '10.1' }, '$.ip'],
    ['unknown platform', { user: { id: 'u' }, platform: 'beos' }, '$.platform'],
    ['unknown client app type', { user: { id: 'u' }, clientAppType: 'fax' }, '$.clientAppType'],
    ['unknown risk', { user: { id: 'u' }, signInRisk: 'extreme' }, '$.signInRisk'],
    ['unknown user action', { user: { id: 'u' }, userAction: 'urn:user:dance' }, '$.userAction'],
    ['device without id', { user: { id: 'u' }, device: { isCompliant: true } }, '$.device.id'],
    ['device attribute of a wrong type', { user: { id: 'u' }, device: { id: 'd', attributes: { model: { x: 1 } } } }, '$.device.attributes.model'],
    ['unknown strength', { user: { id: 'u' }, satisfied: { authenticationStrength: 'strong' } }, '$.satisfied.authenticationStrength'],
  ];
  for (const [name, json, path] of BAD)
    it(`rejects ${name} at ${path}`, () => {
      const err = rejection(json);
      expect(err.code).toBe('VERITY_ACCESS_WHAT_IF_INVALID');
      expect(err.status).toBe(400);
      expect(err.details.map((d) => d.path)).toContain(path);
    });

  it('rejects unknown properties', () => {
    expect(rejection({ user: { id: 'u' }, ipAddress: '1.2.3.4' }).details[0]?.path).toBe('$');
  });
});
