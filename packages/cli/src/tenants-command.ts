import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createApiClient } from './api-client.js';
import { printJson, printTable } from './output.js';
import { readProfile, writeProfile, type CliProfile } from './profile.js';

interface TenantView { id: string; name: string; domain: string; status: string; createdAt: string; disabledAt: string | null }
interface CreatedTenant { tenant: TenantView; firstAdmin: { userPrincipalName: string; password: string }; adminToken: string; adminTokenExpiresAt: string }

/**
 * The operator credential, from (first found) --operator-token-file, VERITY_OPERATOR_TOKEN or the
 * profile's `operatorToken`; never from the command line itself (it would land in shell history).
 */
export function operatorToken(options: { operatorTokenFile?: string }, env: NodeJS.ProcessEnv, profile: CliProfile): { token: string; from: 'file' | 'env' | 'profile' } {
  if (options.operatorTokenFile) return { token: readFileSync(options.operatorTokenFile, 'utf8').trim(), from: 'file' };
  if (env.VERITY_OPERATOR_TOKEN) return { token: env.VERITY_OPERATOR_TOKEN.trim(), from: 'env' };
  if (profile.operatorToken) return { token: profile.operatorToken, from: 'profile' };
  throw new Error('No operator credential: the server wrote it to <data dir>/operator.token on first start; pass --operator-token-file, or set VERITY_OPERATOR_TOKEN.');
}

/** The lines `verity tenants create` prints: what the new tenant's first admin needs, once. */
export function formatCreatedTenant(r: CreatedTenant): string[] {
  return [
    `Created tenant ${r.tenant.domain} (${r.tenant.id}), "${r.tenant.name}".`,
    'Hand these to the tenant\'s first admin (shown once, stored only as hashes):',
    `  first admin:   ${r.firstAdmin.userPrincipalName}`,
    `  password:      ${r.firstAdmin.password}`,
    `  admin token:   ${r.adminToken}`,
    `  token expires: ${r.adminTokenExpiresAt} (sign in and create a lasting token before then)`,
  ];
}

/** `verity tenants create|list|disable|enable` and `verity operator rotate-token`: the operator's commands. */
export function registerTenantsCommand(program: Command, profilePath: () => string): void {
  const profile = (): CliProfile => {
    const found = readProfile(profilePath());
    if (!found) throw new Error(`No CLI profile at ${profilePath()}: it names the server and its CA (npm start writes it).`);
    return found;
  };
  const tenants = program.command('tenants').description('Tenants of this installation (needs the operator credential, not a tenant admin token).')
    .option('--operator-token-file <file>', 'file holding the operator credential (default: VERITY_OPERATOR_TOKEN, then the CLI profile)');
  const operatorApi = (cmd: Command) => {
    const p = profile();
    const credential = operatorToken(cmd.optsWithGlobals<{ operatorTokenFile?: string }>(), process.env, p);
    return Object.assign(createApiClient({ ...p, token: credential.token }), { credentialFrom: credential.from, profile: p });
  };

  tenants.command('create').description('Create a tenant with its first global admin; prints the admin password and a short-lived admin token once.')
    .requiredOption('--domain <domain>', 'the tenant\'s domain (users sign in with it), e.g. contoso.example')
    .requiredOption('--name <name>', 'display name of the tenant')
    .option('--admin <upn>', 'the first admin\'s user principal name (default admin@<domain>)')
    .option('--token-hours <n>', 'how long the printed admin token works (1-168)', '24')
    .option('--json', 'print JSON')
    .action(async (o: { domain: string; name: string; admin?: string; tokenHours: string; json?: boolean }, cmd: Command) => {
      const api = operatorApi(cmd);
      try {
        const res = await api.call<CreatedTenant>('POST', '/api/v1/operator/tenants', {
          domain: o.domain, name: o.name, adminTokenHours: Number(o.tokenHours), ...(o.admin ? { adminUserPrincipalName: o.admin } : {}),
        });
        if (o.json) printJson(res);
        else for (const line of formatCreatedTenant(res)) console.log(line);
      } finally {
        api.close();
      }
    });

  tenants.command('list').description('List tenants with their status.').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const api = operatorApi(cmd);
      try {
        const res = await api.call<{ items: TenantView[] }>('GET', '/api/v1/operator/tenants');
        if (o.json) printJson(res.items);
        else printTable(res.items as unknown as Record<string, unknown>[], ['id', 'domain', 'name', 'status', 'createdAt', 'disabledAt']);
      } finally {
        api.close();
      }
    });

  for (const action of ['disable', 'enable'] as const) {
    const c = tenants.command(`${action} <tenant>`)
      .description(action === 'disable'
        ? 'Disable a tenant (id or domain): its admins, users and devices are refused with VERITY_TENANT_DISABLED; nothing is deleted.'
        : 'Enable a disabled tenant again (id or domain).');
    if (action === 'disable') c.option('--reason <text>', 'why (kept in the tenant\'s audit log)');
    c.option('--json', 'print JSON').action(async (ref: string, o: { reason?: string; json?: boolean }, cmd: Command) => {
      const api = operatorApi(cmd);
      try {
        const res = await api.call<TenantView>('POST', `/api/v1/operator/tenants/${encodeURIComponent(ref)}/${action}`, o.reason ? { reason: o.reason } : {});
        if (o.json) printJson(res);
        else console.log(`Tenant ${res.domain} (${res.id}) is ${res.status}.`);
      } finally {
        api.close();
      }
    });
  }

  const operator = program.command('operator').description('The operator credential itself.')
    .option('--operator-token-file <file>', 'file holding the operator credential (default: VERITY_OPERATOR_TOKEN, then the CLI profile)');
  operator.command('rotate-token').description('Replace the operator credential: prints the new one once; the old one stops working at once.')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const api = operatorApi(cmd);
      try {
        const res = await api.call<{ id: string; token: string }>('POST', '/api/v1/operator/credentials/rotate');
        // The profile held the old one: keep it working (the profile is 0600, as it was).
        if (api.credentialFrom === 'profile') writeProfile(profilePath(), { ...api.profile, operatorToken: res.token });
        if (o.json) printJson(res);
        else console.log(`New operator credential (shown once; the old one no longer works${api.credentialFrom === 'profile' ? '; saved in the CLI profile' : ''}): ${res.token}`);
      } finally {
        api.close();
      }
    });
}
