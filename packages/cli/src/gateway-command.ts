import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { loadGatewayConfig, startGateway, startSampleApp, type GatewayConfig, type RunningGateway, type SampleApp } from '@verity/gateway';
import { createApiClient } from './api-client.js';
import { printJson, printTable } from './output.js';
import { readProfile, type CliProfile } from './profile.js';

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };

/** The app id the demo's sample app is published under (what a policy names to target it). */
export const DEMO_APP_ID = 'verity-sample-app';

/** A running demo: the gateway and the sample app behind it. */
export interface GatewayDemo { readonly gateway: RunningGateway; readonly app: SampleApp; close(): Promise<void> }

/**
 * The one-command demo: a gateway credential (created once, kept in the data directory), the
 * gateway on `port`, the sample app on loopback behind it, published in the control plane as
 * `verity-sample-app` on host `localhost`. Everything through the admin API, as an admin would.
 */
export async function startGatewayDemo(profile: CliProfile, options: { port: number; opsPort: number; appPort: number; dataDir: string; logger?: Logger }): Promise<GatewayDemo> {
  const api = createApiClient(profile);
  try {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const tokenFile = join(dataDir, 'gateway-token');
    if (!existsSync(tokenFile)) {
      const created = await api.call<{ token: string }>('POST', '/api/v1/api-tokens', { name: 'demo gateway', role: 'gateway' });
      writeFileSync(tokenFile, created.token, { mode: 0o600 });
    }
    const caFile = join(dataDir, 'control-plane-ca.pem');
    writeFileSync(caFile, profile.caCertificate);
    const config: GatewayConfig = loadGatewayConfig(process.env, {
      controlPlaneUrl: profile.server, token: readFileSync(tokenFile, 'utf8').trim(), controlPlaneCaFile: caFile, host: '127.0.0.1', port: options.port,
      opsPort: options.opsPort, dataDir, gatewayId: 'demo-gateway',
    });
    const gateway = await startGateway({ config, ...(options.logger ? { logger: options.logger } : {}) });
    const app = await startSampleApp({ port: options.appPort, jwks: gateway.jwks(), issuer: gateway.url, audience: DEMO_APP_ID });
    const existing = (await api.call<{ items: { id: string; appId: string }[] }>('GET', '/api/v1/apps')).items.find((a) => a.appId === DEMO_APP_ID);
    if (existing) await api.call('PATCH', `/api/v1/apps/${existing.id}`, { upstreamUrl: app.url, hosts: ['localhost'], pathPrefix: '/', enabled: true });
    else await api.call('POST', '/api/v1/apps', { displayName: 'Verity sample app', appId: DEMO_APP_ID, hosts: ['localhost'], pathPrefix: '/', upstreamUrl: app.url });
    return { gateway, app, async close() { await gateway.close(); await app.close(); } };
  } finally {
    api.close();
  }
}

function profileOrExit(path: string): CliProfile {
  const profile = readProfile(path);
  if (!profile) throw new Error(`No CLI profile at ${path}. Start the server with "npm start" (writes it) or set VERITY_PROFILE.`);
  return profile;
}

const untilSignal = (close: () => Promise<void>) => {
  const stop = async () => { await close(); process.exit(0); };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
};

