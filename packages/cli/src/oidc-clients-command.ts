import type { Command } from 'commander';
import { printJson, printTable } from './output.js';

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface ClientView { clientId: string; displayName: string; appId: string; redirectUris: string[]; public: boolean; issuer: string; discoveryUrl: string; clientSecret?: string }

/** `verity oidc-clients …`: register the apps that sign users in with Verity (OpenID Connect), and rotate the signing key. */
export function registerOidcClientsCommand(program: Command, client: () => Api): void {
  const c = program.command('oidc-clients').description('OpenID Connect clients (apps that sign users in with Verity) and the token signing key.');
  const run = async (fn: (api: Api) => Promise<void>) => {
    const api = client();
    try { await fn(api); } finally { api.close(); }
  };
  c.command('list').description('List the registered clients.').option('--json', 'print JSON').action((o: { json?: boolean }) => run(async (api) => {
    const res = await api.call<{ items: ClientView[] }>('GET', '/api/v1/oidc-clients');
    if (o.json) printJson(res.items); else printTable(res.items as unknown as Record<string, unknown>[], ['clientId', 'displayName', 'appId', 'public', 'redirectUris']);
  }));
  c.command('create').description('Register a client; prints the issuer, the client id and (confidential clients) the secret, shown once.')
    .requiredOption('--name <displayName>', 'name shown on the sign-in page')
    .requiredOption('--redirect-uri <uri>', 'allowed redirect URI (repeatable; https, or http on loopback)', collect)
    .option('--post-logout-redirect-uri <uri>', 'allowed post-logout redirect URI (repeatable)', collect)
    .option('--app-id <appId>', 'the app id conditional access policies target (default: the client id)')
    .option('--public', 'a public client (SPA or native app): no secret, PKCE only')
    .option('--json', 'print JSON')
    .action((o: { name: string; redirectUri: string[]; postLogoutRedirectUri?: string[]; appId?: string; public?: boolean; json?: boolean }) => run(async (api) => {
      const res = await api.call<ClientView>('POST', '/api/v1/oidc-clients', {
        displayName: o.name, redirectUris: o.redirectUri, postLogoutRedirectUris: o.postLogoutRedirectUri ?? [], ...(o.appId ? { appId: o.appId } : {}), public: o.public === true,
      });
      if (o.json) { printJson(res); return; }
      console.log(`Client ${res.clientId} (${res.displayName}), app id ${res.appId}`);
      console.log(`Issuer:    ${res.issuer}`);
      console.log(`Discovery: ${res.discoveryUrl}`);
      if (res.clientSecret) console.log(`Secret (shown once): ${res.clientSecret}`);
    }));
  c.command('show <clientId>').description('Show a client (never its secret).').option('--json', 'print JSON').action((id: string, o: { json?: boolean }) => run(async (api) => {
    const res = await api.call<ClientView>('GET', `/api/v1/oidc-clients/${encodeURIComponent(id)}`);
    if (o.json) printJson(res); else for (const [k, v] of Object.entries(res)) console.log(`${k.padEnd(16)} ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  }));
  c.command('rotate-secret <clientId>').description('Replace a confidential client\'s secret; prints the new one once.').action((id: string) => run(async (api) => {
    const res = await api.call<{ clientSecret: string }>('POST', `/api/v1/oidc-clients/${encodeURIComponent(id)}/secret`);
    console.log(`New secret (shown once): ${res.clientSecret}`);
  }));
  c.command('delete <clientId>').description('Delete a client; its tokens stop working.').action((id: string) => run(async (api) => {
    await api.call('DELETE', `/api/v1/oidc-clients/${encodeURIComponent(id)}`);
    console.log(`deleted ${id}`);
  }));
  c.command('rotate-signing-key').description('Rotate the tenant\'s token signing key (the previous key stays published for a day).').action(() => run(async (api) => {
    const res = await api.call<{ kid: string }>('POST', '/api/v1/oidc/signing-keys/rotate');
    console.log(`new signing key ${res.kid}`);
  }));
}
