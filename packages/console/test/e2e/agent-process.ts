// The real endpoint agent (packages/agent), started by the test as a child process, as an admin or
// a user would run it: enroll with the command line the console printed, then check in once.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const AGENT = fileURLToPath(new URL('../../../agent/bin/verity-agent.mjs', import.meta.url));

/** Run `verity-agent ARGS` to completion; resolves with stdout, rejects with its output on a non-zero exit. */
export function runAgent(args: readonly string[], options: { stdin?: string; stateDir: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [AGENT, ...args, '--state-dir', options.stateDir], { timeout: 60_000, env: { ...process.env, VERITY_AGENT_LOG_LEVEL: 'info' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`verity-agent ${args[0]} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    else child.stdin?.end();
  });
}

/** The server, token and CA fingerprint of the agent command line the console shows. */
export function parseAgentCommand(command: string): { server: string; token: string; caFingerprint: string } {
  const arg = (name: string) => {
    const m = new RegExp(`--${name} (\\S+)`).exec(command);
    if (!m?.[1]) throw new Error(`the agent command has no --${name}: ${command}`);
    return m[1];
  };
  return { server: arg('server'), token: arg('token'), caFingerprint: arg('ca-fingerprint') };
}
