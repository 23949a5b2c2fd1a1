// `npm run bench -- gateway`: requests per second and added p99 latency through the gateway
// (mTLS device certificate + user session, conditional access over 500 policies decided per
// request, a signed identity assertion (reused for the same session and device for 15 s, the
// default), the sign-in log in batches) against Debian's
// nginx doing proxy_pass to the same upstream with the same TLS certificate and client
// certificate verification against the same device CA. One process each (the gateway is one
// Node process; nginx runs one worker), the same load generator (its own process, keep-alive
// mTLS connections, closed loop), runs interleaved so that both see the same machine noise.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import { AssertionSigner } from '../packages/gateway/src/proxy/identity-assertion.js';
import { benchWorld, processCpuMs, signIn, startGatewayProcess, stopProcess, until, type BenchWorld } from './gateway-world.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 16);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const APP_ID = 'bench-app';
const NGINX = process.env.BENCH_NGINX ?? '/usr/sbin/nginx';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

interface LoadResult { count: number; errors: number; latenciesUs: number[]; elapsedMs: number; cpuMs: number; firstError?: string }

/** One measured run of the load generator (its own process); `pids` are the processes whose CPU is counted. */
function load(job: Record<string, unknown>, pids: number[]): Promise<LoadResult & { targetCpuMs: number }> {
  const child = fork(fileURLToPath(new URL('./checkin-load.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    let cpu0 = 0;
    const cpu = () => pids.reduce((t, pid) => t + processCpuMs(pid), 0);
    child.on('message', (m: { ready?: true }) => {
      if (m.ready) { cpu0 = cpu(); child.send('go'); return; }
      resolve({ ...(m as LoadResult), targetCpuMs: cpu() - cpu0 });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load generator exited with code ${code} before reporting`)));
    child.send(job);
  });
}

/** nginx with one worker: TLS with the gateway's certificate, client certificates verified against the device CA, proxy_pass with upstream keep-alive. */
async function startNginx(w: BenchWorld, upstreamPort: number): Promise<{ child: ChildProcess; url: string; workerPids: () => number[] }> {
  const dir = join(w.dir, 'nginx');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  // nginx cannot listen on port 0 and say which port it got: take one the kernel just handed out.
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), `
worker_processes 1;
user root;
error_log ${dir}/logs/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  upstream app { server 127.0.0.1:${upstreamPort}; keepalive 256; }
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${w.files.cert};
    ssl_certificate_key ${w.files.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_client_certificate ${w.files.deviceCa};
    ssl_verify_client optional;
    ssl_verify_depth 2;
    location / {
      if ($ssl_client_verify != SUCCESS) { return 403; }
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Client-Dn $ssl_client_s_dn;
    }
  }
}
`);
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off; master_process on;'], { stdio: 'inherit' });
  const workerPids = () => {
    try { return readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { return []; }
  };
  let exited: Error | null = null;
  const onExit = (code: number | null) => { exited = new Error(`nginx exited (${code}) on start; see ${dir}/logs/error.log`); };
  child.once('exit', onExit);
  await until(() => { if (exited) throw exited; return workerPids().length > 0; }, 'nginx worker');
  child.off('exit', onExit);
  return { child, url: `https://localhost:${port}`, workerPids };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export default async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const w = await benchWorld({ devices: DEVICES, appId: APP_ID, log });
  const upstream = fork(fileURLToPath(new URL('./gateway-upstream.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  let gateway: Awaited<ReturnType<typeof startGatewayProcess>> | undefined;
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  let nodeFloor: ChildProcess | undefined;
  try {
    const upstreamPort = await new Promise<number>((resolve) => upstream.once('message', (m: { port: number }) => resolve(m.port)));
    await w.server.ctx.store.gatewayApps.create(w.tenantId, { displayName: 'Bench app', appId: APP_ID, hosts: ['localhost'], pathPrefix: '/', upstreamUrl: `http://127.0.0.1:${upstreamPort}`, enabled: true });
    gateway = await startGatewayProcess(w, 'bench-gateway', { VERITY_GATEWAY_SIGN_IN_FLUSH_MS: '1000' });
    await until(async () => (await fetch(`${gateway!.opsUrl}/healthz`)).status === 200, 'the gateway snapshot');
    nginx = await startNginx(w, upstreamPort);
    nodeFloor = fork(fileURLToPath(new URL('./gateway-node-floor.ts', import.meta.url)), [w.files.cert, w.files.key, w.files.deviceCa, `http://127.0.0.1:${upstreamPort}`], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const nodeFloorUrl = `https://localhost:${await new Promise<number>((resolve) => nodeFloor!.once('message', (m: { port: number }) => resolve(m.port)))}`;
    log(`signing ${DEVICES} sessions in, one per device…`);
    const caPem = readFileSync(w.files.deviceCa, 'utf8');
    const sessions: { keyPem: string; certPem: string; headers: string }[] = [];
    for (const [n, id] of w.identities.entries()) sessions.push({ keyPem: id.keyPem, certPem: id.certPem, headers: `Authorization: Bearer ${await signIn(gateway.url, w, id, n)}\r\nAccept: application/json\r\n` });

    const job = (url: string, extra: Record<string, unknown> = {}) => ({ url, path: '/api/items?page=1', method: 'GET', caPem, identities: sessions, bodies: null, durationMs: RUN_MS, concurrency: CONNECTIONS, ...extra });
    const targets = {
      direct: () => load(job(`http://127.0.0.1:${upstreamPort}`, { plain: true }), [upstream.pid!]),
      gateway: () => load(job(gateway!.url), [gateway!.child.pid!]),
      nginx: () => load(job(nginx!.url), nginx!.workerPids()),
      node: () => load(job(nodeFloorUrl), [nodeFloor!.pid!]),
    };
    log('warming up…');
    for (const t of Object.values(targets)) {
      const r = await t();
      if (r.errors > 0) throw new Error(`warm-up errors: ${r.errors} (${r.firstError})`);
    }
    const results: Record<keyof typeof targets, { rps: number[]; p50: number[]; p99: number[]; cpuUs: number[]; errors: number }> = {
      direct: { rps: [], p50: [], p99: [], cpuUs: [], errors: 0 }, gateway: { rps: [], p50: [], p99: [], cpuUs: [], errors: 0 }, nginx: { rps: [], p50: [], p99: [], cpuUs: [], errors: 0 },
      node: { rps: [], p50: [], p99: [], cpuUs: [], errors: 0 },
    };
    for (let run = 0; run < RUNS; run++) {
      for (const name of (run % 2 === 0 ? ['gateway', 'nginx', 'node', 'direct'] : ['nginx', 'gateway', 'direct', 'node']) as (keyof typeof targets)[]) {
        const r = await targets[name]();
        const lat = [...r.latenciesUs].sort((a, b) => a - b);
        const rps = r.count / (r.elapsedMs / 1000);
        results[name].rps.push(rps);
        results[name].p50.push(percentile(lat, 50) / 1000);
        results[name].p99.push(percentile(lat, 99) / 1000);
        results[name].cpuUs.push((r.targetCpuMs * 1000) / Math.max(1, r.count));
        results[name].errors += r.errors;
        log(`run ${run + 1} ${name.padEnd(7)} ${rps.toFixed(0).padStart(6)} req/s  p50 ${(percentile(lat, 50) / 1000).toFixed(2)} ms  p99 ${(percentile(lat, 99) / 1000).toFixed(2)} ms  cpu ${((r.targetCpuMs * 1000) / Math.max(1, r.count)).toFixed(0)} µs/req${r.errors ? `  errors ${r.errors} (${r.firstError})` : ''}`);
      }
    }
    const health = await (await fetch(`${gateway.opsUrl}/healthz`)).json() as { snapshotVersion: string; signInLog: unknown };
    // What one identity assertion costs (the largest single item of the gateway's per-request CPU), measured here on the same machine.
    const signer = new AssertionSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'https://localhost', 60);
    const claims = { sub: w.userId, upn: w.upn, sid: crypto.randomUUID(), amr: ['pwd'], device_id: w.identities[0]!.deviceId, device_compliant: true, decision_id: crypto.randomUUID() };
    for (let i = 0; i < 2_000; i++) signer.sign(APP_ID, claims, Date.now());
    const s0 = performance.now();
    for (let i = 0; i < 20_000; i++) signer.sign(APP_ID, claims, Date.now());
    const assertionUs = ((performance.now() - s0) * 1000) / 20_000;
    const value = Math.round(median(results.gateway.rps));
    const baselineValue = Math.round(median(results.nginx.rps));
    const round2 = (x: number) => Math.round(x * 100) / 100;
    console.log(JSON.stringify({
      bench: 'gateway',
      metric: 'requests_per_second_one_process',
      value,
      unit: 'requests/s',
      baseline: 'Debian nginx 1.22 proxy_pass, 1 worker, same TLS certificate, client certificates verified against the same device CA, upstream keep-alive',
      baseline_value: baselineValue,
      ratio: round2(value / baselineValue),
      added_p99_ms: round2(median(results.gateway.p99) - median(results.direct.p99)),
      nginx_added_p99_ms: round2(median(results.nginx.p99) - median(results.direct.p99)),
      p50_ms: round2(median(results.gateway.p50)),
      p99_ms: round2(median(results.gateway.p99)),
      nginx_p50_ms: round2(median(results.nginx.p50)),
      nginx_p99_ms: round2(median(results.nginx.p99)),
      direct_p99_ms: round2(median(results.direct.p99)),
      direct_requests_per_second: Math.round(median(results.direct.rps)),
      cpu_us_per_request: Math.round(median(results.gateway.cpuUs)),
      assertion_sign_us: Math.round(assertionUs * 10) / 10,
      nginx_cpu_us_per_request: Math.round(median(results.nginx.cpuUs)),
      // The Node.js floor (gateway-node-floor.ts): the same TLS server and forwarding, nothing else.
      node_floor_requests_per_second: Math.round(median(results.node.rps)),
      node_floor_ratio_to_nginx: round2(median(results.node.rps) / baselineValue),
      node_floor_cpu_us_per_request: Math.round(median(results.node.cpuUs)),
      gateway_share_of_node_floor: round2(value / median(results.node.rps)),
      gateway_runs_rps: results.gateway.rps.map(Math.round),
      nginx_runs_rps: results.nginx.rps.map(Math.round),
      errors: results.gateway.errors + results.nginx.errors + results.node.errors,
      policies: 500,
      connections: CONNECTIONS,
      devices_with_sessions: DEVICES,
      runs: RUNS,
      run_ms: RUN_MS,
      snapshot_version: health.snapshotVersion,
      load_avg_1m: Number(loadavg()[0]!.toFixed(1)),
      cpus_shared: true,
      assertion_reuse_seconds: 15,
      note: 'per request the gateway verifies the session (cached), checks the device against the snapshot, evaluates 500 policies and logs the decision, and attaches the ES256 identity assertion signed for that session, device and app (signed again after 15 s or any snapshot change); nginx only verifies the client certificate',
    }));
  } finally {
    await stopProcess(gateway?.child);
    await stopProcess(nginx?.child);
    await stopProcess(nodeFloor);
    await stopProcess(upstream);
    await w.server.close();
    rmSync(w.dir, { recursive: true, force: true });
  }
}
