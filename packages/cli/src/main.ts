import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { defaultProfilePath, readProfile } from './profile.js';
import { ApiError, createApiClient } from './api-client.js';
import { printJson, printTable } from './output.js';
import { ImportUsageError, registerImportCommand } from './import-command.js';
import { registerWhatIfCommand } from './whatif-command.js';
import { registerComplianceCommand } from './compliance-command.js';
import { registerConditionalAccessCommand } from './ca-command.js';
import { registerDeviceSetCommand } from './device-set-command.js';
import { printDuplicates } from './device-duplicates-output.js';
import { formatDeviceShow, type DeviceDetail } from './device-show-output.js';
import { registerTenantsCommand } from './tenants-command.js';
import { registerEffectivePolicyCommand } from './effective-policy-command.js';
import { registerOidcClientsCommand } from './oidc-clients-command.js';
import { registerAppsCommand } from './apps-command.js';
import { registerGatewayCommand } from './gateway-command.js';
import { printDeviceCommands, type DeviceCommandRow } from './device-commands-output.js';
import { registerSecretsCommand } from './secrets-command.js';
import { registerAuditCommand } from './audit-command.js';

const program = new Command();
program.name('verity').description('Verity admin CLI: run the control plane and manage devices, policies and the audit log.').version('0.1.0');
program.option('--profile <path>', 'CLI profile (server URL, admin token, CA)', defaultProfilePath());

function profile() {
  const path = program.opts<{ profile: string }>().profile;
  const found = readProfile(path);
  if (!found) throw new Error(`No CLI profile at ${path}. Start the server with "npm start" (writes it) or set VERITY_PROFILE.`);
  return found;
}

function client() {
  return createApiClient(profile());
}

type Page = { items: Record<string, unknown>[]; nextCursor?: string | null };

program.command('serve').description('Run the control plane (SQLite in the data dir unless VERITY_DATABASE_URL is set).')
  .option('--demo', 'seed a demo tenant and write the CLI profile on first start')
  .option('--data-dir <dir>', 'data directory (default ./data or VERITY_DATA_DIR)')
  .option('--port <port>', 'TCP port (default 8443 or VERITY_PORT)')
  .option('--host <host>', 'listen address (default 127.0.0.1 or VERITY_HOST)')
  // Imported lazily: the admin commands should not pay for loading the whole server.
  .action(async (o) => (await import('./serve-command.js')).serve({ ...o, profile: program.opts<{ profile: string }>().profile }));

const enrollment = program.command('enrollment').description('Corporate enrollment profiles and tokens.');
enrollment.command('create').description('Create a profile; prints its token and the agent command line.')
  .requiredOption('--name <name>', 'profile name')
  .option('--group-tag <tag>', 'group tag given to enrolled devices')
  .option('--target-group <id...>', 'static device groups enrolled devices join')
  .option('--max-uses <n>', 'how many devices may use the token')
  .option('--expires-in-hours <n>', 'token lifetime in hours', '168')
  .option('--scope-tag <tag...>', 'scope tags given to enrolled devices')
  .option('--json', 'print JSON')
  .action(async (o) => {
    const api = client();
    const res = await api.call<Record<string, unknown>>('POST', '/api/v1/enrollment-profiles', {
      name: o.name, ...(o.groupTag ? { groupTag: o.groupTag } : {}), targetGroupIds: o.targetGroup ?? [], maxUses: o.maxUses ? Number(o.maxUses) : null,
      expiresInHours: Number(o.expiresInHours), scopeTags: o.scopeTag ?? [],
    });
    if (o.json) printJson(res);
    else {
      console.log(`Enrollment profile ${String(res.id)} (${String(res.name)}), expires ${String(res.expiresAt)}, max uses ${String(res.maxUses ?? 'unlimited')}`);
      console.log(`Token (shown once): ${String(res.token)}`);
      console.log('Enroll a device with:');
      console.log(`  ${String(res.agentCommand)}`);
    }
    api.close();
  });
enrollment.command('list').description('List enrollment profiles: uses, limits, expiry, revocation.').option('--json', 'print JSON').action(async (o) => {
  const api = client();
  const res = await api.call<Page>('GET', '/api/v1/enrollment-profiles');
  if (o.json) printJson(res.items); else printTable(res.items, ['id', 'name', 'groupTag', 'uses', 'maxUses', 'expiresAt', 'revokedAt']);
  api.close();
});

