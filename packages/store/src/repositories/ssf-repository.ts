import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';
import { toRecord } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';
import { checkLimit, isUniqueViolation } from '../store-errors.js';

export type SsfStreamStatus = 'enabled' | 'paused' | 'disabled';
/** A stream Verity transmits on (SSF 1.0 §8.1.1), configured by a receiver. */
export interface SsfStreamRecord {
  tenantId: string; id: string; description: string | null; audience: string[]; deliveryMethod: string; endpointUrl: string | null;
  /** Sealed: the Authorization header value pushes carry (never returned to callers). */
  authorizationHeader: string | null; eventsRequested: string[]; status: SsfStreamStatus; statusReason: string | null;
  /** Subjects added with add_subject; null = every subject of the tenant. */
  subjects: unknown[] | null; createdBy: string | null; createdAt: string; updatedAt: string;
}
export type NewSsfStream = Omit<SsfStreamRecord, 'tenantId' | 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

/** A transmitter Verity receives from, and how its events are checked. */
export interface SsfTransmitterRecord {
  tenantId: string; id: string; displayName: string; issuer: string; jwksUri: string; audience: string; configurationUrl: string | null;
  remoteStreamId: string | null; /** Sealed. */ managementToken: string | null; pushSecretHash: string; caPem: string | null;
  eventsRequested: string[]; enabled: boolean; lastEventAt: string | null; createdAt: string; updatedAt: string;
}
export type NewSsfTransmitter = Omit<SsfTransmitterRecord, 'tenantId' | 'id' | 'createdAt' | 'updatedAt' | 'lastEventAt'> & { id?: string };

/** One event received from a transmitter and what Verity did about it. */
export interface SsfReceivedEvent { tenantId: string; transmitterId: string; jti: string; receivedAt: string; eventTypes: string[]; subject: unknown; actions: unknown[] }

type StoredTransmitter = Omit<SsfTransmitterRecord, 'enabled'> & { enabled: number | boolean };
const transmitterOf = (r: StoredTransmitter): SsfTransmitterRecord => ({ ...r, enabled: r.enabled === true || r.enabled === 1 });
const enabledStored = <T extends { enabled?: boolean }>(v: T) => (v.enabled === undefined ? v : { ...v, enabled: v.enabled ? 1 : 0 });

/** Shared Signals streams (transmitter side). */
export function ssfStreamRepository(ctx: RepositoryContext) {
  const t = tenantTable<SsfStreamRecord>(ctx, { table: 'ssf_streams', json: ['audience', 'events_requested', 'subjects'], updatedAt: true });
  return {
    /** Creates a stream. */
    create(tenantId: string, input: NewSsfStream): Promise<SsfStreamRecord> {
      const now = ctx.now().toISOString();
      return t.insert(tenantId, { ...input, id: input.id ?? ctx.ids(), createdAt: now, updatedAt: now });
    },
    /** A stream by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Streams, oldest first. */
    list: (tenantId: string, options: PageOptions = {}) => t.list(tenantId, { limit: options.limit ?? 100, offset: options.offset }),
    /** Updates fields. */
    update: (tenantId: string, id: string, patch: Partial<NewSsfStream>) => t.update(tenantId, id, patch),
    /** Deletes a stream. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type SsfStreamRepository = ReturnType<typeof ssfStreamRepository>;

/** Shared Signals transmitters (receiver side) and the events received from them. */
export function ssfTransmitterRepository(ctx: RepositoryContext) {
  const t = tenantTable<StoredTransmitter>(ctx, { table: 'ssf_transmitters', json: ['events_requested'], updatedAt: true, orderBy: 'display_name' });
  const db = ctx.db;
  return {
    /** Configures a transmitter. */
    async create(tenantId: string, input: NewSsfTransmitter): Promise<SsfTransmitterRecord> {
      const now = ctx.now().toISOString();
      return transmitterOf(await t.insert(tenantId, enabledStored({ ...input, id: input.id ?? ctx.ids(), lastEventAt: null, createdAt: now, updatedAt: now })));
    },
    /** A transmitter by id. */
    async get(tenantId: string, id: string): Promise<SsfTransmitterRecord | undefined> {
      const r = await t.get(tenantId, id);
      return r ? transmitterOf(r) : undefined;
    },
    /**
     * The transmitter a push is addressed to, in whichever tenant holds it: the push URL names it by
     * id and the push secret proves the sender (cross-tenant by design, like a session cookie).
     */
    async findForPush(id: string): Promise<SsfTransmitterRecord | undefined> {
      const row = await db.selectFrom('ssf_transmitters').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? transmitterOf(toRecord<StoredTransmitter>(row, ['events_requested'])) : undefined;
    },
    /** Transmitters by name. */
    async list(tenantId: string, options: PageOptions = {}): Promise<SsfTransmitterRecord[]> {
      return (await t.list(tenantId, { limit: options.limit ?? 100, offset: options.offset })).map(transmitterOf);
    },
    /** Updates fields. */
    async update(tenantId: string, id: string, patch: Partial<NewSsfTransmitter & { lastEventAt: string }>): Promise<SsfTransmitterRecord | undefined> {
      const r = await t.update(tenantId, id, enabledStored(patch));
      return r ? transmitterOf(r) : undefined;
    },
    /** Removes a transmitter and its received events. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
    /** Records a received event; false when this jti was already received from this transmitter (a replay). */
    async recordEvent(tenantId: string, e: Omit<SsfReceivedEvent, 'tenantId' | 'receivedAt'> & { receivedAt: Instant }): Promise<boolean> {
      try {
        await db.insertInto('ssf_received_events').values({
          tenant_id: tenantId, transmitter_id: e.transmitterId, jti: e.jti, received_at: toIso(e.receivedAt, '$.receivedAt'),
          event_types: JSON.stringify(e.eventTypes), subject: JSON.stringify(e.subject ?? null), actions: JSON.stringify(e.actions),
        }).execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    /** Records what Verity did about a received event (written after acting on it). */
    async setEventActions(tenantId: string, transmitterId: string, jti: string, actions: unknown[]): Promise<void> {
      await db.updateTable('ssf_received_events').set({ actions: JSON.stringify(actions) }).where('tenant_id', '=', tenantId).where('transmitter_id', '=', transmitterId).where('jti', '=', jti).execute();
    },
    /** Events received from a transmitter, newest first. */
    async events(tenantId: string, transmitterId: string, options: { limit?: number } = {}): Promise<SsfReceivedEvent[]> {
      const rows = await db.selectFrom('ssf_received_events').selectAll().where('tenant_id', '=', tenantId).where('transmitter_id', '=', transmitterId)
        .orderBy('received_at', 'desc').orderBy('jti').limit(checkLimit(options.limit, 100)).execute();
      return rows.map((r) => toRecord<SsfReceivedEvent>(r, ['event_types', 'subject', 'actions']));
    },
  };
}
export type SsfTransmitterRepository = ReturnType<typeof ssfTransmitterRepository>;
