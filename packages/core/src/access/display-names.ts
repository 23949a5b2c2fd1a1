/**
 * Names for the ids a conditional access explanation mentions, supplied by the caller (the
 * engine looks nothing up): explanations and findings read "Alice" and "Finance", the JSON
 * around them keeps the ids. A name the caller does not know falls back to the id.
 */
export interface DisplayNames {
  readonly users?: ReadonlyMap<string, string>;
  readonly groups?: ReadonlyMap<string, string>;
  /** Directory role template ids. */
  readonly roles?: ReadonlyMap<string, string>;
  /** Application ids beyond the well-known ones below (a tenant's own apps). */
  readonly apps?: ReadonlyMap<string, string>;
}

/**
 * Microsoft first-party application ids policies commonly target (Graph `appId`), named as the
 * Entra admin center names them, and Verity's own applications.
 */
export const WELL_KNOWN_APP_NAMES: ReadonlyMap<string, string> = new Map([
  ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'],
  ['00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online'],
  ['00000003-0000-0ff1-ce00-000000000000', 'Office 365 SharePoint Online'],
  ['00000004-0000-0ff1-ce00-000000000000', 'Skype for Business Online'],
  ['cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', 'Microsoft Teams Services'],
  ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', 'Microsoft Teams'],
  ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Azure portal'],
  ['797f4846-ba00-4fd7-ba43-dac1f8f63013', 'Windows Azure Service Management API'],
  ['0000000a-0000-0000-c000-000000000000', 'Microsoft Intune'],
  ['d4ebce55-015a-49b5-a083-c84d1797ae8c', 'Microsoft Intune Enrollment'],
  ['00000006-0000-0ff1-ce00-000000000000', 'Microsoft Office 365 Portal'],
  ['4765445b-32c6-49b0-83e6-1d93765276ca', 'OfficeHome'],
  ['499b84ac-1321-427f-aa17-267ca6975798', 'Azure DevOps'],
  ['verity-portal', 'Verity end-user portal'],
  ['verity-admin', 'Verity admin console'],
]);

/** How many names a list shows before "and N more". */
const LIST_MAX = 5;

/** The name for an id in `map` (or the well-known apps), else the id itself. */
export function displayName(map: ReadonlyMap<string, string> | undefined, id: string, fallback?: ReadonlyMap<string, string>): string {
  return map?.get(id) ?? fallback?.get(id) ?? id;
}

/** An application's name (the caller's, then the well-known ones), else its id. */
export function appDisplayName(names: DisplayNames | undefined, appId: string): string {
  return displayName(names?.apps, appId, WELL_KNOWN_APP_NAMES);
}

/** Names joined with commas, at most a few, then "and N more". */
export function nameList(names: readonly string[]): string {
  if (names.length <= LIST_MAX) return names.join(', ');
  return `${names.slice(0, LIST_MAX).join(', ')} and ${names.length - LIST_MAX} more`;
}
