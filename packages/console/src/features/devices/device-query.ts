// The device list's filters live in the URL (shareable, and what the dashboard links to). This module
// turns URL search parameters into the API's query, keeping only values the API accepts (pure, unit-tested), and names the list's query.
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';

export type DeviceQuery = NonNullable<paths['/api/v1/devices']['get']['parameters']['query']>;
type SortKey = NonNullable<DeviceQuery['sort']>;

export const PLATFORMS = ['windows', 'macos', 'linux', 'ios', 'android', 'iot'] as const;
export const OWNERSHIPS = ['corporate', 'personal'] as const;
export const STATUSES = ['active', 'revoked', 'retired'] as const;
export const COMPLIANCE_STATES = ['compliant', 'noncompliant', 'inGracePeriod', 'unknown', 'notEvaluated', 'error', 'conflict'] as const;
export const SORT_KEYS = ['displayName', 'lastCheckinAt', 'enrolledAt', 'osVersion', 'platform'] as const;
export const PAGE_SIZE = 50;

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined => (v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined);
const isoOrUndefined = (v: string | null) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);

/** The API query for the list's URL parameters (unknown or malformed values are dropped, not sent). */
export function deviceQueryFrom(params: URLSearchParams, cursor?: string): DeviceQuery {
  const q: DeviceQuery = { limit: PAGE_SIZE, sort: oneOf(SORT_KEYS, params.get('sort')) ?? 'displayName', order: params.get('order') === 'desc' ? 'desc' : 'asc' };
  const platform = oneOf(PLATFORMS, params.get('platform'));
  const ownership = oneOf(OWNERSHIPS, params.get('ownership'));
  const status = oneOf(STATUSES, params.get('status'));
  const complianceState = oneOf(COMPLIANCE_STATES, params.get('complianceState'));
  const search = params.get('search')?.trim().slice(0, 256);
  const after = isoOrUndefined(params.get('lastCheckinAfter'));
  const before = isoOrUndefined(params.get('lastCheckinBefore'));
  const groupId = params.get('groupId');
  if (platform) q.platform = platform;
  if (ownership) q.ownership = ownership;
  if (status) q.status = status;
  if (complianceState) q.complianceState = complianceState;
  if (search) q.search = search;
  if (after) q.lastCheckinAfter = after;
  if (before) q.lastCheckinBefore = before;
  if (groupId && /^[A-Za-z0-9_.:-]{1,64}$/.test(groupId)) q.groupId = groupId;
  if (cursor) q.cursor = cursor;
  return q;
}

/** The URL parameters with one filter set (or removed, for '' / null); paging restarts. */
export function withFilter(params: URLSearchParams, name: string, value: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === null || value === '') next.delete(name); else next.set(name, value);
  return next;
}

/** The URL parameters for sorting by a column (a second click on the same column flips the order). */
export function withSort(params: URLSearchParams, key: SortKey, desc: boolean): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set('sort', key);
  next.set('order', desc ? 'desc' : 'asc');
  return next;
}

/** The list's query (cache key and fetch), shared by the page and the first-page prefetch. */
export function deviceListQuery(query: DeviceQuery) {
  return { queryKey: ['devices', query], queryFn: () => unwrap(api.GET('/api/v1/devices', { params: { query } })) };
}
