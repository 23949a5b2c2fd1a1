import type { Fact } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { fileProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

/**
 * Parse os-release(5): `KEY=value` lines, values optionally quoted with shell quoting
 * (double quotes allow `\"`, `\\`, `\$`, `` \` `` escapes).
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m === null) continue;
    out[m[1]!] = unquote(m[2]!);
  }
  return out;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

export interface OsReleaseFacts {
  readonly name: Fact<string>;
  readonly version: Fact<string>;
  readonly distribution: Fact<string>;
  /** ID plus ID_LIKE, lower-case, for choosing distribution-specific collectors. */
  readonly family: readonly string[];
}

/** Read /etc/os-release (falling back to /usr/lib/os-release as the spec says). */
export async function collectOsRelease(probe: HostProbe): Promise<OsReleaseFacts> {
  let path = '/etc/os-release';
  let read = await probe.readFile(path);
  if (read.kind === 'missing') {
    path = '/usr/lib/os-release';
    read = await probe.readFile(path);
  }
  if (read.kind !== 'ok') {
    const reason = fileProblem(path, read);
    return { name: unknown(reason), version: unknown(reason), distribution: unknown(reason), family: [] };
  }
  const fields = parseOsRelease(read.text);
  const field = (key: string): Fact<string> =>
    fields[key] !== undefined && fields[key] !== '' ? known(fields[key]!.slice(0, 64), `${path} ${key}`) : unknown(`${path} has no ${key}`);
  const family = [fields.ID ?? '', ...(fields.ID_LIKE ?? '').split(/\s+/)].map((s) => s.toLowerCase()).filter((s) => s !== '');
  const name = fields.NAME !== undefined ? known(fields.NAME, `${path} NAME`) : unknown<string>(`${path} has no NAME`);
  return { name, version: field('VERSION_ID'), distribution: field('ID'), family };
}
