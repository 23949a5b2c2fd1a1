import type { Fact, UnknownCause } from '@verity/core';

/** A fact the collector observed, with the command or file it came from. */
export function known<T>(value: T, source: string): Fact<T> {
  return { state: 'known', value, source: source.slice(0, 256) };
}

/** A fact the collector could not observe, with the reason in one sentence and, when it can tell, the cause (remediation follows it). */
export function unknown<T = never>(reason: string, cause?: UnknownCause): Fact<T> {
  return cause === undefined ? { state: 'unknown', reason: reason.slice(0, 512) } : { state: 'unknown', reason: reason.slice(0, 512), cause };
}

/** Parse a non-negative decimal integer; undefined for anything else (never a guess). */
export function parseCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
