import {
  compilePolicySet, gatewaySnapshotSchema, importConditionalAccessPolicy, importNamedLocation, snapshotDeltaSchema, versionSequence,
  type CompiledPolicySet, type ConditionalAccessPolicy, type GatewaySnapshot, type NamedLocation, type SessionIssuer, type SnapshotApp,
  type SnapshotDelta, type SnapshotDevice, type SnapshotUser,
} from '@verity/core';
import { RouteTable } from '../proxy/route-table.js';

/** A user as decisions read it: the snapshot entry with groups and roles resolved to id sets once. */
export interface UserView {
  readonly entry: SnapshotUser;
  readonly groupIds: ReadonlySet<string>;
  readonly roleIds: ReadonlySet<string>;
}

/** What a change touched, so that open streams of those users and devices (or all) are evaluated again. */
export interface ChangeScope {
  readonly all: boolean;
  readonly userIds: readonly string[];
  readonly deviceIds: readonly string[];
  readonly sessionIds: readonly string[];
}

/** A snapshot or delta the gateway could not use (it keeps deciding on what it had, or refuses). */
export class SnapshotRejected extends Error {}

function compilePolicies(policies: readonly unknown[], namedLocations: readonly unknown[]): CompiledPolicySet {
  // The importers the control plane used at import time: a document that does not pass them is rejected whole.
  try {
    const locations: NamedLocation[] = namedLocations.map((l) => importNamedLocation(l).location);
    const set: ConditionalAccessPolicy[] = policies.map((p) => {
      const { policy } = importConditionalAccessPolicy(p);
      return { ...policy, id: (p as { id?: string }).id ?? policy.id };
    });
    return compilePolicySet({ policies: set, namedLocations: locations });
  } catch (err) {
    throw new SnapshotRejected(`the policy set could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The gateway's copy of the control plane's state, replaced by a full snapshot and moved forward
 * by deltas in order. Everything a decision needs is a map lookup away; the policy set is
 * compiled once per policy change.
 */
export class SnapshotState {
  version: string | null = null;
  tenantId: string | null = null;
  portalUrl = '';
  deviceCaPem = '';
  sessionIssuer: SessionIssuer | null = null;
  policySet: CompiledPolicySet | null = null;
  routes = new RouteTable([]);
  apps: readonly SnapshotApp[] = [];
  /** When the last snapshot or delta was applied (ms, performance clock). */
  updatedAt = 0;
  private groupIds: string[] = [];
  private roleIds: string[] = [];
  readonly users = new Map<string, UserView>();
  readonly devices = new Map<string, SnapshotDevice>();
  readonly revokedSessions = new Set<string>();
  readonly revokedSerials = new Set<string>();

  /** Whether a snapshot has been received. */
  get ready(): boolean {
    return this.version !== null;
  }

  private view(u: SnapshotUser): UserView {
    const groups = new Set<string>();
    for (const i of u.groups) {
      const g = this.groupIds[i];
      if (g === undefined) throw new SnapshotRejected(`user ${u.id} names group index ${i}, which the snapshot does not hold`);
      groups.add(g);
    }
    const roles = new Set<string>();
    for (const i of u.roles) {
      const r = this.roleIds[i];
      if (r === undefined) throw new SnapshotRejected(`user ${u.id} names role index ${i}, which the snapshot does not hold`);
      roles.add(r);
    }
    return { entry: u, groupIds: groups, roleIds: roles };
  }

  /** Replace everything with a full snapshot (validated at this edge); throws SnapshotRejected and keeps the old state. */
  replace(raw: unknown, tenantId: string | null): GatewaySnapshot {
    const parsed = gatewaySnapshotSchema.safeParse(raw);
    if (!parsed.success) throw new SnapshotRejected(`the snapshot is not valid: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const s = parsed.data;
    if (tenantId !== null && s.tenantId !== tenantId) throw new SnapshotRejected(`the snapshot is of tenant ${s.tenantId}, this gateway serves ${tenantId}`);
    const policySet = compilePolicies(s.policies, s.namedLocations);
    const before = { groupIds: this.groupIds, roleIds: this.roleIds };
    this.groupIds = [...s.groupIds];
    this.roleIds = [...s.roleIds];
    let users: Map<string, UserView>;
    try {
      users = new Map(s.users.map((u) => [u.id, this.view(u)]));
    } catch (err) {
      Object.assign(this, before);
      throw err;
    }
    this.users.clear();
    for (const [k, v] of users) this.users.set(k, v);
    this.devices.clear();
    for (const d of s.devices) this.devices.set(d.id, d);
    this.revokedSessions.clear();
    for (const id of s.revokedSessions) this.revokedSessions.add(id);
    this.revokedSerials.clear();
    for (const serial of s.revokedCertificates) this.revokedSerials.add(serial.toUpperCase());
    this.policySet = policySet;
    this.apps = s.apps;
    this.routes = new RouteTable(s.apps);
    this.tenantId = s.tenantId;
    this.portalUrl = s.portalUrl;
    this.deviceCaPem = s.deviceCaPem;
    this.sessionIssuer = s.sessionIssuer;
    this.version = s.version;
    this.updatedAt = performance.now();
    return s;
  }

  /** Apply the next delta (validated at this edge). A delta out of order is rejected: the caller re-syncs. */
  apply(raw: unknown): ChangeScope {
    const parsed = snapshotDeltaSchema.safeParse(raw);
    if (!parsed.success) throw new SnapshotRejected(`the delta is not valid: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const d: SnapshotDelta = parsed.data;
    if (this.version === null) throw new SnapshotRejected('a delta arrived before any snapshot');
    if (versionSequence(d.version) !== versionSequence(this.version) + 1) throw new SnapshotRejected(`delta ${d.version} does not follow ${this.version}`);
    if (d.groupIds) for (let k = 0; k < d.groupIds.ids.length; k++) this.groupIds[d.groupIds.from + k] = d.groupIds.ids[k]!;
    if (d.roleIds) for (let k = 0; k < d.roleIds.ids.length; k++) this.roleIds[d.roleIds.from + k] = d.roleIds.ids[k]!;
    const c = d.change;
    let scope: ChangeScope;
    switch (c.kind) {
      case 'policies':
        this.policySet = compilePolicies(c.policies, c.namedLocations);
        scope = { all: true, userIds: [], deviceIds: [], sessionIds: [] };
        break;
      case 'apps':
        this.apps = c.apps;
        this.routes = new RouteTable(c.apps);
        scope = { all: true, userIds: [], deviceIds: [], sessionIds: [] };
        break;
      case 'user':
        this.users.set(c.user.id, this.view(c.user));
        scope = { all: false, userIds: [c.user.id], deviceIds: [], sessionIds: [] };
        break;
      case 'user.removed':
        this.users.delete(c.userId);
        scope = { all: false, userIds: [c.userId], deviceIds: [], sessionIds: [] };
        break;
      case 'device':
        this.devices.set(c.device.id, c.device);
        scope = { all: false, userIds: [], deviceIds: [c.device.id], sessionIds: [] };
        break;
      case 'device.removed':
        this.devices.delete(c.deviceId);
        scope = { all: false, userIds: [], deviceIds: [c.deviceId], sessionIds: [] };
        break;
      case 'sessions.revoked':
        for (const id of c.sessionIds) this.revokedSessions.add(id);
        scope = { all: false, userIds: c.userId ? [c.userId] : [], deviceIds: [], sessionIds: c.sessionIds };
        break;
      case 'certificates.revoked':
        for (const s of c.serials) this.revokedSerials.add(s.toUpperCase());
        scope = { all: true, userIds: [], deviceIds: [], sessionIds: [] };
        break;
    }
    this.version = d.version;
    this.updatedAt = performance.now();
    return scope;
  }
}