/** `verity gateway ...`: run the gateway, the one-command demo, gateway credentials and the connected gateways. */
export function registerGatewayCommand(program: Command, client: () => Api, profilePath: () => string): void {
  const gw = program.command('gateway').description('The identity-aware gateway: run it, run the demo, create its credential, list connected gateways.');
  gw.command('run', { isDefault: true }).description('Run a gateway (its VERITY_GATEWAY_* environment; options override; the CLI profile supplies the control plane URL and CA).')
    .option('--token <token>', 'the gateway credential (an API token with the gateway role; default $VERITY_GATEWAY_TOKEN)')
    .option('--port <port>', 'HTTPS port (default 9443)')
    .option('--host <host>', 'listen address (default 0.0.0.0)')
    .option('--ops-port <port>', 'health, metrics and JWKS port on 127.0.0.1 (default 9444)')
    .option('--id <name>', 'the gateway\'s name in logs and the sign-in log')
    .action(async (o: { token?: string; port?: string; host?: string; opsPort?: string; id?: string }) => {
      const profile = readProfile(profilePath());
      const overrides: Partial<GatewayConfig> = {
        ...(o.token ? { token: o.token } : {}), ...(o.port ? { port: Number(o.port) } : {}), ...(o.host ? { host: o.host } : {}),
        ...(o.opsPort ? { opsPort: Number(o.opsPort) } : {}), ...(o.id ? { gatewayId: o.id } : {}),
      };
      if (profile && !process.env.VERITY_GATEWAY_CONTROL_PLANE_URL) overrides.controlPlaneUrl = profile.server;
      if (profile && !process.env.VERITY_GATEWAY_CONTROL_PLANE_CA_FILE) {
        const caFile = resolve('data/gateway/control-plane-ca.pem');
        mkdirSync(resolve('data/gateway'), { recursive: true, mode: 0o700 });
        writeFileSync(caFile, profile.caCertificate);
        overrides.controlPlaneCaFile = caFile;
      }
      const gateway = await startGateway({ config: loadGatewayConfig(process.env, overrides) });
      console.log(`Verity gateway: ${gateway.url}  (health and metrics: ${gateway.opsUrl}/healthz, /metrics)`);
      untilSignal(() => gateway.close());
    });
  gw.command('demo').description('One command: a gateway and a sample app behind it, published as "verity-sample-app" on https://localhost:<port>/.')
    .option('--port <port>', 'the gateway\'s HTTPS port', '9443')
    .option('--ops-port <port>', 'its health and metrics port', '9444')
    .option('--app-port <port>', 'the sample app\'s port on 127.0.0.1', '9480')
    .option('--data-dir <dir>', 'where the demo keeps its gateway credential and key', './data/gateway-demo')
    .action(async (o: { port: string; opsPort: string; appPort: string; dataDir: string }) => {
      const demo = await startGatewayDemo(profileOrExit(profilePath()), { port: Number(o.port), opsPort: Number(o.opsPort), appPort: Number(o.appPort), dataDir: o.dataDir });
      const out = (s: string) => process.stdout.write(`${s}\n`);
      out(`Sample app behind the gateway: ${demo.gateway.url}/  (app id ${DEMO_APP_ID}; upstream ${demo.app.url})`);
      out(`Gateway health: ${demo.gateway.opsUrl}/healthz`);
      out('');
      out('Next: require a compliant device for it (docs/gateway.md walks through it):');
      out('  node -e \'const f=process.argv[1];const p=JSON.parse(require("fs").readFileSync(f,"utf8"));p.state="enabled";console.log(JSON.stringify(p))\' "../shared/corpus/graph/jorgeasaurus__IntuneHydrationKit/Templates/ConditionalAccess/Require MDM-enrolled and compliant device to access cloud apps for all users (Preview).json" > /tmp/require-compliant-device.json');
      out('  npm run verity -- import /tmp/require-compliant-device.json');
      untilSignal(() => demo.close());
    });
  gw.command('token').description('Create a gateway credential (an API token with only the gateway role); printed once.')
    .requiredOption('--name <name>', 'what the token is for').option('--json', 'print JSON')
    .action(async (o: { name: string; json?: boolean }) => {
      const api = client();
      const res = await api.call<{ id: string; token: string }>('POST', '/api/v1/api-tokens', { name: o.name, role: 'gateway' });
      if (o.json) printJson(res);
      else {
        console.log(`Gateway credential ${res.id} (shown once). Run a gateway with:`);
        console.log(`  VERITY_GATEWAY_TOKEN=${res.token} npm run gateway`);
      }
      api.close();
    });
  gw.command('list').description('Gateways connected to the control plane and the snapshot version each holds.').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const api = client();
      const res = await api.call<{ version: string | null; items: Record<string, unknown>[] }>('GET', '/api/v1/gateways');
      if (o.json) printJson(res);
      else {
        console.log(`current version: ${res.version ?? '-'}`);
        printTable(res.items, ['gatewayId', 'transport', 'version', 'connectedAt']);
      }
      api.close();
    });
}
