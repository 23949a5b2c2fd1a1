import { useEffect, useState } from 'react';
import { Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { ConfirmAction } from '../../ui/confirm-action';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { RuleEditor } from './rule-editor';
import { diagnoseRule } from './rule-diagnostics';
import { notify } from '../../ui/notify';

/** One group: its rule (editable, with live preview) or its assigned members (add, remove). */
export default function GroupDetailPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const mayManage = can(session.data, 'groups.manage');
  const group = useQuery({ queryKey: ['group', id], queryFn: () => unwrap(api.GET('/api/v1/groups/{id}', { params: { path: { id } } })) });
  const members = useQuery({ queryKey: ['group', id, 'members'], queryFn: () => unwrap(api.GET('/api/v1/groups/{id}/members', { params: { path: { id } } })) });
  const [rule, setRule] = useState('');
  const [memberId, setMemberId] = useState('');
  useEffect(() => { if (group.data?.membershipRule) setRule(group.data.membershipRule); }, [group.data?.membershipRule]);
  const refresh = () => client.invalidateQueries({ queryKey: ['group', id] });
  const saveRule = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/groups/{id}', { params: { path: { id } }, body: { membershipRule: rule } })),
    onSuccess: async () => { notify('Rule saved; members recomputed'); await refresh(); },
  });
  const addMember = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v1/groups/{id}/members/{memberId}', { params: { path: { id, memberId: memberId.trim() } } })),
    onSuccess: async () => { setMemberId(''); await refresh(); },
  });
  if (group.error) return <Page title="Group"><ProblemAlert error={group.error} /></Page>;
  const g = group.data;
  if (!g) return <Page title="Group"><Text>Loading…</Text></Page>;
  const kind = g.memberKind === 'device' ? 'device' : 'user';
  return (
    <Page title={g.displayName} actions={mayManage ? (
      <ConfirmAction label="Delete group" title={`Delete ${g.displayName}`} description="Policies assigned to this group stop applying to its members." done="Group deleted"
        onConfirm={async () => { await unwrap(api.DELETE('/api/v1/groups/{id}', { params: { path: { id } } })); await client.invalidateQueries({ queryKey: ['groups'] }); void navigate('/groups'); }} />
    ) : null}>
      <Text size="sm" c="dimmed">{g.description ?? ''} {kind === 'device' ? 'Device' : 'User'} group, {g.membershipType === 'dynamic' ? 'members from a rule' : 'assigned members'}.</Text>
      {g.membershipType === 'dynamic' ? (
        <Card withBorder component="section" aria-label="Membership rule">
          <Stack>
            <Title order={2} size="h4">Membership rule</Title>
            {mayManage ? (
              <>
                <RuleEditor value={rule} onChange={setRule} memberKind={kind} />
                {saveRule.error ? <ProblemAlert error={saveRule.error} /> : null}
                <Group><Button onClick={() => saveRule.mutate()} loading={saveRule.isPending} disabled={rule === g.membershipRule || !diagnoseRule(rule).ok}>Save the rule</Button></Group>
              </>
            ) : <Text ff="monospace" size="sm">{g.membershipRule}</Text>}
          </Stack>
        </Card>
      ) : mayManage ? (
        <form onSubmit={(e) => { e.preventDefault(); addMember.mutate(); }}>
          <Group align="flex-end">
            <TextInput label={`Add a ${kind} by id`} value={memberId} onChange={(e) => setMemberId(e.currentTarget.value)} w={360} />
            <Button type="submit" disabled={memberId.trim() === ''} loading={addMember.isPending}>Add</Button>
          </Group>
          {addMember.error ? <ProblemAlert error={addMember.error} /> : null}
        </form>
      ) : null}
      <Card withBorder component="section" aria-label="Members">
        <Title order={2} size="h4" mb="xs">Members ({members.data?.items.length ?? 0})</Title>
        {members.error ? <ProblemAlert error={members.error} /> : null}
        <Stack gap={4}>
          {(members.data?.items ?? []).map((m) => (
            <Group key={m.memberId} gap="xs">
              {kind === 'device' ? <Anchor component={Link} to={`/devices/${m.memberId}`} size="sm">{m.memberId}</Anchor> : <Text size="sm">{m.memberId}</Text>}
              <Text size="xs" c="dimmed">{m.source}</Text>
              {mayManage && g.membershipType === 'static' ? (
                <ConfirmAction label="Remove" buttonProps={{ size: 'compact-xs' }} title="Remove this member" description="Policies assigned to the group stop applying to it." done="Member removed"
                  onConfirm={async () => { await unwrap(api.DELETE('/api/v1/groups/{id}/members/{memberId}', { params: { path: { id, memberId: m.memberId } } })); await refresh(); }} />
              ) : null}
            </Group>
          ))}
        </Stack>
      </Card>
    </Page>
  );
}
