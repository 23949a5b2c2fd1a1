import { filter as scimFilter, parse as parseScimFilter, type Filter } from 'scim2-parse-filter';
import { scimPatch, type ScimPatchOperation } from 'scim-patch';
import type { Group, User } from '@verity/store';
import type { ServerContext } from '../../context.js';
import { recordAudit } from '../../audit/audit-record.js';
import { refreshUserGroups } from '../../groups/dynamic-membership.js';
import { publishRevocation, revokeUserAccess } from '../account/revoke-access.js';
import { SCIM, etagOf, groupResource, userFieldsOf, userResource } from './scim-resources.js';
import { ScimError } from './scim-errors.js';

/** The SCIM client a request came from (its token), as the audit log's actor. */
export interface ScimCaller { tenantId: string; tokenId: string; baseUrl: string }

/** Largest page a client may ask for; more is capped (RFC 7644 §3.4.2.4 lets the server do so). */
export const MAX_PAGE = 200;
/** A filter that is not a plain lookup is evaluated over at most this many resources. */
const MAX_SCAN = 20_000;

const actor = (c: ScimCaller) => ({ kind: 'admin' as const, tenantId: c.tenantId, actorType: 'token' as const, actorId: `scim:${c.tokenId}`, role: 'globalAdmin' as const, scopeTags: [] });

/** Parse a SCIM filter with scim2-parse-filter; 400 `invalidFilter` naming the problem. */
export function parseFilter(text: string): Filter {
  if (text.length > 4096) throw new ScimError(400, 'invalidFilter', 'The filter is longer than 4096 characters.');
  try {
    return parseScimFilter(text);
  } catch (err) {
    throw new ScimError(400, 'invalidFilter', `The filter does not parse: ${(err as Error).message}`);
  }
}

/** `attr eq "value"` on an attribute the store can look up directly, else null. */
function plainLookup(f: Filter): { attr: string; value: string } | null {
  if (f.op !== 'eq' || !('attrPath' in f) || typeof (f as { compValue?: unknown }).compValue !== 'string') return null;
  return { attr: String(f.attrPath).toLowerCase(), value: String((f as { compValue: string }).compValue) };
}

async function loadUsers(ctx: ServerContext, c: ScimCaller, users: User[]): Promise<Record<string, unknown>[]> {
  const scim = await ctx.store.scim.getResources(c.tenantId, 'User', users.map((u) => u.id));
  return users.map((u) => userResource(u, scim.get(u.id), c.baseUrl));
}

/** Users of the tenant matching a filter, paged (1-based `startIndex`). Lookups by userName, id or externalId use the store's indexes. */
export async function listUsers(ctx: ServerContext, c: ScimCaller, filterText: string | undefined, startIndex: number, count: number): Promise<{ total: number; resources: Record<string, unknown>[] }> {
  const f = filterText ? parseFilter(filterText) : null;
  const lookup = f ? plainLookup(f) : null;
  let candidates: User[];
  if (lookup?.attr === 'username') candidates = [await ctx.store.users.findByUpn(c.tenantId, lookup.value)].filter((u): u is User => !!u);
  else if (lookup?.attr === 'id') candidates = [await ctx.store.users.get(c.tenantId, lookup.value)].filter((u): u is User => !!u);
  else if (lookup?.attr === 'externalid') candidates = (await Promise.all((await ctx.store.scim.idsByExternalId(c.tenantId, 'User', lookup.value)).map((id) => ctx.store.users.get(c.tenantId, id)))).filter((u): u is User => !!u);
  else {
    candidates = [];
    for (let offset = 0; offset < MAX_SCAN; offset += 500) {
      const page = await ctx.store.users.list(c.tenantId, { limit: 500, offset });
      candidates.push(...page);
      if (page.length < 500) break;
    }
  }
  let resources = await loadUsers(ctx, c, candidates);
  // scim2-parse-filter evaluates the whole filter language (and/or/not, pr, co, sw, gt, value paths) over the resources.
  if (f) resources = resources.filter(scimFilter(f));
  return { total: resources.length, resources: resources.slice(startIndex - 1, startIndex - 1 + count) };
}

/** One user as SCIM, or 404. */
export async function getUser(ctx: ServerContext, c: ScimCaller, id: string): Promise<{ resource: Record<string, unknown>; etag: string; user: User }> {
  const user = await ctx.store.users.get(c.tenantId, id);
  if (!user) throw new ScimError(404, undefined, `No user ${id}.`);
  const scim = await ctx.store.scim.getResource(c.tenantId, 'User', id);
  return { resource: userResource(user, scim, c.baseUrl), etag: etagOf(user.updatedAt, scim), user };
}

