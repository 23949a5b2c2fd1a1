import type { BytesRead, CommandOutcome, FileRead, HostProbe } from '../src/host/host-probe.js';

/** A recorded host: files, byte files, directory listings and command outputs keyed by `cmd arg1 arg2`. */
export interface RecordedHost {
  files?: Record<string, string | 'denied'>;
  bytes?: Record<string, Uint8Array>;
  dirs?: Record<string, string[]>;
  commands?: Record<string, CommandOutcome | string>;
  uid?: number;
}

/** A HostProbe answering from recordings; anything not recorded is missing / not installed. */
export function fakeHostProbe(host: RecordedHost): HostProbe & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async readFile(path): Promise<FileRead> {
      const f = host.files?.[path];
      if (f === undefined) return { kind: 'missing' };
      return f === 'denied' ? { kind: 'denied' } : { kind: 'ok', text: f };
    },
    async readBytes(path): Promise<BytesRead> {
      const b = host.bytes?.[path];
      return b === undefined ? { kind: 'missing' } : { kind: 'ok', bytes: b };
    },
    async run(cmd, args): Promise<CommandOutcome> {
      const key = [cmd, ...args].join(' ');
      calls.push(key);
      const r = host.commands?.[key];
      if (r === undefined) return { kind: 'not-found' };
      return typeof r === 'string' ? { kind: 'exited', code: 0, stdout: r, stderr: '' } : r;
    },
    async exists(path) {
      return host.files?.[path] !== undefined || host.bytes?.[path] !== undefined || host.dirs?.[path] !== undefined;
    },
    async listDir(path) {
      return host.dirs?.[path];
    },
    uid: () => host.uid,
  };
}
