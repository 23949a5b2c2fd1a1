// Pending on issues 11/12: GET /api/v1/devices/{id}/commands, each command with issued / delivered /
// succeeded / failed and the agent's error text. Shown when the server's OpenAPI lists the route.
import { Alert, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { callPendingRoute } from '../api/client';
import { DataTable } from '../ui/data-table';
import { formatTime } from '../ui/labels';
import { ProblemAlert } from '../ui/problem-alert';
import { StateBadge } from '../ui/state-badge';
import { useOperationAvailable } from './api-capabilities';

/** A command record as issue 11 item 4 describes it (fields other than these are ignored). */
export interface DeviceCommandRecord {
  id: string; kind: string; status: string; createdAt?: string; issuedAt?: string; deliveredAt?: string | null; completedAt?: string | null;
  resultDetail?: string | null; error?: string | null;
}
const col = createColumnHelper<DeviceCommandRecord>();
const columns = [
  col.accessor('kind', { header: 'Command' }),
  col.accessor('status', { header: 'Status', cell: (c) => <StateBadge state={c.getValue() === 'succeeded' ? 'compliant' : c.getValue()} label={c.getValue()} /> }),
  col.accessor((r) => r.issuedAt ?? r.createdAt ?? null, { id: 'issued', header: 'Issued', cell: (c) => formatTime(c.getValue()) }),
  col.accessor('deliveredAt', { header: 'Delivered', cell: (c) => formatTime(c.getValue()) }),
  col.accessor('completedAt', { header: 'Finished', cell: (c) => formatTime(c.getValue()) }),
  col.accessor((r) => r.error ?? r.resultDetail ?? '', { id: 'detail', header: "Agent's answer" }),
];

/** The device's commands and their results, or a note that this server does not report them yet. */
export function DeviceCommandsPanel({ deviceId }: { deviceId: string }) {
  const available = useOperationAvailable('get', '/api/v1/devices/{id}/commands');
  const commands = useQuery({
    queryKey: ['device-commands', deviceId], enabled: available,
    queryFn: () => callPendingRoute<{ items: DeviceCommandRecord[] }>('GET', `/api/v1/devices/${encodeURIComponent(deviceId)}/commands`),
  });
  if (!available) return <Alert color="gray" title="Command history not available">This server does not report command results yet (a lock queued from here is still delivered at the next check-in).</Alert>;
  if (commands.error) return <ProblemAlert error={commands.error} />;
  return (
    <>
      <Text size="sm" c="dimmed">Commands sent to the device and what the agent answered.</Text>
      <DataTable label="Commands" data={commands.data?.items ?? []} columns={columns} loading={commands.isPending} rowId={(r) => r.id} empty="No command was sent to this device." />
    </>
  );
}
