import { startServer, createTenantWithAdmin, hashBearerSecret, issueBootstrapToken } from '@verity/server';
import { defaultProfilePath, readProfile, writeProfile } from './profile.js';

const DEMO_DOMAIN = 'demo.verity.local';

export interface ServeOptions { demo?: boolean; dataDir?: string; port?: string; host?: string; profile?: string }

/** `verity serve`: run the control plane until SIGINT/SIGTERM; with --demo, seed a demo tenant on first start. */
export async function serve(opts: ServeOptions): Promise<void> {
  const server = await startServer({
    config: {
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.port ? { port: Number(opts.port) } : {}),
      ...(opts.host ? { host: opts.host } : {}),
    },
  });
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`Verity control plane: ${server.url}  (store: ${server.ctx.store.dialect})`);
  out(`Web console:          ${server.url}/   (end-user portal: ${server.url}/portal)`);
  if (opts.demo && (await server.ctx.store.tenants.list({ limit: 1 })).length === 0) {
    const t = await createTenantWithAdmin(server.ctx, { name: 'Demo', domain: DEMO_DOMAIN });
    const profilePath = opts.profile ?? defaultProfilePath();
    writeProfile(profilePath, { server: server.url, token: t.adminToken, caCertificate: server.ctx.deviceCa.certPem, ...(server.operatorCredential ? { operatorToken: server.operatorCredential.token } : {}) });
    out('');
    out('Seeded the demo tenant (shown once, keep it safe):');
    out(`  tenant:         ${t.domain}  (${t.tenantId})`);
    out(`  first admin:    ${t.adminUserPrincipalName}`);
    out(`  password:       ${t.adminPassword}`);
    out(`  admin token:    ${t.adminToken}  (expires ${t.adminTokenExpiresAt}; restart with --demo for a new one)`);
    out(`  CLI profile:    ${profilePath} (mode 0600; the verity CLI uses it)`);
    if (server.operatorCredential) out(`  operator token: ${server.operatorCredential.file} (manages tenants: verity tenants list; also in the CLI profile)`);
    out(`  console:        ${server.url}/  sign in with organization ${t.domain}, the first admin and the password above`);
    out('');
    out('Next: npm run verity -- enrollment create --name laptops   (prints the agent command line)');
  } else if (server.operatorCredential) {
    out(`Operator credential (creates and disables tenants) written to ${server.operatorCredential.file} (0600); move it to a secret store.`);
  } else if (opts.demo) {
    // The bootstrap token is short-lived: when the profile's has expired, the demo hands the CLI a fresh one.
    const profilePath = opts.profile ?? defaultProfilePath();
    const profile = readProfile(profilePath);
    const token = profile ? await server.ctx.store.apiTokens.findByHash(hashBearerSecret(profile.token)) : undefined;
    const valid = token !== undefined && !token.revokedAt && (!token.expiresAt || token.expiresAt > server.ctx.now().toISOString());
    const demo = await server.ctx.store.tenants.findByDomain(DEMO_DOMAIN);
    if (!valid && demo) {
      const fresh = await issueBootstrapToken(server.ctx, demo.id);
      writeProfile(profilePath, { server: server.url, token: fresh.token, caCertificate: server.ctx.deviceCa.certPem });
      out(`Existing data in ${server.ctx.config.dataDir}; the CLI profile got a new admin token (expires ${fresh.expiresAt}).`);
    } else {
      out(`Existing data in ${server.ctx.config.dataDir}; the CLI profile written at first start still works.`);
    }
  }
  const stop = async (signal: string) => {
    server.ctx.log.info({ signal }, 'shutting down: finishing in-flight requests');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
