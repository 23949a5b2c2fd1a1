import { X509Certificate } from 'node:crypto';
import type { ServerContext } from '../context.js';
import type { DevicePrincipal } from '../auth/principal.js';
import { deviceAccessError } from '../auth/device-auth.js';
import { parseCsr } from '../device-ca/index.js';
import { recordAudit } from '../audit/audit-record.js';

/** What a device gets back from a renewal. */
export interface RenewalAnswer { certificate: string; caCertificate: string }

/**
 * Renew a device certificate with a new key pair. The renewed certificate replaces the presented one
 * at once: from the next request the old certificate is refused (VERITY_DEVICE_CERT_SUPERSEDED), so
 * a stolen old key stops working as soon as the device renews.
 *
 * If the answer is lost (network, crash before the agent saved it), the agent still holds only the
 * old certificate. It then sends the same CSR again (it keeps the pending key until it has the
 * certificate): a superseded certificate is accepted here, and only here, to hand out again the
 * certificate already issued for exactly that public key. Proving that key takes the CSR's
 * signature, so nobody but the holder of the new key gets anything from it.
 */
export async function renewDeviceCertificate(ctx: ServerContext, device: DevicePrincipal, csrPem: string): Promise<RenewalAnswer> {
  const csr = await parseCsr(csrPem);
  const refused = await ctx.store.checkins.access(device.tenantId, device.deviceId, device.certificateSerial);
  if (refused === 'certificate-superseded') {
    const replacement = (await ctx.store.certificates.listForDevice(device.tenantId, device.deviceId)).find((c) => c.status === 'active');
    if (replacement && Buffer.from(new X509Certificate(replacement.certPem).publicKey.export({ type: 'spki', format: 'der' })).equals(csr.publicKeySpki)) {
      ctx.log.info({ deviceId: device.deviceId, serial: replacement.serial }, 'renewal repeated with the same key: the issued certificate is handed out again');
      return { certificate: replacement.certPem, caCertificate: ctx.deviceCa.certPem };
    }
  }
  if (refused) throw deviceAccessError(refused);
  const now = ctx.now();
  const issued = await ctx.deviceCa.issueDeviceCertificate({ csrPem, tenantId: device.tenantId, deviceId: device.deviceId, now, validityDays: ctx.config.deviceCertValidityDays });
  await ctx.store.transaction(async (tx) => {
    // Re-checked inside the transaction: a revocation (or another renewal) in between wins.
    const again = await tx.checkins.access(device.tenantId, device.deviceId, device.certificateSerial);
    if (again) throw deviceAccessError(again);
    const serial = issued.serialNumber.toUpperCase();
    await tx.certificates.add(device.tenantId, { serial, deviceId: device.deviceId, fingerprint256: issued.fingerprint256, notBefore: issued.notBefore.toISOString(), notAfter: issued.notAfter.toISOString(), issuedAt: now.toISOString(), certPem: issued.certPem });
    await tx.certificates.supersedeOthers(device.tenantId, device.deviceId, serial);
    await recordAudit(tx, device.tenantId, device, { action: 'device.certificate.renew', targetType: 'device', targetId: device.deviceId, details: { previousSerial: device.certificateSerial, serial: issued.serialNumber } }, now);
  });
  return { certificate: issued.certPem, caCertificate: ctx.deviceCa.certPem };
}
