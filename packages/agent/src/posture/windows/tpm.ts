import { parsePowerShellJsonList, psBool } from './powershell-json.js';

/**
 * Parse `Get-Tpm | ConvertTo-Json`: `TpmPresent`, and the spec version when the output
 * carries one (`SpecVersion` from Win32_Tpm, e.g. "2.0, 0, 1.59"; Get-Tpm itself has none).
 */
export function parseGetTpm(stdout: string): { present: boolean; version?: string } | undefined {
  const tpm = parsePowerShellJsonList(stdout)?.[0];
  if (tpm === undefined) return undefined;
  const present = psBool(tpm.TpmPresent);
  if (present === undefined) return undefined;
  const spec = typeof tpm.SpecVersion === 'string' ? /^(\d+\.\d+)/.exec(tpm.SpecVersion)?.[1] : undefined;
  return spec === undefined ? { present } : { present, version: spec };
}
