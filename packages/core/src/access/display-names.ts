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

/**
 * Entra built-in directory roles that policies commonly target (`includeRoles`), by role template
 * id, from learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference.
 */
export const WELL_KNOWN_ROLE_NAMES: ReadonlyMap<string, string> = new Map([
  ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator'],
  ['e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator'],
  ['7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator'],
  ['194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator'],
  ['5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', 'Security Operator'],
  ['5d6b6bb7-de71-4623-b4af-96380a352509', 'Security Reader'],
  ['b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'Conditional Access Administrator'],
  ['3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator'],
  ['29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator'],
  ['f28a1f50-f6e7-4571-818b-6a12f2af6b6c', 'SharePoint Administrator'],
  ['69091246-20e8-4a56-aa4d-066075b2a7a8', 'Teams Administrator'],
  ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator'],
  ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator'],
  ['966707d0-3269-4727-9be2-8c3a10f19b9d', 'Password Administrator'],
  ['c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator'],
  ['0526716b-113d-4c15-b2c8-68e3c22b9f80', 'Authentication Policy Administrator'],
  ['9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator'],
  ['158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator'],
  ['7698a772-787b-4ac8-901f-60d6b08affd2', 'Cloud Device Administrator'],
  ['8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator'],
  ['b0f54661-2d74-4c50-afa3-1ec803f12efe', 'Billing Administrator'],
  ['17315797-102d-40b4-93e0-432062caca18', 'Compliance Administrator'],
  ['11648597-926c-4cf3-9c36-bcebb0ba8dcc', 'Power Platform Administrator'],
  ['f2ef992c-3afb-46b9-b7cf-a126ee74c451', 'Global Reader'],
]);

/** How many names a list shows before "and N more". */
const LIST_MAX = 5;

/** The name for an id in `map` (or the well-known apps), else the id itself. */
export function displayName(map: ReadonlyMap<string, string> | undefined, id: string, fallback?: ReadonlyMap<string, string>): string {
  return map?.get(id) ?? fallback?.get(id) ?? id;
}

/** A directory role's name (the caller's, then Entra's built-in ones), else its template id. */
export function roleDisplayName(names: DisplayNames | undefined, roleId: string): string {
  return displayName(names?.roles, roleId, WELL_KNOWN_ROLE_NAMES);
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
