// `npm run bench -- checkin`: check-in throughput and latency of the control plane with
// 100,000 enrolled devices in SQLite, against the physical limit of the same stack (an
// empty mTLS request through the same Fastify app, TLS settings, hooks and metrics).
// Steady state: each run starts its clock (and both CPU counters) once every agent's keep-alive
// mTLS connection is up, so neither figure includes TLS handshakes.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startServer } from '../packages/server/src/server.js';
import { createTenantWithAdmin } from '../packages/server/src/tenants/tenant-bootstrap.js';
import { createDeviceKeyAndCsr } from '../packages/server/src/device-ca/device-csr.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { defineRoute } from '../packages/server/src/http/route.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 256);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CYCLE = 20;
const CHANGED_SHARE = 2 / CYCLE; // entering and leaving the one different report

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

function realisticReport(collectedAt: Date, pendingSecurity: number) {
  const k = <T>(value: T, source: string) => ({ state: 'known' as const, value, source });
  return {
    schemaVersion: 1, collectedAt: collectedAt.toISOString(), platform: 'linux', agentVersion: '0.1.0',
    facts: {
      'os.name': k('Ubuntu', '/etc/os-release'), 'os.version': k('22.04', '/etc/os-release'), 'os.distribution': k('ubuntu', '/etc/os-release'),
      'os.kernel': k('6.5.0-41-generic', 'uname -r'), 'device.hostname': k('eng-laptop-0412', 'hostname'),
      'device.serialNumber': { state: 'unknown', reason: 'needs root to read /sys/class/dmi/id/product_serial' },
      'device.model': k('ThinkPad T14 Gen 3', '/sys/class/dmi/id/product_version'), 'device.manufacturer': k('LENOVO', '/sys/class/dmi/id/sys_vendor'),
      'tpm.present': k(true, '/sys/class/tpm/tpm0'), 'tpm.version': k('2.0', '/sys/class/tpm/tpm0/tpm_version_major'),
      'encryption.volumes': k([
        { mountPoint: '/', device: '/dev/mapper/vgubuntu-root', encrypted: true, method: 'luks2', system: true },
        { mountPoint: '/home', device: '/dev/mapper/vgubuntu-home', encrypted: true, method: 'luks2', system: false },
        { mountPoint: '/boot', device: '/dev/nvme0n1p2', encrypted: false, method: 'none', system: true },
      ], 'lsblk -J'),
      'firewall.enabled': k(true, 'nft list ruleset'), 'firewall.product': k('nftables', 'nft list ruleset'),
      'secureBoot.enabled': k(true, 'efivars SecureBoot'), 'updates.automaticSecurity': k(true, 'apt-config dump'),
      'updates.pendingSecurity': k(pendingSecurity, 'apt-get -s upgrade'), 'screenLock.enabled': k(true, 'gsettings'), 'screenLock.idleSeconds': k(300, 'gsettings'),
      'password.maxAgeDays': k(99999, '/etc/login.defs'), 'password.minLength': k(12, '/etc/security/pwquality.conf'), 'agent.version': k('0.1.0', 'agent'),
    },
  };
}

