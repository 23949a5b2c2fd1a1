import { z } from 'zod';
import { AUTHENTICATION_METHODS, parseIp } from '@verity/core';
import { idSchema, isoDate, limitQuery } from '../shared/wire.js';

/** Wire shapes of the conditional access API. Every string and array is bounded here, at the edge. */

const risk = z.enum(['none', 'low', 'medium', 'high']);
const appId = z.string().min(1).max(256);

/** Controls the sign-in has already proven (password only when absent). */
export const satisfiedControlsSchema = z.strictObject({
  mfa: z.boolean().default(false),
  authenticationStrength: z.enum(['mfa', 'passwordless', 'phishingResistant']).nullable().default(null),
  passwordChanged: z.boolean().default(false),
  approvedApplication: z.boolean().default(false),
  compliantApplication: z.boolean().default(false),
});

/**
 * A sign-in to decide (decide API) or to imagine (what-if): the server resolves the user's
 * groups and roles and the device's compliance and filter attributes from the store.
 */
export const signInRequestSchema = z.strictObject({
  /** User id or user principal name. */
  user: z.string().trim().min(1).max(256),
  appId: appId.nullable().default(null),
  userAction: z.enum(['urn:user:registersecurityinfo', 'urn:user:registerdevice']).optional(),
  deviceId: idSchema.nullable().default(null),
  ip: z.string().max(64).refine((ip) => parseIp(ip) !== null, 'expected an IPv4 or IPv6 address').nullable().default(null),
  /** The sign-in's country (ISO 3166-1 alpha-2); by default the server looks the IP up in its IP-to-country table. */
  country: z.string().regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 code').transform((c) => c.toUpperCase()).optional(),
  clientAppType: z.enum(['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other']).default('browser'),
  /** Defaults to the device's platform when a device is given. */
  platform: z.enum(['android', 'iOS', 'windows', 'macOS', 'linux', 'windowsPhone']).nullable().optional(),
  signInRisk: risk.default('none'),
  userRisk: risk.default('none'),
  satisfied: satisfiedControlsSchema.default({ mfa: false, authenticationStrength: null, passwordChanged: false, approvedApplication: false, compliantApplication: false }),
  /** The methods the sign-in used (`password`, `totp`, `passkey`...): MFA and the authentication strength they meet are added to `satisfied`. */
  authenticationMethods: z.array(z.enum(AUTHENTICATION_METHODS)).max(12).optional(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** Sign-in log filters; `from` inclusive, `to` exclusive. */
export const signInQuerySchema = z.strictObject({
  userId: idSchema.optional(),
  deviceId: idSchema.optional(),
  appId: appId.optional(),
  result: z.enum(['grant', 'block', 'controlsRequired', 'failure']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().max(1024).optional(),
  limit: limitQuery,
});

/** `?breakGlass=id1,id2`: the emergency access accounts the analysis must never lock out. */
export const analysisQuerySchema = z.strictObject({
  breakGlass: z
    .string()
    .max(2000)
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0))
    .pipe(z.array(idSchema).max(20)),
});
