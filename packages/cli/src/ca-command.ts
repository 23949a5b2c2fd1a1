import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printJson, printTable } from './output.js';

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };
type PolicyView = { id: string; displayName: string; state: string; createdAt: string; updatedAt: string; policy: Record<string, unknown> };

const POLICIES = '/api/v1/conditional-access/policies';
/** The states `verity ca enable|disable|report-only` set (Graph `conditionalAccessPolicyState`). */
const STATES = { enable: 'enabled', disable: 'disabled', 'report-only': 'enabledForReportingButNotEnforced' } as const;

async function withApi<T>(client: () => Api, run: (api: Api) => Promise<T>): Promise<T> {
  const api = client();
  try {
    return await run(api);
  } finally {
    api.close();
  }
}

/** `verity ca list|show|export|delete|enable|disable|report-only`: the conditional access policy lifecycle (import with `verity import`). */
export function registerConditionalAccessCommand(program: Command, client: () => Api): void {
  const ca = program.command('ca').description('Conditional access policies: list, show, export, delete, and set their state (import and re-import with `verity import`).');
  ca.command('list').description('List conditional access policies with their state.').option('--json', 'print JSON')
    .action((o: { json?: boolean }) => withApi(client, async (api) => {
      const res = await api.call<{ items: PolicyView[] }>('GET', POLICIES);
      if (o.json) printJson(res.items);
      else printTable(res.items.map(({ policy: _p, ...rest }) => rest), ['id', 'displayName', 'state', 'updatedAt']);
    }));
  ca.command('show <id>').description('Show a policy: its state and its Graph document.').option('--json', 'print JSON')
    .action((id: string, o: { json?: boolean }) => withApi(client, async (api) => {
      const res = await api.call<PolicyView>('GET', `${POLICIES}/${encodeURIComponent(id)}`);
      if (o.json) printJson(res);
      else {
        console.log(`${res.id}  ${res.displayName}\nstate: ${res.state}\ncreated ${res.createdAt}, updated ${res.updatedAt}`);
        console.log(JSON.stringify(res.policy, null, 2));
      }
    }));
  ca.command('export <id>').description('Export a policy as the Graph conditionalAccessPolicy document (re-importable).').option('-o, --output <file>', 'write to a file instead of stdout')
    .action((id: string, o: { output?: string }) => withApi(client, async (api) => {
      const doc = await api.call<Record<string, unknown>>('GET', `${POLICIES}/${encodeURIComponent(id)}/export`);
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (o.output) writeFileSync(o.output, text);
      else process.stdout.write(text);
    }));
  ca.command('delete <id>').description('Delete a policy (audited, with the document before).')
    .action((id: string) => withApi(client, async (api) => {
      await api.call('DELETE', `${POLICIES}/${encodeURIComponent(id)}`);
      console.log(`deleted ${id}`);
    }));
  for (const [verb, state] of Object.entries(STATES)) {
    ca.command(`${verb} <id>`).description(`Set a policy's state to ${state}${verb === 'report-only' ? ' (evaluated and logged, never enforced)' : ''}.`).option('--json', 'print JSON')
      .action((id: string, o: { json?: boolean }) => withApi(client, async (api) => {
        const res = await api.call<{ id: string; action: string; policy: { state: string; displayName: string } }>('PATCH', `${POLICIES}/${encodeURIComponent(id)}`, { state });
        if (o.json) printJson(res);
        else console.log(`${res.id} "${res.policy.displayName}": ${res.policy.state}${res.action === 'unchanged' ? ' (unchanged)' : ''}`);
      }));
  }
}
