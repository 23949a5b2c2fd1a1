/** Render a path of keys/indices as a JSON path (`$.settings[0]['@odata.type']`), RFC 9535 style. */
export function toJsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += `.${s}`;
    else out += `['${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }
  return out;
}
