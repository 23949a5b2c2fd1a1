import { z } from 'zod';

/**
 * `?dryRun=true&match=displayName` on every Graph import route: validate and report without
 * storing; match a re-import to the stored document by Graph id (default) or by display name.
 */
export const graphImportQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  match: z.enum(['id', 'displayName']).default('id'),
});
