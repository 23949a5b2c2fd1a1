import { useState } from 'react';
import { Alert, Anchor, Button, Group, JsonInput, List, Modal, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { paths } from '../../api/schema';
import { can, useSession } from '../../auth/session';
import { DataTable } from '../../ui/data-table';
import { CA_STATE_LABEL, ago } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { StateBadge } from '../../ui/state-badge';
import { SignInLog } from './sign-in-log';
import { WhatIf } from './what-if';

type Policy = paths['/api/v1/conditional-access/policies']['get']['responses'][200]['content']['application/json']['items'][number];
type Location = paths['/api/v1/conditional-access/named-locations']['get']['responses'][200]['content']['application/json']['items'][number];
const TABS = ['policies', 'named-locations', 'what-if', 'analysis', 'sign-ins'] as const;

/** Import a Graph document (policy or named location): check (dry run) shows what Verity evaluates, import stores it. */
function ImportGraph({ kind, onDone }: { kind: 'policies' | 'named-locations'; onDone: () => void }) {
  const client = useQueryClient();
  const [text, setText] = useState('');
  const run = useMutation({
    mutationFn: async (dryRun: boolean) => {
      let body: unknown;
      try { body = JSON.parse(text); } catch (e) { throw new ApiProblem(400, 'CONSOLE_JSON_INVALID', `This is not JSON: ${(e as Error).message}`); }
      const query = { dryRun: dryRun ? 'true' as const : 'false' as const };
      const out = kind === 'policies'
        ? await unwrap(api.POST('/api/v1/conditional-access/policies', { params: { query }, body }))
        : await unwrap(api.POST('/api/v1/conditional-access/named-locations', { params: { query }, body }));
      if (!dryRun) { await client.invalidateQueries({ queryKey: ['access', kind] }); onDone(); }
      return out;
    },
  });
  return (
    <Stack>
      <JsonInput label="Graph JSON" autosize minRows={8} maxRows={20} value={text} onChange={setText} formatOnBlur validationError="Not valid JSON yet" />
      {run.error ? <ProblemAlert error={run.error} /> : null}
      {run.data ? (
        <Alert color={run.data.report.unsupported.length > 0 ? 'yellow' : 'green'} title="What Verity evaluates" role="status">
          <Text size="sm">Evaluated: {run.data.report.evaluated.join(', ') || 'none'}</Text>
          {run.data.report.unsupported.length > 0 ? <List size="sm">{run.data.report.unsupported.map((u) => <List.Item key={u.path}>{u.path}: {u.reason}</List.Item>)}</List> : null}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" disabled={!text.trim()} loading={run.isPending} onClick={() => run.mutate(true)}>Check</Button>
        <Button disabled={!text.trim()} loading={run.isPending} onClick={() => run.mutate(false)}>Import</Button>
      </Group>
    </Stack>
  );
}

function Policies({ mayManage }: { mayManage: boolean }) {
  const policies = useQuery({ queryKey: ['access', 'policies'], queryFn: () => unwrap(api.GET('/api/v1/conditional-access/policies')) });
  const [opened, { open, close }] = useDisclosure(false);
  const col = createColumnHelper<Policy>();
  const columns = [
    col.accessor('displayName', { header: 'Name', cell: (c) => <Anchor component={Link} to={`/conditional-access/policies/${c.row.original.id}`}>{c.getValue()}</Anchor> }),
    col.accessor('state', { header: 'State', cell: (c) => <StateBadge state={c.getValue()} label={CA_STATE_LABEL[c.getValue()] ?? c.getValue()} /> }),
    col.accessor('updatedAt', { header: 'Changed', cell: (c) => ago(c.getValue()) }),
  ];
  return (
    <Stack>
      {mayManage ? <Group><Button onClick={open}>Import a policy</Button></Group> : null}
      {policies.error ? <ProblemAlert error={policies.error} /> : null}
      <DataTable label="Conditional access policies" data={policies.data?.items ?? []} columns={columns} loading={policies.isPending} rowId={(p) => p.id} empty="No conditional access policy yet." />
      <Modal opened={opened} onClose={close} title="Import a conditional access policy" size="lg" centered><ImportGraph kind="policies" onDone={close} /></Modal>
    </Stack>
  );
}

function NamedLocations({ mayManage }: { mayManage: boolean }) {
  const locations = useQuery({ queryKey: ['access', 'named-locations'], queryFn: () => unwrap(api.GET('/api/v1/conditional-access/named-locations')) });
  const [opened, { open, close }] = useDisclosure(false);
  const col = createColumnHelper<Location>();
  const columns = [
    col.accessor('displayName', { header: 'Name' }),
    col.accessor('kind', { header: 'Kind' }),
    col.accessor((l) => JSON.stringify(l.namedLocation.ipRanges ?? l.namedLocation.countriesAndRegions ?? ''), { id: 'ranges', header: 'Ranges or countries', cell: (c) => <Text size="xs" ff="monospace" lineClamp={2}>{c.getValue()}</Text> }),
    col.accessor('updatedAt', { header: 'Changed', cell: (c) => ago(c.getValue()) }),
  ];
  return (
    <Stack>
      {mayManage ? <Group><Button onClick={open}>Import a named location</Button></Group> : null}
      {locations.error ? <ProblemAlert error={locations.error} /> : null}
      <DataTable label="Named locations" data={locations.data?.items ?? []} columns={columns} loading={locations.isPending} rowId={(l) => l.id} empty="No named location yet." />
      <Modal opened={opened} onClose={close} title="Import a named location" size="lg" centered><ImportGraph kind="named-locations" onDone={close} /></Modal>
    </Stack>
  );
}

function Analysis() {
  const [breakGlass, setBreakGlass] = useState('');
  const analysis = useQuery({
    queryKey: ['access', 'analysis', breakGlass],
    queryFn: () => unwrap(api.GET('/api/v1/conditional-access/analysis', { params: { query: breakGlass.trim() ? { breakGlass: breakGlass.trim() } : {} } })),
  });
  return (
    <Stack>
      <TextInput label="Break-glass accounts (user ids, comma-separated)" description="The analysis warns when a policy could lock them out." value={breakGlass} onChange={(e) => setBreakGlass(e.currentTarget.value)} maw={520} />
      {analysis.error ? <ProblemAlert error={analysis.error} /> : null}
      {analysis.data ? (
        <>
          <Text size="sm" c="dimmed">{analysis.data.admins} administrators checked; {analysis.data.findings.length} findings.</Text>
          {analysis.data.findings.map((f, i) => (
            <Alert key={i} color={f.severity === 'high' ? 'red' : f.severity === 'medium' ? 'orange' : 'gray'} title={`${f.severity}: ${f.code}`}>
              {f.message}{f.policyId ? <> (<Anchor component={Link} to={`/conditional-access/policies/${f.policyId}`}>policy</Anchor>)</> : null}
            </Alert>
          ))}
          {analysis.data.findings.length === 0 ? <Alert color="green" title="No lockout or gap found">No policy locks out an administrator or leaves a known app uncovered.</Alert> : null}
        </>
      ) : null}
    </Stack>
  );
}

/** Conditional access: policies, named locations, what-if, the policy-set analysis and the sign-in log. */
export default function AccessPage() {
  const { tab = 'policies' } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const mayManage = can(session.data, 'policies.manage');
  const current = (TABS as readonly string[]).includes(tab) ? tab : 'policies';
  return (
    <Page title="Conditional access">
      <Tabs value={current} onChange={(v) => void navigate(`/conditional-access/${v ?? 'policies'}`)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="policies">Policies</Tabs.Tab>
          <Tabs.Tab value="named-locations">Named locations</Tabs.Tab>
          <Tabs.Tab value="what-if">What-if</Tabs.Tab>
          <Tabs.Tab value="analysis">Analysis</Tabs.Tab>
          {can(session.data, 'signins.read') ? <Tabs.Tab value="sign-ins">Sign-in log</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel value="policies" pt="md"><Policies mayManage={mayManage} /></Tabs.Panel>
        <Tabs.Panel value="named-locations" pt="md"><NamedLocations mayManage={mayManage} /></Tabs.Panel>
        <Tabs.Panel value="what-if" pt="md"><WhatIf /></Tabs.Panel>
        <Tabs.Panel value="analysis" pt="md"><Analysis /></Tabs.Panel>
        <Tabs.Panel value="sign-ins" pt="md"><SignInLog /></Tabs.Panel>
      </Tabs>
    </Page>
  );
}
