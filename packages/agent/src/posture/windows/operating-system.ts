import { parsePowerShellJsonList } from './powershell-json.js';

/** Parse `Get-CimInstance Win32_OperatingSystem | ConvertTo-Json`: caption, version, build, computer name. */
export function parseWin32OperatingSystem(stdout: string): { caption?: string; version?: string; build?: string; hostname?: string } | undefined {
  const os = parsePowerShellJsonList(stdout)?.[0];
  if (os === undefined) return undefined;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return { caption: str(os.Caption), version: str(os.Version), build: str(os.BuildNumber), hostname: str(os.CSName) };
}
