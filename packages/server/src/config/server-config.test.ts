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
    expect(() => loadServerConfig({}, { surprise: true })).toThrow();
  });
});
