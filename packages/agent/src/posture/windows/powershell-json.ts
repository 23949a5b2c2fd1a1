/**
 * `ConvertTo-Json` prints a single object for one item and an array for several; callers
 * always get an array. Undefined when the text is not JSON.
 */
export function parsePowerShellJsonList(stdout: string): Record<string, unknown>[] | undefined {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') return [];
  try {
    const doc: unknown = JSON.parse(text);
    if (Array.isArray(doc)) return doc.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
    return typeof doc === 'object' && doc !== null ? [doc as Record<string, unknown>] : undefined;
  } catch {
    return undefined;
  }
}

/** A PowerShell boolean as ConvertTo-Json renders it: true/false, or 1/0 for GpoBoolean enums. */
export function psBool(value: unknown): boolean | undefined {
  if (value === true || value === 1 || value === 'True' || value === 'true') return true;
  if (value === false || value === 0 || value === 'False' || value === 'false') return false;
  return undefined;
}
