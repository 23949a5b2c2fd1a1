import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { DataTable } from '../../ui/data-table';
import { formatTime } from '../../ui/labels';
import { ProblemAlert } from '../../ui/problem-alert';
import { StateBadge } from '../../ui/state-badge';

type DeviceCommand = paths['/api/v1/devices/{id}/commands']['get']['responses'][200]['content']['application/json']['items'][number];

const STATE_LABELS: Record<DeviceCommand['state'], string> = { issued: 'Waiting for the device', delivered: 'Delivered, no answer yet', succeeded: 'Succeeded', failed: 'Failed' };
const STATE_BADGES: Record<DeviceCommand['state'], string> = { issued: 'pending', delivered: 'pending', succeeded: 'compliant', failed: 'failed' };

const col = createColumnHelper<DeviceCommand>();
const columns = [
  col.accessor('kind', { header: 'Command' }),
  col.accessor('state', { header: 'State', cell: (c) => <StateBadge state={STATE_BADGES[c.getValue()]} label={STATE_LABELS[c.getValue()]} /> }),
  col.accessor('issuedAt', { header: 'Issued', cell: (c) => formatTime(c.getValue()) }),
  col.accessor('deliveredAt', { header: 'Delivered', cell: (c) => (c.getValue() ? `${formatTime(c.getValue())}${c.row.original.deliveries > 1 ? ` (${c.row.original.deliveries} times)` : ''}` : '—') }),
  col.accessor('completedAt', { header: 'Finished', cell: (c) => (c.getValue() ? formatTime(c.getValue()) : '—') }),
  col.accessor('detail', { header: "Agent's answer", cell: (c) => c.getValue() ?? '—' }),
];

/** The device's commands (lock, wipe, …), newest first, each with its delivery and the agent's answer. */
export function DeviceCommandsPanel({ deviceId }: { deviceId: string }) {
  const commands = useQuery({
    queryKey: ['device-commands', deviceId],
    queryFn: () => unwrap(api.GET('/api/v1/devices/{id}/commands', { params: { path: { id: deviceId } } })),
  });
  if (commands.error) return <ProblemAlert error={commands.error} />;
  return (
    <>
      <Text size="sm" c="dimmed">Commands sent to the device and what the agent answered. A command waits until the device next checks in, and is sent again if the agent does not answer.</Text>
      <DataTable label="Commands" data={commands.data?.items ?? []} columns={columns} loading={commands.isPending} rowId={(r) => r.id} empty="No command was sent to this device." />
    </>
  );
}
