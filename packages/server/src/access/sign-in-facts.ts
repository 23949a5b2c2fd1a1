import { VerityError, deviceForAccess, strengthOfMethods, strengthSatisfies, type DeviceRefusal, type SignInContext, type SignInPlatform } from '@verity/core';
import type { Device, User } from '@verity/store';
import type { ServerContext } from '../context.js';
import { userRuleAttributes } from '../groups/rule-attributes.js';
import { directoryRoleIds } from './directory-roles.js';
import type { SignInRequest } from './access-schemas.js';
import { countryLookup } from './country-lookup.js';

/** Verity device platforms as conditional access platforms (Graph `conditionalAccessDevicePlatform`). */
const PLATFORM: Record<string, SignInPlatform> = { windows: 'windows', macos: 'macOS', linux: 'linux', ios: 'iOS', android: 'android' };

/** The conditional access platform of a Verity device platform (null when it has none, e.g. IoT). */
export function conditionalAccessPlatform(platform: string): SignInPlatform | null {
  return PLATFORM[platform] ?? null;
}

/** The sign-in the engine sees, and the store records it was built from (for the what-if answer and the log). */
export interface ResolvedSignIn {
  readonly signIn: SignInContext;
  readonly user: User;
  readonly device: Device | null;
  readonly groupIds: readonly string[];
  readonly roleIds: readonly string[];
}

/** What the methods used prove, added to what the caller says was satisfied (the stronger strength wins). */
function withMethods(satisfied: SignInRequest['satisfied'], methods: SignInRequest['authenticationMethods']): SignInRequest['satisfied'] {
  if (!methods || methods.length === 0) return satisfied;
  const strength = strengthOfMethods(methods);
  if (strength === null) return satisfied;
  const stronger = satisfied.authenticationStrength !== null && strengthSatisfies(satisfied.authenticationStrength, strength) ? satisfied.authenticationStrength : strength;
  return { ...satisfied, mfa: true, authenticationStrength: stronger };
}

/** A user by id or by user principal name; 404 naming `$.user` otherwise (another tenant's user included). */
async function findUser(ctx: ServerContext, tenantId: string, ref: string): Promise<User> {
  const user = ref.includes('@') ? await ctx.store.users.findByUpn(tenantId, ref) : await ctx.store.users.get(tenantId, ref);
  if (!user) throw new VerityError('VERITY_USER_NOT_FOUND', `No user ${ref} in this tenant.`, { status: 404, details: [{ path: '$.user', message: 'no such user id or user principal name' }] });
  return user;
}

/**
 * Fetch the facts of a sign-in from the store so the pure engine can decide: the user's groups
 * and directory roles (admin role assignments as Entra role template ids) and the device's
 * compliance, trust type and filter attributes. The engine never looks anything up itself.
 */
export async function resolveSignIn(ctx: ServerContext, tenantId: string, req: SignInRequest): Promise<ResolvedSignIn> {
  const user = await findUser(ctx, tenantId, req.user);
  let device: Device | null = null;
  if (req.deviceId !== null) {
    device = (await ctx.store.devices.get(tenantId, req.deviceId)) ?? null;
    // Deleted or never enrolled: nothing to decide on, and the caller should know (a 404, not a silent "unregistered").
    if (!device) throw new VerityError('VERITY_DEVICE_NOT_FOUND', `No device ${req.deviceId} in this tenant (deleted or never enrolled); omit deviceId for a sign-in without a device.`, { status: 404, details: [{ path: '$.deviceId', message: 'no such device' }] });
  }
  // The one rule (core's deviceForAccess): a revoked or retired device is no device, with the reason.
  const seen = device ? deviceForAccess(device.id, device) : { device: null, deviceRefusal: null };
  const [groupIds, assignments] = await Promise.all([ctx.store.groups.groupsOfMember(tenantId, user.id), ctx.store.roles.list(tenantId, { userId: user.id, limit: 500 })]);
  const roleIds = directoryRoleIds(assignments.map((a) => a.role));
  // The country is I/O (a table lookup), so it is resolved here and handed to the pure engine; a given country wins (what-if).
  const lookup = countryLookup(ctx);
  const country = req.country !== undefined ? req.country : req.ip !== null && lookup.available ? lookup.countryOf(req.ip) : undefined;
  const signIn: SignInContext = {
    user: {
      id: user.id,
      groupIds: new Set(groupIds),
      roleIds: new Set(roleIds),
      userType: user.userType === 'guest' ? 'guest' : 'member',
      attributes: userRuleAttributes(user),
    },
    appId: req.appId,
    ...(req.userAction ? { userAction: req.userAction } : {}),
    clientAppType: req.clientAppType,
    platform: req.platform !== undefined ? req.platform : device ? (PLATFORM[device.platform] ?? null) : null,
    ip: req.ip,
    ...(country !== undefined ? { country } : {}),
    device: seen.device,
    deviceRefusal: seen.deviceRefusal,
    signInRisk: req.signInRisk,
    userRisk: req.userRisk,
    satisfied: withMethods(req.satisfied, req.authenticationMethods),
  };
  return { signIn, user, device, groupIds, roleIds };
}

/** A device refusal as answers and the sign-in log show it (without the device's last known properties). */
export function refusalSummary(r: DeviceRefusal | null | undefined): { deviceId: string; reason: string; message: string } | null {
  return r ? { deviceId: r.deviceId, reason: r.reason, message: r.message } : null;
}
