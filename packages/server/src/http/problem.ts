import type { FastifyReply, FastifyRequest } from 'fastify';
import { isVerityError, VerityError, type ErrorDetail } from '@verity/core';
import type { ZodError } from 'zod';

/** RFC 9457 problem details body, plus Verity's stable `code` and per-path `errors`. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: readonly ErrorDetail[];
  requestId: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** The `type` URI points at the error catalog entry for the code. */
export function problemType(code: string): string {
  return `https://verity.dev/errors#${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Convert a zod error into a validation VerityError whose details carry JSON paths. */
export function validationError(error: ZodError, root = '$', code = 'VERITY_REQUEST_INVALID'): VerityError {
  const details = error.issues.slice(0, 50).map((issue) => ({
    path: jsonPath(root, issue.path),
    message: issue.message,
  }));
  const first = details[0];
  return new VerityError(code, first ? `${first.path}: ${first.message}` : 'The request is invalid.', { status: 400, details });
}

/** `['a', 0, 'b']` -> `$.a[0].b`; keys that are not identifiers are quoted. */
export function jsonPath(root: string, segments: readonly PropertyKey[]): string {
  let out = root;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && /^[A-Za-z_@][\w@.-]*$/.test(s) && !s.includes('.')) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

/** Map fastify's own errors (body too large, bad JSON, wrong content type) to Verity codes. */
/** A JSON body that is empty (also for routes that parse their body text themselves, see json-text.ts). */
export function emptyJsonBody(): VerityError {
  return new VerityError('VERITY_REQUEST_INVALID', 'The JSON body is empty.', { status: 400, details: [{ path: '$', message: 'expected a JSON value' }] });
}

/** A body that is not JSON, or JSON with a prototype-poisoning key. */
export function invalidJsonBody(reason: string): VerityError {
  return new VerityError('VERITY_REQUEST_INVALID_JSON', `The body is not valid JSON: ${reason}`, { status: 400, details: [{ path: '$', message: 'not valid JSON' }] });
}

function fromFastifyError(err: { code?: string; statusCode?: number; message: string }): VerityError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new VerityError('VERITY_REQUEST_TOO_LARGE', 'The request body is larger than this endpoint accepts.', { status: 413 });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new VerityError('VERITY_REQUEST_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.', { status: 415 });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return emptyJsonBody();
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return invalidJsonBody(err.message);
    default:
      break;
  }
  // Only a parse error of the request body is the client's bad JSON (Fastify sets its status 400); a
  // SyntaxError anywhere else (a corrupt stored row, say) is the server's fault: a 500, not a 400.
  if (err.statusCode === 400 && (err instanceof SyntaxError || /JSON/.test(err.message))) {
    return new VerityError('VERITY_REQUEST_INVALID_JSON', 'The body is not valid JSON.', { status: 400, details: [{ path: '$', message: 'not valid JSON' }] });
  }
  if (err.statusCode === 429) return new VerityError('VERITY_RATE_LIMITED', 'Too many requests; retry later.', { status: 429 });
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new VerityError('VERITY_REQUEST_INVALID', err.message, { status: err.statusCode });
  }
  return undefined;
}

/**
 * Render any thrown value as problem+json (RFC 9457); unexposed errors become a generic 500 with the
 * request id. `countError` (the error metric) sees the code actually sent.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, thrown: unknown, countError?: (code: string) => void): FastifyReply {
  let error: VerityError;
  if (isVerityError(thrown)) error = thrown;
  else error = fromFastifyError(thrown as { code?: string; statusCode?: number; message: string }) ??
    new VerityError('VERITY_INTERNAL', 'Internal error.', { status: 500, expose: false, cause: thrown });

  if (error.status >= 500) request.log.error({ err: thrown, code: error.code }, 'request failed');
  else request.log.info({ code: error.code, status: error.status }, 'request rejected');

  const exposed = error.expose && error.status < 500;
  const body: ProblemBody = {
    type: problemType(exposed ? error.code : 'VERITY_INTERNAL'),
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: exposed ? error.message : `An internal error occurred; quote request id ${request.id} to your administrator.`,
    instance: request.url.split('?')[0] ?? request.url,
    code: exposed ? error.code : 'VERITY_INTERNAL',
    requestId: String(request.id),
  };
  if (exposed && error.details.length > 0) body.errors = error.details;
  // Extension members (RFC 9457 §3.2) never overwrite the standard ones.
  if (exposed && error.extensions) for (const [k, v] of Object.entries(error.extensions)) if (!(k in body)) (body as unknown as Record<string, unknown>)[k] = v;
  if (error.status === 429 && !reply.hasHeader('retry-after')) void reply.header('retry-after', String(error.extensions.retryAfterSeconds ?? 1));
  countError?.(body.code);
  return reply.status(error.status).type('application/problem+json').send(body);
}
