import { z } from 'zod';
import { PLATFORMS } from '@verity/core';
import { displayName, idSchema, isoDate } from '../shared/wire.js';

const pem = z.string().min(100).max(16_384);
const optionalText = (max: number) => z.string().max(max).optional();

/** What the agent tells about itself at enrollment (the first check-in fills in the rest). */
export const enrollingDevice = z.object({
  hostname: z.string().min(1).max(255),
  platform: z.enum(PLATFORMS),
  serialNumber: optionalText(128),
  model: optionalText(256),
  manufacturer: optionalText(256),
  osName: optionalText(256),
  osVersion: optionalText(64),
  /** Keyed hashes (HMAC-SHA256, hex) of the firmware UUID and the machine-id: a re-enrollment of the same machine retires its old record. */
  hardwareIdentity: z.object({
    productUuidHash: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256').optional(),
    machineIdHash: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256').optional(),
  }).strict().optional(),
}).strict();

export const enrollBody = z.object({
  enrollmentToken: z.string().min(10).max(200),
  csr: pem,
  device: enrollingDevice,
}).strict();

export const registerBody = z.object({
  tenant: z.string().min(1).max(256),
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(256),
  csr: pem,
  device: enrollingDevice,
}).strict();

export const createProfileBody = z.object({
  name: displayName,
  groupTag: z.string().max(128).optional(),
  targetGroupIds: z.array(idSchema).max(50).default([]),
  /** Corporate join only; personal devices register with user credentials instead. */
  ownership: z.literal('corporate').default('corporate'),
  expiresAt: isoDate.optional(),
  /** Default lifetime when expiresAt is not given. */
  expiresInHours: z.number().int().min(1).max(24 * 365).default(24 * 7),
  maxUses: z.number().int().min(1).max(1_000_000).nullable().default(null),
  scopeTags: z.array(z.string().min(1).max(64)).max(50).default([]),
}).strict();
