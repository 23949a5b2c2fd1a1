/**
 * JSON Merge Patch (RFC 7396) for PATCH on Graph documents: objects merge recursively, `null`
 * removes a member, anything else (arrays included) replaces. Hand-written because the whole
 * algorithm is the ten lines of RFC 7396 section 2; a dependency would be larger than the code.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete out[key];
    // defineProperty, not assignment: a "__proto__" member from JSON.parse must stay a plain member.
    else Object.defineProperty(out, key, { value: mergePatch(Object.hasOwn(out, key) ? out[key] : undefined, value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
