import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';

/** What a sealed secret is for (the AAD it is bound to); the server opens it only for that purpose. */
const PURPOSES = ['smtp-password'] as const;

/** The master key the server uses: VERITY_MASTER_KEY, else the demo key file in the data directory. */
function masterKey(dataDir: string): string {
  const fromEnv = process.env.VERITY_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const file = join(dataDir, 'master.key');
  if (!existsSync(file)) throw new Error(`No master key: set VERITY_MASTER_KEY (as for the server) or give --data-dir with master.key (looked at ${file}).`);
  return readFileSync(file, 'utf8').trim();
}

/**
 * `verity secrets seal`: seal a secret (read from stdin, never from the command line) with the
 * server's master key, for configuration that must not hold it in clear (VERITY_SMTP_PASSWORD).
 * Runs locally: the master key never travels to or from the server.
 */
export function registerSecretsCommand(program: Command): void {
  const secrets = program.command('secrets').description('Seal secrets with the master key for the server configuration.');
  secrets.command('seal')
    .description('Read a secret from stdin and print it sealed (sealed:v1:…), e.g. for VERITY_SMTP_PASSWORD.')
    .requiredOption('--purpose <purpose>', `what the secret is for: ${PURPOSES.join(', ')}`)
    .option('--data-dir <dir>', 'data directory holding master.key when VERITY_MASTER_KEY is not set (default VERITY_DATA_DIR or ./data)')
    .action(async (o: { purpose: string; dataDir?: string }) => {
      if (!(PURPOSES as readonly string[]).includes(o.purpose)) throw new Error(`Unknown --purpose ${o.purpose}; one of: ${PURPOSES.join(', ')}.`);
      const secret = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
      if (secret.length === 0) throw new Error('Nothing to seal: pipe the secret to stdin.');
      const { createSecretBox, SEALED_PREFIX } = await import('@verity/server');
      const box = createSecretBox(masterKey(o.dataDir ?? process.env.VERITY_DATA_DIR ?? './data'));
      console.log(`${SEALED_PREFIX}${box.seal(secret, o.purpose)}`);
    });
}
