import type { Command } from 'commander';
import { printJson, printTable } from './output.js';

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The PATCH body for `verity apps update` (only what was given). */
export function appPatchBody(o: { name?: string; appId?: string; host?: string[]; path?: string; upstream?: string; enable?: boolean; disable?: boolean }): Record<string, unknown> {
  return {
    ...(o.name ? { displayName: o.name } : {}), ...(o.appId ? { appId: o.appId } : {}), ...(o.host ? { hosts: o.host } : {}),
    ...(o.path ? { pathPrefix: o.path } : {}), ...(o.upstream ? { upstreamUrl: o.upstream } : {}),
    ...(o.enable ? { enabled: true } : {}), ...(o.disable ? { enabled: false } : {}),
  };
}

/** `verity apps ...`: the apps the identity-aware gateway protects (`/api/v1/apps`). */
export function registerAppsCommand(program: Command, client: () => Api): void {
  const apps = program.command('apps').description('Apps behind the identity-aware gateway: host and path routes, upstream URL, the app id policies name.');
  const columns = ['id', 'displayName', 'appId', 'hosts', 'pathPrefix', 'upstreamUrl', 'enabled'];
  apps.command('list').description('List the apps.').option('--json', 'print JSON').action(async (o: { json?: boolean }) => {
    const api = client();
    const res = await api.call<{ items: Record<string, unknown>[] }>('GET', '/api/v1/apps');
    if (o.json) printJson(res.items); else printTable(res.items, columns);
    api.close();
  });
  apps.command('create').description('Put an app behind the gateway.')
    .requiredOption('--name <displayName>', 'display name')
    .requiredOption('--app-id <id>', 'the application id conditional access policies name (includeApplications)')
    .requiredOption('--host <host>', 'a host name the app answers on (repeatable)', collect)
    .option('--path <prefix>', 'path prefix routed to the app', '/')
    .requiredOption('--upstream <url>', 'where the gateway forwards granted requests (http:// or https://)')
    .option('--disabled', 'create it disabled (not routed)')
    .option('--json', 'print JSON')
    .action(async (o: { name: string; appId: string; host: string[]; path: string; upstream: string; disabled?: boolean; json?: boolean }) => {
      const api = client();
      const res = await api.call<Record<string, unknown>>('POST', '/api/v1/apps', { displayName: o.name, appId: o.appId, hosts: o.host, pathPrefix: o.path, upstreamUrl: o.upstream, enabled: !o.disabled });
      if (o.json) printJson(res); else console.log(`created app ${String(res.id)}: ${o.host.join(', ')}${String(res.pathPrefix)} -> ${o.upstream} (app id ${o.appId})`);
      api.close();
    });
  apps.command('show <id>').description('Show an app.').option('--json', 'print JSON').action(async (id: string, o: { json?: boolean }) => {
    const api = client();
    const res = await api.call<Record<string, unknown>>('GET', `/api/v1/apps/${encodeURIComponent(id)}`);
    if (o.json) printJson(res); else printTable([res], columns);
    api.close();
  });
  apps.command('update <id>').description('Change an app.')
    .option('--name <displayName>', 'display name').option('--app-id <id>', 'application id').option('--host <host>', 'replace the hosts (repeatable)', collect)
    .option('--path <prefix>', 'path prefix').option('--upstream <url>', 'upstream URL').option('--enable', 'route it').option('--disable', 'stop routing it').option('--json', 'print JSON')
    .action(async (id: string, o: Parameters<typeof appPatchBody>[0] & { json?: boolean }) => {
      const api = client();
      const res = await api.call<Record<string, unknown>>('PATCH', `/api/v1/apps/${encodeURIComponent(id)}`, appPatchBody(o));
      if (o.json) printJson(res); else printTable([res], columns);
      api.close();
    });
  apps.command('delete <id>').description('Remove an app from the gateway.').action(async (id: string) => {
    const api = client();
    await api.call('DELETE', `/api/v1/apps/${encodeURIComponent(id)}`);
    console.log(`deleted app ${id}`);
    api.close();
  });
}
