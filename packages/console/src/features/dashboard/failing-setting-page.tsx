import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { DataTable } from '../../ui/data-table';
import { ago, platformLabel } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { StateBadge } from '../../ui/state-badge';

type Row = { id: string; displayName: string; platform: string; complianceState: string; lastCheckinAt: string | null };
const col = createColumnHelper<Row>();
const columns = [
  col.accessor('displayName', { header: 'Device', cell: (c) => <Anchor component={Link} to={`/devices/${c.row.original.id}`}>{c.getValue()}</Anchor> }),
  col.accessor('platform', { header: 'Platform', cell: (c) => platformLabel(c.getValue()) }),
  col.accessor('complianceState', { header: 'Compliance', cell: (c) => <StateBadge state={c.getValue()} /> }),
  col.accessor('lastCheckinAt', { header: 'Last check-in', cell: (c) => ago(c.getValue()) }),
];

/** The devices behind one bar of the dashboard's "failing settings" chart. */
export default function FailingSettingPage() {
  const [params] = useSearchParams();
  const setting = params.get('setting') ?? '';
  const list = useQuery({
    queryKey: ['reports', 'failing-devices', setting], enabled: setting !== '',
    queryFn: () => unwrap(api.GET('/api/v1/reports/noncompliant-settings/devices', { params: { query: { setting, limit: 500 } } })),
  });
  return (
    <Page title={`Devices failing ${setting || 'a setting'}`}>
      <Text size="sm" c="dimmed">Active devices whose latest evaluation fails this setting{params.get('code') ? ` (${params.get('code')})` : ''}, by name; at most 500.</Text>
      {list.error ? <ProblemAlert error={list.error} /> : null}
      <DataTable label="Devices failing the setting" data={list.data?.items ?? []} columns={columns} loading={list.isPending && setting !== ''} rowId={(r) => r.id} empty="No device fails this setting now." />
    </Page>
  );
}
