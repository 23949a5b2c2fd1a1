import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';

/** An app behind the identity-aware gateway. */
export interface GatewayAppRecord {
  tenantId: string; id: string; displayName: string; appId: string; hosts: string[]; pathPrefix: string; upstreamUrl: string; enabled: boolean;
  createdAt: string; updatedAt: string;
}
export interface NewGatewayApp { id?: string; displayName: string; appId: string; hosts: string[]; pathPrefix: string; upstreamUrl: string; enabled: boolean }

type Stored = Omit<GatewayAppRecord, 'enabled'> & { enabled: number | boolean };
// `enabled` is an integer column (0/1) on both engines.
const fromStored = (r: Stored): GatewayAppRecord => ({ ...r, enabled: r.enabled === true || r.enabled === 1 });
const toStored = <T extends { enabled?: boolean }>(v: T) => (v.enabled === undefined ? v : { ...v, enabled: v.enabled ? 1 : 0 });

/** Gateway apps: host and path routes to upstream URLs, and the app id policies name. */
export function gatewayAppRepository(ctx: RepositoryContext) {
  const t = tenantTable<Stored>(ctx, { table: 'gateway_apps', json: ['hosts'], updatedAt: true, orderBy: 'display_name' });
  return {
    /** Creates an app. */
    async create(tenantId: string, input: NewGatewayApp): Promise<GatewayAppRecord> {
      const now = ctx.now().toISOString();
      return fromStored(await t.insert(tenantId, toStored({ ...input, id: input.id ?? ctx.ids(), createdAt: now, updatedAt: now })));
    },
    /** An app by id. */
    async get(tenantId: string, id: string): Promise<GatewayAppRecord | undefined> {
      const r = await t.get(tenantId, id);
      return r ? fromStored(r) : undefined;
    },
    /** Apps by display name. */
    async list(tenantId: string, options: PageOptions = {}): Promise<GatewayAppRecord[]> {
      return (await t.list(tenantId, { limit: options.limit ?? 500, offset: options.offset })).map(fromStored);
    },
    /** Updates fields. */
    async update(tenantId: string, id: string, patch: Partial<Omit<NewGatewayApp, 'id'>>): Promise<GatewayAppRecord | undefined> {
      const r = await t.update(tenantId, id, toStored(patch));
      return r ? fromStored(r) : undefined;
    },
    /** Deletes an app. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type GatewayAppRepository = ReturnType<typeof gatewayAppRepository>;
