// The first page's code and data, started by the entry script before the app's own code has loaded:
// opening the console at / or /devices would otherwise wait for React and Mantine to download and
// run, then for the session, then for the page's chunk, and only then ask for its data (a
// waterfall of four steps; issue 15's first load under 1 s). Data is asked for only once the
// session says who is signed in, so that nobody signed in sees no failed request.
import type { QueryClient } from '@tanstack/react-query';
import { can, sessionQuery, type Session } from '../auth/session-query';
import { DEFAULT_RANGE, dashboardQueries } from '../features/dashboard/dashboard-queries';
import { deviceListQuery, deviceQueryFrom } from '../features/devices/device-query';

/** The pages worth starting early: their chunk (the router lazy-loads the same module) and their data. */
export const FIRST_PAGES = {
  dashboard: {
    path: '/',
    load: () => import('../features/dashboard/dashboard-page'),
    prefetch: async (client: QueryClient, session: Session) => {
      if (!can(session, 'devices.read')) return;
      await Promise.all([
        client.prefetchQuery(dashboardQueries.devices()), client.prefetchQuery(dashboardQueries.failing()),
        client.prefetchQuery(dashboardQueries.checkins(DEFAULT_RANGE)), client.prefetchQuery(dashboardQueries.actions()),
        can(session, 'signins.read') ? client.prefetchQuery(dashboardQueries.signIns(DEFAULT_RANGE)) : undefined,
      ]);
    },
  },
  devices: {
    path: '/devices',
    load: () => import('../features/devices/device-list-page'),
    prefetch: async (client: QueryClient, session: Session) => {
      if (can(session, 'devices.read')) await client.prefetchQuery(deviceListQuery(deviceQueryFrom(new URLSearchParams(window.location.search))));
    },
  },
} as const;

/** Start the session check, the page's chunk and (once signed in) its data for the URL the browser opened. */
export function startFirstPage(client: QueryClient, pathname: string): void {
  const page = Object.values(FIRST_PAGES).find((p) => p.path === pathname);
  const session = client.fetchQuery(sessionQuery).catch(() => null); // the shell shows a failed check
  if (!page) return;
  void page.load();
  void session.then((s) => (s ? page.prefetch(client, s) : undefined));
}
