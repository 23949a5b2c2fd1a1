import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AdminShell } from './admin-shell';
import { AdminSignInPage } from './admin-sign-in-page';
import { FIRST_PAGES } from './first-page';
import { NotFoundPage } from './not-found-page';

/**
 * A page in its own chunk that renders at once, without suspending, once its module has loaded.
 * React 19 holds back the content of a Suspense boundary until 300 ms after its fallback was shown
 * (so that successive reveals do not flicker): a first page that suspended once on a chunk that was
 * already on its way lost those 300 ms (issue 15, first load under 1 s). boot() waits for the first
 * page's module (started by the entry script, see first-page.ts), so its first render never
 * suspends, then loads the other pages' modules when the browser is idle (preloadAdminPages), so
 * that moving to another page (a transition: the current page stays until the next is ready) does
 * not wait for a download.
 */
function lazyPage(load: () => Promise<{ default: ComponentType }>): ComponentType & { preload: () => Promise<void> } {
  let loaded: ComponentType | null = null;
  const preload = () => load().then((m) => { loaded = m.default; });
  const Suspending = lazy(() => load().then((m) => { loaded = m.default; return m; }));
  function LazyPage() {
    const Loaded = loaded ?? Suspending;
    return <Loaded />;
  }
  return Object.assign(LazyPage, { preload });
}

// Each area is its own chunk: the first page loads the shell and its own page only (the entry script
// has already started the dashboard's or the device list's, see first-page.ts).
const DashboardPage = lazyPage(FIRST_PAGES.dashboard.load);
const DeviceListPage = lazyPage(FIRST_PAGES.devices.load);

/** Wait for the first page's module when the browser opened one of the first pages (see boot()). */
export async function preloadFirstPage(pathname: string): Promise<void> {
  if (pathname === FIRST_PAGES.dashboard.path) await DashboardPage.preload();
  else if (pathname === FIRST_PAGES.devices.path) await DeviceListPage.preload();
}
const DeviceDetailPage = lazyPage(() => import('../features/devices/device-detail-page'));
const FailingSettingPage = lazyPage(() => import('../features/dashboard/failing-setting-page'));
const EnrollmentPage = lazyPage(() => import('../features/enrollment/enrollment-page'));
const UsersPage = lazyPage(() => import('../features/directory/users-page'));
const GroupsPage = lazyPage(() => import('../features/directory/groups-page'));
const GroupDetailPage = lazyPage(() => import('../features/directory/group-detail-page'));
const CompliancePoliciesPage = lazyPage(() => import('../features/compliance/compliance-policies-page'));
const CompliancePolicyPage = lazyPage(() => import('../features/compliance/compliance-policy-page'));
const ComplianceNewPage = lazyPage(() => import('../features/compliance/compliance-new-page'));
const ComplianceImportPage = lazyPage(() => import('../features/compliance/compliance-import-page'));
const ComplianceSettingsPage = lazyPage(() => import('../features/compliance/compliance-settings-page'));
const MessageTemplatesPage = lazyPage(() => import('../features/compliance/message-templates-page'));
const AccessPage = lazyPage(() => import('../features/access/access-page'));
const AccessPolicyPage = lazyPage(() => import('../features/access/access-policy-page'));
const AuditPage = lazyPage(() => import('../features/audit/audit-page'));
const PortalPage = lazyPage(() => import('../portal/portal-page'));

const ADMIN_PAGES = [
  DashboardPage, DeviceListPage, DeviceDetailPage, FailingSettingPage, EnrollmentPage, UsersPage, GroupsPage, GroupDetailPage,
  CompliancePoliciesPage, CompliancePolicyPage, ComplianceNewPage, ComplianceImportPage, ComplianceSettingsPage, MessageTemplatesPage,
  AccessPage, AccessPolicyPage, AuditPage,
];

/** Load the admin pages' modules once the browser is idle (after the first page is on screen). */
export function preloadAdminPages(): void {
  // A chunk that fails here is loaded (and its failure shown) when its page is opened.
  const run = () => { for (const page of ADMIN_PAGES) void page.preload().catch(() => undefined); };
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(run, { timeout: 3_000 });
  else setTimeout(run, 1_000);
}

function Loading() {
  return <Center p="xl"><Loader aria-label="Loading the page" /></Center>;
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** Old links to the template-string portal's paths land on the new portal. */
function PortalRedirect() {
  const location = useLocation();
  return <Navigate to={{ pathname: '/portal', search: location.search }} replace />;
}

/** Every page of the console and the portal. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<AdminSignInPage />} />
      <Route path="/portal" element={<Lazy><PortalPage /></Lazy>} />
      <Route path="/portal/*" element={<PortalRedirect />} />
      <Route element={<AdminShell />}>
        <Route index element={<Lazy><DashboardPage /></Lazy>} />
        <Route path="devices" element={<Lazy><DeviceListPage /></Lazy>} />
        <Route path="devices/:id" element={<Lazy><DeviceDetailPage /></Lazy>} />
        <Route path="reports/failing-setting" element={<Lazy><FailingSettingPage /></Lazy>} />
        <Route path="enrollment" element={<Lazy><EnrollmentPage /></Lazy>} />
        <Route path="users" element={<Lazy><UsersPage /></Lazy>} />
        <Route path="groups" element={<Lazy><GroupsPage /></Lazy>} />
        <Route path="groups/:id" element={<Lazy><GroupDetailPage /></Lazy>} />
        <Route path="compliance" element={<Lazy><CompliancePoliciesPage /></Lazy>} />
        <Route path="compliance/new" element={<Lazy><ComplianceNewPage /></Lazy>} />
        <Route path="compliance/import" element={<Lazy><ComplianceImportPage /></Lazy>} />
        <Route path="compliance/settings" element={<Lazy><ComplianceSettingsPage /></Lazy>} />
        <Route path="compliance/templates" element={<Lazy><MessageTemplatesPage /></Lazy>} />
        <Route path="compliance/:id" element={<Lazy><CompliancePolicyPage /></Lazy>} />
        <Route path="conditional-access" element={<Navigate to="/conditional-access/policies" replace />} />
        <Route path="conditional-access/policies/:id" element={<Lazy><AccessPolicyPage /></Lazy>} />
        <Route path="conditional-access/:tab" element={<Lazy><AccessPage /></Lazy>} />
        <Route path="audit" element={<Lazy><AuditPage /></Lazy>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
