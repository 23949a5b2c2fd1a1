import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { identityAssertionVerifier } from '../upstream/identity-assertion-verifier.js';
import { AssertionSigner, assertionAlgorithm, loadOrCreateAssertionKey, ReusedAssertions } from './identity-assertion.js';

const claims = { sub: 'u1', upn: 'ada@example.com', sid: 's1', amr: ['pwd'], device_id: 'd1', device_compliant: true, decision_id: 'dec1' };
const ISSUER = 'https://gw.example';

describe('the identity assertion', () => {
  it('is ES256 with a new key, verifies with the published JWKS, and each signature has its own jti (refused when seen again, if the app asks)', async () => {
    const signer = new AssertionSigner(loadOrCreateAssertionKey(mkdtempSync(join(tmpdir(), 'verity-assertion-'))), ISSUER, 60);
    const verifier = identityAssertionVerifier({ jwks: signer.jwks() as never, issuer: ISSUER, audience: 'app-1', refuseReplays: true });
    const now = Date.now();
    const a = signer.sign('app-1', claims, now);
    const b = signer.sign('app-1', claims, now);
    expect(decodeProtectedHeader(a)).toMatchObject({ alg: 'ES256', kid: signer.kid });
    expect(signer.jwks().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    const first = await verifier.verify(a, new Date(now));
    const second = await verifier.verify(b, new Date(now));
    expect(first.ok && second.ok && first.identity.jti !== second.identity.jti).toBe(true);
    expect(await verifier.verify(a, new Date(now))).toMatchObject({ ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_REPLAYED' });
    // By default an app accepts an assertion it has seen (the gateway reuses one for a few seconds).
    const lenient = identityAssertionVerifier({ jwks: signer.jwks() as never, issuer: ISSUER, audience: 'app-1' });
    expect((await lenient.verify(a, new Date(now))).ok && (await lenient.verify(a, new Date(now))).ok).toBe(true);
  });

  describe('reused for the same app, session, device and claims while nothing changed', () => {
    const signer = new AssertionSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, ISSUER, 60);
    const jti = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string }).jti;

    it('for up to the reuse time, then signed again', () => {
      const reused = new ReusedAssertions(signer, 15_000);
      const t0 = 1_700_000_000_000;
      const first = reused.assertion('app-1', claims, t0, 'v.1');
      expect(reused.assertion('app-1', { ...claims, decision_id: 'dec2' }, t0 + 14_999, 'v.1')).toBe(first);
      expect(jti(reused.assertion('app-1', claims, t0 + 15_000, 'v.1'))).not.toBe(jti(first));
    });

    it('never across a snapshot change, another app, session, user, sign-in method, device or compliance', () => {
      const reused = new ReusedAssertions(signer, 15_000);
      const t0 = 1_700_000_000_000;
      const first = reused.assertion('app-1', claims, t0, 'v.1');
      const others = [
        reused.assertion('app-1', claims, t0, 'v.2'),
        reused.assertion('app-2', claims, t0, 'v.2'),
        reused.assertion('app-1', { ...claims, sid: 's2' }, t0, 'v.2'),
        reused.assertion('app-1', { ...claims, sub: 'u2' }, t0, 'v.2'),
        reused.assertion('app-1', { ...claims, upn: 'bob@example.com' }, t0, 'v.2'),
        reused.assertion('app-1', { ...claims, amr: ['pwd', 'mfa'] }, t0, 'v.2'),
        reused.assertion('app-1', { ...claims, device_id: 'd2' }, t0, 'v.2'),
        reused.assertion('app-1', { ...claims, device_id: null, device_compliant: null }, t0, 'v.2'),
        reused.assertion('app-1', { ...claims, device_compliant: false }, t0, 'v.2'),
      ];
      expect(new Set([first, ...others].map(jti)).size).toBe(others.length + 1);
      // After the snapshot changed, the assertion of before is not handed out again.
      expect(reused.assertion('app-1', claims, t0 + 1, 'v.2')).toBe(others[0]);
      expect(reused.assertion('app-1', claims, t0 + 2, 'v.3')).not.toBe(others[0]);
    });

    it('with reuse 0, every request gets its own', () => {
      const reused = new ReusedAssertions(signer, 0);
      const t0 = Date.now();
      expect(jti(reused.assertion('app-1', claims, t0, 'v.1'))).not.toBe(jti(reused.assertion('app-1', claims, t0, 'v.1')));
    });
  });

  it('keeps signing EdDSA with an Ed25519 key file from an earlier version, and upstreams still verify it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verity-assertion-'));
    writeFileSync(join(dir, 'assertion-signing-key.pem'), generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const signer = new AssertionSigner(loadOrCreateAssertionKey(dir), ISSUER, 60);
    const token = signer.sign('app-1', claims, Date.now());
    expect(decodeProtectedHeader(token).alg).toBe('EdDSA');
    const verifier = identityAssertionVerifier({ jwks: signer.jwks() as never, issuer: ISSUER, audience: 'app-1' });
    expect(await verifier.verify(token)).toMatchObject({ ok: true, identity: { sub: 'u1', decision_id: 'dec1' } });
  });

  it('refuses an assertion for another app, and a key of another kind', async () => {
    const signer = new AssertionSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, ISSUER, 60);
    const verifier = identityAssertionVerifier({ jwks: signer.jwks() as never, issuer: ISSUER, audience: 'app-1' });
    expect(await verifier.verify(signer.sign('app-2', claims, Date.now()))).toMatchObject({ ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_INVALID' });
    expect(() => assertionAlgorithm(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey)).toThrow(/P-256/);
  });
});
