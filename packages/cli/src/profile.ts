import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** Where the CLI keeps the server URL, admin token and CA (like a kubeconfig); mode 0600. */
export const profileSchema = z.object({
  server: z.string().url(),
  token: z.string().min(10),
  caCertificate: z.string().min(100),
  /** The operator credential (vro_…) for `verity tenants`; the demo writes it, elsewhere use VERITY_OPERATOR_TOKEN. */
  operatorToken: z.string().min(10).optional(),
}).strict();
export type CliProfile = z.infer<typeof profileSchema>;

/** Default profile path: $VERITY_PROFILE, else $XDG_CONFIG_HOME/verity/profile.json. */
export function defaultProfilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VERITY_PROFILE) return env.VERITY_PROFILE;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'verity', 'profile.json');
}

/** Read and validate a profile; undefined when the file does not exist. */
export function readProfile(path: string): CliProfile | undefined {
  if (!existsSync(path)) return undefined;
  return profileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Write a profile with mode 0600 (it holds an admin token). */
export function writeProfile(path: string, profile: CliProfile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify(profile, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
}
