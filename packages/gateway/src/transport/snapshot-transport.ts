/**
 * How snapshots and deltas reach a gateway: one interface, several transports. In one process
 * the control plane's feed hands them over directly (in-process transport); on one machine or a
 * few, a long-lived HTTPS event stream carries them (the default); the scale-out work adds
 * NATS JetStream behind the same interface.
 */
export interface SnapshotTransport {
  /** A short name for logs and /healthz (`https-stream`, `in-process`). */
  readonly name: string;
  /** Start receiving; reconnects by itself until stopped. */
  start(handlers: TransportHandlers): void;
  /** Drop the current connection and start over from a full snapshot (after a delta could not be applied). */
  resync(): void;
  stop(): Promise<void>;
}

export interface TransportHandlers {
  /** A full snapshot (unvalidated: the gateway validates at its edge). */
  snapshot(raw: unknown): void;
  /** The next delta. */
  delta(raw: unknown): void;
  /** The version to resume after (the last applied), or null for a full snapshot. */
  resumeFrom(): string | null;
  /** The channel is up (traffic, heartbeats included, is flowing) or down, with why. */
  connection(state: 'up' | 'down', detail?: string): void;
}
