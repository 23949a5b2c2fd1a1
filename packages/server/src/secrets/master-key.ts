import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/server-config.js';

/**
 * The master key from config, or (embedded demo only) one generated into the data dir with mode
 * 0600. A generated key is 32 random bytes written as `base64:…`: raw key material by its prefix.
 */
export function resolveMasterKey(config: Pick<ServerConfig, 'masterKey' | 'dataDir'>, log: Logger): string {
  if (config.masterKey) return config.masterKey;
  const file = join(config.dataDir, 'master.key');
  if (!existsSync(file)) {
    writeFileSync(file, `base64:${randomBytes(32).toString('base64')}`, { mode: 0o600 });
    log.warn({ file }, 'generated a master key in the data directory; set VERITY_MASTER_KEY (from a secret store) in production');
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}
