import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { ServerContext } from '../../context.js';
import { clientMetadataOf } from './oidc-clients.js';

/**
 * oidc-provider's storage on the Verity store (both dialects): one row per model instance in
 * `oidc_payloads`, scoped to the tenant whose provider it is, with the grant, session uid, user
 * code and account as indexed columns (revoking a grant or a user's access is one statement).
 * Clients come from the admin-registered `oidc_clients` instead.
 */
export class VerityOidcAdapter implements Adapter {
  constructor(private readonly ctx: ServerContext, private readonly tenantId: string, private readonly model: string) {}

  /** Store an instance; `expiresIn` seconds from now. */
  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = typeof expiresIn === 'number' ? new Date(this.ctx.now().getTime() + expiresIn * 1000) : null;
    await this.ctx.store.oidc.upsertPayload(this.tenantId, this.model, id, payload as Record<string, unknown>, expiresAt);
  }

  /** An instance by id (or a client by client_id). */
  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') return clientMetadataOf(this.ctx, this.tenantId, id);
    const r = await this.ctx.store.oidc.findPayload(this.tenantId, this.model, id);
    return r ? withConsumed(r) : undefined;
  }

  /** A session by its uid. */
  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const r = await this.ctx.store.oidc.findPayloadBy(this.tenantId, this.model, 'uid', uid);
    return r ? withConsumed(r) : undefined;
  }

  /** A device code by its user code. */
  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const r = await this.ctx.store.oidc.findPayloadBy(this.tenantId, this.model, 'user_code', userCode);
    return r ? withConsumed(r) : undefined;
  }

  /** Mark an instance consumed (a code exchanged, a refresh token rotated). */
  async consume(id: string): Promise<void> {
    await this.ctx.store.oidc.consumePayload(this.tenantId, this.model, id);
  }

  /** Delete an instance. */
  async destroy(id: string): Promise<void> {
    await this.ctx.store.oidc.destroyPayload(this.tenantId, this.model, id);
  }

  /** Delete everything issued under a grant. */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.ctx.store.oidc.revokeByGrantId(this.tenantId, grantId);
  }
}

function withConsumed(r: { payload: Record<string, unknown>; consumedAt: string | null }): AdapterPayload {
  return (r.consumedAt ? { ...r.payload, consumed: Math.floor(Date.parse(r.consumedAt) / 1000) } : r.payload) as AdapterPayload;
}
