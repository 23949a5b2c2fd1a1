/**
 * Parse `socketfilterfw --getglobalstate`: `Firewall is enabled. (State = 1)`, `(State = 2)`
 * (block all incoming) or `Firewall is disabled. (State = 0)`.
 */
export function parseSocketfilterfwState(stdout: string): boolean | undefined {
  const state = /State\s*=\s*(\d)/.exec(stdout);
  if (state !== null) return state[1] !== '0';
  const m = /Firewall is (enabled|disabled)/i.exec(stdout);
  return m === null ? undefined : m[1]!.toLowerCase() === 'enabled';
}
