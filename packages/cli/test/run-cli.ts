// The real `verity` CLI in a child process, for tests (async: the test server lives in the test's process and must keep answering).
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/verity.mjs');
const run = promisify(execFile);

/** Run `verity ARGS` with the given CLI profile; the exit code, stdout and stderr. */
export async function verity(profile: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, VERITY_PROFILE: profile }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The lines of `--json` output, parsed. */
export const jsonLines = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
