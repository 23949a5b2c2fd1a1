import type { PostureReport } from '@verity/core';
import { collectPosture } from '../posture/collect-posture.js';
import type { AgentContext } from './agent-context.js';

/** Human rendering of a posture report: one fact per line, unknown facts with their reason. */
export function renderPosture(report: PostureReport): string {
  const lines = [`Posture of this ${report.platform} device at ${report.collectedAt} (agent ${report.agentVersion})`];
  for (const [name, fact] of Object.entries(report.facts)) {
    if (fact === undefined) continue;
    lines.push(fact.state === 'known' ? `  ${name} = ${JSON.stringify(fact.value)}   [${fact.source}]` : `  ${name} unknown: ${fact.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `verity-agent collect`: print the posture report, no network. */
export async function collectCommand(ctx: AgentContext, flags: { json?: boolean }): Promise<number> {
  const report = await collectPosture(ctx.probe, ctx.platform, ctx.now());
  ctx.stdout(flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderPosture(report));
  return 0;
}
