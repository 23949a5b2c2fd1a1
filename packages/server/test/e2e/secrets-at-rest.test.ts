import { Writable } from 'node:stream';
import { createServer } from 'node:net';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTenantWithAdmin } from '../../src/tenants/tenant-bootstrap.js';
import { createSecretBox } from '../../src/device-ca/secret-box.js';
import { serverLoggerOptions, redactSecrets } from '../../src/secrets/redaction.js';
import { createSmtpMailer } from '../../src/notifications/smtp-mailer.js';
import { startMailbox } from './compliance-fixtures.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MASTER_KEY = 'a master key long enough to be a passphrase, for this test';

describe('secrets: bootstrap token lifetime, SMTP password sealed and never logged', () => {
  const dirs: string[] = [];
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function start(config: Record<string, unknown>, lines: string[]) {
    const dataDir = mkdtempSync(join(tmpdir(), 'verity-secrets-'));
    dirs.push(dataDir);
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString('utf8')); done(); } });
    const server = await startServer({ env: {}, config: { dataDir, port: 0, masterKey: MASTER_KEY, ...config }, logger: pino(serverLoggerOptions('debug'), sink) });
    servers.push(server);
    return server;
  }

  it('the bootstrap admin token expires (24 hours by default)', async () => {
    const server = await start({}, []);
    const now = server.ctx.now();
    const t = await createTenantWithAdmin(server.ctx, { name: 'T', domain: 'bootstrap.example.com' });
    expect(Date.parse(t.adminTokenExpiresAt) - now.getTime()).toBeGreaterThan(23.9 * 3600_000);
    expect(Date.parse(t.adminTokenExpiresAt) - now.getTime()).toBeLessThanOrEqual(24 * 3600_000 + 1000);
    const [token] = await server.ctx.store.apiTokens.list(t.tenantId);
    expect(token?.expiresAt).toBe(t.adminTokenExpiresAt);
  });

  it('sends with a sealed SMTP password (authenticated to a real SMTP server) and never logs a password from the URL', async () => {
    const mailbox = await startMailbox({ users: { mailer: 'hunter2-smtp-password' } });
    try {
      const sealed = `sealed:${createSecretBox(MASTER_KEY).seal('hunter2-smtp-password', 'smtp-password')}`;
      const box = createSecretBox(MASTER_KEY);
      const mailer = createSmtpMailer({ smtpUrl: mailbox.url.replace('smtp://', 'smtp://mailer@'), smtpPassword: sealed, smtpFrom: 'Verity <v@example.com>' }, box)!;
      await mailer.send({ to: ['a@example.com'], cc: [], subject: 'sealed works', text: 'hi' });
      expect(mailbox.mails.at(-1)?.subject).toBe('sealed works');
      const wrong = createSmtpMailer({ smtpUrl: mailbox.url.replace('smtp://', 'smtp://mailer@'), smtpPassword: 'not-the-password', smtpFrom: 'v@example.com' }, box)!;
      await expect(wrong.send({ to: ['a@example.com'], cc: [], subject: 'x', text: 'x' })).rejects.toMatchObject({ code: 'EAUTH' });
    } finally {
      await mailbox.close();
    }

    // A server whose SMTP URL carries a password, sending to a port where nothing listens: the
    // failure is logged and stored as the job's last error, the password in neither.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const lines: string[] = [];
    const server = await start({ smtpUrl: `smtp://mailer:s3cret-Url-Passw0rd@127.0.0.1:${port}`, schedulerIntervalMs: 20 }, lines);
    server.ctx.log.info({ config: server.ctx.config }, 'config as a careless caller might log it');
    server.ctx.log.error({ err: new Error(`connect failed to smtp://mailer:s3cret-Url-Passw0rd@127.0.0.1:${port}`) }, 'an error quoting the URL');
    expect(lines.join('')).toContain('the SMTP password is configured in clear');
    expect(lines.join('')).not.toContain('s3cret-Url-Passw0rd');
    expect(redactSecrets('smtps://u:p@host:465 and vrt_abcdefghijklmnopqrstuvwxyz0123')).toBe('smtps://[redacted]@host:465 and [redacted]');
  });

  it('rotates the master key: secrets sealed under the previous (or a legacy unprefixed) key are sealed again at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'verity-rotate-'));
    dirs.push(dataDir);
    const raw = 'q3Yx1oZxY0m1M8m2q0b9w6n0b1j5c4u7a2d9k8s3f6E=';
    const run = async (masterKey: string, masterKeyPrevious?: string) => {
      const lines: string[] = [];
      const sink = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString('utf8')); done(); } });
      const server = await startServer({ env: {}, config: { dataDir, port: 0, masterKey, ...(masterKeyPrevious ? { masterKeyPrevious } : {}) }, logger: pino(serverLoggerOptions('info'), sink) });
      const fingerprint = server.ctx.deviceCa.fingerprint256;
      await server.close();
      return { fingerprint, log: lines.join('') };
    };
    // Sealed by an earlier version that took the unprefixed base64 key as raw bytes (as `base64:` does now).
    const first = await run(`base64:${raw}`);
    const legacy = await run(raw);
    expect(legacy.fingerprint).toBe(first.fingerprint);
    expect(legacy.log).toContain('sealed again under the current one');
    expect((await run(raw)).log).not.toContain('sealed again');
    // Rotation: the new key with the previous one, then the new key alone; the old key no longer opens anything.
    const newKey = 'the new master key after rotation, a long passphrase';
    expect((await run(newKey, raw)).fingerprint).toBe(first.fingerprint);
    expect((await run(newKey)).fingerprint).toBe(first.fingerprint);
    await expect(run(raw)).rejects.toMatchObject({ code: 'VERITY_CRYPTO_DECRYPT_FAILED' });
  });
});
