import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { paths } from '../../api/schema';
import { actionTypeLabel, formatTime, formatValue } from '../../ui/labels';
import { StateBadge } from '../../ui/state-badge';
import { ScrollRegion } from '../../ui/scroll-region';

// Badges keep their whole word; long observed values (volume lists) wrap instead of widening the table.
const NOWRAP = { whiteSpace: 'nowrap' } as const;
const VALUE = { maxWidth: 280, overflowWrap: 'anywhere' } as const;

export type DeviceCompliance = paths['/api/v1/devices/{id}/compliance']['get']['responses'][200]['content']['application/json'];

/** A device's compliance: the state and why, each assigned policy with each setting (observed, expected, reason, fix), and the scheduled actions. */
export function DeviceCompliancePanel({ compliance }: { compliance: DeviceCompliance }) {
  return (
    <Stack>
      <Group gap="sm">
        <StateBadge state={compliance.state} />
        <Text size="sm">Evaluated {formatTime(compliance.evaluatedAt)}</Text>
        {compliance.graceEndsAt ? <Text size="sm">Grace period ends {formatTime(compliance.graceEndsAt)}</Text> : null}
      </Group>
      {compliance.reasons.map((r) => <Text key={r.code} size="sm" data-reason-code={r.code}>{r.message}</Text>)}
      {compliance.policies.length === 0 ? <Text c="dimmed">No compliance policy is assigned to this device.</Text> : null}
      {compliance.policies.map((p) => (
        <Card key={p.policyId} withBorder component="section" aria-label={`Policy ${p.displayName}`}>
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h5"><Anchor component={Link} to={`/compliance/${p.policyId}`}>{p.displayName}</Anchor></Title>
            <StateBadge state={p.state} />
          </Group>
          <ScrollRegion label={`Settings of ${p.displayName}`}>
            <Table miw={560} aria-label={`Settings of ${p.displayName}`}>
              <Table.Thead><Table.Tr><Table.Th scope="col">Setting</Table.Th><Table.Th scope="col">State</Table.Th><Table.Th scope="col">Observed</Table.Th><Table.Th scope="col">Expected</Table.Th><Table.Th scope="col">Reason and fix</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {p.settings.map((s) => (
                  <Table.Tr key={s.setting} data-setting-code={s.code}>
                    <Table.Td>{s.setting}</Table.Td>
                    <Table.Td style={NOWRAP}><StateBadge state={s.state} /></Table.Td>
                    <Table.Td style={VALUE}>{formatValue(s.observed)}</Table.Td>
                    <Table.Td style={VALUE}>{formatValue(s.expected)}</Table.Td>
                    <Table.Td><Text size="sm" className="setting-reason">{s.reason}</Text>{s.state !== 'compliant' && s.state !== 'notApplicable' ? <Text size="sm" c="dimmed">{s.remediation}</Text> : null}</Table.Td>
                  </Table.Tr>
                ))}
                {p.notEvaluated.map((n) => (
                  <Table.Tr key={`ne-${n.setting}`}>
                    <Table.Td>{n.setting}</Table.Td><Table.Td style={NOWRAP}><Badge color="gray" variant="light">Not evaluated</Badge></Table.Td><Table.Td>—</Table.Td><Table.Td>—</Table.Td><Table.Td><Text size="sm">{n.reason}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Card>
      ))}
      {compliance.actions.length > 0 ? (
        <Card withBorder component="section" aria-label="Noncompliance actions">
          <Title order={3} size="h5" mb="xs">Noncompliance actions</Title>
          <ScrollRegion label="Noncompliance actions of this device">
            <Table miw={520} aria-label="Noncompliance actions of this device">
              <Table.Thead><Table.Tr><Table.Th scope="col">Action</Table.Th><Table.Th scope="col">Status</Table.Th><Table.Th scope="col">Runs at</Table.Th><Table.Th scope="col">Attempts</Table.Th><Table.Th scope="col">Last error</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {compliance.actions.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{actionTypeLabel(a.actionType)}</Table.Td><Table.Td><StateBadge state={a.status} label={a.status} /></Table.Td>
                    <Table.Td>{formatTime(a.runAt)}</Table.Td><Table.Td>{a.attempts}</Table.Td><Table.Td>{a.lastError ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Card>
      ) : null}
    </Stack>
  );
}
