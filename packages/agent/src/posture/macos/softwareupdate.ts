/**
 * Count updates in `softwareupdate --list`. Apple ships security fixes inside OS updates
 * and Rapid Security Responses without a separate label, so every recommended update
 * counts as a pending security update (documented in docs/agent.md).
 */
export function countSoftwareUpdates(stdout: string): number {
  if (/No new software available/i.test(stdout)) return 0;
  const labels = stdout.split('\n').filter((l) => /^\s*\*\s*Label:/.test(l) || /^\s*\*\s+\S/.test(l));
  const details = stdout.split('\n').filter((l) => /^\s*Title:/.test(l));
  // Each update is a `* Label:` line followed by a `Title: ..., Recommended: YES|NO` line.
  if (details.length > 0) return details.filter((l) => !/Recommended:\s*NO/i.test(l)).length;
  return labels.length;
}
