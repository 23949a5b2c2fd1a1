// Faults: a gateway without a snapshot refuses everything; one that loses its control plane
// keeps deciding on its last snapshot for the configured time, then fails closed (and says so on
// /healthz), and recovers when the control plane is back. The in-process transport is the same
// channel as the HTTPS stream, without the network.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotFeed } from '../../../server/src/gateway-feed/snapshot-feed.js';
import { TestServer } from '../../../server/test/harness.js';
import { inProcessTransport, startGateway, type SnapshotTransport, type TransportHandlers } from '../../src/index.js';
import { controlPlaneWorld, gatewayWithApp, gwCall, signInThroughGateway, until, type ControlPlaneWorld } from '../gateway-harness.js';

const silent = pino({ level: process.env.VERITY_TEST_LOG ?? 'silent' });

describe('gateway faults', () => {
  let w: ControlPlaneWorld;
  beforeAll(async () => { w = await controlPlaneWorld(); });
  afterAll(async () => { await w?.close(); });

  it('refuses every request until its first snapshot, then decides (in-process transport)', async () => {
    const feed = snapshotFeed(w.s.server.ctx, () => w.s.url);
    let release: () => void = () => {};
    const held = new Promise<void>((r) => { release = r; });
    // The in-process transport, started only when the test releases it.
    const delayed = (): SnapshotTransport => {
      const inner = inProcessTransport(feed, w.t.tenantId, 'in-process-1');
      return { name: inner.name, start: (h: TransportHandlers) => { void held.then(() => inner.start(h)); }, resync: () => inner.resync(), stop: () => inner.stop() };
    };
    const gateway = await startGateway({ config: w.gatewayConfig({ gatewayId: 'in-process-1' }), transport: delayed, logger: silent });
    try {
      const before = await gwCall(gateway.url, w.s.caPem, '/', { device: w.user.device });
      expect(before.status).toBe(503);
      expect(before.body.code).toBe('VERITY_GATEWAY_NOT_READY');
      expect(before.headers['retry-after']).toBe('5');
      const health = await fetch(`${gateway.opsUrl}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'not-ready', snapshotVersion: null });
      release();
      await until(() => gateway.state.ready, 'the first snapshot');
      expect((await (await fetch(`${gateway.opsUrl}/healthz`)).json())).toMatchObject({ status: 'ok', transport: 'in-process' });
      // Ready now: no app is published yet, and the gateway says so instead of "not ready".
      expect((await gwCall(gateway.url, w.s.caPem, '/', { device: w.user.device })).body.code).toBe('VERITY_GATEWAY_NO_APP');
    } finally {
      await gateway.close();
    }
  });

  it('keeps deciding on its last snapshot without the control plane, fails closed after the limit, and recovers', async () => {
    const g = await gatewayWithApp(w, { gatewayId: 'lonely', failClosedAfterMs: 2_000, streamIdleTimeoutMs: 2_000 });
    try {
      const token = await signInThroughGateway(g.gateway, w.s.caPem, w.user);
      const call = () => gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token });
      expect((await call()).status).toBe(200);
      const port = Number(new URL(w.s.url).port);
      // The control plane goes away (its data stays).
      await w.s.server.close();
      await until(() => g.gateway.health().controlPlane && !(g.gateway.health().controlPlane as { connected: boolean }).connected, 'the gateway noticing');
      expect((await call()).status).toBe(200);
      const closed = await until(async () => { const r = await call(); return r.status === 503 ? r : undefined; }, 'failing closed', 15_000);
      expect(closed.body.code).toBe('VERITY_GATEWAY_FAILED_CLOSED');
      const health = await fetch(`${g.gateway.opsUrl}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'failed-closed' });
      expect(await (await fetch(`${g.gateway.opsUrl}/metrics`)).text()).toContain('verity_gateway_failed_closed 1');

      // The control plane comes back on the same address: a full snapshot, and access again.
      const again = await TestServer.start({ dataDir: w.s.dataDir, config: { port, schedulerIntervalMs: 50 } });
      w.s = again;
      await until(async () => (await call()).status === 200, 'recovery', 20_000);
      expect(g.gateway.health().status).toBe('ok');
    } finally {
      await g.gateway.close();
      await g.app.close();
    }
  }, 60_000);
});
