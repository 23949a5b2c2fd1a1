import type { Fact } from '@verity/core';

/** A fact the collector observed, with the command or file it came from. */
export function known<T>(value: T, source: string): Fact<T> {
  return { state: 'known', value, source: source.slice(0, 256) };
}

/** A fact the collector could not observe, with the reason in one sentence. */
export function unknown<T = never>(reason: string): Fact<T> {
  return { state: 'unknown', reason: reason.slice(0, 512) };
}

/** Parse a non-negative decimal integer; undefined for anything else (never a guess). */
export function parseCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
