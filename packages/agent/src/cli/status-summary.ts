import { gracePeriodNotice, joinSentences, renderGracePeriodNotice } from '@verity/core';
import type { DeviceStatus } from '../client/wire-schemas.js';
import type { AgentConfig, LastCheckin } from '../state/agent-state.js';

/** Everything `verity-agent status` shows. */
export interface StatusSummary {
  readonly stateDir: string;
  readonly enrolled: boolean;
  readonly deviceId?: string;
  readonly tenantId?: string;
  readonly serverUrl?: string;
  readonly certificateNotAfter?: string;
  readonly lastCheckin?: LastCheckin;
  readonly spool: { files: number; bytes: number };
  readonly server: { reachable: true; status: DeviceStatus } | { reachable: false; error: string } | { reachable: false; error: 'not enrolled' };
}

/** Build the summary from local state and the server's answer. */
export function summarise(input: {
  stateDir: string;
  config?: AgentConfig;
  certificateNotAfter?: Date;
  lastCheckin?: LastCheckin;
  spool: { files: number; bytes: number };
  server: StatusSummary['server'];
}): StatusSummary {
  return {
    stateDir: input.stateDir,
    enrolled: input.config !== undefined,
    ...(input.config === undefined ? {} : { deviceId: input.config.deviceId, tenantId: input.config.tenantId, serverUrl: input.config.serverUrl }),
    ...(input.certificateNotAfter === undefined ? {} : { certificateNotAfter: input.certificateNotAfter.toISOString() }),
    ...(input.lastCheckin === undefined ? {} : { lastCheckin: input.lastCheckin }),
    spool: input.spool,
    server: input.server,
  };
}

const show = (v: unknown) => (v === undefined || v === null ? 'nothing reported' : typeof v === 'string' ? v : JSON.stringify(v));

/** Plain-words rendering for people: what is wrong and how to fix it, per failing setting. */
export function renderStatus(s: StatusSummary, now: Date = new Date()): string {
  const lines: string[] = [];
  if (!s.enrolled) return `This device is not enrolled (state directory ${s.stateDir}).\nRun: verity-agent enroll --server URL --token TOKEN --ca-fingerprint FP\n`;
  lines.push(`Device ${s.deviceId} in tenant ${s.tenantId}`, `Server: ${s.serverUrl}`);
  if (s.certificateNotAfter !== undefined) lines.push(`Device certificate valid until ${s.certificateNotAfter}`);
  if (s.lastCheckin !== undefined) {
    lines.push(s.lastCheckin.ok ? `Last check-in ${s.lastCheckin.at}: ok (${s.lastCheckin.complianceState ?? 'unknown'})` : `Last check-in attempt ${s.lastCheckin.at} failed: ${s.lastCheckin.error ?? ''}`);
  } else lines.push('No check-in yet');
  lines.push(`Buffered reports waiting to be sent: ${s.spool.files} (${s.spool.bytes} bytes)`);
  if (!s.server.reachable) {
    lines.push(`Server status unavailable: ${s.server.error}`);
    return `${lines.join('\n')}\n`;
  }
  const st = s.server.status;
  lines.push(`Device status: ${st.status}; compliance: ${st.complianceState}${st.lastCheckinAt ? ` (as of ${st.lastCheckinAt})` : ''}`);
  const notice = gracePeriodNotice(st.complianceState, st.compliance?.graceEndsAt, now);
  if (notice) lines.push(renderGracePeriodNotice(notice, (iso) => iso));
  for (const policy of st.compliance?.policies ?? []) {
    const failing = policy.settings.filter((x) => x.state !== 'compliant' && x.state !== 'notApplicable');
    const unchecked = policy.notEvaluated ?? [];
    if (failing.length === 0 && unchecked.length === 0) {
      lines.push(`  ✓ ${policy.displayName}: ${policy.state}`);
      continue;
    }
    lines.push(`  ✗ ${policy.displayName}: ${policy.state}`);
    for (const setting of failing) {
      lines.push(`    - ${setting.setting} is ${setting.state}: ${joinSentences(setting.reason ?? `expected ${show(setting.expected)}, found ${show(setting.observed)}`)}`);
      if (setting.remediation) lines.push(`      How to fix: ${setting.remediation}`);
    }
    for (const item of unchecked) lines.push(`    ? ${item.setting} could not be checked: ${item.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
