import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the agent keeps its key, certificate and spool: `VERITY_AGENT_STATE_DIR`, else
 * `/var/lib/verity-agent` for root, else `$XDG_STATE_HOME/verity-agent` or
 * `~/.local/state/verity-agent` (XDG Base Directory spec).
 */
export function defaultStateDir(env: NodeJS.ProcessEnv, uid: number | undefined, home: string = homedir()): string {
  if (env.VERITY_AGENT_STATE_DIR) return env.VERITY_AGENT_STATE_DIR;
  if (uid === 0) return '/var/lib/verity-agent';
  const xdg = env.XDG_STATE_HOME;
  return xdg && xdg.startsWith('/') ? join(xdg, 'verity-agent') : join(home, '.local', 'state', 'verity-agent');
}
