import type { Logger } from 'pino';
import type { Store } from '@verity/store';
import type { ServerConfig } from './config/server-config.js';
import type { Metrics } from './metrics/metrics.js';
import type { EventBus } from './events/event-bus.js';
import type { DeviceCa } from './device-ca/index.js';
import type { Device } from '@verity/store';
import type { PostureFacts } from '@verity/core';

/**
 * What the control plane's services depend on. Built once by `startServer` (or by tests),
 * passed down explicitly: no module-level singletons, so tests run several servers at once.
 */
export interface ServerContext {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly deviceCa: DeviceCa;
  /** Seals secrets at rest (CA key, SMTP password) with the master key. */
  readonly secretBox: { seal(plaintext: Uint8Array | string, aad: string): string; open(sealed: string, aad: string): Buffer };
  /** The audit chain's HMAC key and the key that signs exported heads (sealed with the master key at rest). */
  readonly auditKeys: import('./audit/audit-keys.js').AuditKeys;
  readonly metrics: Metrics;
  readonly events: EventBus;
  readonly log: Logger;
  /** Injected clock and id generator (tests freeze time and ids). */
  readonly now: () => Date;
  /** Compliance hooks the check-in path calls (the compliance domain provides them). */
  readonly compliance: ComplianceHooks;
  readonly newId: () => string;
}

/** What a check-in hands to the compliance evaluation. */
export interface CheckedInDevice {
  readonly device: Device;
  readonly facts: PostureFacts;
  /** The device's and its primary user's group ids, when still current; read again when absent. */
  readonly groupIds?: readonly string[];
  /** The stored result as JSON text (null: none yet); absent: unknown, always write. */
  readonly storedResultJson?: string | null;
}

/** What the device paths (and detection, groups, admin changes) need from the compliance domain. */
export interface ComplianceHooks {
  /**
   * Re-evaluate a device after its check-in was stored; returns its compliance state. The check-in
   * path passes what its transaction already read: the device row, the facts, the stored result
   * (JSON text, to skip an unchanged write) and, unless dynamic groups just changed, the group ids.
   */
  evaluateAfterCheckin(tenantId: string, deviceId: string, now: Date, checkedIn?: CheckedInDevice): Promise<string>;
  /** The policy snapshot check-ins of this tenant are evaluated against now (short-lived cache); undefined without a tenant. */
  checkinSnapshot(tenantId: string): Promise<import('./compliance/compliance-policy-snapshot.js').TenantPolicySnapshot | undefined>;
  /** The device's latest evaluation, for the agent's `status` and the portal. */
  deviceStatus(tenantId: string, deviceId: string): Promise<unknown>;
  /** Re-evaluate a tenant's active devices (optionally one platform) after a policy, assignment, group or settings change. */
  reevaluateTenant(tenantId: string, now: Date, filter?: { platform?: string }): Promise<{ evaluated: number; changed: number }>;
  /** Set a device's risk level (detection engine, admin) and re-evaluate it; undefined if no such device. Audited. */
  setDeviceRiskLevel(tenantId: string, deviceId: string, riskLevel: 'none' | 'low' | 'medium' | 'high', actor: import('./auth/principal.js').Principal | null): Promise<{ riskLevel: string; complianceState: string } | undefined>;
}
