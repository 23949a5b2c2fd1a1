/** Save a JSON document as a file (export of a policy, a named location). */
export function downloadJson(fileName: string, document: unknown): void {
  const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = window.document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a display name: letters, digits, dashes. */
export function fileNameFor(displayName: string, suffix = '.json'): string {
  const base = displayName.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'export';
  return `${base}${suffix}`;
}
