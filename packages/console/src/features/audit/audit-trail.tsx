import { Button, Code, Stack } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { DataTable } from '../../ui/data-table';
import { formatTime } from '../../ui/labels';
import { ProblemAlert } from '../../ui/problem-alert';

export type AuditEntry = paths['/api/v1/audit']['get']['responses'][200]['content']['application/json']['items'][number];
const PAGE = 50;
const col = createColumnHelper<AuditEntry>();
export const AUDIT_COLUMNS = [
  col.accessor('seq', { header: '#' }),
  col.accessor('at', { header: 'When', cell: (c) => formatTime(c.getValue()) }),
  col.accessor('action', { header: 'Action', cell: (c) => <Code>{c.getValue()}</Code> }),
  col.accessor((e) => `${e.actorType}${e.actorId ? ` ${e.actorId}` : ''}`, { id: 'actor', header: 'By' }),
  col.accessor((e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'), { id: 'target', header: 'Target' }),
  col.accessor((e) => JSON.stringify(e.details), { id: 'details', header: 'Details', cell: (c) => <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', display: 'inline-block', maxWidth: 420 }}>{c.getValue()}</Code> }),
];

/** Audit entries newest first (optionally of one target or action), paged back with "Load older". */
export function AuditTrail({ targetId, action }: { targetId?: string; action?: string }) {
  const entries = useInfiniteQuery({
    queryKey: ['audit', { targetId, action }],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/audit', { params: { query: {
      order: 'desc', limit: PAGE, ...(targetId ? { targetId } : {}), ...(action ? { action } : {}), ...(pageParam ? { beforeSeq: pageParam } : {}),
    } } })),
    getNextPageParam: (last) => (last.items.length === PAGE ? last.items.at(-1)?.seq : undefined),
  });
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      {entries.error ? <ProblemAlert error={entries.error} /> : null}
      <DataTable label="Audit entries" data={items} columns={AUDIT_COLUMNS} loading={entries.isPending} rowId={(e) => String(e.seq)} empty="No audit entry." />
      {entries.hasNextPage ? <Button variant="default" loading={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>Load older entries</Button> : null}
    </Stack>
  );
}
