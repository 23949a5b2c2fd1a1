import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { identityAssertionVerifier } from '../upstream/identity-assertion-verifier.js';
import { AssertionSigner, assertionAlgorithm, loadOrCreateAssertionKey } from './identity-assertion.js';

const claims = { sub: 'u1', upn: 'ada@example.com', sid: 's1', amr: ['pwd'], device_id: 'd1', device_compliant: true, decision_id: 'dec1' };
const ISSUER = 'https://gw.example';

describe('the identity assertion', () => {
  it('is ES256 with a new key, verifies with the published JWKS, and every request gets its own jti (a replay is refused)', async () => {
    const signer = new AssertionSigner(loadOrCreateAssertionKey(mkdtempSync(join(tmpdir(), 'verity-assertion-'))), ISSUER, 60);
    const verifier = identityAssertionVerifier({ jwks: signer.jwks() as never, issuer: ISSUER, audience: 'app-1' });
    const now = Date.now();
    const a = signer.sign('app-1', claims, now);
    const b = signer.sign('app-1', claims, now);
    expect(decodeProtectedHeader(a)).toMatchObject({ alg: 'ES256', kid: signer.kid });
    expect(signer.jwks().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    const first = await verifier.verify(a, new Date(now));
    const second = await verifier.verify(b, new Date(now));
    expect(first.ok && second.ok && first.identity.jti !== second.identity.jti).toBe(true);
    expect(await verifier.verify(a, new Date(now))).toMatchObject({ ok: false, problem: 'VERITY_UPSTREAM_ASSERTION_REPLAYED' });
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
