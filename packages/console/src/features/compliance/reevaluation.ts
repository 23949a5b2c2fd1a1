/** What a policy or settings change re-evaluated: counts, or `background` when the fleet was too large to wait for. */
export type Reevaluation = { evaluated: number; changed: number } | { background: true };

/** The sentence a notice shows after a change that re-evaluates devices. */
export function reevaluationSentence(r: Reevaluation): string {
  if ('background' in r) return 'devices are being re-evaluated in the background.';
  return `${r.evaluated} devices re-evaluated, ${r.changed} changed state.`;
}
