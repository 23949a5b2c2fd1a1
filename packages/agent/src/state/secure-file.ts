import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VerityError } from '@verity/core';

/**
 * Write a file atomically with `mode`: create a new temporary file with that mode (the
 * mode applies at creation, so the content is never readable by others, even briefly),
 * then rename over the target. Verifies the final mode with stat.
 */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { mode, flag: 'wx' });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await verifyMode(path, mode);
}

/** Throw VERITY_AGENT_FILE_PERMISSIONS unless the file grants nothing beyond `mode`. */
export async function verifyMode(path: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return; // NTFS ACLs, not POSIX modes, protect files there.
  const actual = (await stat(path)).mode & 0o777;
  if ((actual & ~mode) !== 0) {
    throw new VerityError('VERITY_AGENT_FILE_PERMISSIONS', `${path} has mode ${actual.toString(8)}, expected at most ${mode.toString(8)}`, {
      status: 500,
      details: [{ path: '$', message: `file mode ${actual.toString(8)} is wider than ${mode.toString(8)}` }],
    });
  }
}

/** Create a directory (and parents) with `mode`, tightening it if it already existed wider. */
export async function ensurePrivateDir(path: string, mode = 0o700): Promise<void> {
  await mkdir(path, { recursive: true, mode });
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o777 & ~mode) !== 0) await chmod(path, mode);
}
