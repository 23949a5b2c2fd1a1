import type { RepositoryContext } from '../repository-context.js';
import { inTransaction } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { checkLimit, checkOffset } from '../store-errors.js';

export type GroupMemberKind = 'user' | 'device';
export type MembershipType = 'static' | 'dynamic';
export interface Group {
  tenantId: string; id: string; displayName: string; description: string | null; memberKind: GroupMemberKind;
  membershipType: MembershipType; membershipRule: string | null; createdAt: string; updatedAt: string;
}
export interface NewGroup {
  id?: string; displayName: string; description?: string | null; memberKind: GroupMemberKind; membershipType?: MembershipType; membershipRule?: string | null;
}
export interface GroupMember { tenantId: string; groupId: string; memberId: string; source: MembershipType }

/** Groups of users or devices, static or dynamic (rule-evaluated by the server), and their members. */
export function groupRepository(ctx: RepositoryContext) {
  const t = tenantTable<Group>(ctx, { table: 'groups', json: [], updatedAt: true, orderBy: 'display_name' });
  const db = ctx.db;
  return {
    /** Creates a group. */
    create(tenantId: string, input: NewGroup): Promise<Group> {
      const now = ctx.now().toISOString();
      return t.insert(tenantId, {
        id: input.id ?? ctx.ids(), displayName: input.displayName, description: input.description ?? null, memberKind: input.memberKind,
        membershipType: input.membershipType ?? 'static', membershipRule: input.membershipRule ?? null, createdAt: now, updatedAt: now,
      });
    },
    /** A group by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Groups by display name, optionally only dynamic or static ones. */
    list: (tenantId: string, options: PageOptions & { membershipType?: MembershipType; memberKind?: GroupMemberKind } = {}) =>
      t.list(tenantId, options, { membership_type: options.membershipType, member_kind: options.memberKind }),
    /** Updates fields. */
    update: (tenantId: string, id: string, patch: Partial<Omit<NewGroup, 'id' | 'memberKind'>>) => t.update(tenantId, id, patch),
    /** Deletes a group and its memberships. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),

    /** Adds static members (idempotent); returns how many were new. False-free: unknown group adds nothing. */
    async addMembers(tenantId: string, groupId: string, memberIds: readonly string[]): Promise<number> {
      if (memberIds.length === 0) return 0;
      return inTransaction(db, async (trx) => {
        const group = await trx.selectFrom('groups').select('id').where('tenant_id', '=', tenantId).where('id', '=', groupId).executeTakeFirst();
        if (!group) return 0;
        let added = 0;
        for (let i = 0; i < memberIds.length; i += 500) {
          const chunk = memberIds.slice(i, i + 500).map((memberId) => ({ tenant_id: tenantId, group_id: groupId, member_id: memberId, source: 'static' }));
          const r = await trx.insertInto('group_members').values(chunk).onConflict((oc) => oc.doNothing()).executeTakeFirst();
          added += Number(r.numInsertedOrUpdatedRows ?? 0);
        }
        return added;
      });
    },
    /** Removes static members; returns how many were removed. */
    async removeMembers(tenantId: string, groupId: string, memberIds: readonly string[]): Promise<number> {
      if (memberIds.length === 0) return 0;
      const r = await db.deleteFrom('group_members').where('tenant_id', '=', tenantId).where('group_id', '=', groupId)
        .where('source', '=', 'static').where('member_id', 'in', memberIds as string[]).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    /** Sets the dynamic members to exactly `memberIds` (static members are left alone); returns adds and removes. */
    async replaceDynamicMembers(tenantId: string, groupId: string, memberIds: readonly string[]): Promise<{ added: number; removed: number }> {
      return inTransaction(db, async (trx) => {
        const group = await trx.selectFrom('groups').select('id').where('tenant_id', '=', tenantId).where('id', '=', groupId).executeTakeFirst();
        if (!group) return { added: 0, removed: 0 };
        const current = await trx.selectFrom('group_members').select(['member_id', 'source']).where('tenant_id', '=', tenantId)
          .where('group_id', '=', groupId).execute();
        const wanted = new Set(memberIds);
        const existing = new Map(current.map((r) => [r.member_id, r.source]));
        const toRemove = current.filter((r) => r.source === 'dynamic' && !wanted.has(r.member_id)).map((r) => r.member_id);
        const toAdd = [...wanted].filter((id) => !existing.has(id));
        for (let i = 0; i < toRemove.length; i += 500) {
          await trx.deleteFrom('group_members').where('tenant_id', '=', tenantId).where('group_id', '=', groupId).where('source', '=', 'dynamic')
            .where('member_id', 'in', toRemove.slice(i, i + 500)).execute();
        }
        for (let i = 0; i < toAdd.length; i += 500) {
          await trx.insertInto('group_members')
            .values(toAdd.slice(i, i + 500).map((memberId) => ({ tenant_id: tenantId, group_id: groupId, member_id: memberId, source: 'dynamic' })))
            .execute();
        }
        return { added: toAdd.length, removed: toRemove.length };
      });
    },
    /**
     * Adds or removes one dynamic membership (after one user or device changed); static
     * memberships are never touched. Returns whether anything changed.
     */
    async setDynamicMembership(tenantId: string, groupId: string, memberId: string, isMember: boolean): Promise<boolean> {
      if (!isMember) {
        const r = await db.deleteFrom('group_members').where('tenant_id', '=', tenantId).where('group_id', '=', groupId)
          .where('member_id', '=', memberId).where('source', '=', 'dynamic').executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      }
      const r = await db.insertInto('group_members').values({ tenant_id: tenantId, group_id: groupId, member_id: memberId, source: 'dynamic' })
        .onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    /** Members of a group, by member id. */
    async listMembers(tenantId: string, groupId: string, options: PageOptions = {}): Promise<GroupMember[]> {
      const rows = await db.selectFrom('group_members').selectAll().where('tenant_id', '=', tenantId).where('group_id', '=', groupId)
        .orderBy('member_id').limit(checkLimit(options.limit, 500, 10_000)).offset(checkOffset(options.offset)).execute();
      return rows.map((r) => toRecord<GroupMember>(r, []));
    },
    /** Group ids of many members at once (bulk re-evaluation): member id -> sorted group ids; members in no group are absent. */
    async groupsOfMembers(tenantId: string, memberIds: readonly string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      for (let i = 0; i < memberIds.length; i += 500) {
        const chunk = memberIds.slice(i, i + 500);
        if (chunk.length === 0) continue;
        const rows = await db.selectFrom('group_members').select(['member_id', 'group_id']).where('tenant_id', '=', tenantId)
          .where('member_id', 'in', chunk as string[]).orderBy('member_id').orderBy('group_id').execute();
        for (const r of rows) {
          const list = out.get(r.member_id);
          if (list) list.push(r.group_id); else out.set(r.member_id, [r.group_id]);
        }
      }
      return out;
    },
    /** Ids of the groups a user or device belongs to (static or dynamic). */
    async groupsOfMember(tenantId: string, memberId: string): Promise<string[]> {
      const rows = await db.selectFrom('group_members').select('group_id').where('tenant_id', '=', tenantId).where('member_id', '=', memberId)
        .orderBy('group_id').execute();
      return rows.map((r) => r.group_id);
    },
  };
}
export type GroupRepository = ReturnType<typeof groupRepository>;
