import { describe, expect, it } from 'vitest';
import { Agent, request } from 'node:https';
import { TestServer, enrollmentToken, linuxReport } from '../harness.js';
import { createDeviceKeyAndCsr } from '../../src/device-ca/device-csr.js';
import { startPostureRetention } from '../../src/devices/posture-retention.js';

describe('operability', () => {
  it('rate-limits enrollment per source with a 429 problem', async () => {
    const s = await TestServer.start({ config: { enrollRateLimitPerMinute: 3 } });
    try {
      const { csrPem } = await createDeviceKeyAndCsr('h');
      const statuses: number[] = [];
      let last: any;
      for (let i = 0; i < 5; i++) {
        last = await s.call('POST', '/api/v1/enroll', { body: { enrollmentToken: 'vre_unknownunknownunknown', csr: csrPem, device: { hostname: 'h', platform: 'linux' } } });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      expect(last.body.code).toBe('VERITY_RATE_LIMITED');
      // Problem+json, and when to come back: the rest of the one-minute window.
      expect(last.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(last.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(last.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect([last.headers['x-ratelimit-limit'], last.headers['x-ratelimit-remaining']]).toEqual(['3', '0']);
    } finally {
      await s.close();
    }
  });

  it('rate-limits check-ins per device certificate, not per address', async () => {
    const s = await TestServer.start({ config: { checkinRateLimitPerMinute: 2 } });
    try {
      const t = await s.tenant();
      const token = await enrollmentToken(s, t.adminToken);
      const a = await s.enrollDevice(token, { hostname: 'a' });
      const b = await s.enrollDevice(token, { hostname: 'b' });
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await s.call('POST', '/api/v1/device/checkin', { device: a, body: { report: linuxReport() } })).status);
      expect(codes).toEqual([200, 200, 429]);
      const refused = await s.call('POST', '/api/v1/device/checkin', { device: a, body: { report: linuxReport() } });
      expect(refused.body.code).toBe('VERITY_RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Agents pace themselves by nextCheckinSeconds: no x-ratelimit headers on device routes.
      expect(refused.headers['x-ratelimit-limit']).toBeUndefined();
      // Another device from the same address is not affected.
      expect((await s.call('POST', '/api/v1/device/checkin', { device: b, body: { report: linuxReport() } })).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('finishes an in-flight request during graceful shutdown', async () => {
    const s = await TestServer.start();
    const t = await s.tenant();
    const token = await enrollmentToken(s, t.adminToken);
    const d = await s.enrollDevice(token);
    const agent = new Agent({ keepAlive: true, ca: s.caPem, key: d.keyPem, cert: d.certPem });
    const body = JSON.stringify({ report: linuxReport() });
    const send = (beforeRest?: () => Promise<void>) => new Promise<number>((resolve, reject) => {
      const req = request(new URL('/api/v1/device/checkin', s.url), { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      if (!beforeRest) return void req.end(body);
      // Send half the body, let the server start on it, then shut down, then send the rest.
      req.write(body.slice(0, 200));
      void beforeRest().then(() => req.end(body.slice(200)));
    });
    expect(await send()).toBe(200);
    let closing: Promise<void> | undefined;
    const inFlight = send(async () => {
      await new Promise((r) => setTimeout(r, 200));
      closing = s.close();
      await new Promise((r) => setTimeout(r, 100));
    });
    const status = await inFlight;
    expect(status).toBe(200);
    await closing;
    agent.destroy();
  });

  it('keeps posture history bounded per device', async () => {
    const s = await TestServer.start({ config: { postureHistoryPerDevice: 2 } });
    try {
      const t = await s.tenant();
      const d = await s.enrollDevice(await enrollmentToken(s, t.adminToken));
      // Four different postures (history keeps changes; a repeated report adds no row).
      for (let i = 0; i < 4; i++) {
        const report = linuxReport({ 'updates.pendingSecurity': { state: 'known', value: i, source: 'apt' } });
        expect((await s.call('POST', '/api/v1/device/checkin', { device: d, body: { report } })).status).toBe(200);
      }
      expect((await s.call('POST', '/api/v1/device/checkin', { device: d, body: { report: linuxReport({ 'updates.pendingSecurity': { state: 'known', value: 3, source: 'apt' } }) } })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/devices/${d.deviceId}/posture`, { token: t.adminToken })).body.items).toHaveLength(4);
      const retention = startPostureRetention(s.server.ctx);
      retention.stop();
      expect(await retention.runOnce()).toBe(2);
      expect((await s.call('GET', `/api/v1/devices/${d.deviceId}/posture`, { token: t.adminToken })).body.items).toHaveLength(2);
    } finally {
      await s.close();
    }
  });
});
