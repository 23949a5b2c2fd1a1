import { parsePowerShellJsonList, psBool } from './powershell-json.js';

/**
 * Parse `Get-NetFirewallProfile | ConvertTo-Json`. The firewall counts as enabled only when
 * every profile (Domain, Private, Public) is; `Enabled` is a GpoBoolean (1 True, 0 False,
 * 2 NotConfigured, which means the default: on).
 */
export function parseNetFirewallProfiles(stdout: string): { enabled: boolean; disabled: string[] } | undefined {
  const list = parsePowerShellJsonList(stdout);
  if (list === undefined || list.length === 0) return undefined;
  const disabled: string[] = [];
  for (const profile of list) {
    const raw = profile.Enabled;
    const on = raw === 2 || raw === 'NotConfigured' ? true : psBool(raw);
    if (on === undefined) return undefined;
    if (!on) disabled.push(String(profile.Name ?? '?'));
  }
  return { enabled: disabled.length === 0, disabled };
}
