import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { defaultProfilePath, readProfile } from './profile.js';
import { ApiError, createApiClient } from './api-client.js';
import { printJson, printTable } from './output.js';
import { registerImportCommand } from './import-command.js';
import { registerWhatIfCommand } from './whatif-command.js';
import { registerComplianceCommand } from './compliance-command.js';
import { printDeviceCommands, type DeviceCommandRow } from './device-commands-output.js';
import { registerSecretsCommand } from './secrets-command.js';
import { registerAuditCommand } from './audit-command.js';

const program = new Command();
program.name('verity').description('Verity admin CLI: run the control plane and manage devices, policies and the audit log.').version('0.1.0');
program.option('--profile <path>', 'CLI profile (server URL, admin token, CA)', defaultProfilePath());

function client() {
  const path = program.opts<{ profile: string }>().profile;
  const profile = readProfile(path);
  if (!profile) throw new Error(`No CLI profile at ${path}. Start the server with "npm start" (writes it) or set VERITY_PROFILE.`);
  return createApiClient(profile);
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
enrollment.command('list').option('--json', 'print JSON').action(async (o) => {
  const api = client();
  const res = await api.call<Page>('GET', '/api/v1/enrollment-profiles');
  if (o.json) printJson(res.items); else printTable(res.items, ['id', 'name', 'groupTag', 'uses', 'maxUses', 'expiresAt', 'revokedAt']);
  api.close();
});

const devices = program.command('devices').description('The device inventory.');
devices.command('list').description('List devices.')
  .option('--platform <p>').option('--ownership <o>').option('--join-type <j>').option('--status <s>').option('--compliance <state>')
  .option('--group <id>').option('--search <text>').option('--sort <field>', 'displayName|lastCheckinAt|enrolledAt|osVersion|platform').option('--desc').option('--limit <n>')
  .option('--all', 'follow pagination to the end').option('--json', 'print JSON')
  .action(async (o) => {
    const api = client();
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
devices.command('show <id>').option('--json', 'print JSON').action(async (id: string, o) => {
  const api = client();
  const d = await api.call<Record<string, unknown>>('GET', `/api/v1/devices/${encodeURIComponent(id)}`);
  const commands = await api.call<{ items: DeviceCommandRow[] }>('GET', `/api/v1/devices/${encodeURIComponent(id)}/commands`);
  if (o.json) printJson({ ...d, commands: commands.items });
  else {
    const { posture, certificates, compliance, ...rest } = d as { posture?: { report?: { facts?: Record<string, { state: string; value?: unknown; reason?: string }> }; receivedAt?: string }; certificates?: Record<string, unknown>[]; compliance?: unknown };
    for (const [k, v] of Object.entries(rest)) console.log(`${k.padEnd(20)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    console.log(`\nPosture (received ${posture?.receivedAt ?? 'never'}):`);
    for (const [k, f] of Object.entries(posture?.report?.facts ?? {})) console.log(`  ${k.padEnd(28)} ${f.state === 'known' ? JSON.stringify(f.value) : `unknown (${f.reason})`}`);
    console.log('\nCertificates:'); printTable(certificates ?? [], ['serial', 'status', 'notBefore', 'notAfter']);
    printDeviceCommands(commands.items);
    if (compliance) console.log(`\nCompliance: ${JSON.stringify(compliance)}`);
  }
  api.close();
});
for (const action of ['revoke', 'retire', 'lock'] as const) {
  devices.command(`${action} <id>`).option('--reason <text>').option('--json').action(async (id: string, o) => {
    const api = client();
    const res = await api.call<Record<string, unknown>>('POST', `/api/v1/devices/${encodeURIComponent(id)}/${action}`, o.reason ? { reason: o.reason } : {});
    if (o.json) printJson(res); else console.log(`${action}: ${JSON.stringify(res)}`);
    api.close();
  });
}
devices.command('delete <id>').action(async (id: string) => {
  const api = client();
  await api.call('DELETE', `/api/v1/devices/${encodeURIComponent(id)}`);
  console.log(`deleted ${id}`);
  api.close();
});
devices.command('stale').option('--days <n>', 'days without check-in', '30').option('--json').action(async (o) => {
  const api = client();
  const res = await api.call<Page>('GET', `/api/v1/devices/stale?days=${Number(o.days)}`);
  if (o.json) printJson(res.items); else printTable(res.items, ['id', 'displayName', 'platform', 'lastCheckinAt']);
  api.close();
});

const users = program.command('users').description('Users of the tenant.');
users.command('list').option('--json').action(async (o) => {
  const api = client();
  const res = await api.call<Page>('GET', '/api/v1/users');
  if (o.json) printJson(res.items); else printTable(res.items, ['id', 'userPrincipalName', 'displayName', 'status', 'department']);
  api.close();
});
users.command('create').requiredOption('--upn <upn>').requiredOption('--name <displayName>').option('--password-stdin', 'read the password from stdin').option('--department <d>').option('--json')
  .action(async (o) => {
    const api = client();
    const password = o.passwordStdin ? readFileSync(0, 'utf8').trim() : undefined;
    const res = await api.call<Record<string, unknown>>('POST', '/api/v1/users', { userPrincipalName: o.upn, displayName: o.name, ...(password ? { password } : {}), ...(o.department ? { department: o.department } : {}) });
    if (o.json) printJson(res); else console.log(`created user ${String(res.id)} ${String(res.userPrincipalName)}`);
    api.close();
  });

const groups = program.command('groups').description('Static and dynamic groups.');
groups.command('list').option('--json').action(async (o) => {
  const api = client();
  const res = await api.call<Page>('GET', '/api/v1/groups');
  if (o.json) printJson(res.items); else printTable(res.items, ['id', 'displayName', 'memberKind', 'membershipType', 'membershipRule']);
  api.close();
});
groups.command('create').requiredOption('--name <displayName>').requiredOption('--kind <user|device>').option('--rule <rule>', 'dynamic membership rule').option('--json')
  .action(async (o) => {
    const api = client();
    const res = await api.call<Record<string, unknown>>('POST', '/api/v1/groups', { displayName: o.name, memberKind: o.kind, membershipType: o.rule ? 'dynamic' : 'static', ...(o.rule ? { membershipRule: o.rule } : {}) });
    if (o.json) printJson(res); else console.log(`created group ${String(res.id)}`);
    api.close();
  });

registerImportCommand(program, client);
registerWhatIfCommand(program, client);
registerComplianceCommand(program, client);
registerSecretsCommand(program);
registerAuditCommand(program, client);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ApiError) console.error(err.message);
  else console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
