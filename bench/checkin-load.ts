// Load generator for the check-in benchmark, run in its own process so that the server's
// core is not shared with the client's JSON and TLS work. Real mTLS, keep-alive connections.
// undici rather than node:https: Node's own client costs ~2x the CPU per request, and on two
// cores the load generator would otherwise be the bottleneck of both measurements.
import { Client } from 'undici';

interface Job {
  url: string; path: string; method: 'GET' | 'POST'; caPem: string; identities: { keyPem: string; certPem: string }[];
  /** Request bodies, sent round-robin per connection (most agents repeat their last report; some change). */
  bodies: string[] | null; durationMs: number; concurrency: number;
}

async function run(job: Job): Promise<{ count: number; errors: number; latenciesUs: number[]; elapsedMs: number; cpuMs: number; firstError?: string }> {
  const cpu0 = process.cpuUsage();
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + job.durationMs;
  const started = performance.now();
  const headers = job.bodies ? { 'content-type': 'application/json' } : {};
  // Encoded once: the generator should spend its CPU on requests, not on re-encoding the same text.
  const bodies = job.bodies?.map((b) => Buffer.from(b));
  const workers = Array.from({ length: job.concurrency }, async (_, i) => {
    const id = job.identities[i % job.identities.length]!;
    // One connection per simulated agent: its own client certificate, like a real fleet.
    const client = new Client(job.url, {
      connect: { key: id.keyPem, cert: id.certPem, ca: job.caPem, servername: 'localhost' }, pipelining: 1, keepAliveTimeout: 60_000,
      // The run has its own deadline; per-request timers would only add client work.
      headersTimeout: 0, bodyTimeout: 0,
    });
    let n = i;
    while (performance.now() < deadline) {
      const body = bodies ? bodies[n++ % bodies.length]! : undefined;
      const t0 = process.hrtime.bigint();
      try {
        const res = await client.request({ path: job.path, method: job.method, headers, ...(body !== undefined ? { body } : {}) });
        if (res.statusCode >= 200 && res.statusCode < 300) {
          await res.body.dump();
          latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
        } else {
          errors++;
          const text = await res.body.text();
          if (!firstError) firstError = `${res.statusCode} ${text.slice(0, 300)}`;
        }
      } catch (e) {
        errors++;
        if (!firstError) firstError = String(e);
      }
    }
    await client.close();
  });
  await Promise.all(workers);
  const c = process.cpuUsage(cpu0);
  return { count: latencies.length, errors, latenciesUs: latencies, elapsedMs: performance.now() - started, cpuMs: (c.user + c.system) / 1000, ...(firstError ? { firstError } : {}) };
}

process.on('message', (job: Job) => {
  void run(job).then((result) => {
    process.send?.(result, () => process.exit(0));
  });
});
