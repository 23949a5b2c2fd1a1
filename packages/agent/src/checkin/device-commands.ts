import type { DeviceCommand } from '../client/wire-schemas.js';
import type { HostProbe } from '../host/host-probe.js';
import { commandProblem } from '../host/host-probe.js';
import type { Logger } from '../log/logger.js';
import type { AgentStateStore, CommandResult } from '../state/agent-state.js';

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

/** What running the commands of a cycle came to. */
export interface OfferedCommandsOutcome {
  /** Results to report (at once, or on the next check-in if that fails), in the order the commands were offered. */
  readonly results: CommandResult[];
  /** A retire command ran: the loop deletes the identity and stops. */
  readonly retire: boolean;
}

/**
 * Run the commands the server offered, each id at most once. Delivery is at least once (the server
 * offers a command again until its result arrives), so the agent remembers every id it has started
 * and, before running a command, records it as started: a command offered again is not run again,
 * its recorded result is reported instead (or, if the agent stopped while running it, a failure
 * saying so). Results are saved after each command, so a crash cannot lose them either.
 */
export async function runOfferedCommands(commands: readonly DeviceCommand[], state: AgentStateStore, ctx: CommandContext, now: () => Date): Promise<OfferedCommandsOutcome> {
  const executed = await state.readExecutedCommands();
  const results: CommandResult[] = await state.readPendingResults();
  const report = (result: CommandResult) => {
    const i = results.findIndex((r) => r.commandId === result.commandId);
    if (i >= 0) results[i] = result;
    else results.push(result);
  };
  const seen = new Set<string>();
  for (const command of commands) {
    if (seen.has(command.id)) continue;
    seen.add(command.id);
    const earlier = executed.find((e) => e.commandId === command.id);
    if (earlier !== undefined) {
      ctx.logger.info('command offered again; not run twice, its result is reported again', { commandId: command.id, kind: command.kind });
      report(earlier.result ?? { commandId: command.id, status: 'failed', detail: 'the agent stopped while running this command; it is not run a second time' });
      await state.savePendingResults(results);
      continue;
    }
    const entry: { commandId: string; startedAt: string; result?: CommandResult } = { commandId: command.id, startedAt: now().toISOString() };
    executed.push(entry);
    await state.saveExecutedCommands(executed);
    const effect = await executeCommand(command, ctx);
    if (effect.retire) return { results, retire: true };
    entry.result = effect.result;
    await state.saveExecutedCommands(executed);
    report(effect.result);
    await state.savePendingResults(results);
  }
  return { results, retire: false };
}
