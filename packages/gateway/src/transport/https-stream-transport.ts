import { request } from 'undici';
import { createParser } from 'eventsource-parser';
import type { Logger } from 'pino';
import type { ControlPlaneClient } from '../control-plane/control-plane-client.js';
import type { SnapshotTransport, TransportHandlers } from './snapshot-transport.js';

const MAX_BACKOFF_MS = 10_000;
/** The biggest single event accepted (a full snapshot of a large tenant is tens of MB). */
const MAX_EVENT_CHARS = 512 * 1024 * 1024;

/**
 * The snapshot channel over one long-lived HTTPS response of server-sent events from the control
 * plane (`GET /api/v1/gateway/snapshot`): a `snapshot` event, then `delta` events in order, and
 * comment heartbeats. Reconnects with backoff and resumes after the last applied version
 * (Last-Event-ID); a stream silent for `idleTimeoutMs` is taken for dead and replaced.
 */
export function httpsStreamTransport(options: { client: ControlPlaneClient; url: string; idleTimeoutMs: number; log: Logger }): SnapshotTransport {
  let stopped = false;
  let abort: AbortController | null = null;
  let forceFull = false;
  let running: Promise<void> = Promise.resolve();

  async function once(h: TransportHandlers): Promise<void> {
    const controller = new AbortController();
    abort = controller;
    const from = forceFull ? null : h.resumeFrom();
    forceFull = false;
    let idle: NodeJS.Timeout | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(new Error(`no traffic on the snapshot stream for ${options.idleTimeoutMs} ms`)), options.idleTimeoutMs);
    };
    touch();
    try {
      const res = await request(new URL('/api/v1/gateway/snapshot', options.url), {
        method: 'GET', dispatcher: options.client.agent, signal: controller.signal, bodyTimeout: 0,
        headers: { ...options.client.headers, accept: 'text/event-stream', ...(from ? { 'last-event-id': from } : {}) },
      });
      if (res.statusCode !== 200) {
        const text = (await res.body.text()).slice(0, 300);
        throw new Error(`the control plane answered ${res.statusCode}: ${text}`);
      }
      h.connection('up');
      let failure: Error | null = null;
      const parser = createParser({
        maxBufferSize: MAX_EVENT_CHARS,
        onEvent: (e) => {
          if (failure) return;
          try {
            const data: unknown = JSON.parse(e.data);
            if (e.event === 'snapshot') h.snapshot(data);
            else if (e.event === 'delta') h.delta(data);
          } catch (err) {
            failure = err instanceof Error ? err : new Error(String(err));
            controller.abort(failure);
          }
        },
        onError: (err) => { failure = err; controller.abort(err); },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        touch();
        parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
      }
      throw failure ?? new Error('the control plane ended the snapshot stream');
    } finally {
      clearTimeout(idle);
      abort = null;
    }
  }

  return {
    name: 'https-stream',
    start(h) {
      running = (async () => {
        let backoff = 200;
        while (!stopped) {
          const started = performance.now();
          try {
            await once(h);
          } catch (err) {
            if (stopped) break;
            const detail = err instanceof Error ? err.message : String(err);
            h.connection('down', detail);
            options.log.warn({ err: detail }, 'snapshot stream lost; reconnecting');
          }
          // A stream that lived a while resets the backoff; repeated failures back off up to 10 s, with jitter.
          if (performance.now() - started > 30_000) backoff = 200;
          await new Promise((r) => setTimeout(r, backoff * (0.5 + Math.random() / 2)));
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
      })();
    },
    resync() {
      forceFull = true;
      abort?.abort(new Error('re-syncing from a full snapshot'));
    },
    async stop() {
      stopped = true;
      abort?.abort(new Error('gateway stopping'));
      await running;
    },
  };
}
