import type { EncryptedVolume } from './posture-report.js';

/**
 * A posture fact's value in words, for people (`verity devices show`, `verity-agent collect`):
 * units spelled out and the conventions of the posture contract made explicit (a maximum
 * password age of 0 means the password never expires). JSON output keeps the raw value.
 */
export function describeFactValue(name: string, value: unknown): string {
  switch (name) {
    case 'password.maxAgeDays':
      return value === 0 ? 'never expires' : typeof value === 'number' ? `${value} day${value === 1 ? '' : 's'}` : String(value);
    case 'password.minLength':
      return typeof value === 'number' ? `${value} character${value === 1 ? '' : 's'}` : String(value);
    case 'screenLock.idleSeconds':
      return typeof value === 'number' ? (value === 0 ? 'never locks when idle' : `after ${value} s idle`) : String(value);
    case 'updates.pendingSecurity':
      return typeof value === 'number' ? `${value} pending` : String(value);
    case 'encryption.volumes':
      return Array.isArray(value)
        ? (value as EncryptedVolume[]).map((v) => `${v.mountPoint} (${v.system ? 'OS, ' : ''}${v.device}): ${v.encrypted ? `encrypted, ${v.method}` : 'not encrypted'}`).join('; ') || 'no volumes'
        : String(value);
    default:
      if (typeof value === 'boolean') return value ? 'yes' : 'no';
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
