// Generates the console's API client types from the control plane's OpenAPI document (/openapi.json),
// the contract the console is built against. The document is fetched from a real server started on
// a throwaway data directory, through Fastify's inject (no port, no TLS needed for one GET).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import pino from 'pino';
import { startServer } from '@verity/server';

/** Where the generated types live (checked in, so the console type-checks without a server). */
export const API_TYPES_FILE = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

const HEADER = '// Generated from the control plane\'s /openapi.json by `npm run generate-api -w @verity/console`. Do not edit.\n// packages/console/test/api-types.test.ts fails when this file is stale.\n\n';

/** The control plane's OpenAPI document, as GET /openapi.json serves it. */
export async function fetchOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'verity-openapi-'));
  const server = await startServer({
    env: {}, config: { dataDir, port: 0, host: '127.0.0.1', masterKey: 'openapi-generation-master-key-0123456789' }, logger: pino({ level: 'silent' }),
  });
  try {
    const res = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}`);
    return res.json() as Record<string, unknown>;
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The TypeScript text of the client types for an OpenAPI document. */
export async function apiTypesFor(document: Record<string, unknown>): Promise<string> {
  // The document is the server's own, served as OpenAPI 3.1; openapi-typescript validates its structure.
  const ast = await openapiTS(document as unknown as OpenAPI3, { alphabetize: true });
  return HEADER + astToString(ast);
}
