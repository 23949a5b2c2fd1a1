import { join } from 'node:path';
import { createReportSpool } from '../checkin/report-spool.js';
import { createDeviceApiClient } from '../client/device-api-client.js';
import { certificateValidity } from '../enrollment/certificate-request.js';
import { silentLogger } from '../log/logger.js';
import { createAgentStateStore, STATE_FILES, type AgentConfig } from '../state/agent-state.js';
import type { AgentContext } from './agent-context.js';
import { renderStatus, summarise, type StatusSummary } from './status-summary.js';

/** `verity-agent status`: local state plus the server's view of this device. */
export async function statusCommand(ctx: AgentContext, flags: { json?: boolean; stateDir?: string }): Promise<number> {
  const state = createAgentStateStore(ctx.stateDir(flags.stateDir));
  const spool = await createReportSpool(join(state.dir, STATE_FILES.spool), silentLogger).size().catch(() => ({ files: 0, bytes: 0 }));
  let config: AgentConfig | undefined;
  try {
    config = await state.readConfig();
  } catch {
    config = undefined;
  }
  let summary: StatusSummary;
  if (config === undefined) {
    summary = summarise({ stateDir: state.dir, spool, server: { reachable: false, error: 'not enrolled' } });
  } else {
    const credentials = await state.readCredentials();
    const client = createDeviceApiClient(config.serverUrl, credentials);
    let server: StatusSummary['server'];
    try {
      server = { reachable: true, status: await client.status(10_000) };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      server = { reachable: false, error: `${e.code ?? 'ERROR'}: ${e.message ?? String(error)}` };
    } finally {
      client.close();
    }
    const lastCheckin = await state.readLastCheckin();
    summary = summarise({
      stateDir: state.dir,
      config,
      certificateNotAfter: certificateValidity(credentials.certPem).notAfter,
      ...(lastCheckin === undefined ? {} : { lastCheckin }),
      spool,
      server,
    });
  }
  ctx.stdout(flags.json === true ? `${JSON.stringify(summary, null, 2)}\n` : renderStatus(summary, ctx.now()));
  return summary.enrolled ? 0 : 1;
}
