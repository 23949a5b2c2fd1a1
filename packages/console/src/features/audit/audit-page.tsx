import { useState } from 'react';
import { Alert, Button, Group, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { AuditTrail } from './audit-trail';

/** The tamper-evident audit log: newest first, filtered by action or target, with the hash chain's verification. */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const [action, setAction] = useState(params.get('action') ?? '');
  const [target, setTarget] = useState(params.get('targetId') ?? '');
  const [a] = useDebouncedValue(action.trim(), 400);
  const [t] = useDebouncedValue(target.trim(), 400);
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => unwrap(api.GET('/api/v1/audit/verify')), enabled: false });
  return (
    <Page title="Audit log" actions={<Button variant="light" loading={verify.isFetching} onClick={() => void verify.refetch()}>Verify the chain</Button>}>
      {verify.error ? <ProblemAlert error={verify.error} /> : null}
      {verify.data ? (verify.data.ok
        ? <Alert color="green" title="The chain is intact" role="status">{verify.data.count.toLocaleString()} entries recomputed; every hash links to the one before it.</Alert>
        : <Alert color="red" title="The chain is broken" role="alert">Broken at entry {verify.data.brokenAtSeq} ({verify.data.reason}). Entries from there on may have been changed or removed.</Alert>) : null}
      <Group gap="sm" align="flex-end">
        <TextInput label="Action" placeholder="device.revoke" value={action} onChange={(e) => { setAction(e.currentTarget.value); setParams((p) => { p.set('action', e.currentTarget.value); return p; }, { replace: true }); }} w={220} />
        <TextInput label="Target id" placeholder="device, policy or user id" value={target} onChange={(e) => setTarget(e.currentTarget.value)} w={300} />
      </Group>
      <AuditTrail {...(a ? { action: a } : {})} {...(t ? { targetId: t } : {})} />
    </Page>
  );
}
