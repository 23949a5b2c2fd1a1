import { useState } from 'react';
import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { can, useSession } from '../../auth/session';
import { ConfirmAction } from '../../ui/confirm-action';
import { DataTable } from '../../ui/data-table';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { StateBadge } from '../../ui/state-badge';

type User = paths['/api/v1/users']['get']['responses'][200]['content']['application/json']['items'][number];
const PAGE = 50;

function CreateUser({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const [upn, setUpn] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [department, setDepartment] = useState('');
  const [userType, setUserType] = useState<'member' | 'guest'>('member');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users', { body: {
      userPrincipalName: upn.trim(), displayName: name.trim(), userType, ...(password ? { password } : {}), ...(department.trim() ? { department: department.trim() } : {}),
    } })),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: ['users'] }); onDone(); },
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      <Stack>
        <TextInput label="User principal name" placeholder="ada@example.com" required value={upn} onChange={(e) => setUpn(e.currentTarget.value)} data-autofocus />
        <TextInput label="Display name" required maxLength={256} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <PasswordInput label="Password (optional, at least 12 characters)" description="Without one the user cannot sign in to the portal or register a device." value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" />
        <TextInput label="Department (optional)" value={department} onChange={(e) => setDepartment(e.currentTarget.value)} />
        <Select label="Type" value={userType} allowDeselect={false} onChange={(v) => setUserType(v === 'guest' ? 'guest' : 'member')} data={[{ value: 'member', label: 'Member' }, { value: 'guest', label: 'Guest' }]} />
        {create.error ? <ProblemAlert error={create.error} /> : null}
        <Group justify="flex-end"><Button variant="default" onClick={onDone}>Cancel</Button><Button type="submit" loading={create.isPending}>Create</Button></Group>
      </Stack>
    </form>
  );
}

/** Users: search, create, enable or disable, delete. */
export default function UsersPage() {
  const session = useSession();
  const client = useQueryClient();
  const mayManage = can(session.data, 'users.manage');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [offset, setOffset] = useState(0);
  const users = useQuery({
    queryKey: ['users', debounced, offset], placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { limit: PAGE, offset, ...(debounced ? { search: debounced } : {}) } } })),
  });
  const [opened, { open, close }] = useDisclosure(false);
  const setStatus = async (u: User, status: 'enabled' | 'disabled') => {
    await unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body: { status } }));
    await client.invalidateQueries({ queryKey: ['users'] });
  };
  const col = createColumnHelper<User>();
  const columns = [
    col.accessor('displayName', { header: 'Name' }),
    col.accessor('userPrincipalName', { header: 'User name' }),
    col.accessor('status', { header: 'Status', cell: (c) => <StateBadge state={c.getValue() === 'enabled' ? 'active' : 'revoked'} label={c.getValue()} /> }),
    col.accessor('userType', { header: 'Type' }),
    col.accessor('department', { header: 'Department', cell: (c) => c.getValue() ?? '—' }),
    ...(mayManage ? [col.display({ id: 'actions', header: 'Actions', cell: (c) => {
      const u = c.row.original;
      return (
        <Group gap={4} wrap="nowrap">
          {u.status === 'enabled'
            ? <ConfirmAction label="Disable" color="orange" buttonProps={{ size: 'xs' }} title={`Disable ${u.displayName}`} description="The user can no longer sign in; devices they own stay enrolled." done="User disabled" onConfirm={() => setStatus(u, 'disabled')} />
            : <ConfirmAction label="Enable" color="green" buttonProps={{ size: 'xs' }} title={`Enable ${u.displayName}`} description="The user can sign in again." done="User enabled" onConfirm={() => setStatus(u, 'enabled')} />}
          <ConfirmAction label="Delete" buttonProps={{ size: 'xs' }} title={`Delete ${u.displayName}`} description="The user is removed from the directory and from every group." done="User deleted"
            onConfirm={async () => { await unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id: u.id } } })); await client.invalidateQueries({ queryKey: ['users'] }); }} />
        </Group>
      );
    } })] : []),
  ];
  return (
    <Page title="Users" actions={mayManage ? <Button onClick={open}>Create a user</Button> : null}>
      <TextInput label="Search" placeholder="Name or user name" value={search} onChange={(e) => { setSearch(e.currentTarget.value); setOffset(0); }} maw={320} />
      {users.error ? <ProblemAlert error={users.error} /> : null}
      <DataTable label="Users" data={users.data?.items ?? []} columns={columns} loading={users.isPending} rowId={(u) => u.id} empty="No user matches." />
      <Group justify="flex-end">
        <Button variant="default" disabled={offset === 0} onClick={() => setOffset((o) => Math.max(0, o - PAGE))}>Previous page</Button>
        <Button variant="default" disabled={users.data?.nextOffset == null} onClick={() => setOffset(users.data?.nextOffset ?? offset)}>Next page</Button>
      </Group>
      <Modal opened={opened} onClose={close} title="Create a user" centered><CreateUser onDone={close} /></Modal>
    </Page>
  );
}
