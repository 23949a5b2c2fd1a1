import { createHash } from 'node:crypto';
import type { Group, ScimResourceRecord, User } from '@verity/store';

/** SCIM 2.0 schema URNs (RFC 7643 §8.7). */
export const SCIM = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  spc: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** A weak ETag (RFC 7644 §3.14) from the Verity row's last change and the SCIM record's version. */
export function etagOf(updatedAt: string, scim: ScimResourceRecord | undefined): string {
  return `W/"${createHash('sha256').update(`${updatedAt}|${scim?.version ?? 0}`).digest('base64url').slice(0, 22)}"`;
}

/** A Verity user as a SCIM User (core + enterprise extension); SCIM-only attributes come from the SCIM record. */
export function userResource(u: User, scim: ScimResourceRecord | undefined, baseUrl: string): Record<string, unknown> {
  const extra = scim?.data ?? {};
  return {
    schemas: [SCIM.user, SCIM.enterprise],
    id: u.id,
    ...(scim?.externalId ? { externalId: scim.externalId } : {}),
    userName: u.userPrincipalName,
    displayName: u.displayName,
    active: u.status === 'enabled',
    ...(extra.name ? { name: extra.name } : {}),
    ...(extra.emails ? { emails: extra.emails } : { emails: [{ value: u.userPrincipalName, type: 'work', primary: true }] }),
    ...(extra.phoneNumbers ? { phoneNumbers: extra.phoneNumbers } : {}),
    ...(u.jobTitle ? { title: u.jobTitle } : {}),
    ...(extra.preferredLanguage ? { preferredLanguage: extra.preferredLanguage } : {}),
    ...(extra.locale ? { locale: extra.locale } : {}),
    userType: u.userType === 'guest' ? 'Guest' : 'Member',
    [SCIM.enterprise]: { ...((extra.enterprise as Record<string, unknown>) ?? {}), ...(u.department ? { department: u.department } : {}) },
    meta: { resourceType: 'User', created: u.createdAt, lastModified: u.updatedAt, location: `${baseUrl}/Users/${u.id}`, version: etagOf(u.updatedAt, scim) },
  };
}

/** A Verity user group as a SCIM Group. */
export function groupResource(g: Group, memberIds: readonly string[], scim: ScimResourceRecord | undefined, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SCIM.group],
    id: g.id,
    ...(scim?.externalId ? { externalId: scim.externalId } : {}),
    displayName: g.displayName,
    members: memberIds.map((id) => ({ value: id, $ref: `${baseUrl}/Users/${id}`, type: 'User' })),
    meta: { resourceType: 'Group', created: g.createdAt, lastModified: g.updatedAt, location: `${baseUrl}/Groups/${g.id}`, version: etagOf(g.updatedAt, scim) },
  };
}

/** What a SCIM User document sets on a Verity user, and what is kept in the SCIM record. */
export function userFieldsOf(doc: Record<string, unknown>): {
  userPrincipalName: string; displayName: string; status: 'enabled' | 'disabled'; jobTitle: string | null; department: string | null; userType: 'member' | 'guest';
  externalId: string | null; scimData: Record<string, unknown>;
} {
  const name = doc.name as { formatted?: string; givenName?: string; familyName?: string } | undefined;
  const enterprise = (doc[SCIM.enterprise] ?? {}) as Record<string, unknown>;
  const userName = String(doc.userName);
  const displayName = typeof doc.displayName === 'string' && doc.displayName ? doc.displayName
    : name?.formatted ?? ([name?.givenName, name?.familyName].filter(Boolean).join(' ') || userName);
  const { department, ...restEnterprise } = enterprise;
  return {
    userPrincipalName: userName.toLowerCase(),
    displayName: displayName.slice(0, 256),
    status: doc.active === false ? 'disabled' : 'enabled',
    jobTitle: typeof doc.title === 'string' ? doc.title.slice(0, 256) : null,
    department: typeof department === 'string' ? department.slice(0, 256) : null,
    userType: typeof doc.userType === 'string' && doc.userType.toLowerCase() === 'guest' ? 'guest' : 'member',
    externalId: typeof doc.externalId === 'string' ? doc.externalId : null,
    scimData: {
      ...(name ? { name } : {}), ...(doc.emails ? { emails: doc.emails } : {}), ...(doc.phoneNumbers ? { phoneNumbers: doc.phoneNumbers } : {}),
      ...(doc.preferredLanguage ? { preferredLanguage: doc.preferredLanguage } : {}), ...(doc.locale ? { locale: doc.locale } : {}),
      ...(Object.keys(restEnterprise).length > 0 ? { enterprise: restEnterprise } : {}),
    },
  };
}
