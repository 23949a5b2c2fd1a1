import { Anchor, Group, SimpleGrid, Stack, Table, Tabs, Text, Select } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { plainWords } from '../../api/problem';
import { can, useSession } from '../../auth/session';
import { DeviceCommandsPanel } from './device-commands';
import { ExtensionAttributesAction } from './extension-attributes';
import { ConfirmAction } from '../../ui/confirm-action';
import { ago, formatTime, formatValue, ownershipLabel, platformLabel, signInResultLabel, statusLabel } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { StateBadge } from '../../ui/state-badge';
import { AuditTrail } from '../audit/audit-trail';
import { DeviceCompliancePanel } from './device-compliance-panel';
import { notify } from '../../ui/notify';
import { ScrollRegion } from '../../ui/scroll-region';

function Facts({ rows }: { rows: [string, string][] }) {
  return (
    <Table aria-label="Device properties" variant="vertical" layout="fixed">
      <Table.Tbody>{rows.map(([k, v]) => <Table.Tr key={k}><Table.Th w={180}>{k}</Table.Th><Table.Td>{v}</Table.Td></Table.Tr>)}</Table.Tbody>
    </Table>
  );
}

/** One device: inventory, posture with sources, compliance per setting, commands, sign-ins, audit trail, and the admin's actions. */
export default function DeviceDetailPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const client = useQueryClient();
  const device = useQuery({ queryKey: ['device', id], queryFn: () => unwrap(api.GET('/api/v1/devices/{id}', { params: { path: { id } } })) });
  const compliance = useQuery({ queryKey: ['device', id, 'compliance'], queryFn: () => unwrap(api.GET('/api/v1/devices/{id}/compliance', { params: { path: { id } } })) });
  const canSignIns = can(session.data, 'signins.read');
  const signIns = useQuery({ queryKey: ['sign-ins', { deviceId: id }], enabled: canSignIns, queryFn: () => unwrap(api.GET('/api/v1/sign-ins', { params: { query: { deviceId: id, limit: 50 } } })) });
  const refresh = () => client.invalidateQueries({ queryKey: ['device', id] });
  if (device.error) return <Page title="Device"><ProblemAlert error={device.error} /></Page>;
  const d = device.data;
  if (!d) return <Page title="Device"><Text>Loading…</Text></Page>;
  const mayAct = can(session.data, 'devices.action') && d.status === 'active';
  const action = async (name: 'revoke' | 'retire' | 'lock', reason: string | undefined) => {
    const path = { id: d.id };
    const body = reason ? { reason } : {};
    if (name === 'revoke') await unwrap(api.POST('/api/v1/devices/{id}/revoke', { params: { path }, body }));
    if (name === 'retire') await unwrap(api.POST('/api/v1/devices/{id}/retire', { params: { path }, body }));
    if (name === 'lock') await unwrap(api.POST('/api/v1/devices/{id}/lock', { params: { path }, body }));
    await refresh();
  };
  const facts = Object.entries(d.posture?.report.facts ?? {}).sort(([a], [b]) => a.localeCompare(b));

  return (
    <Page title={d.displayName} actions={
      <>
        <StateBadge state={d.complianceState} />
        {d.status !== 'active' ? <StateBadge state={d.status} label={statusLabel(d.status)} /> : null}
        {mayAct ? (
          <>
            <ConfirmAction label="Re-evaluate" color="indigo" title="Re-evaluate this device" description="Evaluate the device's latest posture against the current policies now." done="Device re-evaluated"
              onConfirm={async () => { await unwrap(api.POST('/api/v1/devices/{id}/evaluate', { params: { path: { id: d.id } } })); await refresh(); }} />
            <ConfirmAction label="Lock" color="orange" withReason title="Lock this device" description="The agent locks every session at its next check-in." done="Lock queued" onConfirm={(r) => action('lock', r)} />
            <ConfirmAction label="Revoke" withReason title="Revoke this device" description="Its certificate is refused from the next request on; it keeps its record. This cannot be undone: the device must enroll again." done="Device revoked" onConfirm={(r) => action('revoke', r)} />
            <ConfirmAction label="Retire" withReason title="Retire this device" description="Revokes its identity and marks it retired (kept in the inventory for audit). The device must enroll again to get access." done="Device retired" onConfirm={(r) => action('retire', r)} />
            <ExtensionAttributesAction deviceId={d.id} current={d.extensionAttributes} />
          </>
        ) : null}
      </>
    }>
      <Tabs defaultValue="overview" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="compliance">Compliance</Tabs.Tab>
          <Tabs.Tab value="posture">Posture</Tabs.Tab>
          <Tabs.Tab value="commands">Commands</Tabs.Tab>
          {canSignIns ? <Tabs.Tab value="sign-ins">Sign-ins</Tabs.Tab> : null}
          {can(session.data, 'audit.read') ? <Tabs.Tab value="audit">Audit trail</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Facts rows={[
              ['Platform', `${platformLabel(d.platform)} ${[d.osName, d.osVersion].filter(Boolean).join(' ')}`],
              ['Host name', d.hostname ?? '—'], ['Ownership', ownershipLabel(d.ownership)], ['Join type', d.joinType], ['Status', statusLabel(d.status)],
              ['Model', [d.manufacturer, d.model].filter(Boolean).join(' ') || '—'], ['Serial number', d.serialNumber ?? '—'], ['Agent', d.agentVersion ?? '—'],
              ['Risk level', d.riskLevel], ['Last check-in', `${ago(d.lastCheckinAt)} (${formatTime(d.lastCheckinAt)})`], ['Enrolled', formatTime(d.enrolledAt)],
              ['Scope tags', d.scopeTags.join(', ') || '—'], ['Groups', d.groupIds.length > 0 ? d.groupIds.join(', ') : '—'],
              ...Object.entries(d.extensionAttributes).map(([k, v]): [string, string] => [k, formatValue(v)]),
            ]} />
            <Stack>
              <Text fw={600}>Certificates</Text>
              {d.certificates.map((c) => <Text key={c.serial} size="sm">{c.status} · valid until {formatTime(c.notAfter)} · serial {c.serial.slice(0, 16)}…</Text>)}
              {can(session.data, 'devices.action') ? <RiskSelect deviceId={d.id} value={d.riskLevel} onChanged={refresh} /> : null}
              <Text fw={600}>Assigned compliance policies</Text>
              {(compliance.data?.policies ?? []).map((p) => <Anchor key={p.policyId} component={Link} to={`/compliance/${p.policyId}`} size="sm">{p.displayName}</Anchor>)}
              {compliance.data && compliance.data.policies.length === 0 ? <Text size="sm" c="dimmed">None</Text> : null}
            </Stack>
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="compliance" pt="md">
          {compliance.error ? <ProblemAlert error={compliance.error} /> : compliance.data ? <DeviceCompliancePanel compliance={compliance.data} /> : <Text>Loading…</Text>}
        </Tabs.Panel>
        <Tabs.Panel value="posture" pt="md">
          {d.posture ? (
            <Stack>
              <Text size="sm" c="dimmed">Collected {formatTime(d.posture.collectedAt)}, received {formatTime(d.posture.receivedAt)}. Each fact says where the agent read it.</Text>
              <ScrollRegion label="Posture facts">
                <Table miw={520} aria-label="Posture facts">
                  <Table.Thead><Table.Tr><Table.Th scope="col">Fact</Table.Th><Table.Th scope="col">Value</Table.Th><Table.Th scope="col">Source</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {facts.map(([name, f]) => (
                      <Table.Tr key={name}><Table.Td>{name}</Table.Td><Table.Td>{f.state === 'known' ? formatValue(f.value) : 'unknown'}</Table.Td><Table.Td>{f.state === 'known' ? f.source ?? '—' : `not known: ${f.reason ?? ''}`}</Table.Td></Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollRegion>
            </Stack>
          ) : <Text c="dimmed">The device has not reported its posture yet.</Text>}
        </Tabs.Panel>
        <Tabs.Panel value="commands" pt="md"><DeviceCommandsPanel deviceId={d.id} /></Tabs.Panel>
        <Tabs.Panel value="sign-ins" pt="md">
          {signIns.error ? <ProblemAlert error={signIns.error} /> : null}
          <Stack gap={4}>
            {(signIns.data?.items ?? []).map((s) => <Group key={s.id} gap="xs"><StateBadge state={s.result} label={signInResultLabel(s.result)} /><Text size="sm">{formatTime(s.at)} · app {s.appId ?? '—'} · {s.clientApp ?? ''}</Text></Group>)}
            {signIns.data && signIns.data.items.length === 0 ? <Text c="dimmed">No sign-in from this device.</Text> : null}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md"><AuditTrail targetId={d.id} /></Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function RiskSelect({ deviceId, value, onChanged }: { deviceId: string; value: string; onChanged: () => Promise<unknown> }) {
  return (
    <Select label="Risk level (re-evaluates the device)" w={240} value={value} allowDeselect={false}
      data={[{ value: 'none', label: 'None' }, { value: 'low', label: 'Low' }, { value: 'medium', label: 'Medium' }, { value: 'high', label: 'High' }]}
      onChange={(v) => {
        if (!v || v === value) return;
        void unwrap(api.POST('/api/v1/devices/{id}/risk', { params: { path: { id: deviceId } }, body: { riskLevel: v as 'none' | 'low' | 'medium' | 'high' } })).then(onChanged).catch((e: unknown) => notify(plainWords(e), { color: 'red', title: 'Risk level not changed' }));
      }} />
  );
}
