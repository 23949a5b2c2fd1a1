/**
 * What an import changed or assumed to read a real export, shown on the document's report line
 * so the admin sees every normalisation (closed list; docs/compatibility.md explains each).
 */
export type ImportNoteCode =
  | 'duplicate-property-resolved'
  | 'json-string-unwrapped'
  | 'powershell-hashtable-rebuilt'
  | 'recognised-by-shape'
  | 'recognised-by-context'
  | 'property-name-case-normalised'
  | 'enum-case-normalised'
  | 'empty-array-as-absent'
  | 'empty-object-as-absent'
  | 'null-as-absent'
  | 'state-missing-imported-disabled'
  | 'can-never-be-met'
  | 'reference-mapped';

/** One normalisation: where (JSON path in the document), what (code) and a sentence. */
export interface ImportNote {
  readonly path: string;
  readonly code: ImportNoteCode;
  readonly message: string;
}
