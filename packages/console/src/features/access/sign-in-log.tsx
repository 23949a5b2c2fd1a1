import { useState } from 'react';
import { Button, Code, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { DataTable } from '../../ui/data-table';
import { formatTime, signInResultLabel } from '../../ui/labels';
import { ProblemAlert } from '../../ui/problem-alert';
import { StateBadge } from '../../ui/state-badge';

type Entry = paths['/api/v1/sign-ins']['get']['responses'][200]['content']['application/json']['items'][number];
type Query = NonNullable<paths['/api/v1/sign-ins']['get']['parameters']['query']>;
interface LoggedPolicy { policyId: string; displayName: string; applied: boolean; result: string; decidedBy?: { message: string } }

/** The per-policy results stored with a sign-in's decision (the log keeps the decision as the engine gave it). */
export function loggedPolicies(decision: unknown): LoggedPolicy[] {
  const policies = (decision as { policies?: unknown } | null)?.policies;
  if (!Array.isArray(policies)) return [];
  return policies.filter((p): p is LoggedPolicy => typeof p === 'object' && p !== null && typeof (p as LoggedPolicy).policyId === 'string');
}

/** The sign-in log: newest first, by result and time, each with its per-policy results. */
export function SignInLog() {
  const [params, setParams] = useSearchParams();
  const [shown, setShown] = useState<Entry | null>(null);
  const result = params.get('result');
  const query: Query = { limit: 50 };
  if (result === 'grant' || result === 'block' || result === 'controlsRequired') query.result = result;
  for (const key of ['from', 'to', 'userId', 'deviceId'] as const) { const v = params.get(key); if (v) query[key] = v; }
  const log = useInfiniteQuery({
    queryKey: ['sign-ins', query], initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/sign-ins', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const set = (name: string, value: string | null) => setParams((p) => { const n = new URLSearchParams(p); if (value) n.set(name, value); else n.delete(name); return n; });
  const col = createColumnHelper<Entry>();
  const columns = [
    col.accessor('at', { header: 'When', cell: (c) => formatTime(c.getValue()) }),
    col.accessor('result', { header: 'Result', cell: (c) => <StateBadge state={c.getValue()} label={signInResultLabel(c.getValue())} /> }),
    col.accessor('userId', { header: 'User', cell: (c) => c.getValue() ?? '—' }),
    col.accessor('appId', { header: 'App', cell: (c) => c.getValue() ?? '—' }),
    col.accessor('deviceId', { header: 'Device', cell: (c) => c.getValue() ?? '—' }),
    col.accessor('ip', { header: 'IP', cell: (c) => c.getValue() ?? '—' }),
    col.display({ id: 'policies', header: 'Policies', cell: (c) => <Button size="compact-xs" variant="subtle" onClick={() => setShown(c.row.original)}>{loggedPolicies(c.row.original.decision).filter((p) => p.applied).length} applied</Button> }),
  ];
  return (
    <Stack>
      <Group align="flex-end" gap="sm">
        <Select label="Result" clearable w={200} value={query.result ?? null} onChange={(v) => set('result', v)} data={['grant', 'block', 'controlsRequired'].map((r) => ({ value: r, label: signInResultLabel(r) }))} />
        <TextInput label="User id" w={260} value={params.get('userId') ?? ''} onChange={(e) => set('userId', e.currentTarget.value)} />
        <TextInput label="Device id" w={260} value={params.get('deviceId') ?? ''} onChange={(e) => set('deviceId', e.currentTarget.value)} />
        {params.get('from') || params.get('to') ? <Button variant="light" onClick={() => { set('from', null); set('to', null); }}>Clear the time filter</Button> : null}
      </Group>
      {query.from || query.to ? <Text size="sm" c="dimmed">From {formatTime(query.from)} to {formatTime(query.to)}</Text> : null}
      {log.error ? <ProblemAlert error={log.error} /> : null}
      <DataTable label="Sign-ins" data={log.data?.pages.flatMap((p) => p.items) ?? []} columns={columns} loading={log.isPending} rowId={(e) => e.id} empty="No sign-in matches." />
      {log.hasNextPage ? <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>Load older sign-ins</Button> : null}
      <Modal opened={shown !== null} onClose={() => setShown(null)} title="Policies of this sign-in" size="lg" centered>
        {shown ? (
          <Stack gap="xs">
            {loggedPolicies(shown.decision).map((p) => <Text key={p.policyId} size="sm"><strong>{p.displayName}</strong>: {p.applied ? `applied, ${signInResultLabel(p.result)}` : 'not applied'}{p.decidedBy ? ` (${p.decidedBy.message})` : ''}</Text>)}
            {loggedPolicies(shown.decision).length === 0 ? <Text size="sm">No policy applied.</Text> : null}
            {shown.reportOnlyResults.length > 0 ? <Code block>{JSON.stringify(shown.reportOnlyResults, null, 2)}</Code> : null}
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
