/**
 * Which compliance policies apply to a device (Intune assignment semantics): a policy applies
 * when one of its include targets matches the device or its primary user and none of its
 * exclude targets does (exclude wins), and only to devices of the policy's platform. A device
 * gets the union of the policies assigned to it and to its primary user.
 */
export interface AssignmentTarget {
  readonly policyId: string;
  readonly targetType: 'group' | 'allUsers' | 'allDevices';
  readonly groupId: string | null;
  readonly mode: 'include' | 'exclude';
}

export interface AssignmentSubject {
  readonly platform: string;
  /** Groups the device is in, plus the groups its primary user is in. */
  readonly groupIds: ReadonlySet<string>;
  readonly hasPrimaryUser: boolean;
}

function matches(a: AssignmentTarget, subject: AssignmentSubject): boolean {
  if (a.targetType === 'allDevices') return true;
  // "All users" reaches a device through its primary user; a device nobody owns is not a user's.
  if (a.targetType === 'allUsers') return subject.hasPrimaryUser;
  return a.groupId !== null && subject.groupIds.has(a.groupId);
}

/** Ids of the policies (of the subject's platform) assigned to the subject, in the order of `policies`. */
export function resolveAssignedPolicyIds(
  policies: readonly { id: string; platform: string }[],
  assignments: readonly AssignmentTarget[],
  subject: AssignmentSubject,
): string[] {
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const a of assignments) {
    if (!matches(a, subject)) continue;
    (a.mode === 'exclude' ? excluded : included).add(a.policyId);
  }
  return policies.filter((p) => p.platform === subject.platform && included.has(p.id) && !excluded.has(p.id)).map((p) => p.id);
}

/** Graph assignment target `@odata.type`s and how Verity stores each. */
export const GRAPH_TARGET_TYPES = {
  '#microsoft.graph.groupAssignmentTarget': { targetType: 'group', mode: 'include' },
  '#microsoft.graph.exclusionGroupAssignmentTarget': { targetType: 'group', mode: 'exclude' },
  '#microsoft.graph.allDevicesAssignmentTarget': { targetType: 'allDevices', mode: 'include' },
  '#microsoft.graph.allLicensedUsersAssignmentTarget': { targetType: 'allUsers', mode: 'include' },
} as const;
export type GraphTargetType = keyof typeof GRAPH_TARGET_TYPES;

/** The Graph `@odata.type` of a stored assignment (for GET and export). */
export function graphTargetType(a: Pick<AssignmentTarget, 'targetType' | 'mode'>): GraphTargetType {
  if (a.targetType === 'allDevices') return '#microsoft.graph.allDevicesAssignmentTarget';
  if (a.targetType === 'allUsers') return '#microsoft.graph.allLicensedUsersAssignmentTarget';
  return a.mode === 'exclude' ? '#microsoft.graph.exclusionGroupAssignmentTarget' : '#microsoft.graph.groupAssignmentTarget';
}