const devices = program.command('devices').description('The device inventory.');
devices.command('list').description('List devices.')
  .option('--platform <p>', 'windows | macos | linux | ios | android').option('--ownership <o>', 'corporate | personal').option('--join-type <j>', 'joined | registered')
  .option('--status <s>', 'active | revoked | retired').option('--compliance <state>', 'compliant | noncompliant | inGracePeriod | unknown ...')
  .option('--group <id>', 'members of this device group').option('--search <text>', 'part of the name, hostname or serial number')
  .option('--sort <field>', 'displayName|lastCheckinAt|enrolledAt|osVersion|platform').option('--desc', 'sort descending').option('--limit <n>', 'devices per page (1-500)')
  .option('--all', 'follow pagination to the end')
  .option('--duplicates', 'only machines with more than one active record (same firmware UUID or machine-id), grouped')
  .option('--json', 'print JSON')
  .action(async (o) => {
    const api = client();
    if (o.duplicates) { await printDuplicates(api, o.json === true); api.close(); return; }
    const q = new URLSearchParams();
    const set = (k: string, v: unknown) => { if (v !== undefined) q.set(k, String(v)); };
    set('platform', o.platform); set('ownership', o.ownership); set('joinType', o.joinType); set('status', o.status); set('complianceState', o.compliance);
    set('groupId', o.group); set('search', o.search); set('sort', o.sort); if (o.desc) q.set('order', 'desc'); set('limit', o.limit);
    const items: Record<string, unknown>[] = [];
    for (;;) {
      const page = await api.call<Page>('GET', `/api/v1/devices?${q}`);
      items.push(...page.items);
      if (!o.all || !page.nextCursor) break;
      q.set('cursor', page.nextCursor);
    }
    if (o.json) printJson(items); else printTable(items, ['id', 'displayName', 'platform', 'osVersion', 'ownership', 'joinType', 'status', 'complianceState', 'lastCheckinAt']);
    api.close();
  });
devices.command('show <id>').description('One device: inventory, every posture fact with where it came from, certificates, commands and their results, compliance.')
  .option('--json', 'print JSON').action(async (id: string, o) => {
    const api = client();
    const d = await api.call<DeviceDetail>('GET', `/api/v1/devices/${encodeURIComponent(id)}`);
    const commands = await api.call<{ items: DeviceCommandRow[] }>('GET', `/api/v1/devices/${encodeURIComponent(id)}/commands`);
    if (o.json) printJson({ ...d, commands: commands.items });
    else {
      for (const line of formatDeviceShow(d)) console.log(line);
      printDeviceCommands(commands.items);
    }
    api.close();
  });
const DEVICE_ACTIONS = {
  revoke: 'Revoke a device: its certificates stop working at once (the agent exits with code 3); the record stays.',
  retire: 'Retire a device: revoke its identity and mark it retired (kept in the inventory for audit).',
  lock: 'Queue a remote lock; the agent locks the screen at its next check-in.',
} as const;
for (const action of ['revoke', 'retire', 'lock'] as const) {
  devices.command(`${action} <id>`).description(DEVICE_ACTIONS[action]).option('--reason <text>', 'why (kept in the audit log)').option('--json', 'print JSON').action(async (id: string, o) => {
    const api = client();
    const res = await api.call<Record<string, unknown>>('POST', `/api/v1/devices/${encodeURIComponent(id)}/${action}`, o.reason ? { reason: o.reason } : {});
    if (o.json) printJson(res); else console.log(`${action}: ${JSON.stringify(res)}`);
    api.close();
  });
}
devices.command('delete <id>').description('Delete a device and its history from the inventory (retire keeps it).').action(async (id: string) => {
  const api = client();
  await api.call('DELETE', `/api/v1/devices/${encodeURIComponent(id)}`);
  console.log(`deleted ${id}`);
  api.close();
});
devices.command('stale').description('Active devices with no check-in for a number of days.').option('--days <n>', 'days without check-in', '30').option('--json', 'print JSON').action(async (o) => {
  const api = client();
  const res = await api.call<Page>('GET', `/api/v1/devices/stale?days=${Number(o.days)}`);
  if (o.json) printJson(res.items); else printTable(res.items, ['id', 'displayName', 'platform', 'lastCheckinAt']);
  api.close();
});

