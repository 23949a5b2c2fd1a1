// Errors from the API in plain words. Every error response is RFC 9457 problem+json with a stable
// `code`, a `detail` sentence written for people, and for bad input the JSON paths at fault; the
// console shows the detail and the fields, and words the few answers whose detail is about
// transport (session ended, role, rate limit, no answer).

/** One field error of a problem: where (`$.name`, `$query.range`) and what is wrong. */
export interface ProblemField { path: string; message: string; position?: number; expected?: string }

/** A sign-in that needs one more method (docs/identity.md, "step-up"): continue it with one of `methods`. */
export interface StepUp { transaction: string; methods: readonly string[]; expiresAt: string }

/** A failed API call: the problem+json body (or what stood in for it). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: readonly ProblemField[] = [],
    readonly requestId?: string,
    readonly stepUp?: StepUp,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The step-up a refused sign-in offers, when its problem carries a well-formed one. */
function stepUpOf(v: unknown): StepUp | undefined {
  if (!isRecord(v) || typeof v.transaction !== 'string' || typeof v.expiresAt !== 'string' || !Array.isArray(v.methods)) return undefined;
  return { transaction: v.transaction, expiresAt: v.expiresAt, methods: v.methods.filter((m): m is string => typeof m === 'string') };
}

/** An ApiProblem from a response status and its parsed body (problem+json, or anything else a proxy sent). */
export function problemFrom(status: number, body: unknown): ApiProblem {
  if (isRecord(body) && typeof body.code === 'string') {
    const fields = Array.isArray(body.errors)
      ? body.errors.filter(isRecord).map((e) => ({
        path: typeof e.path === 'string' ? e.path : '$',
        message: typeof e.message === 'string' ? e.message : 'invalid',
        ...(typeof e.position === 'number' ? { position: e.position } : {}),
        ...(typeof e.expected === 'string' ? { expected: e.expected } : {}),
      }))
      : [];
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : `Request failed (${status}).`;
    return new ApiProblem(status, body.code, detail, fields, typeof body.requestId === 'string' ? body.requestId : undefined, stepUpOf(body.stepUp));
  }
  return new ApiProblem(status, status === 0 ? 'NETWORK' : 'UNEXPECTED_RESPONSE', status === 0 ? 'The server did not answer.' : `The server answered ${status} without a problem description.`);
}

/** The sentence to show for a failed action. */
export function plainWords(error: unknown): string {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : 'Something went wrong.';
  switch (error.code) {
    case 'VERITY_AUTH_REQUIRED':
    case 'VERITY_AUTH_INVALID_TOKEN':
      return 'Your session has ended. Sign in again.';
    case 'VERITY_AUTH_FORBIDDEN':
      return `Your role does not allow this. ${error.detail}`;
    case 'VERITY_RATE_LIMITED':
      return 'Too many requests in a short time. Wait a minute and try again.';
    case 'NETWORK':
      return 'The server did not answer. Check that Verity is running and try again.';
    default:
      return error.detail;
  }
}

/** Field errors as "where: what" lines, with JSON paths made readable ($.displayName -> displayName). */
export function fieldLines(error: unknown): string[] {
  if (!(error instanceof ApiProblem)) return [];
  return error.fields.map((f) => {
    const where = f.path.replace(/^\$(query|params|headers)?\.?/, '') || 'request';
    return `${where}: ${f.message}${f.position !== undefined ? ` (at character ${f.position + 1})` : ''}`;
  });
}
