import { describe, expect, it } from 'vitest';
import { passkeyPolicyRefusal, relyingPartyOf } from './passkey-service.js';

const YUBIKEY = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';
const synced = { aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', deviceType: 'multiDevice' as const, backedUp: true, transports: ['internal', 'hybrid'] };
const securityKey = { aaguid: YUBIKEY, deviceType: 'singleDevice' as const, backedUp: false, transports: ['usb', 'nfc'] };
const platform = { aaguid: '08987058-cadc-4b81-b6e1-30de50dcbe96', deviceType: 'singleDevice' as const, backedUp: false, transports: ['internal'] };
const none = { securityDeviceRequired: false, securityKeyRequired: false, allowedAaguids: [] as string[] };

describe('passkey policy at registration and sign-in', () => {
  it.each([
    ['any passkey when nothing is required', synced, none, null],
    ['a synced passkey when keys must be hardware-bound', synced, { ...none, securityDeviceRequired: true }, 'synced-passkey-not-allowed'],
    ['a platform passkey when a security key is required', platform, { ...none, securityKeyRequired: true }, 'security-key-required'],
    ['a security key when a security key is required', securityKey, { ...none, securityKeyRequired: true, securityDeviceRequired: true }, null],
    ['a model outside the allowed AAGUIDs', platform, { ...none, allowedAaguids: [YUBIKEY] }, 'authenticator-model-not-allowed'],
    ['an allowed model', securityKey, { ...none, allowedAaguids: [YUBIKEY] }, null],
  ])('%s', (_name, passkey, policy, refusal) => {
    expect(passkeyPolicyRefusal(passkey, policy)).toBe(refusal);
  });
  it('binds passkeys to the public URL\'s host and origin', () => {
    expect(relyingPartyOf('https://verity.example.com:8443/x')).toEqual({ rpId: 'verity.example.com', origin: 'https://verity.example.com:8443' });
  });
});
