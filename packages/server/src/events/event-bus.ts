/**
 * In-process event bus. Events are published after the transaction that caused them has
 * committed (callers publish after `store.transaction` returns). The scale-out path swaps
 * this for NATS JetStream behind the same two methods.
 */
export interface VerityEvent {
  readonly topic: string;
  readonly tenantId: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly at: string;
}

export type EventHandler = (event: VerityEvent) => void | Promise<void>;

export interface EventBus {
  publish(event: VerityEvent): void;
  subscribe(topicPrefix: string, handler: EventHandler): () => void;
}

/** Create an in-process bus; handler errors are reported, never thrown into the publisher. */
export function createInProcessEventBus(onHandlerError: (err: unknown, event: VerityEvent) => void): EventBus {
  const handlers = new Set<{ prefix: string; handler: EventHandler }>();
  return {
    publish(event) {
      for (const h of handlers) {
        if (!event.topic.startsWith(h.prefix)) continue;
        // Deliver asynchronously so a slow subscriber never delays the request that published.
        queueMicrotask(() => {
          Promise.resolve()
            .then(() => h.handler(event))
            .catch((err: unknown) => onHandlerError(err, event));
        });
      }
    },
    subscribe(prefix, handler) {
      const entry = { prefix, handler };
      handlers.add(entry);
      return () => handlers.delete(entry);
    },
  };
}
