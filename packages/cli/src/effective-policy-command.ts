import type { Command } from 'commander';
import { printJson, printTable } from './output.js';

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };

interface EffectiveValue { value: unknown; source: { kind: string; profileId?: string; displayName?: string }; conflicts: { profileId: string; displayName: string; value: unknown }[] }
export interface EffectivePolicyAnswer {
  userId: string; deviceId: string | null; pin: Record<string, EffectiveValue>;
  profiles: { id: string; displayName: string; viaGroupIds: string[] }[];
  password: { minimumLength: number; historyCount: number }; passkeys: { allowedAaguids: string[]; attestation: string };
}

/** Where a value comes from, for people: "tenant-wide", "profile Finance (id)", "default". */
export function sourceText(s: EffectiveValue['source']): string {
  return s.kind === 'profile' ? `profile ${s.displayName} (${s.profileId})` : s.kind === 'tenant' ? 'tenant-wide' : 'default';
}

/** Human rendering: one row per setting with its value, source and the profiles that disagreed. */
export function formatEffectivePolicy(a: EffectivePolicyAnswer, out: (line: string) => void = console.log): void {
  out(`Effective PIN and passkey policy for user ${a.userId}${a.deviceId ? ` on device ${a.deviceId}` : ''}`);
  out(`Profiles that apply: ${a.profiles.length === 0 ? 'none' : a.profiles.map((p) => `${p.displayName} (via ${p.viaGroupIds.join(', ')})`).join('; ')}`);
  printTable(Object.entries(a.pin).map(([setting, e]) => ({
    setting, value: e.value, source: sourceText(e.source), conflicts: e.conflicts.map((c) => `${c.displayName}=${String(c.value)}`).join('; ') || '-',
  })), ['setting', 'value', 'source', 'conflicts'], out);
  out(`Password: at least ${a.password.minimumLength} characters, no reuse of the last ${a.password.historyCount}; passkey attestation ${a.passkeys.attestation}, allowed authenticators: ${a.passkeys.allowedAaguids.length === 0 ? 'any' : a.passkeys.allowedAaguids.join(', ')}`);
}

/** `verity users effective-policy <user>`: the PIN and passkey policy in force for a user, and where each value comes from. */
export function registerEffectivePolicyCommand(users: Command, client: () => Api): void {
  users.command('effective-policy <user>').description('Show the PIN and passkey policy in force for a user (id or user principal name), with the source of every value and conflicts between profiles.')
    .option('--device <deviceId>', 'also apply the profiles assigned to this device\'s groups')
    .option('--json', 'print JSON')
    .action(async (user: string, o: { device?: string; json?: boolean }) => {
      const api = client();
      try {
        let id = user;
        if (user.includes('@')) {
          const found = await api.call<{ items: { id: string; userPrincipalName: string }[] }>('GET', `/api/v1/users?search=${encodeURIComponent(user)}&limit=50`);
          const match = found.items.find((u) => u.userPrincipalName === user.toLowerCase());
          if (!match) throw new Error(`No user ${user} in this tenant.`);
          id = match.id;
        }
        const answer = await api.call<EffectivePolicyAnswer>('GET', `/api/v1/users/${encodeURIComponent(id)}/effective-policy${o.device ? `?deviceId=${encodeURIComponent(o.device)}` : ''}`);
        if (o.json) printJson(answer); else formatEffectivePolicy(answer);
      } finally {
        api.close();
      }
    });
}
