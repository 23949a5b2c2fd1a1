import { z } from 'zod';

/**
 * What a gateway sends to the sign-in log, in batches and never on the request path. Requests of
 * one session to one app that the gateway decided alike within one flush window are one entry
 * (`requests` counts them, `at`..`lastAt` spans them), so a page with thirty assets is one
 * sign-in, as in Entra's log, while every decision is still accounted for. The entry id is the
 * decision id the gateway put in the identity assertion of each of those requests.
 */
const id = z.string().min(1).max(256);
const isoTime = z.string().min(20).max(40);

export const gatewaySignInSchema = z.strictObject({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/),
  at: isoTime,
  lastAt: isoTime,
  requests: z.number().int().min(1).max(1_000_000_000),
  userId: id,
  sessionId: id,
  appId: id,
  deviceId: id.nullable(),
  ip: z.string().max(64).nullable(),
  clientAppType: z.enum(['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other']),
  platform: z.string().max(32).nullable(),
  result: z.enum(['grant', 'block', 'controlsRequired']),
  reasons: z.array(z.strictObject({ code: z.string().max(64), message: z.string().max(2048) })).max(20),
  missingControls: z.array(z.string().max(64)).max(20),
  /** Enforced policies that applied, with their result. */
  policies: z.array(z.strictObject({ policyId: id, displayName: z.string().max(256), result: z.string().max(32) })).max(500),
  /** Report-only policies that would have done something. */
  reportOnly: z.array(z.strictObject({ policyId: id, displayName: z.string().max(256), result: z.string().max(32) })).max(500),
  deviceCompliant: z.boolean().nullable(),
  snapshotVersion: z.string().max(96),
});
export type GatewaySignIn = z.infer<typeof gatewaySignInSchema>;

export const gatewaySignInBatchSchema = z.strictObject({
  gatewayId: z.string().min(1).max(128),
  signIns: z.array(gatewaySignInSchema).min(1).max(1_000),
  /** Decisions the gateway could not queue (control plane away too long): counted, never silently lost. */
  dropped: z.number().int().min(0).max(1_000_000_000).default(0),
});
export type GatewaySignInBatch = z.infer<typeof gatewaySignInBatchSchema>;
