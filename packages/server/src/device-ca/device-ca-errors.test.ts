import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVICE_CA_ERRORS, deviceCaError } from './device-ca-errors.js';

const doc = readFileSync(new URL('../../../../docs/device-identity.md', import.meta.url), 'utf8');

describe('device CA error catalog', () => {
  it('documents every code with its status in docs/device-identity.md', () => {
    for (const [code, { status }] of Object.entries(DEVICE_CA_ERRORS)) {
      expect(doc).toContain(`| \`${code}\` | ${status} |`);
    }
  });

  it('hides server-side errors from callers', () => {
    expect(deviceCaError('VERITY_CRYPTO_DECRYPT_FAILED', 'x')).toMatchObject({ status: 500, expose: false });
    expect(deviceCaError('VERITY_CSR_MALFORMED', 'x', [{ path: '$.csr', message: 'm' }])).toMatchObject({ status: 400, expose: true, details: [{ path: '$.csr' }] });
  });
});
