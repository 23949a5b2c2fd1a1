import { z } from 'zod';

/**
 * Server answers of the device API (v1 contract). The agent validates them like any other
 * input at its edge: a malformed answer is a VERITY_AGENT_BAD_RESPONSE, never a crash.
 */
const pem = z.string().min(1).max(64 * 1024);

/** GET /api/v1/ca answer. */
export const caResponseSchema = z.object({ caCertificate: pem, fingerprint256: z.string().max(200) });

/** 201 answer of POST /api/v1/enroll and /api/v1/register. */
export const enrollResponseSchema = z.object({
  tenantId: z.string().min(1).max(128),
  deviceId: z.string().min(1).max(128),
  certificate: pem,
  caCertificate: pem,
  checkinIntervalSeconds: z.number().int().min(10).max(86_400),
  /** Earlier records of this machine the server retired because this enrollment replaces them. */
  replacedDeviceIds: z.array(z.string().min(1).max(128)).max(100).default([]),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

/** A command the server asks the device to run; unknown kinds are reported as failed, not rejected. */
export const deviceCommandSchema = z.object({
  id: z.string().min(1).max(128),
  kind: z.string().max(32),
  // Lenient: a command without an object payload (null, absent) still runs with an empty one.
  payload: z.unknown().transform((v): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {})),
});
export type DeviceCommand = z.infer<typeof deviceCommandSchema>;

/** 200 answer of POST /api/v1/device/checkin. */
export const checkinResponseSchema = z.object({
  deviceId: z.string().max(128),
  complianceState: z.string().max(64),
  nextCheckinSeconds: z.number().int().min(1).max(86_400),
  renewCertificate: z.boolean(),
  commands: z.array(deviceCommandSchema).max(100).default([]),
});
export type CheckinResponse = z.infer<typeof checkinResponseSchema>;

/** 200 answer of POST /api/v1/device/renew. */
export const renewResponseSchema = z.object({ certificate: pem, caCertificate: pem });

const settingSchema = z.object({
  setting: z.string().max(256),
  state: z.string().max(64),
  observed: z.unknown().optional(),
  expected: z.unknown().optional(),
  reason: z.string().max(2048).optional().nullable(),
  remediation: z.string().max(2048).optional().nullable(),
});

/** 200 answer of GET /api/v1/device/status (extra fields are ignored). */
export const deviceStatusSchema = z.object({
  deviceId: z.string().max(128),
  tenantId: z.string().max(128),
  status: z.string().max(64),
  complianceState: z.string().max(64),
  lastCheckinAt: z.string().max(64).nullable().optional(),
  // `.catch`: a compliance section of an unexpected shape degrades to "not shown", not to a failed status.
  compliance: z
    .object({
      graceEndsAt: z.string().max(64).nullable().optional(),
      policies: z
        .array(
          z.object({
            policyId: z.string().max(128),
            displayName: z.string().max(256),
            state: z.string().max(64),
            settings: z.array(settingSchema).max(500),
            notEvaluated: z.array(z.object({ setting: z.string().max(256), reason: z.string().max(2048) })).max(500).optional(),
          }),
        )
        .max(500),
    })
    .optional()
    .catch(undefined),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;
