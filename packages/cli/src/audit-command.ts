import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { createApiClient } from './api-client.js';
import { printJson, printTable } from './output.js';

type Client = () => ReturnType<typeof createApiClient>;
interface Verification { ok: boolean; count?: number; brokenAtSeq?: number; reason?: string; anchor?: { seq: number; source: string } | null; auditKey: { keyId: string } }

/**
 * `verity audit`: list the log, export a signed head, and verify the chain (optionally against an
 * exported head: the signature is checked here, with the key in the file, before the server is asked
 * whether its chain still holds that entry). Exit code 1 when the chain is broken.
 */
export function registerAuditCommand(program: Command, client: Client): void {
  const audit = program.command('audit').description('The tamper-evident audit log.');
  audit.command('verify').description('Recompute the keyed chain; exit 1 if it is broken.')
    .option('--head <file>', 'an exported head (`verity audit head --out FILE`) the chain must still hold')
    .option('--json', 'print JSON')
    .action(async (o: { head?: string; json?: boolean }) => {
      let query = '';
      let anchorNote = '';
      if (o.head !== undefined) {
        const { checkSignedAuditHead } = await import('@verity/server');
        let value: unknown;
        try { value = JSON.parse(readFileSync(o.head, 'utf8')); } catch (e) { throw new Error(`Cannot read the head file ${o.head}: ${(e as Error).message}`); }
        const checked = checkSignedAuditHead(value);
        if (!checked.ok) throw new Error(`${o.head} is not a valid exported audit head: ${checked.problem}.`);
        query = `?anchorSeq=${checked.head.seq}&anchorHash=${checked.head.hash}`;
        anchorNote = ` (checked against the head of ${checked.head.at}: entry ${checked.head.seq})`;
        const api = client();
        const res = await api.call<Verification>('GET', `/api/v1/audit/verify${query}`);
        api.close();
        if (res.auditKey.keyId !== checked.head.keyId) {
          throw new Error(`The head in ${o.head} is signed by key ${checked.head.keyId}, but this server signs with ${res.auditKey.keyId}: it is not this installation's head.`);
        }
        return report(res, o.json === true, anchorNote);
      }
      const api = client();
      const res = await api.call<Verification>('GET', '/api/v1/audit/verify');
      api.close();
      return report(res, o.json === true, res.anchor ? ` (checked against the exported head at entry ${res.anchor.seq})` : '');
    });
  audit.command('head').description('Export the verified chain head, signed by the server: keep it outside the database.')
    .option('--out <file>', 'write it to this file (default: print)')
    .action(async (o: { out?: string }) => {
      const api = client();
      const head = await api.call<Record<string, unknown>>('GET', '/api/v1/audit/head');
      api.close();
      if (o.out !== undefined) {
        writeFileSync(o.out, `${JSON.stringify(head, null, 2)}\n`, { mode: 0o600 });
        console.log(`audit head at entry ${String(head.seq)} written to ${o.out}`);
      } else printJson(head);
    });
  audit.command('list').description('List audit entries, oldest first.').option('--limit <n>', 'entries', '50').option('--json', 'print JSON').action(async (o: { limit: string; json?: boolean }) => {
    const api = client();
    const res = await api.call<{ items: Record<string, unknown>[] }>('GET', `/api/v1/audit?limit=${Number(o.limit)}`);
    if (o.json) printJson(res.items); else printTable(res.items, ['seq', 'at', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'unreadable']);
    api.close();
  });
}

function report(res: Verification, json: boolean, note: string): void {
  if (json) printJson(res);
  else console.log(res.ok ? `audit chain intact: ${res.count} entries${note}` : `audit chain BROKEN at entry ${res.brokenAtSeq}: ${res.reason}${note}`);
  if (!res.ok) process.exitCode = 1;
}
