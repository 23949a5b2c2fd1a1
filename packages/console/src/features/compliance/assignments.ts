// Compliance policy assignments in Graph's shape, as the assign action takes them. Pure, unit-tested.

export const TARGET = {
  allDevices: '#microsoft.graph.allDevicesAssignmentTarget',
  allUsers: '#microsoft.graph.allLicensedUsersAssignmentTarget',
  group: '#microsoft.graph.groupAssignmentTarget',
  exclude: '#microsoft.graph.exclusionGroupAssignmentTarget',
} as const;
type TargetType = (typeof TARGET)[keyof typeof TARGET];

/** What the assignment editor holds. */
export interface AssignmentChoice { allDevices: boolean; allUsers: boolean; includeGroups: string[]; excludeGroups: string[] }
export interface GraphAssignment { id?: string; target: { '@odata.type': string; groupId?: string } }

/** The editor's state from a policy's assignments. */
export function choiceFrom(assignments: readonly GraphAssignment[]): AssignmentChoice {
  const of = (t: string) => assignments.filter((a) => a.target['@odata.type'] === t);
  return {
    allDevices: of(TARGET.allDevices).length > 0, allUsers: of(TARGET.allUsers).length > 0,
    includeGroups: of(TARGET.group).flatMap((a) => (a.target.groupId ? [a.target.groupId] : [])),
    excludeGroups: of(TARGET.exclude).flatMap((a) => (a.target.groupId ? [a.target.groupId] : [])),
  };
}

/** The Graph `assign` body for the editor's state (an empty list unassigns the policy). */
export function assignmentsFrom(choice: AssignmentChoice): { assignments: { target: { '@odata.type': TargetType; groupId?: string } }[] } {
  const assignments: { target: { '@odata.type': TargetType; groupId?: string } }[] = [];
  if (choice.allDevices) assignments.push({ target: { '@odata.type': TARGET.allDevices } });
  if (choice.allUsers) assignments.push({ target: { '@odata.type': TARGET.allUsers } });
  for (const groupId of new Set(choice.includeGroups)) assignments.push({ target: { '@odata.type': TARGET.group, groupId } });
  for (const groupId of new Set(choice.excludeGroups)) assignments.push({ target: { '@odata.type': TARGET.exclude, groupId } });
  return { assignments };
}

/** A sentence for the current assignments ("All devices, except 2 groups"). */
export function describeAssignments(choice: AssignmentChoice): string {
  const parts: string[] = [];
  if (choice.allDevices) parts.push('all devices');
  if (choice.allUsers) parts.push("all users' devices");
  if (choice.includeGroups.length > 0) parts.push(`${choice.includeGroups.length} group${choice.includeGroups.length === 1 ? '' : 's'}`);
  if (parts.length === 0) return 'Not assigned: no device is evaluated against this policy.';
  const text = `Assigned to ${parts.join(', ')}`;
  return choice.excludeGroups.length > 0 ? `${text}, except ${choice.excludeGroups.length} excluded group${choice.excludeGroups.length === 1 ? '' : 's'}.` : `${text}.`;
}
