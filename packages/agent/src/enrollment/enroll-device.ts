import { VerityError, type HardwareIdentity, type PostureReport } from '@verity/core';
import { fetchCaCertificate, requestEnrollment, type DeviceDescription, type EnrollmentCredentials } from '../client/device-api-client.js';
import type { Logger } from '../log/logger.js';
import type { AgentConfig, AgentStateStore } from '../state/agent-state.js';
import { certificateFingerprint256, createCertificateRequest } from './certificate-request.js';

/** How the agent decides to trust the server's CA before it holds credentials of its own. */
export type CaTrust =
  | { readonly kind: 'fingerprint'; readonly fingerprint256: string }
  | { readonly kind: 'file'; readonly caPem: string }
  | { readonly kind: 'trust-on-first-use' };

export interface EnrollOptions {
  readonly serverUrl: string;
  readonly credentials: EnrollmentCredentials;
  readonly trust: CaTrust;
  /** Trust anchors for a server TLS certificate the admin supplies (not issued by the device CA). */
  readonly serverCaPem?: string;
  readonly report: PostureReport;
  /** How the server recognises this machine when it enrolls again (null identifiers are left out). */
  readonly hardware?: HardwareIdentity;
  readonly state: AgentStateStore;
  readonly logger: Logger;
  readonly now: Date;
}

/** Device fields for the enroll body, from known posture facts only (never a guess), and the hardware identity. */
export function describeDevice(report: PostureReport, hardware?: HardwareIdentity): DeviceDescription {
  const value = (name: keyof PostureReport['facts']) => {
    const f = report.facts[name];
    return f?.state === 'known' && typeof f.value === 'string' ? f.value : undefined;
  };
  const optional = (key: string, v: string | undefined) => (v === undefined ? {} : { [key]: v });
  return {
    hostname: value('device.hostname') ?? 'unknown-host',
    platform: report.platform,
    ...optional('serialNumber', value('device.serialNumber')),
    ...optional('model', value('device.model')),
    ...optional('manufacturer', value('device.manufacturer')),
    ...optional('osName', value('os.name')),
    ...optional('osVersion', value('os.version')),
    ...(hardware && (hardware.productUuidHash !== null || hardware.machineIdHash !== null)
      ? { hardwareIdentity: { ...optional('productUuidHash', hardware.productUuidHash ?? undefined), ...optional('machineIdHash', hardware.machineIdHash ?? undefined) } }
      : {}),
  };
}

/**
 * Enroll: establish trust in the Verity CA (pinned fingerprint, CA file, or an explicit
 * trust-on-first-use), generate a key pair locally, send the CSR with the enrollment token
 * or user credentials, and store key (0600), certificate (0600), CA and agent.json.
 * The private key never leaves this host.
 */
export async function enrollDevice(options: EnrollOptions): Promise<AgentConfig & { replacedDeviceIds: readonly string[] }> {
  const { logger } = options;
  let caPem: string;
  if (options.trust.kind === 'file') {
    caPem = options.trust.caPem;
  } else {
    const fetched = await fetchCaCertificate(options.serverUrl);
    const actual = await certificateFingerprint256(fetched.caCertificate);
    if (options.trust.kind === 'fingerprint' && actual !== options.trust.fingerprint256) {
      throw new VerityError('VERITY_AGENT_CA_FINGERPRINT_MISMATCH', 'the server CA does not match the pinned fingerprint; refusing to enroll', {
        status: 400,
        details: [{ path: '$.caFingerprint', message: `expected ${options.trust.fingerprint256}, server sent ${actual}` }],
      });
    }
    if (options.trust.kind === 'trust-on-first-use') {
      logger.warn('trusting the server CA on first use without verification; compare this fingerprint with the one your admin published', { fingerprint256: actual });
    }
    caPem = fetched.caCertificate;
  }
  const device = describeDevice(options.report, options.hardware);
  const request = await createCertificateRequest(device.hostname);
  const serverTrust = options.serverCaPem === undefined ? caPem : [caPem, options.serverCaPem];
  const answer = await requestEnrollment(options.serverUrl, serverTrust, options.credentials, request.csrPem, device);
  const config: AgentConfig = {
    serverUrl: options.serverUrl,
    deviceId: answer.deviceId,
    tenantId: answer.tenantId,
    checkinIntervalSeconds: answer.checkinIntervalSeconds,
    enrolledAt: options.now.toISOString(),
  };
  await options.state.saveEnrollment(config, { keyPem: request.privateKeyPem, certPem: answer.certificate, caPem: answer.caCertificate, ...(options.serverCaPem === undefined ? {} : { serverCaPem: options.serverCaPem }) });
  logger.info('enrolled', { deviceId: answer.deviceId, tenantId: answer.tenantId, stateDir: options.state.dir, replacedDeviceIds: answer.replacedDeviceIds });
  return { ...config, replacedDeviceIds: answer.replacedDeviceIds };
}
