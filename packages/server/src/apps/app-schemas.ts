import { z } from 'zod';
import { displayName } from '../shared/wire.js';

/** Wire shapes of `/api/v1/apps`: every string bounded, hosts and paths normalised here, at the edge. */

const hostname = z.string().trim().toLowerCase().min(1).max(253)
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/, 'expected a host name (letters, digits, hyphens and dots; no port)');

/** A path prefix: starts with '/', no query, fragment, dot segments or empty segments; no trailing '/' except the root. */
const pathPrefix = z.string().min(1).max(1024)
  .regex(/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/, 'expected a path starting with / (no query or fragment)')
  .refine((p) => !p.split('/').some((seg, i, all) => seg === '.' || seg === '..' || (seg === '' && i > 0 && i < all.length - 1)), 'no "." or ".." or empty segments')
  .transform((p) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p));

const upstreamUrl = z.string().max(2048).refine((u) => {
  try {
    const url = new URL(u);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.search && !url.hash;
  } catch {
    return false;
  }
}, 'expected an http:// or https:// URL without credentials, query or fragment');

/** The application id conditional access policies name in `includeApplications` (a GUID or any id). */
const appId = z.string().trim().min(1).max(256).regex(/^[A-Za-z0-9._:-]+$/, 'expected an application id (letters, digits, . _ : -)');

export const createAppSchema = z.strictObject({
  displayName,
  appId,
  hosts: z.array(hostname).min(1).max(50).refine((h) => new Set(h).size === h.length, 'hosts must be distinct'),
  pathPrefix: pathPrefix.default('/'),
  upstreamUrl,
  enabled: z.boolean().default(true),
});
export type CreateApp = z.infer<typeof createAppSchema>;

export const updateAppSchema = z.strictObject({
  displayName: displayName.optional(),
  appId: appId.optional(),
  hosts: z.array(hostname).min(1).max(50).refine((h) => new Set(h).size === h.length, 'hosts must be distinct').optional(),
  pathPrefix: pathPrefix.optional(),
  upstreamUrl: upstreamUrl.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateApp = z.infer<typeof updateAppSchema>;
