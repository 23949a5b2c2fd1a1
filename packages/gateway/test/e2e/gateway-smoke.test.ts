import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlPlaneWorld, gatewayWithApp, gwCall, signInThroughGateway, type ControlPlaneWorld } from '../gateway-harness.js';

describe('smoke', () => {
  let w: ControlPlaneWorld;
  let g: Awaited<ReturnType<typeof gatewayWithApp>>;
  beforeAll(async () => {
    w = await controlPlaneWorld();
    g = await gatewayWithApp(w);
  });
  afterAll(async () => {
    await g?.gateway.close();
    await g?.app.close();
    await w?.close();
  });

  it('forwards a signed-in request with a device', async () => {
    const token = await signInThroughGateway(g.gateway, w.s.caPem, w.user);
    const res = await gwCall(g.gateway.url, w.s.caPem, '/whoami', { device: w.user.device, bearer: token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ sub: w.user.userId, device_id: w.user.device.deviceId, device_compliant: true });
  });
});
