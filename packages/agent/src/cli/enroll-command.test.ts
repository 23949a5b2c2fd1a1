import { describe, expect, it } from 'vitest';
import { parseEnrollFlags } from './enroll-command.js';

const fp = Array(32).fill('ab').join(':');
const noStdin = async () => {
  throw new Error('stdin must not be read');
};

describe('enroll flags', () => {
  it('accepts a token with a pinned fingerprint', async () => {
    const r = await parseEnrollFlags({ server: 'https://verity.example.com/', token: 't', caFingerprint: fp }, noStdin);
    expect(r).toEqual({ serverUrl: 'https://verity.example.com', credentials: { kind: 'token', enrollmentToken: 't' }, trust: { kind: 'fingerprint', fingerprint256: fp.toUpperCase() } });
  });

  it('reads the password from stdin for personal devices', async () => {
    const r = await parseEnrollFlags({ server: 'https://v.example', user: 'alice@example.com', passwordStdin: true, tenant: 'example.com', insecureTrustOnFirstUse: true }, async () => 's3cret\n');
    expect(r.credentials).toEqual({ kind: 'user', tenant: 'example.com', username: 'alice@example.com', password: 's3cret' });
    expect(r.trust).toEqual({ kind: 'trust-on-first-use' });
  });

  it.each([
    [{ server: 'http://v.example', token: 't', caFingerprint: fp }, '$.server'],
    [{ server: 'not a url', token: 't', caFingerprint: fp }, '$.server'],
    [{ server: 'https://v.example', caFingerprint: fp }, '$.token'],
    [{ server: 'https://v.example', token: 't' }, '$.caFingerprint'],
    [{ server: 'https://v.example', token: 't', caFingerprint: 'zz' }, '$.caFingerprint'],
    [{ server: 'https://v.example', token: 't', caFingerprint: fp, insecureTrustOnFirstUse: true }, '$.caFingerprint'],
    [{ server: 'https://v.example', user: 'a', tenant: 't', caFingerprint: fp }, '$.passwordStdin'],
    [{ server: 'https://v.example', user: 'a', passwordStdin: true, caFingerprint: fp }, '$.tenant'],
    [{ server: 'https://v.example', token: 't', caFile: '/nonexistent/ca.pem' }, '$.caFile'],
  ])('rejects %o at %s', async (flags, path) => {
    await expect(parseEnrollFlags(flags, noStdin)).rejects.toMatchObject({ code: 'VERITY_AGENT_USAGE', status: 400, details: [{ path }] });
  });
});