/**
 * CPU time of the server's main thread (the event loop) in ms, from /proc on Linux (10 ms ticks,
 * fine over runs of seconds); undefined elsewhere. Node 20 has no per-thread CPU counter of its own.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return undefined;
  }
}

async function load(job: Record<string, unknown>): Promise<{ count: number; errors: number; latenciesUs: number[]; elapsedMs: number; cpuMs: number; serverCpuMs: number; mainThreadCpuMs?: number; firstError?: string }> {
  const child = fork(fileURLToPath(new URL('./checkin-load.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    // Server CPU is counted from the moment every agent is connected (see checkin-load.ts).
    let cpu0 = process.cpuUsage();
    let main0 = mainThreadCpuMs();
    child.on('message', (m: { ready?: true }) => {
      if (m.ready) { cpu0 = process.cpuUsage(); main0 = mainThreadCpuMs(); child.send('go'); return; }
      const c = process.cpuUsage(cpu0);
      const main1 = mainThreadCpuMs();
      resolve({ ...(m as object), serverCpuMs: (c.user + c.system) / 1000, ...(main0 !== undefined && main1 !== undefined ? { mainThreadCpuMs: main1 - main0 } : {}) } as never);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load generator exited with code ${code} before reporting`)));
    child.send(job);
  });
}

// BENCH_PROFILE=DIR writes a V8 CPU profile of the server process for each measured run.
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return fn();
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

export default async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'verity-bench-checkin-'));
  const log = (s: string) => process.stderr.write(s + '\n');
  const server = await startServer({
    env: {},
    config: { dataDir, port: 0, masterKey: 'bench-master-key-0123456789abcdef0123456789', checkinRateLimitPerMinute: 1_000_000, logLevel: 'silent' },
    logger: pino({ level: 'silent' }),
  });
  const { ctx } = server;
  try {
    const t = await createTenantWithAdmin(ctx, { name: 'Bench', domain: 'bench.example.com' });
    log(`seeding ${DEVICES} devices…`);
    const t0 = performance.now();
    const platforms = ['windows', 'windows', 'windows', 'macos', 'linux', 'ios', 'android'];
    for (let i = 0; i < DEVICES; i += 5000) {
      const batch = Array.from({ length: Math.min(5000, DEVICES - i) }, (_, j) => {
        const n = i + j;
        return { id: `dev-${String(n).padStart(6, '0')}`, displayName: `host-${n}`, hostname: `host-${n}`, platform: platforms[n % platforms.length]!, ownership: n % 5 === 0 ? 'personal' as const : 'corporate' as const, joinType: n % 5 === 0 ? 'registered' as const : 'joined' as const, osVersion: '10.0.22631', lastCheckinAt: new Date(Date.now() - (n % 30) * 86_400_000).toISOString() };
      });
      await ctx.store.devices.insertMany(t.tenantId, batch);
    }
    log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; issuing ${AGENTS} agent certificates…`);
    const identities: { keyPem: string; certPem: string }[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const deviceId = `dev-${String(i * Math.floor(DEVICES / AGENTS)).padStart(6, '0')}`;
      const { keyPem, csrPem } = await createDeviceKeyAndCsr(deviceId);
      const issued = await ctx.deviceCa.issueDeviceCertificate({ csrPem, tenantId: t.tenantId, deviceId, now: new Date(), validityDays: 30 });
      await ctx.store.certificates.add(t.tenantId, { serial: issued.serialNumber.toUpperCase(), deviceId, fingerprint256: issued.fingerprint256, notBefore: issued.notBefore.toISOString(), notAfter: issued.notAfter.toISOString(), certPem: issued.certPem });
      identities.push({ keyPem, certPem: issued.certPem });
    }

    // The baseline: the same app builder and TLS options, one route that answers {}.
    const serverCert = await ctx.deviceCa.issueServerCertificate({ hostnames: ['localhost'], ips: ['127.0.0.1'], now: new Date(), validityDays: 1 });
    const empty = await buildApp(ctx, {
      routes: [defineRoute({ method: 'POST', url: '/empty', auth: { kind: 'public' }, tag: 'bench', summary: 'empty', handler: async () => ({}) })],
      https: { key: serverCert.keyPem, cert: serverCert.certPem, ca: [ctx.deviceCa.certPem] },
      logger: ctx.log,
    });
    await empty.listen({ host: '127.0.0.1', port: 0 });
    const emptyAddr = empty.server.address();
    const emptyUrl = `https://localhost:${typeof emptyAddr === 'object' && emptyAddr ? emptyAddr.port : 0}`;

    // Each agent cycles through CYCLE reports, each freshly collected (new collectedAt); one of them
    // reports a changed fact, so CHANGED_SHARE of check-ins carry a posture change (and a history row).
    const bodies = Array.from({ length: CYCLE }, (_, i) => JSON.stringify({ report: realisticReport(new Date(Date.now() - (CYCLE - i) * 1000), i === 0 ? 3 : 2) }));
    const ours = { url: server.url, path: '/api/v1/device/checkin', method: 'POST', caPem: ctx.deviceCa.certPem, identities, bodies, concurrency: CONCURRENCY };
    const base = { url: emptyUrl, path: '/empty', method: 'POST', caPem: ctx.deviceCa.certPem, identities, bodies: ['{}'], concurrency: CONCURRENCY };

    log('warm-up…');
    await load({ ...ours, durationMs: 2000 });
    await load({ ...base, durationMs: 2000 });
    // CPU µs per request of the server process and of the load generator: both share this machine's two cores.
    type Run = { rate: number; lat: number[]; serverUs: number; mainUs?: number; loadUs: number };
    const oursRuns: Run[] = [];
    const baseRuns: Run[] = [];
    const perRequest = (ms: number | undefined, count: number) => (ms === undefined ? {} : { mainUs: (ms * 1000) / count });
    for (let r = 0; r < RUNS; r++) {
      const a = await profiled(`checkin-${r}`, () => load({ ...ours, durationMs: RUN_MS }));
      if (a.errors) log(`check-in errors: ${a.errors} (${a.firstError})`);
      oursRuns.push({ rate: a.count / (a.elapsedMs / 1000), lat: a.latenciesUs, serverUs: (a.serverCpuMs * 1000) / a.count, ...perRequest(a.mainThreadCpuMs, a.count), loadUs: (a.cpuMs * 1000) / a.count });
      const b = await profiled(`empty-${r}`, () => load({ ...base, durationMs: RUN_MS }));
      baseRuns.push({ rate: b.count / (b.elapsedMs / 1000), lat: b.latenciesUs, serverUs: (b.serverCpuMs * 1000) / b.count, ...perRequest(b.mainThreadCpuMs, b.count), loadUs: (b.cpuMs * 1000) / b.count });
      const o = oursRuns[r]!;
      const e = baseRuns[r]!;
      const main = (x: Run) => (x.mainUs === undefined ? '' : ` of which main thread ${x.mainUs.toFixed(0)} µs`);
      log(`run ${r + 1}: check-in ${o.rate.toFixed(0)}/s (CPU per request: server ${o.serverUs.toFixed(0)} µs${main(o)}, load ${o.loadUs.toFixed(0)} µs), `
        + `empty mTLS ${e.rate.toFixed(0)}/s (server ${e.serverUs.toFixed(0)} µs${main(e)}, load ${e.loadUs.toFixed(0)} µs)`);
    }
    const rate = median(oursRuns.map((x) => x.rate));
    const baseRate = median(baseRuns.map((x) => x.rate));
    const mid = oursRuns.find((x) => x.rate === rate)!;
    const sorted = [...mid.lat].sort((a, b) => a - b);
    const baseMid = baseRuns.find((x) => x.rate === baseRate)!;
    const baseSorted = [...baseMid.lat].sort((a, b) => a - b);
    const stored = await ctx.store.devices.count(t.tenantId);
    if (process.env.BENCH_DEBUG) {
      for (const op of ctx.store.timings().sort((a, b) => b.totalMs - a.totalMs).slice(0, 15)) log(`store ${op.operation}: ${op.count} calls, ${op.totalMs.toFixed(0)} ms`);
    }
    await empty.close();
    console.log(JSON.stringify({
      bench: 'checkin', metric: 'checkins_per_second', value: Math.round(rate), unit: 'checkins/s',
      baseline: 'empty mTLS request, same server stack', baseline_value: Math.round(baseRate), ratio: Number((rate / baseRate).toFixed(3)),
      p50_us: Math.round(percentile(sorted, 50)), p99_us: Math.round(percentile(sorted, 99)),
      baseline_p50_us: Math.round(percentile(baseSorted, 50)), baseline_p99_us: Math.round(percentile(baseSorted, 99)),
      devices: stored, changed_posture_share: CHANGED_SHARE, agents: AGENTS, concurrency: CONCURRENCY, runs: RUNS, run_seconds: RUN_MS / 1000,
      server_cpu_us_per_checkin: Math.round(mid.serverUs), ...(mid.mainUs === undefined ? {} : { server_main_thread_cpu_us_per_checkin: Math.round(mid.mainUs) }),
      load_generator_cpu_us_per_checkin: Math.round(mid.loadUs),
      baseline_server_cpu_us: Math.round(baseMid.serverUs), ...(baseMid.mainUs === undefined ? {} : { baseline_server_main_thread_cpu_us: Math.round(baseMid.mainUs) }),
      baseline_load_generator_cpu_us: Math.round(baseMid.loadUs),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), store: ctx.store.dialect,
    }));
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
