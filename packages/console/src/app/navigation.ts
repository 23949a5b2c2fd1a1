import type { Permission } from '../auth/session';

/** One entry of the console's navigation, shown when the role can read what it leads to. */
export interface NavItem { label: string; to: string; permission: Permission }

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Dashboard', to: '/', permission: 'devices.read' },
  { label: 'Devices', to: '/devices', permission: 'devices.read' },
  { label: 'Enrollment', to: '/enrollment', permission: 'enrollment.read' },
  { label: 'Users', to: '/users', permission: 'users.read' },
  { label: 'Groups', to: '/groups', permission: 'groups.read' },
  { label: 'Compliance', to: '/compliance', permission: 'policies.read' },
  { label: 'Conditional access', to: '/conditional-access/policies', permission: 'policies.read' },
  { label: 'Audit log', to: '/audit', permission: 'audit.read' },
];

/** Whether a nav item is the current page's section (the dashboard only on "/"). */
export function isActive(item: NavItem, pathname: string): boolean {
  if (item.to === '/') return pathname === '/';
  const section = item.to.split('/')[1] ?? '';
  return pathname === item.to || pathname.startsWith(`/${section}/`) || pathname === `/${section}`;
}
