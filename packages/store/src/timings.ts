/** Cumulative time spent in one repository method. */
export interface OperationTiming { operation: string; count: number; totalMs: number }

/** Per-operation counters shared by a store and every transaction view of it. */
export class Timings {
  private readonly counters = new Map<string, { count: number; totalNs: bigint }>();

  /** Adds one call of `operation` that took `ns` nanoseconds. */
  record(operation: string, ns: bigint): void {
    const counter = this.counters.get(operation);
    if (counter) { counter.count += 1; counter.totalNs += ns; } else this.counters.set(operation, { count: 1, totalNs: ns });
  }

  /** A snapshot, sorted by operation name, for a Prometheus collector. */
  snapshot(): OperationTiming[] {
    return [...this.counters.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([operation, c]) => ({ operation, count: c.count, totalMs: Number(c.totalNs) / 1e6 }));
  }
}

/** Wraps every method of a repository so each call is counted as `<name>.<method>`; cheap (hrtime only). */
export function instrument<T extends object>(name: string, repository: T, timings: Timings): T {
  const wrapped: Record<string, unknown> = {};
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(repository))) {
    // Getters stay getters (read on each access, not once here).
    if (descriptor.get) { Object.defineProperty(wrapped, key, { get: () => descriptor.get!.call(repository), enumerable: true }); continue; }
    const value: unknown = descriptor.value;
    if (typeof value !== 'function') { wrapped[key] = value; continue; }
    const operation = `${name}.${key}`;
    const fn = value as (...args: unknown[]) => unknown;
    wrapped[key] = (...args: unknown[]) => {
      const start = process.hrtime.bigint();
      let result: unknown;
      try {
        result = fn.apply(repository, args);
      } catch (error) {
        // Repository methods are asynchronous: a synchronous throw (e.g. argument validation) becomes a rejection.
        timings.record(operation, process.hrtime.bigint() - start);
        return Promise.reject(error);
      }
      if (result instanceof Promise) {
        return result.finally(() => timings.record(operation, process.hrtime.bigint() - start));
      }
      timings.record(operation, process.hrtime.bigint() - start);
      return result;
    };
  }
  return wrapped as T;
}
