import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The common-password list: the ~30,000 most common passwords from breach corpora, as shipped by
 * zxcvbn-ts (a maintained package) rather than a list copied into the repository. Loaded once.
 */
let common: ReadonlySet<string> | undefined;

/** Whether a (lower-cased) candidate is on the common or breached list. */
export function isCommonPassword(candidate: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(candidate);
}
