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
