import type { DeviceCommand } from '../client/wire-schemas.js';
import type { HostProbe } from '../host/host-probe.js';
import { commandProblem } from '../host/host-probe.js';
import type { Logger } from '../log/logger.js';
import type { CommandResult } from '../state/agent-state.js';

/** What the loop does after a command: keep going, or stop because the device was retired. */
export type CommandEffect = { readonly result: CommandResult; readonly retire: boolean };

export interface CommandContext {
  readonly probe: HostProbe;
  readonly logger: Logger;
  /** Where `notify` messages go for the user (stdout by default). */
  readonly notify: (message: string) => void;
}

/**
 * Execute one server command. `lock` locks every session (loginctl); `notify` shows the
 * message; `retire` is acknowledged here and carried out by the loop (it deletes the very
 * credentials the acknowledgement would need). Unknown kinds fail rather than being ignored,
 * so the admin sees that this agent version cannot do them.
 */
export async function executeCommand(command: DeviceCommand, ctx: CommandContext): Promise<CommandEffect> {
  const done = (status: 'succeeded' | 'failed', detail?: string): CommandEffect => ({
    result: detail === undefined ? { commandId: command.id, status } : { commandId: command.id, status, detail: detail.slice(0, 1024) },
    retire: false,
  });
  switch (command.kind) {
    case 'lock': {
      const run = await ctx.probe.run('loginctl', ['lock-sessions'], { timeoutMs: 10_000 });
      if (run.kind === 'exited' && run.code === 0) return done('succeeded', 'loginctl lock-sessions');
      ctx.logger.warn('lock command failed', { commandId: command.id, detail: commandProblem('loginctl lock-sessions', run) });
      return done('failed', commandProblem('loginctl lock-sessions', run));
    }
    case 'notify': {
      const payload = command.payload;
      const title = typeof payload.title === 'string' ? payload.title : 'Message from your IT administrator';
      const message = typeof payload.message === 'string' ? payload.message : typeof payload.body === 'string' ? payload.body : '';
      ctx.notify(`${title}${message === '' ? '' : `: ${message}`}`.slice(0, 2000));
      ctx.logger.info('notification from the server', { commandId: command.id, title: title.slice(0, 200) });
      return done('succeeded');
    }
    case 'retire':
      return { result: { commandId: command.id, status: 'succeeded', detail: 'device key and state deleted' }, retire: true };
    default:
      return done('failed', `this agent does not support the command kind '${command.kind}'`);
  }
}
