import { VerityError, type ErrorDetail } from '../errors/verity-error.js';

/**
 * The codes of the Graph file front door (`verity import`, the import routes): one catalog, so
 * a newcomer reads one file to learn what reading a file can answer.
 */
export const GRAPH_IMPORT_ERROR_CODES = {
  /** Bytes that are not text in the encoding they claim (bad UTF-8, a lone surrogate, a truncated UTF-16 file). */
  encodingInvalid: 'VERITY_IMPORT_ENCODING_INVALID',
  /** Text that is not JSON; the detail names the byte offset, line and column. */
  invalidJson: 'VERITY_IMPORT_INVALID_JSON',
  /** An object with the same property twice (JSON.parse would silently keep the last one). */
  duplicateKey: 'VERITY_IMPORT_DUPLICATE_KEY',
  /** Nesting deeper than any Graph document needs. */
  tooDeep: 'VERITY_IMPORT_TOO_DEEP',
  /** A file larger than an import reads. */
  fileTooLarge: 'VERITY_IMPORT_FILE_TOO_LARGE',
  /** A Graph kind Verity recognises but does not import (settings catalog, app protection...). */
  kindNotSupported: 'VERITY_IMPORT_KIND_NOT_SUPPORTED',
  /** Not a Graph document Verity can recognise at all. */
  kindUnknown: 'VERITY_IMPORT_KIND_UNKNOWN',
} as const;

/** Where in a file a problem sits: offsets count bytes of the file as read; line and column start at 1. */
export interface FileLocation {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A problem with a whole file (not one document of it): the code, a sentence, the JSON path and, for syntax, the location. */
export function fileError(code: string, message: string, detail: ErrorDetail & Partial<FileLocation>): VerityError {
  return new VerityError(code, message, { status: 400, details: [detail] });
}