function checkUserDocument(doc: Record<string, unknown>): void {
  const schemas = doc.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(SCIM.user)) throw new ScimError(400, 'invalidValue', `schemas must include ${SCIM.user}.`);
  if (typeof doc.userName !== 'string' || !/^[^\s@]{1,128}@[^\s@]{1,127}$/.test(doc.userName)) throw new ScimError(400, 'invalidValue', 'userName must be a user principal name like alice@example.com.');
  if (doc.active !== undefined && typeof doc.active !== 'boolean') throw new ScimError(400, 'invalidValue', 'active must be a boolean.');
  if (doc.externalId !== undefined && (typeof doc.externalId !== 'string' || doc.externalId.length > 256)) throw new ScimError(400, 'invalidValue', 'externalId must be a string of at most 256 characters.');
  if (JSON.stringify(doc).length > 64 * 1024) throw new ScimError(413, 'tooLarge', 'The resource is larger than 64 KiB.');
}

/** Create a user from a SCIM document (no password: it signs in by passkey, or an admin sets one). 409 `uniqueness` for a taken userName. */
export async function createUser(ctx: ServerContext, c: ScimCaller, doc: Record<string, unknown>): Promise<{ resource: Record<string, unknown>; etag: string }> {
  checkUserDocument(doc);
  const fields = userFieldsOf(doc);
  const now = ctx.now();
  const id = ctx.newId();
  await ctx.store.transaction(async (tx) => {
    if (await tx.users.findByUpn(c.tenantId, fields.userPrincipalName)) throw new ScimError(409, 'uniqueness', `A user ${fields.userPrincipalName} already exists.`);
    await tx.users.create(c.tenantId, { id, userPrincipalName: fields.userPrincipalName, displayName: fields.displayName, status: fields.status, userType: fields.userType, department: fields.department, jobTitle: fields.jobTitle, attributes: {}, passwordHash: null });
    await tx.scim.putResource(c.tenantId, 'User', id, fields.externalId, fields.scimData);
    await recordAudit(tx, c.tenantId, actor(c), { action: 'scim.user.create', targetType: 'user', targetId: id, details: { userPrincipalName: fields.userPrincipalName, externalId: fields.externalId } }, now);
  });
  await refreshUserGroups(ctx, c.tenantId, id);
  const { resource, etag } = await getUser(ctx, c, id);
  return { resource, etag };
}

/**
 * Replace a user with a SCIM document (PUT, or the result of a PATCH). `active: false` disables
 * the user, and deprovisioning takes effect at once: every session, grant and token is revoked
 * and `user.disabled` / `session.revoked` are published for the gateway.
 */
export async function replaceUser(ctx: ServerContext, c: ScimCaller, id: string, doc: Record<string, unknown>, ifMatch: string | undefined): Promise<{ resource: Record<string, unknown>; etag: string }> {
  checkUserDocument(doc);
  const fields = userFieldsOf(doc);
  const now = ctx.now();
  const revoked = await ctx.store.transaction(async (tx) => {
    const user = await tx.users.get(c.tenantId, id);
    if (!user) throw new ScimError(404, undefined, `No user ${id}.`);
    const scim = await tx.scim.getResource(c.tenantId, 'User', id);
    if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(user.updatedAt, scim)) throw new ScimError(412, undefined, 'The user changed since the version in If-Match.');
    if (fields.userPrincipalName !== user.userPrincipalName) {
      const taken = await tx.users.findByUpn(c.tenantId, fields.userPrincipalName);
      if (taken && taken.id !== id) throw new ScimError(409, 'uniqueness', `A user ${fields.userPrincipalName} already exists.`);
    }
    await tx.users.update(c.tenantId, id, { userPrincipalName: fields.userPrincipalName, displayName: fields.displayName, status: fields.status, jobTitle: fields.jobTitle, department: fields.department, userType: fields.userType });
    await tx.scim.putResource(c.tenantId, 'User', id, fields.externalId, fields.scimData);
    const deprovision = user.status === 'enabled' && fields.status === 'disabled';
    const counts = deprovision ? await revokeUserAccess(tx, c.tenantId, id, now) : null;
    await recordAudit(tx, c.tenantId, actor(c), { action: deprovision ? 'scim.user.deactivate' : 'scim.user.replace', targetType: 'user', targetId: id, details: { ...(counts ? { revoked: counts } : {}), active: fields.status === 'enabled' } }, now);
    return counts;
  });
  if (revoked) publishRevocation(ctx, c.tenantId, id, 'scim-deprovisioned', revoked, now);
  await refreshUserGroups(ctx, c.tenantId, id);
  const { resource, etag } = await getUser(ctx, c, id);
  return { resource, etag };
}

