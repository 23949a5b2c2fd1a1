import type { ChangeScope } from '../snapshot/snapshot-state.js';
import type { RequestFacts } from '../decision/request-decision.js';

/** A long-lived exchange the gateway let through (a WebSocket, a server-sent event stream). */
export interface OpenStream {
  readonly kind: 'websocket' | 'event-stream';
  /** The facts it was granted on (user, session, device, app). */
  readonly facts: RequestFacts;
  /** Cut it (both directions), saying why in the log. */
  close(reason: string): void;
}

/**
 * The open WebSockets and event streams, indexed by user, device and session, so that a change
 * evaluates again only the streams it concerns (or all of them after a policy change), and
 * closes those the new state no longer grants: continuous access evaluation.
 */
export class OpenStreams {
  private readonly all = new Set<OpenStream>();
  private readonly byUser = new Map<string, Set<OpenStream>>();
  private readonly byDevice = new Map<string, Set<OpenStream>>();
  private readonly bySession = new Map<string, Set<OpenStream>>();
  /** Streams closed because access changed, since start. */
  closedByEvaluation = 0;

  get size(): number {
    return this.all.size;
  }

  private static index(map: Map<string, Set<OpenStream>>, key: string | undefined, s: OpenStream, add: boolean): void {
    if (key === undefined) return;
    let set = map.get(key);
    if (add) {
      if (!set) map.set(key, (set = new Set()));
      set.add(s);
    } else if (set) {
      set.delete(s);
      if (set.size === 0) map.delete(key);
    }
  }

  /** Track a stream until the returned function is called (when it ends). */
  add(s: OpenStream): () => void {
    this.all.add(s);
    OpenStreams.index(this.byUser, s.facts.user.entry.id, s, true);
    OpenStreams.index(this.byDevice, s.facts.device?.id, s, true);
    OpenStreams.index(this.bySession, s.facts.session.sessionId, s, true);
    return () => {
      if (!this.all.delete(s)) return;
      OpenStreams.index(this.byUser, s.facts.user.entry.id, s, false);
      OpenStreams.index(this.byDevice, s.facts.device?.id, s, false);
      OpenStreams.index(this.bySession, s.facts.session.sessionId, s, false);
    };
  }

  /** The streams a change concerns. */
  private concerned(scope: ChangeScope): Set<OpenStream> {
    if (scope.all) return new Set(this.all);
    const out = new Set<OpenStream>();
    for (const id of scope.userIds) for (const s of this.byUser.get(id) ?? []) out.add(s);
    for (const id of scope.deviceIds) for (const s of this.byDevice.get(id) ?? []) out.add(s);
    for (const id of scope.sessionIds) for (const s of this.bySession.get(id) ?? []) out.add(s);
    return out;
  }

  /** Evaluate the concerned streams again; `refusedBecause` says why a stream must close (null: it may stay). */
  reevaluate(scope: ChangeScope, refusedBecause: (s: OpenStream) => string | null): number {
    let closed = 0;
    for (const s of this.concerned(scope)) {
      let why: string | null;
      try {
        why = refusedBecause(s);
      } catch (err) {
        why = `evaluation failed (${err instanceof Error ? err.message : String(err)})`;
      }
      if (why !== null) {
        s.close(why);
        closed++;
      }
    }
    this.closedByEvaluation += closed;
    return closed;
  }

  /** Close every stream (the gateway failed closed, or stops). */
  closeAll(reason: string): void {
    for (const s of [...this.all]) s.close(reason);
  }
}
