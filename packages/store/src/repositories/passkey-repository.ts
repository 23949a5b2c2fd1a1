import type { RepositoryContext } from '../repository-context.js';
import { toIso, type Instant } from '../instant.js';

/** A registered WebAuthn credential (passkey); the public key only, base64url. */
export interface Passkey {
  tenantId: string; id: string; userId: string; publicKey: string; counter: number; transports: string[]; aaguid: string;
  deviceType: 'singleDevice' | 'multiDevice'; backedUp: boolean; attestationFormat: string; deviceId: string | null; displayName: string;
  createdAt: string; lastUsedAt: string | null;
}
export type NewPasskey = Omit<Passkey, 'tenantId' | 'createdAt' | 'lastUsedAt'>;

type Row = {
  tenant_id: string; id: string; user_id: string; public_key: string; counter: number; transports: string; aaguid: string; device_type: string;
  backed_up: number; attestation_format: string; device_id: string | null; display_name: string; created_at: string; last_used_at: string | null;
};

function toPasskey(r: Row): Passkey {
  return {
    tenantId: r.tenant_id, id: r.id, userId: r.user_id, publicKey: r.public_key, counter: Number(r.counter), transports: JSON.parse(r.transports) as string[],
    aaguid: r.aaguid, deviceType: r.device_type === 'multiDevice' ? 'multiDevice' : 'singleDevice', backedUp: Number(r.backed_up) === 1,
    attestationFormat: r.attestation_format, deviceId: r.device_id, displayName: r.display_name, createdAt: r.created_at, lastUsedAt: r.last_used_at,
  };
}

/** Passkeys of users; a credential id is unique within a tenant. */
export function passkeyRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  return {
    /** Stores a new passkey (a credential id already registered is VERITY_STORE_CONFLICT via the primary key). */
    async create(tenantId: string, p: NewPasskey): Promise<Passkey> {
      const createdAt = ctx.now().toISOString();
      const row: Row = {
        tenant_id: tenantId, id: p.id, user_id: p.userId, public_key: p.publicKey, counter: p.counter, transports: JSON.stringify(p.transports),
        aaguid: p.aaguid, device_type: p.deviceType, backed_up: p.backedUp ? 1 : 0, attestation_format: p.attestationFormat, device_id: p.deviceId,
        display_name: p.displayName, created_at: createdAt, last_used_at: null,
      };
      await db.insertInto('passkeys').values(row).execute();
      return toPasskey(row);
    },
    /** A passkey by credential id. */
    async get(tenantId: string, id: string): Promise<Passkey | undefined> {
      const row = await db.selectFrom('passkeys').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return row ? toPasskey(row) : undefined;
    },
    /** A user's passkeys, oldest first. */
    async listForUser(tenantId: string, userId: string): Promise<Passkey[]> {
      const rows = await db.selectFrom('passkeys').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId).orderBy('created_at').orderBy('id').limit(100).execute();
      return rows.map(toPasskey);
    },
    /**
     * Records a successful assertion: the new signature counter, only if it still holds the one the
     * assertion was checked against (two concurrent uses of one cloned key cannot both pass).
     */
    async recordUse(tenantId: string, id: string, expectedCounter: number, newCounter: number, at: Instant): Promise<boolean> {
      const r = await db.updateTable('passkeys').set({ counter: newCounter, last_used_at: toIso(at) })
        .where('tenant_id', '=', tenantId).where('id', '=', id).where('counter', '=', expectedCounter).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Deletes a user's passkey. */
    async delete(tenantId: string, userId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('passkeys').where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type PasskeyRepository = ReturnType<typeof passkeyRepository>;
