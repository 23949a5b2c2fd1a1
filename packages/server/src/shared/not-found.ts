import { VerityError } from '@verity/core';

/** 404 for a resource that does not exist in the caller's tenant; another tenant's is answered the same way. */
export function notFound(kind: string, id: string): VerityError {
  return new VerityError(`VERITY_${kind.toUpperCase().replace(/[^A-Z]/g, '_')}_NOT_FOUND`, `No ${kind} ${id} in this tenant.`, { status: 404 });
}
