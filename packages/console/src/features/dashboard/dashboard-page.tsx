import { useState } from 'react';
import { Alert, Anchor, SegmentedControl, SimpleGrid, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { actionTypeLabel, complianceLabel, ownershipLabel, platformLabel, signInResultLabel } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ChartCard, type ChartLink } from './chart-card';
import { bucketTick, devicesLink, lastCheckinLink, signInsLink } from './dashboard-links';

type Range = '24h' | '7d' | '30d';
// The size a chart draws at before its container is measured (saves a second render on first load).
const CHART_SIZE = { width: 520, height: 200 };
const COLORS = { primary: '#4c6ef5', grant: '#2b8a3e', block: '#c92a2a', controls: '#e67700', revoked: '#c92a2a', retired: '#868e96' };

function CountBars({ data, onSelect, vertical }: { data: readonly ChartLink[]; onSelect: (to: string) => void; vertical?: boolean }) {
  const rows = data.map((d) => ({ name: d.label, count: d.count, to: d.to }));
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={CHART_SIZE}>
      <BarChart data={rows} layout={vertical ? 'vertical' : 'horizontal'} margin={{ left: 8, right: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" />
        {vertical ? <XAxis type="number" allowDecimals={false} /> : <XAxis dataKey="name" />}
        {vertical ? <YAxis type="category" dataKey="name" width={190} tick={{ fontSize: 11 }} /> : <YAxis allowDecimals={false} />}
        <Tooltip />
        <Bar dataKey="count" name="Devices" fill={COLORS.primary} cursor="pointer" onClick={(entry: { payload?: { to?: string } }) => { if (entry.payload?.to) onSelect(entry.payload.to); }} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The dashboard: what the fleet looks like, what fails, who signs in; each number links to the list behind it. */
export default function DashboardPage() {
  const navigate = useNavigate();
  const session = useSession();
  const [range, setRange] = useState<Range>('7d');
  const devices = useQuery({ queryKey: ['reports', 'devices'], queryFn: () => unwrap(api.GET('/api/v1/reports/devices')) });
  const failing = useQuery({ queryKey: ['reports', 'failing'], queryFn: () => unwrap(api.GET('/api/v1/reports/noncompliant-settings', { params: { query: { limit: 10 } } })) });
  const checkins = useQuery({ queryKey: ['reports', 'checkins', range], queryFn: () => unwrap(api.GET('/api/v1/reports/checkins', { params: { query: { range } } })) });
  const canSignIns = can(session.data, 'signins.read');
  const signIns = useQuery({ queryKey: ['reports', 'sign-ins', range], enabled: canSignIns, queryFn: () => unwrap(api.GET('/api/v1/reports/sign-ins', { params: { query: { range } } })) });
  const actions = useQuery({ queryKey: ['reports', 'actions'], queryFn: () => unwrap(api.GET('/api/v1/reports/noncompliance-actions')) });

  const byPlatform = (devices.data?.byPlatform ?? []).map((c) => ({ label: platformLabel(c.key), count: c.count, to: devicesLink({ platform: c.key }) }));
  const byOwnership = (devices.data?.byOwnership ?? []).map((c) => ({ label: ownershipLabel(c.key), count: c.count, to: devicesLink({ ownership: c.key }) }));
  const byCompliance = (devices.data?.byComplianceState ?? []).map((c) => ({ label: complianceLabel(c.key), count: c.count, to: devicesLink({ complianceState: c.key }) }));
  const bySetting = (failing.data?.items ?? []).map((i) => ({ label: i.setting, count: i.devices, to: `/reports/failing-setting?${new URLSearchParams({ setting: i.setting, code: i.code }).toString()}` }));
  const checkinPoints = (checkins.data?.points ?? []).map((p) => ({ ...p, tick: bucketTick(p.bucket) }));
  const signInPoints = (signIns.data?.points ?? []).map((p) => ({ ...p, tick: bucketTick(p.bucket) }));
  const checkinLinks: ChartLink[] = checkinPoints.filter((p) => p.active > 0).slice(-6).map((p) => ({ label: `Last seen ${p.tick}`, count: p.active, to: lastCheckinLink(p.bucket) }));
  if (checkins.data) {
    checkinLinks.push({ label: 'Silent for the whole range', count: checkins.data.silentSince, to: devicesLink({ lastCheckinBefore: checkins.data.from, sort: 'lastCheckinAt', order: 'asc' }) });
    checkinLinks.push({ label: 'Never checked in', count: checkins.data.neverCheckedIn, to: devicesLink({ sort: 'lastCheckinAt', order: 'asc' }) });
  }
  const signInLinks: ChartLink[] = [];
  for (const result of ['block', 'controlsRequired'] as const) {
    for (const p of signInPoints.filter((x) => x[result] > 0).slice(-3)) signInLinks.push({ label: `${signInResultLabel(result)} ${p.tick}`, count: p[result], to: signInsLink(p.bucket, result) });
  }

  return (
    <Page title="Dashboard" actions={
      <SegmentedControl aria-label="Time range" value={range} onChange={(v) => setRange(v as Range)} data={[{ label: '24 hours', value: '24h' }, { label: '7 days', value: '7d' }, { label: '30 days', value: '30d' }]} />
    }>
      <Text size="sm" c="dimmed">
        {devices.data ? `${devices.data.active.toLocaleString()} active devices of ${devices.data.total.toLocaleString()} enrolled.` : 'Loading the fleet…'}
      </Text>
      {devices.data?.total === 0 ? (
        <Alert color="indigo" title="No device yet">
          Start with <Anchor component={Link} to="/enrollment">an enrollment token</Anchor> and the agent command line it prints, then <Anchor component={Link} to="/compliance">a compliance policy</Anchor>.
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
        <ChartCard title="Compliance" description="Active devices by compliance state" loading={devices.isPending} error={devices.error} links={byCompliance}>
          <CountBars data={byCompliance} onSelect={(to) => void navigate(to)} />
        </ChartCard>
        <ChartCard title="Platforms" description="Active devices by platform" loading={devices.isPending} error={devices.error} links={byPlatform}>
          <CountBars data={byPlatform} onSelect={(to) => void navigate(to)} />
        </ChartCard>
        <ChartCard title="Ownership" description="Active devices, corporate or personal" loading={devices.isPending} error={devices.error} links={byOwnership}>
          <CountBars data={byOwnership} onSelect={(to) => void navigate(to)} />
        </ChartCard>
        <ChartCard title="Failing settings" description="Noncompliant devices by the setting they fail" loading={failing.isPending} error={failing.error} links={bySetting}>
          <CountBars data={bySetting} vertical onSelect={(to) => void navigate(to)} />
        </ChartCard>
        <ChartCard title="Last check-in" description="Devices by when they last checked in (UTC)" loading={checkins.isPending} error={checkins.error} links={checkinLinks}>
          <ResponsiveContainer width="100%" height="100%" initialDimension={CHART_SIZE}>
            <BarChart data={checkinPoints} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="tick" minTickGap={12} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="active" name="Active" stackId="s" fill={COLORS.primary} cursor="pointer" onClick={(e: { payload?: { bucket?: string } }) => { if (e.payload?.bucket) void navigate(lastCheckinLink(e.payload.bucket)); }} />
              <Bar dataKey="revoked" name="Revoked" stackId="s" fill={COLORS.revoked} />
              <Bar dataKey="retired" name="Retired" stackId="s" fill={COLORS.retired} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        {canSignIns ? (
          <ChartCard title="Sign-ins" description="Granted, blocked and asked for more controls (UTC)" loading={signIns.isPending} error={signIns.error} links={signInLinks}
            footer={<Anchor component={Link} to="/conditional-access/sign-ins" size="sm">Open the sign-in log</Anchor>}>
            <ResponsiveContainer width="100%" height="100%" initialDimension={CHART_SIZE}>
              <LineChart data={signInPoints} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="tick" minTickGap={12} />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Line type="monotone" dataKey="grant" name="Granted" stroke={COLORS.grant} dot={false} />
                <Line type="monotone" dataKey="block" name="Blocked" stroke={COLORS.block} dot={false} />
                <Line type="monotone" dataKey="controlsRequired" name="More controls" stroke={COLORS.controls} dot={false} />
              </LineChart>
            </ResponsiveContainer>
          </ChartCard>
        ) : null}
      </SimpleGrid>
      <ChartCard title="Noncompliance actions" description="Actions waiting for their grace period, running, or failed" loading={actions.isPending} error={actions.error} links={[]}
        footer={actions.data ? (
          <Table aria-label="Noncompliance actions by type" withTableBorder>
            <Table.Thead><Table.Tr><Table.Th scope="col">Action</Table.Th><Table.Th scope="col">Pending</Table.Th><Table.Th scope="col">Running</Table.Th><Table.Th scope="col">Failed</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {actions.data.items.map((a) => (
                <Table.Tr key={a.actionType}>
                  <Table.Td>{actionTypeLabel(a.actionType)}</Table.Td>
                  <Table.Td>{a.pending > 0 ? <Anchor component={Link} to={devicesLink({ complianceState: 'inGracePeriod' })}>{a.pending}</Anchor> : 0}</Table.Td>
                  <Table.Td>{a.running}</Table.Td>
                  <Table.Td>{a.failed}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}>
        <CountBars data={(actions.data?.items ?? []).map((a) => ({ label: actionTypeLabel(a.actionType), count: a.pending + a.running + a.failed, to: devicesLink({ complianceState: 'inGracePeriod' }) }))} onSelect={(to) => void navigate(to)} />
      </ChartCard>
    </Page>
  );
}
