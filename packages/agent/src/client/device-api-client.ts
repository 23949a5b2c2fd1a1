import { Agent } from 'node:https';
import { VerityError, type PostureReport } from '@verity/core';
import type { z } from 'zod';
import type { CommandResult, DeviceCredentials } from '../state/agent-state.js';
import { httpsJson, problemError, type JsonResponse } from './https-json.js';
import {
  caResponseSchema,
  checkinResponseSchema,
  deviceStatusSchema,
  enrollResponseSchema,
  renewResponseSchema,
  type CheckinResponse,
  type DeviceStatus,
  type EnrollResponse,
} from './wire-schemas.js';

const TIMEOUT_MS = 30_000;

function decode<T>(schema: z.ZodType<T>, response: JsonResponse, okStatus: number[], fallbackCode: string): T {
  if (!okStatus.includes(response.status)) throw problemError(response, fallbackCode);
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    throw new VerityError('VERITY_AGENT_BAD_RESPONSE', 'the server answered with an unexpected body', {
      status: 502,
      details: parsed.error.issues.slice(0, 10).map((i) => ({ path: `$.${i.path.join('.')}`, message: i.message })),
    });
  }
  return parsed.data;
}

function endpoint(serverUrl: string, path: string): URL {
  return new URL(path, serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
}

/**
 * GET /api/v1/ca without verifying the server's certificate: the answer is not trusted as
 * is; the caller compares its fingerprint with the one the admin pinned (or, with
 * --insecure-trust-on-first-use, accepts it with a warning).
 */
export async function fetchCaCertificate(serverUrl: string): Promise<{ caCertificate: string; fingerprint256: string }> {
  const agent = new Agent({ rejectUnauthorized: false });
  try {
    const res = await httpsJson({ method: 'GET', url: endpoint(serverUrl, 'api/v1/ca'), agent, timeoutMs: TIMEOUT_MS });
    return decode(caResponseSchema, res, [200], 'VERITY_AGENT_CA_FETCH_FAILED');
  } finally {
    agent.destroy();
  }
}

export interface DeviceDescription {
  readonly hostname: string;
  readonly platform: string;
  readonly serialNumber?: string;
  readonly model?: string;
  readonly manufacturer?: string;
  readonly osName?: string;
  readonly osVersion?: string;
  /** Keyed hashes of the firmware UUID and machine id (posture/hardware-identity.ts); absent when neither could be read. */
  readonly hardwareIdentity?: { readonly productUuidHash?: string; readonly machineIdHash?: string };
}

export type EnrollmentCredentials =
  | { readonly kind: 'token'; readonly enrollmentToken: string }
  | { readonly kind: 'user'; readonly tenant: string; readonly username: string; readonly password: string };

/** POST /api/v1/enroll (token) or /api/v1/register (user), trusting only `caPem` (the device CA, plus a server CA if given). */
export async function requestEnrollment(
  serverUrl: string,
  caPem: string | readonly string[],
  credentials: EnrollmentCredentials,
  csrPem: string,
  device: DeviceDescription,
): Promise<EnrollResponse> {
  const agent = new Agent({ ca: typeof caPem === 'string' ? caPem : [...caPem] });
  try {
    const body =
      credentials.kind === 'token'
        ? { enrollmentToken: credentials.enrollmentToken, csr: csrPem, device }
        : { tenant: credentials.tenant, username: credentials.username, password: credentials.password, csr: csrPem, device };
    const path = credentials.kind === 'token' ? 'api/v1/enroll' : 'api/v1/register';
    const res = await httpsJson({ method: 'POST', url: endpoint(serverUrl, path), agent, body, timeoutMs: TIMEOUT_MS });
    return decode(enrollResponseSchema, res, [200, 201], 'VERITY_AGENT_ENROLL_FAILED');
  } finally {
    agent.destroy();
  }
}

/** The mTLS client a device uses after enrollment. */
export interface DeviceApiClient {
  checkin(report: PostureReport, commandResults: readonly CommandResult[]): Promise<CheckinResponse>;
  renew(csrPem: string): Promise<{ certificate: string; caCertificate: string }>;
  status(timeoutMs?: number): Promise<DeviceStatus>;
  /** Switch to a renewed key/certificate (closes pooled connections made with the old one). */
  setCredentials(credentials: DeviceCredentials): void;
  close(): void;
}

/**
 * mTLS client over a keep-alive https.Agent: the device key and certificate authenticate
 * the device; only the Verity CA is trusted and the server name is checked against the
 * server certificate (node's default checkServerIdentity).
 */
export function createDeviceApiClient(serverUrl: string, initial: DeviceCredentials): DeviceApiClient {
  // The server is verified against the pinned device CA, plus the admin's server CA when its TLS certificate comes from one.
  const makeAgent = (c: DeviceCredentials) => new Agent({ keepAlive: true, maxSockets: 2, ca: c.serverCaPem === undefined ? c.caPem : [c.caPem, c.serverCaPem], key: c.keyPem, cert: c.certPem });
  let agent = makeAgent(initial);
  return {
    async checkin(report, commandResults) {
      const body = commandResults.length > 0 ? { report, commandResults } : { report };
      const res = await httpsJson({ method: 'POST', url: endpoint(serverUrl, 'api/v1/device/checkin'), agent, body, timeoutMs: TIMEOUT_MS });
      return decode(checkinResponseSchema, res, [200], 'VERITY_AGENT_CHECKIN_FAILED');
    },
    async renew(csrPem) {
      const res = await httpsJson({ method: 'POST', url: endpoint(serverUrl, 'api/v1/device/renew'), agent, body: { csr: csrPem }, timeoutMs: TIMEOUT_MS });
      return decode(renewResponseSchema, res, [200], 'VERITY_AGENT_RENEW_FAILED');
    },
    async status(timeoutMs = TIMEOUT_MS) {
      const res = await httpsJson({ method: 'GET', url: endpoint(serverUrl, 'api/v1/device/status'), agent, timeoutMs });
      return decode(deviceStatusSchema, res, [200], 'VERITY_AGENT_STATUS_FAILED');
    },
    setCredentials(credentials) {
      agent.destroy();
      agent = makeAgent(credentials);
    },
    close() {
      agent.destroy();
    },
  };
}
