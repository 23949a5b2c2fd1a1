import { describe, expect, it } from 'vitest';
import { formatEffectivePolicy, type EffectivePolicyAnswer } from './effective-policy-command.js';

describe('verity users effective-policy', () => {
  it('prints each setting with its value, where it comes from, and the conflicting profiles', () => {
    const answer: EffectivePolicyAnswer = {
      userId: 'u1', deviceId: null,
      pin: {
        pinMinimumLength: { value: 10, source: { kind: 'profile', profileId: 'p-eng', displayName: 'Engineering' }, conflicts: [{ profileId: 'p-eng', displayName: 'Engineering', value: 10 }, { profileId: 'p-fin', displayName: 'Finance', value: 8 }] },
        pinMaximumLength: { value: 127, source: { kind: 'default' }, conflicts: [] },
        pinExpirationInDays: { value: 90, source: { kind: 'tenant' }, conflicts: [] },
      },
      profiles: [{ id: 'p-eng', displayName: 'Engineering', viaGroupIds: ['g1'] }, { id: 'p-fin', displayName: 'Finance', viaGroupIds: ['g2'] }],
      password: { minimumLength: 12, historyCount: 5 }, passkeys: { allowedAaguids: [], attestation: 'none' },
    };
    const lines: string[] = [];
    formatEffectivePolicy(answer, (l) => lines.push(l));
    expect(lines.find((l) => l.startsWith('pinMinimumLength'))).toMatch(/10\s+profile Engineering \(p-eng\)\s+Engineering=10; Finance=8/);
    expect(lines.find((l) => l.startsWith('pinMaximumLength'))).toMatch(/127\s+default/);
    expect(lines.find((l) => l.startsWith('pinExpirationInDays'))).toMatch(/90\s+tenant-wide/);
    expect(lines[1]).toBe('Profiles that apply: Engineering (via g1); Finance (via g2)');
  });
});
