import { useState } from 'react';
import { Anchor, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { can, useSession } from '../../auth/session';
import { DataTable } from '../../ui/data-table';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { RuleEditor } from './rule-editor';
import { diagnoseRule } from './rule-diagnostics';

type GroupRow = paths['/api/v1/groups']['get']['responses'][200]['content']['application/json']['items'][number];
const col = createColumnHelper<GroupRow>();
const columns = [
  col.accessor('displayName', { header: 'Name', cell: (c) => <Anchor component={Link} to={`/groups/${c.row.original.id}`}>{c.getValue()}</Anchor> }),
  col.accessor('memberKind', { header: 'Members', cell: (c) => (c.getValue() === 'device' ? 'Devices' : 'Users') }),
  col.accessor('membershipType', { header: 'Membership', cell: (c) => (c.getValue() === 'dynamic' ? 'Dynamic (rule)' : 'Assigned') }),
  col.accessor('membershipRule', { header: 'Rule', cell: (c) => <Text size="xs" ff="monospace" lineClamp={2}>{c.getValue() ?? '—'}</Text> }),
];

function CreateGroup({ onDone }: { onDone: (id: string) => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [memberKind, setMemberKind] = useState<'user' | 'device'>('device');
  const [type, setType] = useState<'static' | 'dynamic'>('static');
  const [rule, setRule] = useState('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/groups', { body: {
      displayName: name.trim(), memberKind, membershipType: type, ...(description.trim() ? { description: description.trim() } : {}), ...(type === 'dynamic' ? { membershipRule: rule } : {}),
    } })),
    onSuccess: async (g) => { await client.invalidateQueries({ queryKey: ['groups'] }); onDone(g.id); },
  });
  const ruleOk = type === 'static' || (rule.trim() !== '' && diagnoseRule(rule).ok);
  return (
    <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      <Stack>
        <TextInput label="Name" required maxLength={256} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
        <TextInput label="Description (optional)" maxLength={1024} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Stack gap={4}><Text size="sm" fw={500} id="member-kind-label">Members are</Text>
          <SegmentedControl aria-labelledby="member-kind-label" value={memberKind} onChange={(v) => setMemberKind(v === 'user' ? 'user' : 'device')} data={[{ value: 'device', label: 'Devices' }, { value: 'user', label: 'Users' }]} /></Stack>
        <Stack gap={4}><Text size="sm" fw={500} id="membership-label">Membership</Text>
          <SegmentedControl aria-labelledby="membership-label" value={type} onChange={(v) => setType(v === 'dynamic' ? 'dynamic' : 'static')} data={[{ value: 'static', label: 'Assigned' }, { value: 'dynamic', label: 'Dynamic rule' }]} /></Stack>
        {type === 'dynamic' ? <RuleEditor value={rule} onChange={setRule} memberKind={memberKind} /> : null}
        {create.error ? <ProblemAlert error={create.error} /> : null}
        <Group justify="flex-end"><Button variant="default" onClick={() => onDone('')}>Cancel</Button><Button type="submit" disabled={!ruleOk} loading={create.isPending}>Create</Button></Group>
      </Stack>
    </form>
  );
}

/** Groups of users or devices, assigned or by a dynamic rule. */
export default function GroupsPage() {
  const session = useSession();
  const navigate = useNavigate();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => unwrap(api.GET('/api/v1/groups', { params: { query: { limit: 500 } } })) });
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Page title="Groups" actions={can(session.data, 'groups.manage') ? <Button onClick={open}>Create a group</Button> : null}>
      {groups.error ? <ProblemAlert error={groups.error} /> : null}
      <DataTable label="Groups" data={groups.data?.items ?? []} columns={columns} loading={groups.isPending} rowId={(g) => g.id} empty="No group yet." />
      <Modal opened={opened} onClose={close} title="Create a group" size="lg" centered>
        <CreateGroup onDone={(id) => { close(); if (id) void navigate(`/groups/${id}`); }} />
      </Modal>
    </Page>
  );
}
