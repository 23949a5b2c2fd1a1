import fc from 'fast-check';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_AUDIENCE, SessionTokenVerifier } from './session-token.js';

describe('session tokens', () => {
  let verifier: SessionTokenVerifier;
  let sign: (claims: Record<string, unknown>, exp?: number) => Promise<string>;
  const now = new Date('2026-03-01T12:00:00Z');
  const nowS = now.getTime() / 1000;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    verifier = new SessionTokenVerifier();
    verifier.setIssuer({ issuer: 'https://cp.example', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] } });
    sign = (claims, exp = nowS + 3600) => new SignJWT({ tid: 't1', sid: 's1', amr: ['pwd'], ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'vnd.verity.session+jwt' })
      .setIssuer('https://cp.example').setAudience(SESSION_AUDIENCE).setSubject('u1').setIssuedAt(nowS - 10).setExpirationTime(exp).sign(privateKey);
  });

  it('accepts a genuine token and reads its device binding', async () => {
    const t = await sign({ cnf: { 'x5t#S256': 'A'.repeat(43) } });
    expect(await verifier.verify(t, now)).toMatchObject({ userId: 'u1', sessionId: 's1', tenantId: 't1', amr: ['pwd'], boundThumbprint: 'A'.repeat(43) });
  });

  it('says expired for an expired token, also after it was cached', async () => {
    const t = await sign({}, nowS + 5);
    expect(typeof await verifier.verify(t, now)).toBe('object');
    expect(await verifier.verify(t, new Date(now.getTime() + 10_000))).toBe('expired');
    expect(await verifier.verify(await sign({}, nowS - 5), now)).toBe('expired');
  });

  it('property: any change to a genuine token makes it invalid (never cached, never accepted)', async () => {
    const genuine = await sign({});
    await fc.assert(fc.asyncProperty(fc.nat(genuine.length - 1), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'), async (at, ch) => {
      if (genuine[at] === ch) return;
      const forged = genuine.slice(0, at) + ch + genuine.slice(at + 1);
      const result = await verifier.verify(forged, now);
      // base64url has slack bits in its last character: a change there may decode to the same bytes.
      if (typeof result === 'object') expect(Buffer.from(forged.split('.')[2] ?? '', 'base64url').equals(Buffer.from(genuine.split('.')[2]!, 'base64url'))).toBe(true);
      else expect(result).toBe('invalid');
    }), { numRuns: 200 });
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ tid: 't1', sid: 's1' }).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'vnd.verity.session+jwt' }).setIssuer('https://cp.example').setAudience(SESSION_AUDIENCE).setSubject('u1').setExpirationTime(nowS + 60).sign(privateKey);
    expect(await verifier.verify(foreign, now)).toBe('invalid');
  });
});
