import { parsePowerShellJsonList, psBool } from './powershell-json.js';

export interface DefenderStatus {
  readonly serviceEnabled?: boolean;
  readonly antivirusEnabled?: boolean;
  readonly antispywareEnabled?: boolean;
  readonly realTimeProtection?: boolean;
  readonly signatureUpToDate?: boolean;
}

/**
 * Parse `Get-MpComputerStatus | ConvertTo-Json`. Signatures are up to date when Defender
 * itself says so (`DefenderSignaturesOutOfDate`, Windows 10 1703+), else when
 * `AntivirusSignatureAge` is at most 1 day (Defender's own out-of-date threshold is 7).
 */
export function parseMpComputerStatus(stdout: string): DefenderStatus | undefined {
  const status = parsePowerShellJsonList(stdout)?.[0];
  if (status === undefined) return undefined;
  const outOfDate = psBool(status.DefenderSignaturesOutOfDate);
  const age = typeof status.AntivirusSignatureAge === 'number' ? status.AntivirusSignatureAge : undefined;
  return {
    serviceEnabled: psBool(status.AMServiceEnabled),
    antivirusEnabled: psBool(status.AntivirusEnabled),
    antispywareEnabled: psBool(status.AntispywareEnabled),
    realTimeProtection: psBool(status.RealTimeProtectionEnabled),
    signatureUpToDate: outOfDate !== undefined ? !outOfDate : age !== undefined ? age <= 1 : undefined,
  };
}
