import { VerityError } from '@verity/core';
import { loadGatewayConfig } from './config/gateway-config.js';
import { startGateway } from './gateway.js';

/** `npm run gateway` / `verity-gateway`: run the gateway from its environment until SIGINT or SIGTERM. */
export async function runGatewayFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const gateway = await startGateway({ config: loadGatewayConfig(env) });
  process.stdout.write(`Verity gateway: ${gateway.url}  (health and metrics: ${gateway.opsUrl}/healthz, /metrics)\n`);
  const stop = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

runGatewayFromEnvironment().catch((err: unknown) => {
  process.stderr.write(`${err instanceof VerityError ? `${err.code}: ` : ''}${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
