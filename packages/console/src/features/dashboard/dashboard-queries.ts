// The dashboard's five reports as query options (no React): the page reads them, and the first-page
// prefetch (app/first-page.ts) starts them while the app's code is still loading.
import { api, unwrap } from '../../api/client';

/** The time range of the dashboard's charts over time. */
export type Range = '24h' | '7d' | '30d';
/** The range the dashboard opens with. */
export const DEFAULT_RANGE: Range = '7d';

/** The queries of the dashboard's cards. */
export const dashboardQueries = {
  devices: () => ({ queryKey: ['reports', 'devices'], queryFn: () => unwrap(api.GET('/api/v1/reports/devices')) }),
  failing: () => ({ queryKey: ['reports', 'failing'], queryFn: () => unwrap(api.GET('/api/v1/reports/noncompliant-settings', { params: { query: { limit: 10 } } })) }),
  checkins: (range: Range) => ({ queryKey: ['reports', 'checkins', range], queryFn: () => unwrap(api.GET('/api/v1/reports/checkins', { params: { query: { range } } })) }),
  signIns: (range: Range) => ({ queryKey: ['reports', 'sign-ins', range], queryFn: () => unwrap(api.GET('/api/v1/reports/sign-ins', { params: { query: { range } } })) }),
  actions: () => ({ queryKey: ['reports', 'actions'], queryFn: () => unwrap(api.GET('/api/v1/reports/noncompliance-actions')) }),
};
