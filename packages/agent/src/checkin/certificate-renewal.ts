import type { DeviceApiClient } from '../client/device-api-client.js';
import { certificateValidity, createCertificateRequest } from '../enrollment/certificate-request.js';
import type { Logger } from '../log/logger.js';
import type { AgentStateStore, DeviceCredentials } from '../state/agent-state.js';

/**
 * Renew the device certificate. The new key and its CSR are saved before the request is sent and
 * kept until the renewed certificate is saved: the server refuses the old certificate as soon as it
 * has issued the new one, so if its answer is lost the agent sends the same CSR again (the server
 * then hands out the certificate it issued for that key) instead of locking itself out.
 */
export async function renewCertificate(state: AgentStateStore, client: DeviceApiClient, deviceId: string, logger: Logger): Promise<DeviceCredentials> {
  let pending = await state.readPendingRenewal();
  if (pending === undefined) {
    const request = await createCertificateRequest(deviceId);
    pending = { keyPem: request.privateKeyPem, csrPem: request.csrPem };
    await state.savePendingRenewal(pending);
  }
  const renewed = await client.renew(pending.csrPem);
  const current = await state.readCredentials();
  const next: DeviceCredentials = {
    keyPem: pending.keyPem, certPem: renewed.certificate, caPem: renewed.caCertificate,
    ...(current.serverCaPem === undefined ? {} : { serverCaPem: current.serverCaPem }),
  };
  await state.saveCredentials(next);
  await state.savePendingRenewal(null);
  client.setCredentials(next);
  logger.info('renewed the device certificate', { notAfter: certificateValidity(renewed.certificate).notAfter.toISOString() });
  return next;
}
