import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesFor, fetchOpenApiDocument } from '../scripts/api-types.js';

describe('the console\'s generated API client types', () => {
  it('match the server\'s /openapi.json (regenerate with npm run generate-api -w @verity/console)', async () => {
    const expected = await apiTypesFor(await fetchOpenApiDocument());
    expect(readFileSync(API_TYPES_FILE, 'utf8') === expected, 'packages/console/src/api/schema.d.ts is stale: run npm run generate-api -w @verity/console').toBe(true);
  }, 60_000);
});
