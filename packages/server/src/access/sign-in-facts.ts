import { VerityError, type SignInContext, type SignInPlatform } from '@verity/core';
import type { Device, User } from '@verity/store';
import type { ServerContext } from '../context.js';
import { deviceRuleAttributes, userRuleAttributes } from '../groups/rule-attributes.js';
import { directoryRoleIds } from './directory-roles.js';
import type { SignInRequest } from './access-schemas.js';

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
    if (!device) throw new VerityError('VERITY_DEVICE_NOT_FOUND', `No device ${req.deviceId} in this tenant.`, { status: 404, details: [{ path: '$.deviceId', message: 'no such device' }] });
  }
  const [groupIds, assignments] = await Promise.all([ctx.store.groups.groupsOfMember(tenantId, user.id), ctx.store.roles.list(tenantId, { userId: user.id, limit: 500 })]);
  const roleIds = directoryRoleIds(assignments.map((a) => a.role));
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
    device: device
      ? {
          id: device.id,
          // A revoked or retired device is never compliant, whatever its last evaluation said.
          isCompliant: device.complianceState === 'compliant' && device.status === 'active',
          // The same trust type the device filters see (rule-attributes.ts): corporate join = ServerAD.
          trustType: device.joinType === 'joined' ? 'ServerAD' : 'Workplace',
          attributes: deviceRuleAttributes(device),
        }
      : null,
    signInRisk: req.signInRisk,
    userRisk: req.userRisk,
    satisfied: req.satisfied,
  };
  return { signIn, user, device, groupIds, roleIds };
}
