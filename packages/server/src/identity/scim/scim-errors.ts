import { SCIM } from './scim-resources.js';

/** RFC 7644 §3.12 `scimType` values. */
export type ScimType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive' | 'tooLarge';

/** An error SCIM clients understand: HTTP status, optional scimType, detail; rendered in the SCIM error schema. */
export class ScimError extends Error {
  constructor(readonly status: number, readonly scimType: ScimType | undefined, readonly detail: string) {
    super(detail);
    this.name = 'ScimError';
  }
}

/** The SCIM error body (RFC 7644 §3.12): `status` is a string there. */
export function scimErrorBody(status: number, detail: string, scimType?: string): Record<string, unknown> {
  return { schemas: [SCIM.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
}
