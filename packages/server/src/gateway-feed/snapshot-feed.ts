import { randomBytes } from 'node:crypto';
import { GATEWAY_SNAPSHOT_FORMAT, versionEpoch, versionSequence, type GatewaySnapshot, type SnapshotChange, type SnapshotDelta, type SnapshotDevice, type SnapshotUser } from '@verity/core';
import type { ServerContext } from '../context.js';
import type { VerityEvent } from '../events/event-bus.js';
import { ACCESS_EVENT_PREFIX, loadNamedLocations, loadPolicies } from '../access/policy-set-cache.js';
import { APP_CHANGED } from '../apps/app-service.js';
import type { DeviceComplianceView } from '../compliance/compliance-compute.js';
import { signingKey } from '../keys/signing-keys.js';
import { appEntry, deviceEntry, IdTable, readDeviceEntry, readUserEntry, userEntry } from './snapshot-entries.js';
import { GATEWAY_EVENTS } from './gateway-events.js';
import { sessionIssuerOf } from './gateway-sessions.js';

/** What a subscriber (a gateway's stream, or an in-process gateway) is handed. */
export interface FeedListener {
  /** A full snapshot: replaces whatever the subscriber held. */
  snapshot(snapshot: GatewaySnapshot): void;
  /** The next delta, in order. */
  delta(delta: SnapshotDelta): void;
}

/** One connected subscriber, as `GET /api/v1/gateways` lists it. */
export interface FeedConnection {
  readonly gatewayId: string;
  readonly tenantId: string;
  readonly connectedAt: string;
  readonly transport: string;
  /** The last version handed to it. */
  version: string | null;
}

/** The control plane's side of the snapshot channel: full snapshots and ordered deltas per tenant. */
export interface SnapshotFeed {
  /**
   * Subscribe a gateway of a tenant. With `fromVersion` of this feed still within the kept deltas,
   * only the deltas after it are replayed; otherwise a full snapshot comes first.
   */
  subscribe(tenantId: string, fromVersion: string | null, listener: FeedListener, info: { gatewayId: string; transport: string }): () => void;
  /** The connected subscribers. */
  connections(tenantId: string): FeedConnection[];
  /** The tenant's current version (null before any subscriber). */
  version(tenantId: string): string | null;
}

/** Deltas kept for gateways that reconnect (a gap longer than this gets a full snapshot). */
const KEPT_DELTAS = 10_000;
const PAGE = 500;

interface TenantFeed {
  readonly tenantId: string;
  seq: number;
  /** Deltas after `keptFrom`, oldest first (`kept[i]` has sequence `keptFrom + 1 + i`). */
  kept: SnapshotDelta[];
  keptFrom: number;
  readonly subscribers: Set<{ listener: FeedListener; connection: FeedConnection; ready: boolean }>;
  readonly groups: IdTable;
  readonly roles: IdTable;
  /** How much of the id tables the deltas have carried so far. */
  groupsSent: number;
  rolesSent: number;
  /** The entries last described (JSON), to skip check-ins that change nothing gateways see. */
  readonly users: Map<string, string>;
  readonly devices: Map<string, string>;
  /** Work on this tenant runs one step at a time, in event order (see `enqueue`). */
  tail: Promise<void>;
}

/**
 * The snapshot feed. Events are published after their transaction commits; for each, the feed
 * reads the entity's current state from the store and sends it whole as the next delta. Work
 * runs one step at a time per tenant in event order, so the last read of an entity always
 * follows its last commit and gateways converge on the stored state, whatever the timing.
 */
