import { VerityError, type Platform } from '@verity/core';
import { createNodeHostProbe } from '../host/node-host-probe.js';
import type { HostProbe } from '../host/host-probe.js';
import { createLogger, type Logger } from '../log/logger.js';
import { platformOf } from '../posture/collect-posture.js';
import { defaultStateDir } from '../state/state-dir.js';

/** What every command needs from the process; tests build their own. */
export interface AgentContext {
  readonly probe: HostProbe;
  readonly platform: Platform;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly stdout: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly stateDir: (override?: string) => string;
}

/** The context of the real process. */
export function processContext(): AgentContext {
  const platform = platformOf(process.platform);
  if (platform === undefined) {
    throw new VerityError('VERITY_AGENT_PLATFORM_UNSUPPORTED', `verity-agent does not support ${process.platform}`, { status: 400, details: [{ path: '$', message: process.platform }] });
  }
  const probe = createNodeHostProbe();
  return {
    probe,
    platform,
    logger: createLogger({ minLevel: process.env.VERITY_AGENT_LOG_LEVEL === 'debug' ? 'debug' : 'info' }),
    now: () => new Date(),
    stdout: (text) => process.stdout.write(text),
    env: process.env,
    stateDir: (override) => override ?? defaultStateDir(process.env, probe.uid()),
  };
}
