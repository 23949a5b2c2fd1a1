/**
 * Parse `Confirm-SecureBootUEFI`: prints True/False; on a legacy BIOS machine it fails with
 * "Cmdlet not supported on this platform", which means Secure Boot is off by definition.
 * "Access was denied" (not elevated) is unknown.
 */
export function parseConfirmSecureBootUefi(stdout: string, stderr: string): boolean | 'denied' | undefined {
  const out = stdout.trim();
  if (/^True$/i.test(out)) return true;
  if (/^False$/i.test(out)) return false;
  if (/not supported on this platform/i.test(stderr)) return false;
  if (/access was denied|UnauthorizedAccess/i.test(stderr)) return 'denied';
  return undefined;
}
