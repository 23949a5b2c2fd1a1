import { describe, expect, it } from 'vitest';
import { describeFactValue } from './describe-fact.js';

describe('describeFactValue', () => {
  it.each<[string, unknown, string]>([
    ['password.maxAgeDays', 0, 'never expires'],
    ['password.maxAgeDays', 90, '90 days'],
    ['password.minLength', 12, '12 characters'],
    ['screenLock.idleSeconds', 300, 'after 300 s idle'],
    ['firewall.enabled', true, 'yes'],
    ['secureBoot.enabled', false, 'no'],
    ['os.name', 'Debian GNU/Linux', 'Debian GNU/Linux'],
    ['encryption.volumes', [{ mountPoint: '/', device: '/dev/vda', encrypted: false, method: 'none', system: true }], '/ (OS, /dev/vda): not encrypted'],
    ['encryption.volumes', [{ mountPoint: '/home', device: '/dev/mapper/home', encrypted: true, method: 'luks2', system: false }], '/home (/dev/mapper/home): encrypted, luks2'],
  ])('%s %j -> %s', (name, value, text) => expect(describeFactValue(name, value)).toBe(text));
});
