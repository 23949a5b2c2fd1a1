import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { containsIgnoreCase } from '../like-pattern.js';
import { checkLimit, checkOffset } from '../store-errors.js';

export type UserStatus = 'enabled' | 'disabled';
export type UserType = 'member' | 'guest';
export interface User {
  tenantId: string; id: string; userPrincipalName: string; displayName: string; status: UserStatus; passwordHash: string | null;
  userType: UserType; department: string | null; jobTitle: string | null; attributes: Record<string, unknown>; createdAt: string; updatedAt: string;
}
export interface NewUser {
  id?: string; userPrincipalName: string; displayName: string; status?: UserStatus; passwordHash?: string | null; userType?: UserType;
  department?: string | null; jobTitle?: string | null; attributes?: Record<string, unknown>;
}
export type UserPatch = Partial<Omit<NewUser, 'id'>>;

const JSON_COLUMNS = ['attributes'];

/** Users. UPNs are unique per tenant, case-insensitively: stored lower-cased. */
export function userRepository(ctx: RepositoryContext) {
  const t = tenantTable<User>(ctx, { table: 'users', json: JSON_COLUMNS, updatedAt: true, orderBy: 'user_principal_name' });
  return {
    /** Creates a user; a taken UPN is VERITY_STORE_CONFLICT. */
    create(tenantId: string, input: NewUser): Promise<User> {
      const now = ctx.now().toISOString();
      return t.insert(tenantId, {
        id: input.id ?? ctx.ids(), userPrincipalName: input.userPrincipalName.toLowerCase(), displayName: input.displayName,
        status: input.status ?? 'enabled', passwordHash: input.passwordHash ?? null, userType: input.userType ?? 'member',
        department: input.department ?? null, jobTitle: input.jobTitle ?? null, attributes: input.attributes ?? {}, createdAt: now, updatedAt: now,
      });
    },
    /** A user by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** A user by UPN (case-insensitive). */
    async findByUpn(tenantId: string, upn: string): Promise<User | undefined> {
      const row = await ctx.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId)
        .where('user_principal_name', '=', upn.toLowerCase()).executeTakeFirst();
      return row ? toRecord<User>(row, JSON_COLUMNS) : undefined;
    },
    /** Users by UPN, optionally only those whose UPN or display name contains `search`. */
    async list(tenantId: string, options: PageOptions & { search?: string } = {}): Promise<User[]> {
      if (!options.search) return t.list(tenantId, options);
      const search = options.search;
      const rows = await ctx.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId)
        .where((eb) => eb.or([containsIgnoreCase('user_principal_name', search), containsIgnoreCase('display_name', search)]))
        .orderBy('user_principal_name').orderBy('id').limit(checkLimit(options.limit, 100)).offset(checkOffset(options.offset)).execute();
      return rows.map((r) => toRecord<User>(r, JSON_COLUMNS));
    },
    /** Updates fields; the UPN is lower-cased like on create. */
    update(tenantId: string, id: string, patch: UserPatch): Promise<User | undefined> {
      const p = { ...patch, userPrincipalName: patch.userPrincipalName?.toLowerCase() };
      return t.update(tenantId, id, p);
    },
    /** Deletes a user. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type UserRepository = ReturnType<typeof userRepository>;
