import type { RepositoryContext } from '../repository-context.js';
import { toRecord, toRow } from '../row-mapping.js';
import { toIso, type Instant } from '../instant.js';
import { conflictError, isUniqueViolation } from '../store-errors.js';

export type DeviceCertificateStatus = 'active' | 'superseded' | 'revoked';
export interface DeviceCertificate {
  tenantId: string; serial: string; deviceId: string; fingerprint256: string; notBefore: string; notAfter: string; status: DeviceCertificateStatus;
  issuedAt: string; revokedAt: string | null; certPem: string;
}
export interface NewDeviceCertificate { serial: string; deviceId: string; fingerprint256: string; notBefore: Instant; notAfter: Instant; issuedAt?: Instant; certPem: string }

/** Device identity certificates issued by the Verity device CA. */
export function deviceCertificateRepository(ctx: RepositoryContext) {
  const db = ctx.db;
  const map = (r: Record<string, unknown>) => toRecord<DeviceCertificate>(r, []);
  return {
    /** Stores a newly issued certificate as active. */
    async add(tenantId: string, input: NewDeviceCertificate): Promise<DeviceCertificate> {
      const row = toRow({
        tenantId, serial: input.serial, deviceId: input.deviceId, fingerprint256: input.fingerprint256, notBefore: toIso(input.notBefore, '$.notBefore'),
        notAfter: toIso(input.notAfter, '$.notAfter'), status: 'active', issuedAt: toIso(input.issuedAt ?? ctx.now(), '$.issuedAt'), revokedAt: null, certPem: input.certPem,
      }, []);
      try { await db.insertInto('device_certificates').values(row as never).execute(); } catch (e) { throw isUniqueViolation(e) ? conflictError('device_certificates', e) : e; }
      return map(row);
    },
    /**
     * The certificate with this serial in any tenant: the mTLS hot path, one unique-index lookup.
     * Cross-tenant by design: the serial comes from a verified certificate whose SAN names the
     * tenant, and the server checks that tenant matches the returned row's tenantId.
     */
    async findBySerial(serial: string): Promise<DeviceCertificate | undefined> {
      const row = await db.selectFrom('device_certificates').selectAll().where('serial', '=', serial).executeTakeFirst();
      return row ? map(row) : undefined;
    },
    /** A certificate by serial within a tenant. */
    async get(tenantId: string, serial: string): Promise<DeviceCertificate | undefined> {
      const row = await db.selectFrom('device_certificates').selectAll().where('tenant_id', '=', tenantId).where('serial', '=', serial).executeTakeFirst();
      return row ? map(row) : undefined;
    },
    /** Certificates of a device, newest first. */
    async listForDevice(tenantId: string, deviceId: string): Promise<DeviceCertificate[]> {
      const rows = await db.selectFrom('device_certificates').selectAll().where('tenant_id', '=', tenantId).where('device_id', '=', deviceId)
        .orderBy('issued_at', 'desc').orderBy('serial').execute();
      return rows.map(map);
    },
    /** Marks the device's other active certificates superseded (after renewal); returns how many. */
    async supersedeOthers(tenantId: string, deviceId: string, keepSerial: string): Promise<number> {
      const r = await db.updateTable('device_certificates').set({ status: 'superseded' }).where('tenant_id', '=', tenantId).where('device_id', '=', deviceId)
        .where('status', '=', 'active').where('serial', '!=', keepSerial).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    /** Revokes one certificate. */
    async revoke(tenantId: string, serial: string, at: Instant): Promise<boolean> {
      const r = await db.updateTable('device_certificates').set({ status: 'revoked', revoked_at: toIso(at) }).where('tenant_id', '=', tenantId)
        .where('serial', '=', serial).where('status', '!=', 'revoked').executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Serials of revoked certificates still within their validity (what a TLS-terminating gateway must refuse). */
    async listRevokedUnexpired(tenantId: string, now: Instant): Promise<string[]> {
      const rows = await db.selectFrom('device_certificates').select('serial').where('tenant_id', '=', tenantId).where('status', '=', 'revoked')
        .where('not_after', '>', toIso(now)).orderBy('serial').execute();
      return rows.map((r) => r.serial);
    },
    /** Serials of a device's revoked certificates still within their validity. */
    async listRevokedUnexpiredForDevice(tenantId: string, deviceId: string, now: Instant): Promise<string[]> {
      const rows = await db.selectFrom('device_certificates').select('serial').where('tenant_id', '=', tenantId).where('device_id', '=', deviceId)
        .where('status', '=', 'revoked').where('not_after', '>', toIso(now)).orderBy('serial').execute();
      return rows.map((r) => r.serial);
    },
    /** Revokes every certificate of a device (device revoked or retired); returns how many. */
    async revokeAllForDevice(tenantId: string, deviceId: string, at: Instant): Promise<number> {
      const r = await db.updateTable('device_certificates').set({ status: 'revoked', revoked_at: toIso(at) }).where('tenant_id', '=', tenantId)
        .where('device_id', '=', deviceId).where('status', '!=', 'revoked').executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
export type DeviceCertificateRepository = ReturnType<typeof deviceCertificateRepository>;
