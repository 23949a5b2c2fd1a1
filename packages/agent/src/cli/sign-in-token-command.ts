import { signDeviceToken } from '../identity/device-token.js';
import { createAgentStateStore } from '../state/agent-state.js';
import type { AgentContext } from './agent-context.js';

/** `verity-agent sign-in-token`: print a short-lived device-bound sign-in token for an app on this device. */
export async function signInTokenCommand(ctx: AgentContext, flags: { stateDir?: string; lifetime?: number }): Promise<number> {
  const state = createAgentStateStore(ctx.stateDir(flags.stateDir));
  let config;
  try {
    config = await state.readConfig();
  } catch {
    ctx.stdout('VERITY_AGENT_NOT_ENROLLED: enroll this device first\n');
    return 2;
  }
  const credentials = await state.readCredentials();
  ctx.stdout(`${signDeviceToken({ keyPem: credentials.keyPem, certPem: credentials.certPem, deviceId: config.deviceId, audience: config.serverUrl, now: ctx.now(), ...(flags.lifetime ? { lifetimeSeconds: flags.lifetime } : {}) })}\n`);
  return 0;
}
