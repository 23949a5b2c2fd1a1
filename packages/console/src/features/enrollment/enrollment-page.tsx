import { useState } from 'react';
import { Alert, Button, Code, CopyButton, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { can, useSession } from '../../auth/session';
import { ConfirmAction } from '../../ui/confirm-action';
import { DataTable } from '../../ui/data-table';
import { formatTime } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { StateBadge } from '../../ui/state-badge';

type Profile = paths['/api/v1/enrollment-profiles']['get']['responses'][200]['content']['application/json']['items'][number];
type Created = paths['/api/v1/enrollment-profiles']['post']['responses'][201]['content']['application/json'];

/** Whether a profile's token still enrolls devices: not revoked, not expired, uses left. */
export function profileState(p: Pick<Profile, 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'>, now: Date = new Date()): 'active' | 'revoked' | 'expired' | 'used up' {
  if (p.revokedAt) return 'revoked';
  if (new Date(p.expiresAt) <= now) return 'expired';
  if (p.maxUses !== null && p.uses >= p.maxUses) return 'used up';
  return 'active';
}

function CreatedToken({ created, onClose }: { created: Created; onClose: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" title="Copy it now">The token is shown once. Anyone with it can enroll a device until it expires or is revoked.</Alert>
      <Text fw={600}>Agent command line</Text>
      <Code block data-testid="agent-command" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{created.agentCommand}</Code>
      <Group>
        <CopyButton value={created.agentCommand}>{({ copied, copy }) => <Button onClick={copy} variant="light">{copied ? 'Copied' : 'Copy the command'}</Button>}</CopyButton>
        <CopyButton value={created.token}>{({ copied, copy }) => <Button onClick={copy} variant="default">{copied ? 'Copied' : 'Copy the token only'}</Button>}</CopyButton>
      </Group>
      <Text size="sm" c="dimmed">CA fingerprint (SHA-256): <Code>{created.caFingerprint256}</Code></Text>
      <Group justify="flex-end"><Button onClick={onClose}>Done</Button></Group>
    </Stack>
  );
}

/** Enrollment profiles and their tokens: create one (and copy the agent command), see its uses, revoke it. */
export default function EnrollmentPage() {
  const session = useSession();
  const client = useQueryClient();
  const mayManage = can(session.data, 'enrollment.manage');
  const profiles = useQuery({ queryKey: ['enrollment-profiles'], queryFn: () => unwrap(api.GET('/api/v1/enrollment-profiles')) });
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const [groupTag, setGroupTag] = useState('');
  const [hours, setHours] = useState<number | string>(24 * 7);
  const [maxUses, setMaxUses] = useState<number | string>('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/enrollment-profiles', { body: {
      name: name.trim(), expiresInHours: Number(hours), ...(groupTag.trim() ? { groupTag: groupTag.trim() } : {}), ...(maxUses !== '' ? { maxUses: Number(maxUses) } : {}),
    } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['enrollment-profiles'] }),
  });
  const start = () => { create.reset(); setName(''); setGroupTag(''); setHours(24 * 7); setMaxUses(''); open(); };
  const col = createColumnHelper<Profile>();
  const columns = [
    col.accessor('name', { header: 'Name' }),
    col.accessor((p) => profileState(p), { id: 'state', header: 'Token', cell: (c) => <StateBadge state={c.getValue() === 'active' ? 'active' : 'revoked'} label={c.getValue()} /> }),
    col.accessor((p) => `${p.uses}${p.maxUses !== null ? ` of ${p.maxUses}` : ''}`, { id: 'uses', header: 'Devices enrolled' }),
    col.accessor('groupTag', { header: 'Group tag', cell: (c) => c.getValue() ?? '—' }),
    col.accessor('expiresAt', { header: 'Expires', cell: (c) => formatTime(c.getValue()) }),
    col.accessor('createdAt', { header: 'Created', cell: (c) => formatTime(c.getValue()) }),
    ...(mayManage ? [col.display({ id: 'actions', header: 'Actions', cell: (c) => (profileState(c.row.original) === 'active' ? (
      <ConfirmAction label="Expire" title={`Expire ${c.row.original.name}`} description="The token stops enrolling devices at once. Devices already enrolled keep working." done="Token expired"
        buttonProps={{ size: 'xs' }} onConfirm={async () => { await unwrap(api.DELETE('/api/v1/enrollment-profiles/{id}', { params: { path: { id: c.row.original.id } } })); await client.invalidateQueries({ queryKey: ['enrollment-profiles'] }); }} />
    ) : null) })] : []),
  ];
  return (
    <Page title="Enrollment" actions={mayManage ? <Button onClick={start}>Create an enrollment token</Button> : null}>
      <Text size="sm" c="dimmed">A corporate device enrolls with a profile's token; a user registers a personal device with their own account (see the portal).</Text>
      {profiles.error ? <ProblemAlert error={profiles.error} /> : null}
      <DataTable label="Enrollment profiles" data={profiles.data?.items ?? []} columns={columns} loading={profiles.isPending} rowId={(p) => p.id} empty="No enrollment profile yet." />
      <Modal opened={opened} onClose={close} title={create.data ? 'Enrollment token created' : 'Create an enrollment token'} centered size="lg">
        {create.data ? <CreatedToken created={create.data} onClose={close} /> : (
          <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
            <Stack>
              <TextInput label="Name" required maxLength={256} value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Laptops, London office" data-autofocus />
              <TextInput label="Group tag (optional)" maxLength={128} value={groupTag} onChange={(e) => setGroupTag(e.currentTarget.value)} />
              <NumberInput label="Valid for (hours)" min={1} max={24 * 365} required value={hours} onChange={setHours} />
              <NumberInput label="Maximum devices (optional)" min={1} max={1_000_000} value={maxUses} onChange={setMaxUses} />
              {create.error ? <ProblemAlert error={create.error} /> : null}
              <Group justify="flex-end"><Button variant="default" onClick={close}>Cancel</Button><Button type="submit" loading={create.isPending}>Create</Button></Group>
            </Stack>
          </form>
        )}
      </Modal>
    </Page>
  );
}
