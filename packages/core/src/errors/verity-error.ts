/**
 * The one base error of Verity. Every error carries a stable code (`VERITY_<AREA>_<NAME>`),
 * the HTTP status it maps to, and whether its message may be shown to the caller
 * (following panva/jose and fastify: callers branch on `code`, never on wording).
 */
export interface ErrorDetail {
  /** JSON path of the offending value, e.g. `$.settings[3].value` (RFC 9535 style). */
  readonly path: string;
  /** What is wrong there, in one sentence. */
  readonly message: string;
  /** For rule-language errors: zero-based character offset in the rule text. */
  readonly position?: number;
  /** For rule-language errors: what the parser expected at `position`. */
  readonly expected?: string;
  /** For file syntax errors: zero-based byte offset in the file as read. */
  readonly offset?: number;
  /** For file syntax errors: one-based line and column (in characters) of `offset`. */
  readonly line?: number;
  readonly column?: number;
}

export interface VerityErrorOptions {
  readonly status?: number;
  readonly expose?: boolean;
  readonly details?: readonly ErrorDetail[];
  readonly cause?: unknown;
  /** RFC 9457 extension members added to the problem body when the error is exposed (e.g. a sign-in step-up). */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** Base error: stable code, HTTP status, expose flag, optional per-path details. */
export class VerityError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly details: readonly ErrorDetail[];
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: VerityErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VerityError';
    this.code = code;
    this.status = options.status ?? 400;
    this.expose = options.expose ?? this.status < 500;
    this.details = options.details ?? [];
    this.extensions = options.extensions ?? {};
  }
}

/** True for any VerityError, including ones from another copy of this module. */
export function isVerityError(value: unknown): value is VerityError {
  return value instanceof VerityError || (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'VerityError');
}
