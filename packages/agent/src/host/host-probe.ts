import type { UnknownCause } from '@verity/core';

/**
 * The only way posture collectors touch the host. Parsers are pure functions over what a
 * probe returns, so they are unit-tested on recorded outputs; the real probe
 * (`node-host-probe.ts`) reads files and runs commands without a shell.
 */
export type FileRead =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'denied' }
  | { readonly kind: 'error'; readonly message: string };

export type BytesRead =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'missing' }
  | { readonly kind: 'denied' }
  | { readonly kind: 'error'; readonly message: string };

export type CommandOutcome =
  | { readonly kind: 'exited'; readonly code: number; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'timed-out' }
  | { readonly kind: 'error'; readonly message: string };

export interface RunOptions {
  readonly timeoutMs: number;
  /** Extra environment variables for this command only. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface HostProbe {
  readFile(path: string): Promise<FileRead>;
  readBytes(path: string): Promise<BytesRead>;
  run(command: string, args: readonly string[], options: RunOptions): Promise<CommandOutcome>;
  exists(path: string): Promise<boolean>;
  /** Entries of a directory, or undefined when it cannot be listed. */
  listDir(path: string): Promise<readonly string[] | undefined>;
  /** Effective user id (0 = root); undefined on platforms without uids. */
  uid(): number | undefined;
}

/** Describe why a file could not be read, for an unknown fact's reason. */
export function fileProblem(path: string, read: Exclude<FileRead | BytesRead, { kind: 'ok' }>): string {
  switch (read.kind) {
    case 'missing':
      return `${path} does not exist`;
    case 'denied':
      return `needs root to read ${path}`;
    case 'error':
      return `cannot read ${path}: ${read.message}`;
  }
}

/** The cause of an unreadable file, for an unknown fact: no permission means the agent is not root. */
export function fileCause(read: Exclude<FileRead | BytesRead, { kind: 'ok' }>): UnknownCause | undefined {
  return read.kind === 'denied' ? 'needs-admin' : undefined;
}

/** The cause of a command without usable output: a missing program is not installed, a permission error needs root. */
export function commandCause(outcome: CommandOutcome): UnknownCause | undefined {
  if (outcome.kind === 'not-found') return 'not-installed';
  if (outcome.kind === 'exited' && /permission denied|not permitted|must be root|you need to be root|requires? (elevation|administrator)/i.test(outcome.stderr)) return 'needs-admin';
  return undefined;
}

/** Describe why a command gave no usable output, for an unknown fact's reason. */
export function commandProblem(command: string, outcome: CommandOutcome): string {
  switch (outcome.kind) {
    case 'not-found':
      return `${command} is not installed`;
    case 'timed-out':
      return `${command} did not answer in time`;
    case 'error':
      return `${command} could not run: ${outcome.message}`;
    case 'exited':
      return `${command} exited with code ${outcome.code}: ${firstLine(outcome.stderr || outcome.stdout)}`;
  }
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').trim().slice(0, 200);
}
