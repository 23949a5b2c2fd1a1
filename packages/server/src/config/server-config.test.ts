import { describe, expect, it } from 'vitest';
import { loadServerConfig } from './server-config.js';

describe('server configuration', () => {
  it('reads defaults, then the file, then the environment (env wins)', () => {
    const c = loadServerConfig({ VERITY_PORT: '9443' }, { port: 7443, dataDir: '/srv/verity', logLevel: 'warn' });
    expect(c).toMatchObject({ port: 9443, dataDir: '/srv/verity', logLevel: 'warn', host: '127.0.0.1' });
  });

  it('rejects invalid settings naming them', () => {
    expect(() => loadServerConfig({ VERITY_PORT: 'eighty' })).toThrowError(/\$\.port/);
    expect(() => loadServerConfig({}, { masterKey: 'short' })).toThrowError(/\$\.masterKey/);
    expect(() => loadServerConfig({}, { surprise: true })).toThrow(expect.objectContaining({ code: 'VERITY_CONFIG_INVALID' }));
    expect(() => loadServerConfig({ VERITY_TLS_CERT: '/etc/verity/tls.crt' })).toThrow(expect.objectContaining({ code: 'VERITY_CONFIG_INVALID', details: [{ path: '$.tlsKeyFile', message: expect.any(String) }] }));
    expect(() => loadServerConfig({ VERITY_METRICS_LISTEN: 'not an address' })).toThrowError(/\$\.metricsListen/);
    expect(() => loadServerConfig({ VERITY_METRICS_TOKEN: 'short' })).toThrowError(/\$\.metricsToken/);
  });
});
