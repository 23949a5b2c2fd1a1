import { Command, InvalidArgumentError, Option } from 'commander';
import { AGENT_VERSION } from '../version.js';
import type { AgentContext } from './agent-context.js';
import { collectCommand } from './collect-command.js';
import { enrollCommand, type EnrollFlags } from './enroll-command.js';
import { runCommand } from './run-command.js';
import { statusCommand } from './status-command.js';
import { signInTokenCommand } from './sign-in-token-command.js';

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10 || n > 86_400) throw new InvalidArgumentError('must be an integer from 10 to 86400');
  return n;
}

/** The `verity-agent` command tree; `setExitCode` receives each command's exit code. */
export function buildProgram(ctx: () => AgentContext, setExitCode: (code: number) => void): Command {
  const program = new Command('verity-agent').version(AGENT_VERSION).description('Verity endpoint agent: enroll, report posture, run commands');
  program
    .command('enroll')
    .description('enroll this device with a Verity server')
    .requiredOption('--server <url>', 'server URL, e.g. https://verity.example.com')
    .option('--token <token>', 'enrollment token (corporate devices)')
    .option('--user <user>', 'user name (personal devices)')
    .option('--password-stdin', 'read the password from stdin')
    .option('--tenant <tenant>', 'tenant id or domain (with --user)')
    .addOption(new Option('--ca-fingerprint <sha256>', 'SHA-256 fingerprint of the Verity CA (from `verity enrollment create`)'))
    .option('--ca-file <file>', 'PEM file of the Verity CA')
    .option('--insecure-trust-on-first-use', 'trust whatever CA the server presents (prints its fingerprint)')
    .option('--server-ca <file>', 'PEM file of the CA of the server\'s own TLS certificate, when the admin supplies one (VERITY_TLS_CERT)')
    .option('--state-dir <dir>', 'state directory')
    .action(async (flags: EnrollFlags) => setExitCode(await enrollCommand(ctx(), flags)));
  program
    .command('run')
    .description('check in periodically, send posture, run commands')
    .option('--once', 'check in once and exit')
    .option('--interval <seconds>', 'check-in interval (overrides the server)', seconds)
    .option('--state-dir <dir>', 'state directory')
    .action(async (flags: { once?: boolean; interval?: number; stateDir?: string }) => setExitCode(await runCommand(ctx(), flags)));
  program
    .command('status')
    .description("show this device's enrollment, last check-in and compliance")
    .option('--json', 'machine-readable output')
    .option('--state-dir <dir>', 'state directory')
    .action(async (flags: { json?: boolean; stateDir?: string }) => setExitCode(await statusCommand(ctx(), flags)));
  program
    .command('collect')
    .description('print the posture report (no network)')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => setExitCode(await collectCommand(ctx(), flags)));
  program
    .command('sign-in-token')
    .description('print a device-bound sign-in token (5 minutes at most) for an app on this device to pass as device_token')
    .option('--lifetime <seconds>', 'token lifetime in seconds (10 to 300)', (v: string) => { const n = Number(v); if (!Number.isInteger(n) || n < 10 || n > 300) throw new InvalidArgumentError('must be an integer from 10 to 300'); return n; })
    .option('--state-dir <dir>', 'state directory')
    .action(async (flags: { stateDir?: string; lifetime?: number }) => setExitCode(await signInTokenCommand(ctx(), flags)));
  return program;
}
