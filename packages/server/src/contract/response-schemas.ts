import type { z } from 'zod';
import { IDENTITY_RESPONSES } from './identity-responses.js';
import { INVENTORY_RESPONSES } from './inventory-responses.js';
import { POLICY_RESPONSES } from './policy-responses.js';

/**
 * The OpenAPI contract's response shapes for routes that do not declare `response` themselves,
 * keyed `METHOD url` as the route is registered. Kept here, apart from the route files, so that the
 * console's generated client is typed without editing every domain's routes at once; a route that
 * gains its own `response` takes precedence, and its entry here can then go.
 * test/contract checks every key names a real route and that real responses match.
 */
export const RESPONSE_SCHEMAS: Readonly<Record<string, z.ZodType>> = { ...INVENTORY_RESPONSES, ...POLICY_RESPONSES, ...IDENTITY_RESPONSES };
