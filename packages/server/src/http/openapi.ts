import { z } from 'zod';
import type { AnyRoute } from './route.js';
import { RESPONSE_SCHEMAS } from '../contract/response-schemas.js';

function schemaOf(s: unknown, io: 'input' | 'output' = 'input'): unknown {
  if (!s) return undefined;
  try {
    return z.toJSONSchema(s as z.ZodType, { io, unrepresentable: 'any' });
  } catch {
    return { description: 'not representable as JSON Schema' };
  }
}

/** The success response: its JSON schema where the route (or the contract's table) declares one. */
function successResponse(schema: z.ZodType | undefined): Record<string, unknown> {
  if (!schema) return { description: 'Success' };
  const json = schemaOf(schema, 'output') as Record<string, unknown>;
  delete json.$schema;
  return { description: 'Success', content: { 'application/json': { schema: json } } };
}

// Every error response is the same problem+json document: one shared response object, referenced.
const problem = { $ref: '#/components/responses/Problem' };

/** OpenAPI 3.1 document generated from the same route definitions the server runs. */
export function buildOpenApi(routes: readonly AnyRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      const json = schemaOf(schema) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
      for (const [name, prop] of Object.entries(json?.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json?.required ?? []).includes(name), schema: prop });
      }
    }
    const security = r.auth.kind === 'admin' || r.auth.kind === 'user' ? [{ bearer: [] }] : r.auth.kind === 'device' ? [{ deviceCertificate: [] }] : r.auth.kind === 'operator' ? [{ operator: [] }] : [];
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.auth.kind === 'admin' ? { 'x-verity-permission': r.auth.permission } : {}),
      security,
      parameters,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body) } } } } : {}),
      responses: {
        [String(r.successStatus ?? 200)]: successResponse(r.response ?? RESPONSE_SCHEMAS[`${r.method} ${r.url}`]),
        '400': problem, '401': problem, '403': problem, '404': problem, '413': problem, '429': problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Verity control plane API', version },
    paths,
    components: {
      responses: { Problem: { description: 'RFC 9457 problem details', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Admin API token (vrt_…) or session (vrs_…)' },
        deviceCertificate: { type: 'mutualTLS', description: 'Device certificate issued by the Verity device CA' },
        operator: { type: 'http', scheme: 'bearer', description: 'Operator credential (vro_…): tenant lifecycle only' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
            code: { type: 'string' }, requestId: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' }, position: { type: 'integer' }, expected: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
