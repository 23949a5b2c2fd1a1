/**
 * Parse `csrutil status`: `System Integrity Protection status: enabled.`; a custom
 * configuration (`enabled (Custom Configuration)` with some protections off) counts as
 * not fully enabled.
 */
export function parseCsrutilStatus(stdout: string): boolean | undefined {
  const m = /System Integrity Protection status:\s*(enabled|disabled)(.*)$/im.exec(stdout);
  if (m === null) return undefined;
  return m[1]!.toLowerCase() === 'enabled' && !/custom/i.test(m[2]!);
}
