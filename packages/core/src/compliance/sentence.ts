/**
 * Text that ends as a sentence: trimmed, with a full stop unless it already ends in one (or in
 * `!`, `?`, `:` or a closing bracket after one). Reasons come from collectors as clauses
 * ("no firewall tool is installed"); joined to the next sentence they must not run on.
 */
export function asSentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  return /[.!?:]["')\]]?$/.test(t) ? t : `${t}.`;
}

/** Sentences joined with one space, each ended properly; empty parts are left out. */
export function joinSentences(...parts: readonly (string | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map(asSentence).join(' ');
}
