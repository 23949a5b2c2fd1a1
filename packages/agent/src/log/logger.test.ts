import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('logger', () => {
  it('writes one JSON line per entry and redacts secret-named fields', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), now: () => new Date('2026-01-01T00:00:00Z'), minLevel: 'info' });
    log.debug('hidden');
    log.info('enrolled', { deviceId: 'd1', privateKeyPem: '-----BEGIN PRIVATE KEY-----', password: 'x' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ time: '2026-01-01T00:00:00.000Z', level: 'info', msg: 'enrolled', deviceId: 'd1', privateKeyPem: '[redacted]', password: '[redacted]' });
  });
});
