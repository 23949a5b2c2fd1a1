import { describe, expect, it } from 'vitest';
import { isRetryable, isUntrustedServer } from './https-json.js';

describe('what the agent rides out and what it reports', () => {
  it('retries outages (network, 5xx, 429) but not an unverifiable server certificate or a refusal', () => {
    expect(isRetryable({ code: 'VERITY_AGENT_SERVER_UNREACHABLE', status: 503 })).toBe(true);
    expect(isRetryable({ code: 'VERITY_INTERNAL', status: 503 })).toBe(true);
    expect(isRetryable({ code: 'VERITY_RATE_LIMITED', status: 429 })).toBe(true);
    expect(isRetryable({ code: 'VERITY_INTERNAL', status: 500 })).toBe(true);
    expect(isRetryable({ code: 'VERITY_AGENT_SERVER_UNTRUSTED', status: 495 })).toBe(false);
    expect(isUntrustedServer({ code: 'VERITY_AGENT_SERVER_UNTRUSTED', status: 495 })).toBe(true);
    expect(isRetryable({ code: 'VERITY_REQUEST_INVALID', status: 400 })).toBe(false);
    expect(isRetryable({ code: 'VERITY_DEVICE_CERT_SUPERSEDED', status: 401 })).toBe(false);
  });
});
