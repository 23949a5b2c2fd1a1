// `npm run generate-api -w @verity/console`: rewrite src/api/schema.d.ts from the server's /openapi.json.
import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, apiTypesFor, fetchOpenApiDocument } from './api-types.js';

const text = await apiTypesFor(await fetchOpenApiDocument());
writeFileSync(API_TYPES_FILE, text);
process.stdout.write(`wrote ${API_TYPES_FILE} (${text.length} characters)\n`);
