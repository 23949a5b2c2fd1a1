// Load generator for the check-in benchmark, run in its own process so that the server's
// core is not shared with the client's JSON and TLS work. Real mTLS, keep-alive connections.
import { Agent, request } from 'node:https';

interface Job {
  url: string; path: string; method: 'GET' | 'POST'; caPem: string; identities: { keyPem: string; certPem: string }[];
  body: string | null; durationMs: number; concurrency: number;
}

async function run(job: Job): Promise<{ count: number; errors: number; latenciesUs: number[]; elapsedMs: number; firstError?: string }> {
  const url = new URL(job.path, job.url);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + job.durationMs;
  const started = performance.now();
  const workers = Array.from({ length: job.concurrency }, async (_, i) => {
    const id = job.identities[i % job.identities.length]!;
    const agent = new Agent({ keepAlive: true, maxSockets: 1, key: id.keyPem, cert: id.certPem, ca: job.caPem });
    while (performance.now() < deadline) {
      const t0 = process.hrtime.bigint();
      const status = await new Promise<number>((resolve) => {
        const req = request(url, { method: job.method, agent, headers: job.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(job.body) } : {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if ((res.statusCode ?? 0) >= 300 && !firstError) firstError = `${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`;
            resolve(res.statusCode ?? 0);
          });
        });
        req.on('error', (e) => { if (!firstError) firstError = String(e); resolve(0); });
        if (job.body) req.write(job.body);
        req.end();
      });
      const us = Number(process.hrtime.bigint() - t0) / 1000;
      if (status >= 200 && status < 300) latencies.push(us);
      else errors++;
    }
    agent.destroy();
  });
  await Promise.all(workers);
  return { count: latencies.length, errors, latenciesUs: latencies, elapsedMs: performance.now() - started, ...(firstError ? { firstError } : {}) };
}

process.on('message', (job: Job) => {
  void run(job).then((result) => {
    process.send?.(result, () => process.exit(0));
  });
});
