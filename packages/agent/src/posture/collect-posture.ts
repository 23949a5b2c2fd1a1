import { postureReportSchema, type Platform, type PostureFacts, type PostureReport } from '@verity/core';
import type { HostProbe } from '../host/host-probe.js';
import { AGENT_VERSION } from '../version.js';
import { known, unknown } from './fact-builders.js';
import { collectLinuxFacts, collectLinuxIdentityFacts } from './linux/collect-linux.js';
import { collectMacosFacts } from './macos/collect-macos.js';
import { collectWindowsFacts } from './windows/collect-windows.js';

/** Map node's `process.platform` to Verity's platform names. */
export function platformOf(nodePlatform: string): Platform | undefined {
  if (nodePlatform === 'linux') return 'linux';
  if (nodePlatform === 'darwin') return 'macos';
  if (nodePlatform === 'win32') return 'windows';
  return undefined;
}

/**
 * Run every collector for `platform` and return a schema-valid posture report (`identity`:
 * only what enrollment sends, skipping slow collectors such as the package manager on Linux). A collector
 * that throws (a bug, not a missing tool) yields unknown facts, never a crashed check-in.
 */
export async function collectPosture(probe: HostProbe, platform: Platform, now: Date, scope: 'full' | 'identity' = 'full'): Promise<PostureReport> {
  let facts: PostureFacts;
  try {
    facts =
      platform === 'linux'
        ? scope === 'identity'
          ? await collectLinuxIdentityFacts(probe)
          : await collectLinuxFacts(probe)
        : platform === 'macos'
          ? await collectMacosFacts(probe)
          : platform === 'windows'
            ? await collectWindowsFacts(probe)
            : { 'os.name': unknown(`the agent has no collectors for platform ${platform}`) };
  } catch (error) {
    facts = { 'os.name': unknown(`collector failed: ${String((error as Error).message ?? error)}`) };
  }
  const report: PostureReport = {
    schemaVersion: 1,
    collectedAt: now.toISOString(),
    platform,
    agentVersion: AGENT_VERSION,
    facts: { ...facts, 'agent.version': known(AGENT_VERSION, 'verity-agent') },
  };
  // Parse so a collector bug (an over-long string) fails here, not as a 400 at the server.
  return postureReportSchema.parse(report);
}
