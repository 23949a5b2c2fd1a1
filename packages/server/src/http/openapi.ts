import { z } from 'zod';
import type { AnyRoute } from './route.js';
import { RESPONSE_SCHEMAS } from '../contract/response-schemas.js';

/**
 * Named schemas a route's schema needs (zod puts recursive ones in `$defs`, referenced as
 * `#/$defs/…` from the schema's own root). Embedded in the OpenAPI document those pointers would
 * point nowhere, so the definitions move to `components.schemas` under a unique name and the
 * references follow them.
 */
type SharedSchemas = Record<string, unknown>;

function hoistDefinitions(json: Record<string, unknown>, shared: SharedSchemas): Record<string, unknown> {
  const defs = json.$defs as Record<string, unknown> | undefined;
  if (!defs) return json;
  delete json.$defs;
  const renamed = new Map<string, string>();
  for (const key of Object.keys(defs)) renamed.set(`#/$defs/${key}`, `#/components/schemas/Def${Object.keys(shared).length + renamed.size}`);
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === '$ref' && typeof x === 'string' && renamed.has(x) ? renamed.get(x) : rewrite(x);
    return out;
  };
  for (const [key, def] of Object.entries(defs)) shared[renamed.get(`#/$defs/${key}`)!.slice('#/components/schemas/'.length)] = rewrite(def);
  return rewrite(json) as Record<string, unknown>;
}

function schemaOf(s: unknown, shared: SharedSchemas, io: 'input' | 'output' = 'input'): unknown {
  if (!s) return undefined;
  try {
    const json = z.toJSONSchema(s as z.ZodType, { io, unrepresentable: 'any' }) as Record<string, unknown>;
    delete json.$schema;
    return hoistDefinitions(json, shared);
  } catch {
    return { description: 'not representable as JSON Schema' };
  }
}

/** The success response: its JSON schema where the route (or the contract's table) declares one. */
function successResponse(schema: z.ZodType | undefined, shared: SharedSchemas): Record<string, unknown> {
  if (!schema) return { description: 'Success' };
  const json = schemaOf(schema, shared, 'output') as Record<string, unknown>;
  return { description: 'Success', content: { 'application/json': { schema: json } } };
}

// Every error response is the same problem+json document: one shared response object, referenced.
const problem = { $ref: '#/components/responses/Problem' };

/** OpenAPI 3.1 document generated from the same route definitions the server runs. */
export function buildOpenApi(routes: readonly AnyRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const shared: SharedSchemas = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      const json = schemaOf(schema, shared) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
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
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, shared) } } } } : {}),
      responses: {
        [String(r.successStatus ?? 200)]: successResponse(r.response ?? RESPONSE_SCHEMAS[`${r.method} ${r.url}`], shared),
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
        ...shared,
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
