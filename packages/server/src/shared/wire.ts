import { z } from 'zod';

/** Shared wire-level building blocks: every string and array is bounded at the edge. */
export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'expected an id (letters, digits, _ . : -)');
export const idParams = z.object({ id: idSchema }).strict();
export const displayName = z.string().trim().min(1).max(256);
export const scopeTags = z.array(z.string().min(1).max(64).regex(/^[\w.-]+$/)).max(50);
export const limitQuery = z.coerce.number().int().min(1).max(500).default(100);
export const isoDate = z.iso.datetime({ offset: true });
