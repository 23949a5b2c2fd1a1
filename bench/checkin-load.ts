// Load generator for the check-in benchmark, run in its own process so that the server's
// core is not shared with the client's JSON and TLS work. Real mTLS, keep-alive connections.
// A hand-written HTTP/1.1 client over node:tls rather than undici or node:https: on this
// two-core machine the server and the generator share the CPU, and a general-purpose client's
// CPU per request (undici ~200-290 µs, Node's own ~2x that) is taken away from the server being
// measured. Real agents are thousands of separate machines, so whatever the generator spends is
// pure measurement overhead: it only pre-encodes each request once, writes it with one
// socket.write and parses the reply incrementally (bench/http1-response-parser.ts), which
// roughly halves the generator's CPU per request compared with undici.
import net from 'node:net';
import tls from 'node:tls';
import { Http1ResponseParser, type Http1Response } from './http1-response-parser.js';

interface Job {
  url: string; path: string; method: 'GET' | 'POST'; caPem: string;
  /** Client certificates, one per simulated agent (round-robin over connections); `headers` are extra request lines ("Name: value\r\n") sent with it. */
  identities: { keyPem: string; certPem: string; headers?: string }[];
  /** Plain TCP instead of TLS (to measure an upstream directly); identities then only carry headers. */
  plain?: boolean;
  /** Request bodies, sent round-robin per connection (most agents repeat their last report; some change). */
  bodies: string[] | null; durationMs: number; concurrency: number;
}

interface Result { count: number; errors: number; latenciesUs: number[]; elapsedMs: number; cpuMs: number; firstError?: string }

/** Each request, complete on the wire: request line, Host, Content-Type, Content-Length, blank line, body. */
function encodeRequests(job: Job, host: string, extraHeaders = ''): Buffer[] {
  const bodies = job.bodies ?? [null];
  return bodies.map((body) => {
    const bodyBytes = body === null ? null : Buffer.from(body);
    let head = `${job.method} ${job.path} HTTP/1.1\r\nHost: ${host}\r\n${extraHeaders}`;
    if (bodyBytes) head += 'Content-Type: application/json\r\n';
    if (bodyBytes || job.method !== 'GET') head += `Content-Length: ${bodyBytes?.length ?? 0}\r\n`;
    head += '\r\n';
    return bodyBytes ? Buffer.concat([Buffer.from(head, 'latin1'), bodyBytes]) : Buffer.from(head, 'latin1');
  });
}

/**
 * Connects every agent first (TLS handshakes included), tells the parent, and starts the clock on
 * its 'go': the measurement is steady-state check-ins over established keep-alive connections, and
 * neither side's CPU figure includes the handshakes.
 */
async function run(job: Job, ready: () => Promise<void>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const fail = (message: string) => {
    errors++;
    if (!firstError) firstError = message;
  };
  let deadline = Infinity;
  const url = new URL(job.url);
  const port = Number(url.port || 443);
  // Encoded once: the requests are the same bytes on every connection (of one identity), so they are shared.
  const shared = encodeRequests(job, url.host);
  const perIdentity = job.identities.map((id) => (id.headers ? encodeRequests(job, url.host, id.headers) : shared));

  // One connection per simulated agent, with its own client certificate, like a real fleet;
  // one request in flight at a time (closed loop), reconnecting if the server closes.
  const agent = (i: number) => {
    let done: () => void = () => {};
    let connected: () => void = () => {};
    const ready = new Promise<void>((resolve) => { connected = resolve; });
    const id = job.identities[i % job.identities.length]!;
    const requests = perIdentity[i % job.identities.length]!;
    let n = i; // which request this connection sends next
    let socket: net.Socket | null = null; // the live connection; null once given up on
    let inFlight = false; // a request is waiting for its response (or for its connection)
    let t0 = 0;

    const next = () => {
      if (performance.now() >= deadline) {
        if (socket) {
          const s = socket;
          socket = null;
          s.end();
        }
        done();
        return;
      }
      inFlight = true;
      if (socket) send(socket);
      else connect();
    };

    const send = (s: net.Socket) => {
      const request = requests[n++ % requests.length]!;
      t0 = performance.now();
      s.write(request);
    };

    const onResponse = (s: net.Socket, res: Http1Response) => {
      inFlight = false;
      if (res.status >= 200 && res.status < 300) latencies.push((performance.now() - t0) * 1000);
      else fail(`${res.status} ${res.body.toString('utf8').slice(0, 300)}`);
      if (!res.keepAlive && s === socket) {
        socket = null;
        s.destroy();
      }
      next();
    };

    /** The connection failed or ended: a request in flight on it has failed; carry on on a new one. */
    const broken = (s: net.Socket, message: string, parser?: Http1ResponseParser) => {
      if (s !== socket) return; // already handled, or closed by us
      socket = null;
      s.destroy();
      let res: Http1Response | null = null;
      try {
        res = parser?.end() ?? null; // a body delimited by the end of the connection
      } catch (e) {
        message = `${message} (${String(e)})`;
      }
      if (res && inFlight) {
        onResponse(s, res);
        return;
      }
      if (inFlight) {
        inFlight = false;
        fail(message);
      }
      next();
    };

    const connect = () => {
      const parser = new Http1ResponseParser();
      const s = job.plain ? net.connect({ host: url.hostname, port }) : tls.connect({ host: url.hostname, port, key: id.keyPem, cert: id.certPem, ca: job.caPem, servername: 'localhost' });
      socket = s;
      s.setNoDelay(true);
      s.once(job.plain ? 'connect' : 'secureConnect', () => {
        connected();
        if (s === socket && inFlight) send(s);
      });
      s.on('data', (chunk: Buffer) => {
        if (s !== socket) return;
        let responses: Http1Response[];
        try {
          responses = parser.feed(chunk);
        } catch (e) {
          broken(s, String(e));
          return;
        }
        if (responses.length === 0) return;
        if (responses.length > 1 || !inFlight) {
          // One request in flight, so at most one response: the stream is out of step.
          if (!inFlight) fail(`unexpected response ${responses[0]!.status}`);
          broken(s, `${responses.length} responses to one request`);
          return;
        }
        onResponse(s, responses[0]!);
      });
      s.on('error', (e) => { connected(); broken(s, String(e)); });
      s.on('close', () => broken(s, 'connection closed by the server', parser));
    };

    connect();
    return { ready, run: () => new Promise<void>((resolve) => { done = resolve; next(); }) };
  };

  const agents = Array.from({ length: job.concurrency }, (_, i) => agent(i));
  await Promise.all(agents.map((a) => a.ready));
  await ready();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  deadline = started + job.durationMs;
  await Promise.all(agents.map((a) => a.run()));
  const c = process.cpuUsage(cpu0);
  return { count: latencies.length, errors, latenciesUs: latencies, elapsedMs: performance.now() - started, cpuMs: (c.user + c.system) / 1000, ...(firstError ? { firstError } : {}) };
}

// The parent sends the job, gets { ready: true } once every agent is connected, and answers 'go'.
let go: () => void = () => {};
process.on('message', (message: Job | 'go') => {
  if (message === 'go') { go(); return; }
  void run(message, () => new Promise<void>((resolve) => { go = resolve; process.send?.({ ready: true }); })).then((result) => {
    process.send?.(result, () => process.exit(0));
  });
});
