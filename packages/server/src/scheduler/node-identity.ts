import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

/**
 * This node's stable name (VERITY_NODE_ID, else generated once into the data directory): the job
 * worker's lease owner is `<node>:<run>`, so a restarted node recognises the leases its previous run
 * held and takes those jobs back at once instead of waiting out their leases. Replicas sharing one
 * PostgreSQL database each have their own data directory, hence their own name.
 */
export function nodeId(config: { nodeId?: string | undefined }, dataDir: string): string {
  if (config.nodeId !== undefined) return config.nodeId;
  const file = join(dataDir, 'node-id');
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_.-]{1,64}$/.test(saved)) return saved;
  }
  const fresh = `node-${randomUUID()}`;
  writeFileSync(file, fresh, { mode: 0o600 });
  return fresh;
}