function createSnapshotFeed(ctx: ServerContext, publicUrl: () => string): SnapshotFeed {
  const epoch = randomBytes(6).toString('base64url');
  const tenants = new Map<string, TenantFeed>();

  const feedOf = (tenantId: string): TenantFeed => {
    let f = tenants.get(tenantId);
    if (!f) {
      f = { tenantId, seq: 0, kept: [], keptFrom: 0, subscribers: new Set(), groups: new IdTable(), roles: new IdTable(), groupsSent: 0, rolesSent: 0, users: new Map(), devices: new Map(), tail: Promise.resolve() };
      tenants.set(tenantId, f);
    }
    return f;
  };
  const versionOf = (seq: number) => `${epoch}.${seq}`;

  /** Run `work` after everything queued before it for this tenant; errors are logged, the queue goes on. */
  const enqueue = (f: TenantFeed, what: string, work: () => Promise<void>): Promise<void> => {
    const run = f.tail.then(work).catch((err: unknown) => ctx.log.error({ err, tenantId: f.tenantId, what }, 'gateway snapshot feed step failed'));
    f.tail = run;
    return run;
  };

  const emit = (f: TenantFeed, cause: string, change: SnapshotChange): void => {
    const delta: SnapshotDelta = {
      version: versionOf(++f.seq), at: ctx.now().toISOString(), cause, change,
      ...(f.groups.ids.length > f.groupsSent ? { groupIds: { from: f.groupsSent, ids: f.groups.ids.slice(f.groupsSent) } } : {}),
      ...(f.roles.ids.length > f.rolesSent ? { roleIds: { from: f.rolesSent, ids: f.roles.ids.slice(f.rolesSent) } } : {}),
    };
    f.groupsSent = f.groups.ids.length;
    f.rolesSent = f.roles.ids.length;
    f.kept.push(delta);
    if (f.kept.length > KEPT_DELTAS) {
      const drop = f.kept.length - KEPT_DELTAS;
      f.kept.splice(0, drop);
      f.keptFrom += drop;
    }
    for (const s of f.subscribers) {
      if (!s.ready) continue;
      s.connection.version = delta.version;
      s.listener.delta(delta);
    }
  };

  const sendUser = (f: TenantFeed, cause: string, userId: string, entry: SnapshotUser | undefined): void => {
    if (!entry) {
      if (f.users.delete(userId)) emit(f, cause, { kind: 'user.removed', userId });
      return;
    }
    const json = JSON.stringify(entry);
    if (f.users.get(userId) === json) return;
    f.users.set(userId, json);
    emit(f, cause, { kind: 'user', user: entry });
  };

  const sendDevice = (f: TenantFeed, cause: string, deviceId: string, entry: SnapshotDevice | undefined): void => {
    if (!entry) {
      if (f.devices.delete(deviceId)) emit(f, cause, { kind: 'device.removed', deviceId });
      return;
    }
    const json = JSON.stringify(entry);
    if (f.devices.get(deviceId) === json) return;
    f.devices.set(deviceId, json);
    emit(f, cause, { kind: 'device', device: entry });
  };

  /** Every user of the tenant, with groups and roles, read in pages. */
  async function allUsers(f: TenantFeed): Promise<SnapshotUser[]> {
    const store = ctx.store;
    const assignments = await store.roles.list(f.tenantId, { limit: 500 });
    const rolesByUser = new Map<string, string[]>();
    for (const a of assignments) if (a.userId) rolesByUser.set(a.userId, [...(rolesByUser.get(a.userId) ?? []), a.role]);
    const out: SnapshotUser[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const users = await store.users.list(f.tenantId, { limit: PAGE, offset });
      const groups = await store.groups.groupsOfMembers(f.tenantId, users.map((u) => u.id));
      for (const u of users) out.push(userEntry(u, groups.get(u.id) ?? [], rolesByUser.get(u.id) ?? [], f.groups, f.roles));
      if (users.length < PAGE) break;
    }
    return out;
  }

  /** Every device of the tenant (all statuses: a revoked device must be recognised as revoked). */
  async function allDevices(f: TenantFeed): Promise<SnapshotDevice[]> {
    const out: SnapshotDevice[] = [];
    let cursor: string | undefined;
    do {
      const page = await ctx.store.devices.list(f.tenantId, { limit: PAGE, sort: 'enrolledAt', ...(cursor ? { cursor } : {}) });
      for (const d of page.items) {
        const compliance = d.complianceState === 'compliant' ? undefined : (await ctx.store.deviceCompliance.get<DeviceComplianceView>(f.tenantId, d.id))?.result;
        out.push(deviceEntry(d, compliance));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  async function fullSnapshot(f: TenantFeed): Promise<GatewaySnapshot> {
    const store = ctx.store;
    const now = ctx.now();
    const [policies, namedLocations, apps, users, devices, revokedSessions, revokedCertificates, issuerKey] = await Promise.all([
      loadPolicies(store, f.tenantId), loadNamedLocations(store, f.tenantId), store.gatewayApps.list(f.tenantId, { limit: 500 }),
      allUsers(f), allDevices(f), store.sessions.listRevokedUnexpired(f.tenantId, now), store.certificates.listRevokedUnexpired(f.tenantId, now),
      signingKey(ctx, 'gateway-session'),
    ]);
    f.users.clear();
    for (const u of users) f.users.set(u.id, JSON.stringify(u));
    f.devices.clear();
    for (const d of devices) f.devices.set(d.id, JSON.stringify(d));
    return {
      format: GATEWAY_SNAPSHOT_FORMAT, version: versionOf(f.seq), tenantId: f.tenantId, issuedAt: now.toISOString(),
      portalUrl: `${publicUrl()}/portal`, deviceCaPem: ctx.deviceCa.certPem, sessionIssuer: sessionIssuerOf(publicUrl(), issuerKey),
      policies, namedLocations, apps: apps.map(appEntry), groupIds: [...f.groups.ids], roleIds: [...f.roles.ids], users, devices, revokedSessions, revokedCertificates,
    };
  }

  /** What one event changes, as deltas. */
  async function apply(f: TenantFeed, e: VerityEvent): Promise<void> {
    const store = ctx.store;
    const p = e.payload as Record<string, unknown>;
    const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
    if (e.topic.startsWith(ACCESS_EVENT_PREFIX)) {
      const [policies, namedLocations] = await Promise.all([loadPolicies(store, f.tenantId), loadNamedLocations(store, f.tenantId)]);
      emit(f, e.topic, { kind: 'policies', policies, namedLocations });
    } else if (e.topic === APP_CHANGED) {
      emit(f, e.topic, { kind: 'apps', apps: (await store.gatewayApps.list(f.tenantId, { limit: 500 })).map(appEntry) });
    } else if (e.topic.startsWith('device.')) {
      const deviceId = str('deviceId');
      if (!deviceId) return;
      sendDevice(f, e.topic, deviceId, await readDeviceEntry(store, f.tenantId, deviceId));
      if (e.topic === 'device.status') {
        const serials = await store.certificates.listRevokedUnexpiredForDevice(f.tenantId, deviceId, ctx.now());
        if (serials.length > 0) emit(f, e.topic, { kind: 'certificates.revoked', serials });
      }
    } else if (e.topic === GATEWAY_EVENTS.userChanged || e.topic === GATEWAY_EVENTS.roleChanged) {
      const userId = str('userId');
      if (userId) sendUser(f, e.topic, userId, await readUserEntry(store, f.tenantId, userId, f.groups, f.roles));
    } else if (e.topic === 'group.changed') {
      // Membership of a group changed: every user whose groups differ now gets a delta.
      for (const u of await allUsers(f)) sendUser(f, e.topic, u.id, u);
    } else if (e.topic === GATEWAY_EVENTS.sessionRevoked) {
      const ids = Array.isArray(p.sessionIds) ? (p.sessionIds as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      if (ids.length > 0) emit(f, e.topic, { kind: 'sessions.revoked', sessionIds: ids, userId: str('userId') ?? null });
    }
  }

  const onEvent = (e: VerityEvent): void => {
    const f = tenants.get(e.tenantId);
    if (!f) return;
    if (f.subscribers.size === 0) {
      // Nobody listens: skip the reads, and make every earlier version too old to resume from
      // (a gateway that comes back must not miss this change): it gets a full snapshot.
      f.seq++;
      f.kept = [];
      f.keptFrom = f.seq;
      return;
    }
    void enqueue(f, e.topic, () => apply(f, e));
  };
  for (const topic of GATEWAY_EVENTS.topics) ctx.events.subscribe(topic, onEvent);

  return {
    subscribe(tenantId, fromVersion, listener, info) {
      const f = feedOf(tenantId);
      const connection: FeedConnection = { gatewayId: info.gatewayId, tenantId, connectedAt: ctx.now().toISOString(), transport: info.transport, version: null };
      const sub = { listener, connection, ready: false };
      f.subscribers.add(sub);
      void enqueue(f, 'subscribe', async () => {
        if (!f.subscribers.has(sub)) return;
        const from = fromVersion !== null && versionEpoch(fromVersion) === epoch ? versionSequence(fromVersion) : -1;
        if (from >= f.keptFrom && from <= f.seq) {
          // A reconnect within the kept deltas: only what it missed.
          for (const d of f.kept.slice(from - f.keptFrom)) listener.delta(d);
          connection.version = versionOf(f.seq);
        } else {
          const snapshot = await fullSnapshot(f);
          if (!f.subscribers.has(sub)) return;
          // The id tables grew while building it: the next delta carries the growth to earlier subscribers.
          listener.snapshot(snapshot);
          connection.version = snapshot.version;
        }
        sub.ready = true;
      });
      return () => { f.subscribers.delete(sub); };
    },
    connections: (tenantId) => [...(tenants.get(tenantId)?.subscribers ?? [])].map((s) => s.connection),
    version: (tenantId) => {
      const f = tenants.get(tenantId);
      return f ? versionOf(f.seq) : null;
    },
  };
}

const feeds = new WeakMap<ServerContext, SnapshotFeed>();

/**
 * The snapshot feed of this server, created (and subscribed to events) by the first caller, which
 * names the control plane's public URL (portal links, session issuer); later callers share it.
 */
export function snapshotFeed(ctx: ServerContext, publicUrl: () => string): SnapshotFeed {
  let feed = feeds.get(ctx);
  if (!feed) {
    feed = createSnapshotFeed(ctx, publicUrl);
    feeds.set(ctx, feed);
  }
  return feed;
}
