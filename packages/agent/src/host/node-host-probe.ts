import { execFile } from 'node:child_process';
import { access, readFile, readdir } from 'node:fs/promises';
import type { BytesRead, CommandOutcome, FileRead, HostProbe, RunOptions } from './host-probe.js';

/** Output cap per command: posture commands print kilobytes; anything larger is a fault. */
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/** The real probe: node:fs reads and execFile with a timeout and no shell. */
export function createNodeHostProbe(): HostProbe {
  return {
    async readFile(path: string): Promise<FileRead> {
      try {
        return { kind: 'ok', text: await readFile(path, 'utf8') };
      } catch (error) {
        return fileError(error);
      }
    },
    async readBytes(path: string): Promise<BytesRead> {
      try {
        return { kind: 'ok', bytes: new Uint8Array(await readFile(path)) };
      } catch (error) {
        return fileError(error);
      }
    },
    run(command: string, args: readonly string[], options: RunOptions): Promise<CommandOutcome> {
      return new Promise((resolve) => {
        execFile(
          command,
          [...args],
          {
            timeout: options.timeoutMs,
            maxBuffer: MAX_OUTPUT_BYTES,
            shell: false,
            windowsHide: true,
            // LC_ALL=C: parsers match the untranslated English output.
            env: { ...process.env, LC_ALL: 'C', LANG: 'C', ...options.env },
          },
          (error, stdout, stderr) => {
            if (error === null) return resolve({ kind: 'exited', code: 0, stdout, stderr });
            const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number; signal?: string };
            if (e.code === 'ENOENT') return resolve({ kind: 'not-found' });
            if (e.killed === true || e.signal === 'SIGTERM') return resolve({ kind: 'timed-out' });
            if (typeof e.code === 'number') return resolve({ kind: 'exited', code: e.code, stdout, stderr });
            resolve({ kind: 'error', message: String(e.message).slice(0, 200) });
          },
        );
      });
    },
    async exists(path: string): Promise<boolean> {
      try {
        await access(path);
        return true;
      } catch {
        return false;
      }
    },
    async listDir(path: string): Promise<readonly string[] | undefined> {
      try {
        return await readdir(path);
      } catch {
        return undefined;
      }
    },
    uid(): number | undefined {
      return typeof process.getuid === 'function' ? process.getuid() : undefined;
    },
  };
}

function fileError(error: unknown): { kind: 'missing' } | { kind: 'denied' } | { kind: 'error'; message: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'denied' };
  return { kind: 'error', message: String((error as Error).message).slice(0, 200) };
}
