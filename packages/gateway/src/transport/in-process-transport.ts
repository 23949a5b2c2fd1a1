import type { SnapshotTransport } from './snapshot-transport.js';

/**
 * The control plane's snapshot feed as it looks from inside its own process (structurally the
 * server's `SnapshotFeed`; the gateway does not depend on the server package).
 */
export interface InProcessFeed {
  subscribe(tenantId: string, fromVersion: string | null, listener: { snapshot(s: unknown): void; delta(d: unknown): void }, info: { gatewayId: string; transport: string }): () => void;
}

/**
 * The snapshot channel inside one process: the feed hands snapshots and deltas over as objects,
 * in order, as it produces them (the event bus is the transport). For a gateway that runs in
 * the control plane's process (tests, a one-machine demo).
 */
export function inProcessTransport(feed: InProcessFeed, tenantId: string, gatewayId: string): SnapshotTransport {
  let unsubscribe: (() => void) | null = null;
  let handlers: Parameters<SnapshotTransport['start']>[0] | null = null;
  const connect = (from: string | null) => {
    const h = handlers!;
    unsubscribe = feed.subscribe(tenantId, from, { snapshot: (s) => h.snapshot(s), delta: (d) => h.delta(d) }, { gatewayId, transport: 'in-process' });
    h.connection('up');
  };
  return {
    name: 'in-process',
    start(h) {
      handlers = h;
      connect(h.resumeFrom());
    },
    resync() {
      unsubscribe?.();
      connect(null);
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