/** Apply a SCIM PatchOp (RFC 7644 §3.5.2) to a user with scim-patch, then replace it. */
export async function patchUser(ctx: ServerContext, c: ScimCaller, id: string, body: Record<string, unknown>, ifMatch: string | undefined) {
  const ops = patchOperations(body);
  const { resource } = await getUser(ctx, c, id);
  return replaceUser(ctx, c, id, applyPatch(resource, ops), ifMatch);
}

/** Delete a user: access revoked at once, `user.deleted` published. */
export async function deleteUser(ctx: ServerContext, c: ScimCaller, id: string): Promise<void> {
  const now = ctx.now();
  const revoked = await ctx.store.transaction(async (tx) => {
    if (!(await tx.users.get(c.tenantId, id))) throw new ScimError(404, undefined, `No user ${id}.`);
    const counts = await revokeUserAccess(tx, c.tenantId, id, now);
    await tx.users.delete(c.tenantId, id);
    await tx.scim.deleteResource(c.tenantId, 'User', id);
    await recordAudit(tx, c.tenantId, actor(c), { action: 'scim.user.delete', targetType: 'user', targetId: id, details: { revoked: counts } }, now);
    return counts;
  });
  publishRevocation(ctx, c.tenantId, id, 'user-deleted', revoked, now);
}

/** The operations of a PatchOp request, validated. */
function patchOperations(body: Record<string, unknown>): ScimPatchOperation[] {
  if (!Array.isArray(body.schemas) || !body.schemas.includes(SCIM.patch)) throw new ScimError(400, 'invalidSyntax', `schemas must be [${SCIM.patch}].`);
  const ops = body.Operations;
  if (!Array.isArray(ops) || ops.length === 0 || ops.length > 100) throw new ScimError(400, 'invalidSyntax', 'Operations must hold 1 to 100 operations.');
  // Entra sends "Replace"/"Add": RFC 7644 op names are case-insensitive.
  return ops.map((o, i) => {
    const op = (o as { op?: unknown }).op;
    if (typeof op !== 'string' || !['add', 'remove', 'replace'].includes(op.toLowerCase())) throw new ScimError(400, 'invalidSyntax', `Operations[${i}].op must be add, remove or replace.`);
    return { ...(o as object), op: op.toLowerCase() } as ScimPatchOperation;
  });
}

function applyPatch(resource: Record<string, unknown>, ops: ScimPatchOperation[]): Record<string, unknown> {
  try {
    // Entra sends `active` as "False"/"True" strings in PATCH replace values: accept them as booleans.
    const normalised = ops.map((o) => ('value' in o && o.value !== undefined ? { ...o, value: booleanStrings(o.value) } : o)) as ScimPatchOperation[];
    return scimPatch(structuredClone(resource) as never, normalised) as unknown as Record<string, unknown>;
  } catch (err) {
    const scimType = (err as { scimType?: string }).scimType;
    throw new ScimError(400, scimType === 'noTarget' ? 'noTarget' : scimType === 'invalidPath' ? 'invalidPath' : 'invalidValue', `The patch cannot be applied: ${(err as Error).message}`);
  }
}

function booleanStrings(v: unknown): unknown {
  if (v === 'True' || v === 'true') return true;
  if (v === 'False' || v === 'false') return false;
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'active' ? booleanStrings(x) : x]));
  return v;
}

/** Groups: Verity static user groups, members by user id. */
export async function listGroups(ctx: ServerContext, c: ScimCaller, filterText: string | undefined, startIndex: number, count: number) {
  const f = filterText ? parseFilter(filterText) : null;
  const groups: Group[] = [];
  for (let offset = 0; offset < MAX_SCAN; offset += 500) {
    const page = await ctx.store.groups.list(c.tenantId, { limit: 500, offset, memberKind: 'user', membershipType: 'static' });
    groups.push(...page);
    if (page.length < 500) break;
  }
  const scim = await ctx.store.scim.getResources(c.tenantId, 'Group', groups.map((g) => g.id));
  let resources = await Promise.all(groups.map(async (g) => groupResource(g, (await ctx.store.groups.listMembers(c.tenantId, g.id, { limit: 10_000 })).map((m) => m.memberId), scim.get(g.id), c.baseUrl)));
  if (f) resources = resources.filter(scimFilter(f));
  return { total: resources.length, resources: resources.slice(startIndex - 1, startIndex - 1 + count) };
}

