import { z } from 'zod';
import { VerityError } from '../errors/verity-error.js';
import type { RuleValue } from '../rules/rule-types.js';
import type { AuthenticationStrength } from './authentication-strength.js';
import type { DeviceRefusal } from './device-for-access.js';
import { parseIp } from './ip-range.js';
import { zodIssuesToDetails } from './json-path.js';

export type RiskLevel = 'none' | 'low' | 'medium' | 'high';
export type SignInPlatform = 'android' | 'iOS' | 'windows' | 'macOS' | 'linux' | 'windowsPhone';
export type ClientAppType = 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'other';
export type UserAction = 'urn:user:registersecurityinfo' | 'urn:user:registerdevice';
/** Graph `conditionalAccessGuestOrExternalUserTypes` members. */
export type ExternalUserType = 'internalGuest' | 'b2bCollaborationGuest' | 'b2bCollaborationMember' | 'b2bDirectConnectUser' | 'otherExternalUser' | 'serviceProvider';

/**
 * The facts of one sign-in, fetched by the caller (gateway, server, what-if). The engine
 * never looks anything up: group and role membership are already resolved (transitively).
 */
export interface SignInContext {
  user: {
    id: string;
    groupIds: ReadonlySet<string>;
    roleIds: ReadonlySet<string>;
    userType: 'member' | 'guest';
    /** For guests and external users when known; unknown types match inclusions and never exclusions (fail closed). */
    externalUserType?: ExternalUserType;
    homeTenantId?: string;
    attributes?: Readonly<Record<string, RuleValue | undefined>>;
  };
  appId: string | null;
  userAction?: UserAction;
  clientAppType: ClientAppType;
  platform: SignInPlatform | null;
  ip: string | null;
  /**
   * The sign-in's country (ISO 3166-1 alpha-2), resolved by the caller from the IP (the engine
   * does no I/O): null when the lookup places the address in no country (only
   * `includeUnknownCountriesAndRegions` matches it); absent when it cannot be known (no table or
   * no IP: country locations are then unknown, fail closed).
   */
  country?: string | null;
  device: null | {
    id: string;
    isCompliant: boolean;
    /** Entra trust types: AzureAD (Entra joined), ServerAD (Verity corporate-joined / hybrid), Workplace (registered). */
    trustType: 'AzureAD' | 'ServerAD' | 'Workplace' | null;
    /** Device filter properties (`operatingSystem`, `model`, `extensionAttribute1`, ...). */
    attributes: Readonly<Record<string, RuleValue | undefined>>;
  };
  /**
   * The sign-in named a device that is revoked, retired or deleted (`deviceForAccess` decides):
   * `device` is then null, the decision says why, and device filters also see its last known
   * properties, so a policy that targeted it still applies.
   */
  deviceRefusal?: DeviceRefusal | null;
  signInRisk: RiskLevel;
  userRisk: RiskLevel;
  /** What the sign-in has already proven. */
  satisfied: {
    mfa: boolean;
    authenticationStrength: AuthenticationStrength | null;
    passwordChanged: boolean;
    approvedApplication: boolean;
    compliantApplication: boolean;
  };
}

const id = z.string().min(1).max(256);
const risk = z.enum(['none', 'low', 'medium', 'high']);
const attrValue = z.union([z.string().max(1024), z.number(), z.boolean(), z.null(), z.array(z.string().max(1024)).max(256)]);
const attributes = z.record(z.string().min(1).max(64), attrValue).refine((r) => Object.keys(r).length <= 128, 'at most 128 attributes');

/** Wire shape of a what-if request (JSON: sets are arrays). */
export const whatIfRequestSchema = z.strictObject({
  user: z.strictObject({
    id,
    groupIds: z.array(id).max(10_000).default([]),
    roleIds: z.array(id).max(500).default([]),
    userType: z.enum(['member', 'guest']).default('member'),
    externalUserType: z.enum(['internalGuest', 'b2bCollaborationGuest', 'b2bCollaborationMember', 'b2bDirectConnectUser', 'otherExternalUser', 'serviceProvider']).optional(),
    homeTenantId: id.optional(),
    attributes: attributes.optional(),
  }),
  appId: id.nullable().default(null),
  userAction: z.enum(['urn:user:registersecurityinfo', 'urn:user:registerdevice']).optional(),
  clientAppType: z.enum(['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other']).default('browser'),
  platform: z.enum(['android', 'iOS', 'windows', 'macOS', 'linux', 'windowsPhone']).nullable().default(null),
  ip: z
    .string()
    .max(64)
    .refine((ip) => parseIp(ip) !== null, 'expected an IPv4 or IPv6 address')
    .nullable()
    .default(null),
  country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code').nullable().optional(),
  device: z
    .strictObject({
      id,
      isCompliant: z.boolean().default(false),
      trustType: z.enum(['AzureAD', 'ServerAD', 'Workplace']).nullable().default(null),
      attributes: attributes.default({}),
    })
    .nullable()
    .default(null),
  signInRisk: risk.default('none'),
  userRisk: risk.default('none'),
  satisfied: z
    .strictObject({
      mfa: z.boolean().default(false),
      authenticationStrength: z.enum(['mfa', 'passwordless', 'phishingResistant']).nullable().default(null),
      passwordChanged: z.boolean().default(false),
      approvedApplication: z.boolean().default(false),
      compliantApplication: z.boolean().default(false),
    })
    .default({ mfa: false, authenticationStrength: null, passwordChanged: false, approvedApplication: false, compliantApplication: false }),
});

/** Validate a what-if request; throws VERITY_ACCESS_WHAT_IF_INVALID (400) naming the JSON paths. */
export function parseWhatIfRequest(json: unknown): SignInContext {
  const parsed = whatIfRequestSchema.safeParse(json);
  if (!parsed.success)
    throw new VerityError('VERITY_ACCESS_WHAT_IF_INVALID', 'The what-if sign-in is not valid.', { status: 400, details: zodIssuesToDetails(parsed.error.issues) });
  const d = parsed.data;
  const { groupIds, roleIds, ...user } = d.user;
  const { userAction, country, ...rest } = d;
  return {
    ...rest,
    ...(userAction ? { userAction } : {}),
    ...(country !== undefined ? { country } : {}),
    user: { ...user, groupIds: new Set(groupIds), roleIds: new Set(roleIds) },
  };
}
