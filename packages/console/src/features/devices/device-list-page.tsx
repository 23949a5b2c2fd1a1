import { useEffect, useMemo, useState } from 'react';
import { Anchor, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { Link, useSearchParams } from 'react-router';
import type { paths } from '../../api/schema';
import { DataTable } from '../../ui/data-table';
import { ago, complianceLabel, ownershipLabel, platformLabel, statusLabel } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { StateBadge } from '../../ui/state-badge';
import { COMPLIANCE_STATES, OWNERSHIPS, PAGE_SIZE, PLATFORMS, SORT_KEYS, STATUSES, deviceListQuery, deviceQueryFrom, withFilter, withSort } from './device-query';

type Device = paths['/api/v1/devices']['get']['responses'][200]['content']['application/json']['items'][number];
const col = createColumnHelper<Device>();
const columns = [
  col.accessor('displayName', { id: 'displayName', header: 'Name', cell: (c) => <Anchor component={Link} to={`/devices/${c.row.original.id}`}>{c.getValue()}</Anchor> }),
  col.accessor('platform', { id: 'platform', header: 'Platform', cell: (c) => platformLabel(c.getValue()) }),
  col.accessor('osVersion', { id: 'osVersion', header: 'OS version', cell: (c) => [c.row.original.osName, c.getValue()].filter(Boolean).join(' ') || '—' }),
  col.accessor('ownership', { header: 'Ownership', enableSorting: false, cell: (c) => ownershipLabel(c.getValue()) }),
  col.accessor('complianceState', { header: 'Compliance', enableSorting: false, cell: (c) => <StateBadge state={c.getValue()} /> }),
  col.accessor('status', { header: 'Status', enableSorting: false, cell: (c) => (c.getValue() === 'active' ? 'Active' : <StateBadge state={c.getValue()} label={statusLabel(c.getValue())} />) }),
  col.accessor('lastCheckinAt', { id: 'lastCheckinAt', header: 'Last check-in', cell: (c) => ago(c.getValue()) }),
  col.accessor('enrolledAt', { id: 'enrolledAt', header: 'Enrolled', cell: (c) => ago(c.getValue()) }),
];

const options = <T extends string>(values: readonly T[], label: (v: string) => string) => values.map((v) => ({ value: v, label: label(v) }));

/** The device inventory: server-side filter, sort, search and keyset paging (100,000 devices never reach the browser). */
export default function DeviceListPage() {
  const [params, setParams] = useSearchParams();
  // Keyset paging: the cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<string[]>([]);
  const [search, setSearch] = useState(params.get('search') ?? '');
  const [debounced] = useDebouncedValue(search, 300);
  const filterKey = params.toString();
  useEffect(() => setCursors([]), [filterKey]);
  useEffect(() => {
    if ((params.get('search') ?? '') !== debounced) setParams(withFilter(params, 'search', debounced), { replace: true });
  }, [debounced, params, setParams]);
  const cursor = cursors.at(-1);
  const query = useMemo(() => deviceQueryFrom(params, cursor), [params, cursor]);
  const list = useQuery({ ...deviceListQuery(query), placeholderData: keepPreviousData });
  const sorting: SortingState = [{ id: query.sort ?? 'displayName', desc: query.order === 'desc' }];
  const set = (name: string) => (value: string | null) => setParams(withFilter(params, name, value));
  const checkinFilter = params.get('lastCheckinAfter') || params.get('lastCheckinBefore');
  const page = cursors.length + 1;

  return (
    <Page title="Devices">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput label="Search" placeholder="Name, host name or serial number" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={260} />
        <Select label="Platform" clearable data={options(PLATFORMS, platformLabel)} value={query.platform ?? null} onChange={set('platform')} w={140} />
        <Select label="Ownership" clearable data={options(OWNERSHIPS, ownershipLabel)} value={query.ownership ?? null} onChange={set('ownership')} w={140} />
        <Select label="Compliance" clearable data={options(COMPLIANCE_STATES, complianceLabel)} value={query.complianceState ?? null} onChange={set('complianceState')} w={170} />
        <Select label="Status" clearable data={options(STATUSES, statusLabel)} value={query.status ?? null} onChange={set('status')} w={130} />
        {checkinFilter ? (
          <Button variant="light" onClick={() => setParams(withFilter(withFilter(params, 'lastCheckinAfter', null), 'lastCheckinBefore', null))}>
            Clear the check-in time filter
          </Button>
        ) : null}
      </Group>
      {list.error ? <ProblemAlert error={list.error} /> : null}
      <Text size="sm" c="dimmed" aria-live="polite">
        {list.data ? `${list.data.total.toLocaleString()} devices match · page ${page} of ${Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)).toLocaleString()}` : 'Loading…'}
      </Text>
      <DataTable label="Devices" data={list.data?.items ?? []} columns={columns} loading={list.isFetching && !list.data} rowId={(d) => d.id} empty="No device matches these filters."
        sorting={sorting}
        onSortingChange={(updater) => {
          const next = typeof updater === 'function' ? updater(sorting) : updater;
          const first = next[0];
          if (first && (SORT_KEYS as readonly string[]).includes(first.id)) setParams(withSort(params, first.id as (typeof SORT_KEYS)[number], first.desc));
        }} />
      <Group justify="flex-end">
        <Button variant="default" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous page</Button>
        <Button variant="default" disabled={!list.data?.nextCursor} onClick={() => { const next = list.data?.nextCursor; if (next) setCursors((c) => [...c, next]); }}>Next page</Button>
      </Group>
    </Page>
  );
}
