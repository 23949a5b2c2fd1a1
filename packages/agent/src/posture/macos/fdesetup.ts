/**
 * Parse `fdesetup status`: `FileVault is On.` / `FileVault is Off.`; while converting it
 * says `Encryption in progress` or `Decryption in progress`, which are not (yet) protected.
 */
export function parseFdesetupStatus(stdout: string): { encrypted: boolean; detail: string } | undefined {
  const line = /FileVault is (On|Off)\.?/.exec(stdout);
  if (line === null) return undefined;
  if (/in progress/i.test(stdout)) return { encrypted: false, detail: stdout.trim().split('\n').at(-1)!.trim() };
  return { encrypted: line[1] === 'On', detail: line[0] };
}
