import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { ApiProblem, problemFrom } from './problem';

/**
 * The typed client of the public admin API (types generated from /openapi.json). Same origin: the
 * session is the HttpOnly cookie set at sign-in, never held by scripts.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a call, or an ApiProblem with what the server said. Network failures become ApiProblem too. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch {
    throw problemFrom(0, undefined);
  }
  if (!result.response.ok) throw problemFrom(result.response.status, result.error);
  return result.data as T;
}

/**
 * A call to a route that this server may not have yet (features other issues add): the response
 * body as JSON, `undefined` when the server answers that the route does not exist, an ApiProblem otherwise.
 * Only the modules under src/pending/ use it; their routes move to the typed client once they are in /openapi.json.
 */
export async function callPendingRoute<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T | undefined> {
  let res: Response;
  try {
    res = await fetch(path, {
      method, credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw problemFrom(0, undefined);
  }
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (res.ok) return parsed as T;
  const problem = problemFrom(res.status, parsed);
  if (problem.code === 'VERITY_ROUTE_NOT_FOUND') return undefined;
  throw problem;
}

export { ApiProblem };
