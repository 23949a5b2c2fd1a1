import { describe, expect, it } from 'vitest';
import { isVerityError } from '@verity/core';
import { loadGatewayConfig } from './gateway-config.js';

const REQUIRED = { VERITY_GATEWAY_CONTROL_PLANE_URL: 'https://verity.example', VERITY_GATEWAY_TOKEN: 'vrt_0123456789abcdef' };

describe('gateway configuration', () => {
  it('reuses an identity assertion for 15 s of its 60 s by default; 0 signs one per request', () => {
    expect(loadGatewayConfig(REQUIRED)).toMatchObject({ assertionTtlSeconds: 60, assertionReuseSeconds: 15 });
    expect(loadGatewayConfig({ ...REQUIRED, VERITY_GATEWAY_ASSERTION_REUSE_SECONDS: '0' })).toMatchObject({ assertionReuseSeconds: 0 });
  });

  it('refuses a reuse time longer than half the assertion lifetime, naming the setting', () => {
    let caught: unknown;
    try {
      loadGatewayConfig({ ...REQUIRED, VERITY_GATEWAY_ASSERTION_TTL_SECONDS: '20', VERITY_GATEWAY_ASSERTION_REUSE_SECONDS: '11' });
    } catch (err) { caught = err; }
    expect(isVerityError(caught) && caught.code).toBe('VERITY_GATEWAY_CONFIG_INVALID');
    expect((caught as Error).message).toMatch(/\$\.assertionReuseSeconds must be at most half of assertionTtlSeconds/);
    expect(loadGatewayConfig({ ...REQUIRED, VERITY_GATEWAY_ASSERTION_TTL_SECONDS: '20', VERITY_GATEWAY_ASSERTION_REUSE_SECONDS: '10' })).toMatchObject({ assertionReuseSeconds: 10 });
  });
});