/** One group as SCIM, or 404. */
export async function getGroup(ctx: ServerContext, c: ScimCaller, id: string) {
  const g = await ctx.store.groups.get(c.tenantId, id);
  if (!g || g.memberKind !== 'user' || g.membershipType !== 'static') throw new ScimError(404, undefined, `No group ${id}.`);
  const [scim, members] = await Promise.all([ctx.store.scim.getResource(c.tenantId, 'Group', id), ctx.store.groups.listMembers(c.tenantId, id, { limit: 10_000 })]);
  return { resource: groupResource(g, members.map((m) => m.memberId), scim, c.baseUrl), etag: etagOf(g.updatedAt, scim), group: g };
}

function memberIdsOf(doc: Record<string, unknown>): string[] {
  const members = doc.members;
  if (members === undefined) return [];
  if (!Array.isArray(members) || members.length > 10_000) throw new ScimError(400, 'invalidValue', 'members must be a list of at most 10,000 members.');
  return members.map((m) => {
    const v = (m as { value?: unknown }).value;
    if (typeof v !== 'string' || v.length > 64) throw new ScimError(400, 'invalidValue', 'Each member needs a value (a user id).');
    return v;
  });
}

/** Create or replace a group and its members (members must be users of the tenant). */
export async function putGroup(ctx: ServerContext, c: ScimCaller, id: string | null, doc: Record<string, unknown>, ifMatch?: string) {
  if (!Array.isArray(doc.schemas) || !doc.schemas.includes(SCIM.group)) throw new ScimError(400, 'invalidValue', `schemas must include ${SCIM.group}.`);
  if (typeof doc.displayName !== 'string' || doc.displayName.trim().length === 0 || doc.displayName.length > 256) throw new ScimError(400, 'invalidValue', 'displayName is required (at most 256 characters).');
  const members = [...new Set(memberIdsOf(doc))];
  const externalId = typeof doc.externalId === 'string' ? doc.externalId.slice(0, 256) : null;
  const now = ctx.now();
  const groupId = id ?? ctx.newId();
  await ctx.store.transaction(async (tx) => {
    for (const m of members) if (!(await tx.users.get(c.tenantId, m))) throw new ScimError(400, 'invalidValue', `No user ${m} to be a member.`);
    if (id) {
      const g = await tx.groups.get(c.tenantId, id);
      if (!g || g.memberKind !== 'user' || g.membershipType !== 'static') throw new ScimError(404, undefined, `No group ${id}.`);
      const scim = await tx.scim.getResource(c.tenantId, 'Group', id);
      if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(g.updatedAt, scim)) throw new ScimError(412, undefined, 'The group changed since the version in If-Match.');
      const current = (await tx.groups.listMembers(c.tenantId, id, { limit: 10_000 })).map((m) => m.memberId);
      await tx.groups.removeMembers(c.tenantId, id, current.filter((m) => !members.includes(m)));
      await tx.groups.addMembers(c.tenantId, id, members.filter((m) => !current.includes(m)));
      // Always touch the row: the ETag must change with the members.
      await tx.groups.update(c.tenantId, id, { displayName: doc.displayName as string, description: g.description });
    } else {
      await tx.groups.create(c.tenantId, { id: groupId, displayName: doc.displayName as string, memberKind: 'user', membershipType: 'static' });
      await tx.groups.addMembers(c.tenantId, groupId, members);
    }
    await tx.scim.putResource(c.tenantId, 'Group', groupId, externalId, {});
    await recordAudit(tx, c.tenantId, actor(c), { action: id ? 'scim.group.replace' : 'scim.group.create', targetType: 'group', targetId: groupId, details: { members: members.length } }, now);
  });
  ctx.events.publish({ topic: 'group.changed', tenantId: c.tenantId, payload: { groupId }, at: now.toISOString() });
  return getGroup(ctx, c, groupId);
}

/** Apply a PatchOp to a group (members add/remove, displayName). */
export async function patchGroup(ctx: ServerContext, c: ScimCaller, id: string, body: Record<string, unknown>, ifMatch: string | undefined) {
  const ops = patchOperations(body);
  const { resource } = await getGroup(ctx, c, id);
  return putGroup(ctx, c, id, applyPatch(resource, ops), ifMatch);
}

/** Delete a group. */
export async function deleteGroup(ctx: ServerContext, c: ScimCaller, id: string): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const g = await tx.groups.get(c.tenantId, id);
    if (!g || g.memberKind !== 'user' || g.membershipType !== 'static') throw new ScimError(404, undefined, `No group ${id}.`);
    await tx.groups.delete(c.tenantId, id);
    await tx.scim.deleteResource(c.tenantId, 'Group', id);
    await recordAudit(tx, c.tenantId, actor(c), { action: 'scim.group.delete', targetType: 'group', targetId: id }, now);
  });
  ctx.events.publish({ topic: 'group.changed', tenantId: c.tenantId, payload: { groupId: id, deleted: true }, at: now.toISOString() });
}
