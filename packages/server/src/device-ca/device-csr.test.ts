import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDeviceKeyAndCsr } from './device-csr.js';
import { parseCsr } from './parse-csr.js';

describe('createDeviceKeyAndCsr', () => {
  it('returns a P-256 PKCS#8 key and a CSR for that same key', async () => {
    const { keyPem, csrPem } = await createDeviceKeyAndCsr('laptop, O=evil');
    const key = createPrivateKey(keyPem);
    expect(key.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    const parsed = await parseCsr(csrPem);
    expect(parsed.keyType).toBe('ec-p256');
    expect(createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(parsed.publicKeySpki)).toBe(true);
    // The comma stays inside the one CN value instead of adding an O attribute.
    expect(parsed.subject).toBe('CN=laptop\\, O=evil');
  });

  it('refuses empty, long or control-character names', async () => {
    await expect(createDeviceKeyAndCsr('')).rejects.toThrow(RangeError);
    await expect(createDeviceKeyAndCsr('x'.repeat(65))).rejects.toThrow(RangeError);
    await expect(createDeviceKeyAndCsr('a\nb')).rejects.toThrow(RangeError);
  });
});