const users = program.command('users').description('Users of the tenant.');
users.command('list').description('List users.').option('--json', 'print JSON').action(async (o) => {
  const api = client();
  const res = await api.call<Page>('GET', '/api/v1/users');
  if (o.json) printJson(res.items); else printTable(res.items, ['id', 'userPrincipalName', 'displayName', 'status', 'department']);
  api.close();
});
users.command('create').description('Create a user (a member, or with --guest an external guest; with a password read from stdin, to sign in to the portal and register devices).')
  .requiredOption('--upn <upn>', 'user principal name, e.g. alice@contoso.example').requiredOption('--name <displayName>', 'display name')
  .option('--password-stdin', 'read the password from stdin').option('--department <d>', 'department (dynamic groups can use it)')
  .option('--guest', 'an external guest (userType guest: conditional access guest conditions apply)').option('--json', 'print JSON')
  .action(async (o) => {
    const api = client();
    const password = o.passwordStdin ? readFileSync(0, 'utf8').trim() : undefined;
    const res = await api.call<Record<string, unknown>>('POST', '/api/v1/users', { userPrincipalName: o.upn, displayName: o.name, ...(password ? { password } : {}), ...(o.department ? { department: o.department } : {}), ...(o.guest ? { userType: 'guest' } : {}) });
    if (o.json) printJson(res); else console.log(`created user ${String(res.id)} ${String(res.userPrincipalName)}`);
    api.close();
  });

const groups = program.command('groups').description('Static and dynamic groups.');
groups.command('list').description('List groups.').option('--json', 'print JSON').action(async (o) => {
  const api = client();
  const res = await api.call<Page>('GET', '/api/v1/groups');
  if (o.json) printJson(res.items); else printTable(res.items, ['id', 'displayName', 'memberKind', 'membershipType', 'membershipRule']);
  api.close();
});
groups.command('create').description('Create a static group, or a dynamic one with --rule.')
  .requiredOption('--name <displayName>', 'display name').requiredOption('--kind <user|device>', 'whether members are users or devices')
  .option('--rule <rule>', 'dynamic membership rule').option('--json', 'print JSON')
  .action(async (o) => {
    const api = client();
    const res = await api.call<Record<string, unknown>>('POST', '/api/v1/groups', { displayName: o.name, memberKind: o.kind, membershipType: o.rule ? 'dynamic' : 'static', ...(o.rule ? { membershipRule: o.rule } : {}) });
    if (o.json) printJson(res); else console.log(`created group ${String(res.id)}`);
    api.close();
  });

groups.command('add-member <groupId> <memberId>').description('Add a user or device to a static group.').action(async (groupId: string, memberId: string) => {
  const api = client();
  await api.call('PUT', `/api/v1/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(memberId)}`);
  console.log(`added ${memberId} to ${groupId}`);
  api.close();
});

registerImportCommand(program, client);
registerWhatIfCommand(program, client);
registerComplianceCommand(program, client);
registerConditionalAccessCommand(program, client);
registerDeviceSetCommand(devices, client);
registerTenantsCommand(program, () => program.opts<{ profile: string }>().profile);
registerEffectivePolicyCommand(users, client);
registerOidcClientsCommand(program, client);
registerAppsCommand(program, client);
registerGatewayCommand(program, client, () => program.opts<{ profile: string }>().profile);
registerSecretsCommand(program);
registerAuditCommand(program, client);

/** The `verity` command tree (tests walk it: every command and option has a description). */
export { program };

/** Run the CLI on `argv` (bin/verity.mjs); a failure prints its message and sets exit code 1 (2 for a usage error). */
export async function runCli(argv: readonly string[]): Promise<void> {
  await program.parseAsync([...argv]).catch((err: unknown) => {
    if (err instanceof ApiError) console.error(err.message);
    else console.error(err instanceof Error ? err.message : String(err));
    // A usage error (a path that does not exist, a folder with nothing to import) is told apart from a failed run.
    process.exitCode = err instanceof ImportUsageError ? 2 : 1;
  });
}
