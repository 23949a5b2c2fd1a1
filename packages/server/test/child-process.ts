import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { TenantBootstrap } from '../src/tenants/tenant-bootstrap.js';
import { callServer, type CallOptions, type HttpResult } from './harness.js';

const SCRIPT = resolve(import.meta.dirname, 'child-server.ts');

/** A control plane running in a child process: call it like a TestServer, kill it like a crash. */
export interface ChildServer {
  readonly url: string;
  readonly caPem: string;
  readonly tenant: TenantBootstrap | undefined;
  readonly process: ChildProcess;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<HttpResult<T>>;
  /** SIGKILL: the process gets no chance to finish anything. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful shutdown. */
  stop(): Promise<void>;
}

/** Start `child-server.ts` (through tsx) and wait until it listens. */
export async function startChildServer(spec: { config: Record<string, unknown>; clockOffsetMs?: number; tenant?: { name: string; domain: string } }): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { env: { ...process.env, VERITY_TEST_CHILD: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const first = await new Promise<string>((resolveLine, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => { lines.close(); resolveLine(line); });
    child.once('exit', (code, signal) => reject(new Error(`child server exited before listening (${code ?? signal})`)));
  });
  const ready = JSON.parse(first) as { url: string; caPem: string; tenant?: TenantBootstrap };
  const killWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: ready.url, caPem: ready.caPem, tenant: ready.tenant, process: child,
    call: (method, path, options = {}) => callServer(ready.url, [ready.caPem], method, path, options),
    kill: () => killWith('SIGKILL'),
    stop: () => killWith('SIGTERM'),
  };
}
