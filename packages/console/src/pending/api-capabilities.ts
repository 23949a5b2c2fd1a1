// Features other issues add to the API (device commands, device PATCH, policy lifecycle, passkeys)
// are built here against the shapes those issues describe, and shown only when the server's own
// OpenAPI document lists their route: no probing requests that fail, no hidden 404s. After those
// issues land, each module moves to the generated, typed client (see docs/console.md).
import { useQuery } from '@tanstack/react-query';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
interface OpenApiPaths { paths?: Record<string, Partial<Record<Method, unknown>>> }

/** Whether an OpenAPI document has an operation (path in OpenAPI form, e.g. /api/v1/devices/{id}/commands). */
export function hasOperation(document: OpenApiPaths | undefined, method: Method, path: string): boolean {
  return Boolean(document?.paths?.[path]?.[method]);
}

/** Whether this server offers an operation; false while the document loads or if it cannot be read. */
export function useOperationAvailable(method: Method, path: string): boolean {
  const doc = useQuery({
    queryKey: ['openapi'], staleTime: Infinity, retry: false,
    queryFn: async (): Promise<OpenApiPaths> => {
      const res = await fetch('/openapi.json', { credentials: 'same-origin' });
      return res.ok ? ((await res.json()) as OpenApiPaths) : {};
    },
  });
  return hasOperation(doc.data, method, path);
}
