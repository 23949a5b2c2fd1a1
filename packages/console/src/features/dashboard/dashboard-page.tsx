import { useCallback, useMemo, useState } from 'react';
import { Alert, Anchor, SegmentedControl, SimpleGrid, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { can, useSession } from '../../auth/session';
import { actionTypeLabel, complianceLabel, ownershipLabel, platformLabel, signInResultLabel } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ChartCard, type ChartLink } from './chart-card';
import { CheckinBars, CountBars, SignInLines } from './charts';
import { DEFAULT_RANGE, dashboardQueries, type Range } from './dashboard-queries';
import { bucketTick, devicesLink, lastCheckinLink, signInsLink } from './dashboard-links';

/** The dashboard: what the fleet looks like, what fails, who signs in; each number links to the list behind it. */
export default function DashboardPage() {
  const navigate = useNavigate();
  const session = useSession();
  const [range, setRange] = useState<Range>(DEFAULT_RANGE);
  const devices = useQuery(dashboardQueries.devices());
  const failing = useQuery(dashboardQueries.failing());
  const checkins = useQuery(dashboardQueries.checkins(range));
  const canSignIns = can(session.data, 'signins.read');
  const signIns = useQuery({ ...dashboardQueries.signIns(range), enabled: canSignIns });
  const actions = useQuery(dashboardQueries.actions());

  // Derived once per answer (react-query keeps an unchanged answer's reference), so the memoised
  // charts below are not redrawn each time another card's answer arrives and re-renders the page.
  const byPlatform = useMemo(() => (devices.data?.byPlatform ?? []).map((c) => ({ label: platformLabel(c.key), count: c.count, to: devicesLink({ platform: c.key }) })), [devices.data]);
  const byOwnership = useMemo(() => (devices.data?.byOwnership ?? []).map((c) => ({ label: ownershipLabel(c.key), count: c.count, to: devicesLink({ ownership: c.key }) })), [devices.data]);
  const byCompliance = useMemo(() => (devices.data?.byComplianceState ?? []).map((c) => ({ label: complianceLabel(c.key), count: c.count, to: devicesLink({ complianceState: c.key }) })), [devices.data]);
  const bySetting = useMemo(() => (failing.data?.items ?? []).map((i) => ({ label: i.setting, count: i.devices, to: `/reports/failing-setting?${new URLSearchParams({ setting: i.setting, code: i.code }).toString()}` })), [failing.data]);
  const checkinPoints = useMemo(() => (checkins.data?.points ?? []).map((p) => ({ ...p, tick: bucketTick(p.bucket) })), [checkins.data]);
  const signInPoints = useMemo(() => (signIns.data?.points ?? []).map((p) => ({ ...p, tick: bucketTick(p.bucket) })), [signIns.data]);
  const byAction = useMemo(() => (actions.data?.items ?? []).map((a) => ({ label: actionTypeLabel(a.actionType), count: a.pending + a.running + a.failed, to: devicesLink({ complianceState: 'inGracePeriod' }) })), [actions.data]);
  const open = useCallback((to: string) => void navigate(to), [navigate]);
  const openBucket = useCallback((bucket: string) => void navigate(lastCheckinLink(bucket)), [navigate]);
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
          <CountBars data={byCompliance} onSelect={open} />
        </ChartCard>
        <ChartCard title="Platforms" description="Active devices by platform" loading={devices.isPending} error={devices.error} links={byPlatform}>
          <CountBars data={byPlatform} onSelect={open} />
        </ChartCard>
        <ChartCard title="Ownership" description="Active devices, corporate or personal" loading={devices.isPending} error={devices.error} links={byOwnership}>
          <CountBars data={byOwnership} onSelect={open} />
        </ChartCard>
        <ChartCard title="Failing settings" description="Noncompliant devices by the setting they fail" loading={failing.isPending} error={failing.error} links={bySetting}>
          <CountBars data={bySetting} vertical onSelect={open} />
        </ChartCard>
        <ChartCard title="Last check-in" description="Devices by when they last checked in (UTC)" loading={checkins.isPending} error={checkins.error} links={checkinLinks}>
          <CheckinBars points={checkinPoints} onBucket={openBucket} />
        </ChartCard>
        {canSignIns ? (
          <ChartCard title="Sign-ins" description="Granted, blocked and asked for more controls (UTC)" loading={signIns.isPending} error={signIns.error} links={signInLinks}
            footer={<Anchor component={Link} to="/conditional-access/sign-ins" size="sm">Open the sign-in log</Anchor>}>
            <SignInLines points={signInPoints} />
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
        <CountBars data={byAction} onSelect={open} />
      </ChartCard>
    </Page>
  );
}
