import { useEffect, useState } from 'react';
import { Button, Group, JsonInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { can, useSession } from '../../auth/session';
import { ConfirmAction } from '../../ui/confirm-action';
import { downloadJson, fileNameFor } from '../../ui/download';
import { CA_STATE_LABEL, formatTime } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { notify } from '../../ui/notify';

const STATES = ['enabled', 'enabledForReportingButNotEnforced', 'disabled'] as const;

/** One conditional access policy: on, report-only or off; the Graph document to read or edit; export; delete. */
export default function AccessPolicyPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const mayManage = can(session.data, 'policies.manage');
  const policy = useQuery({ queryKey: ['access', 'policy', id], queryFn: () => unwrap(api.GET('/api/v1/conditional-access/policies/{id}', { params: { path: { id } } })) });
  const [json, setJson] = useState('');
  useEffect(() => { if (policy.data) setJson(JSON.stringify(policy.data.policy, null, 2)); }, [policy.data]);
  const refresh = async () => { await client.invalidateQueries({ queryKey: ['access'] }); };
  const setState = useMutation({
    mutationFn: (state: string) => unwrap(api.PATCH('/api/v1/conditional-access/policies/{id}', { params: { path: { id } }, body: { state } })),
    onSuccess: async () => { notify('Policy state changed'); await refresh(); },
  });
  const save = useMutation({
    mutationFn: async () => {
      let body: unknown;
      try { body = JSON.parse(json); } catch (e) { throw new ApiProblem(400, 'CONSOLE_JSON_INVALID', `This is not JSON: ${(e as Error).message}`); }
      return unwrap(api.PUT('/api/v1/conditional-access/policies/{id}', { params: { path: { id } }, body }));
    },
    onSuccess: async () => { notify('Policy saved'); await refresh(); },
  });
  if (policy.error) return <Page title="Conditional access policy"><ProblemAlert error={policy.error} /></Page>;
  const p = policy.data;
  if (!p) return <Page title="Conditional access policy"><Text>Loading…</Text></Page>;
  return (
    <Page title={p.displayName} actions={
      <>
        <Button variant="default" onClick={() => downloadJson(fileNameFor(p.displayName), p.policy)}>Export Graph JSON</Button>
        {mayManage ? (
          <ConfirmAction label="Delete" title={`Delete ${p.displayName}`} description="Sign-ins are no longer decided by this policy." done="Policy deleted"
            onConfirm={async () => { await unwrap(api.DELETE('/api/v1/conditional-access/policies/{id}', { params: { path: { id } } })); await refresh(); void navigate('/conditional-access/policies'); }} />
        ) : null}
      </>
    }>
      <Text size="sm" c="dimmed">Changed {formatTime(p.updatedAt)}.</Text>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="ca-state-label">State</Text>
        <SegmentedControl aria-labelledby="ca-state-label" disabled={!mayManage || setState.isPending} value={p.state} onChange={(v) => setState.mutate(v)}
          data={STATES.map((s) => ({ value: s, label: CA_STATE_LABEL[s] ?? s }))} w="fit-content" />
      </Stack>
      {setState.error ? <ProblemAlert error={setState.error} /> : null}
      <JsonInput label="Graph document (conditionalAccessPolicy)" autosize minRows={12} maxRows={40} value={json} onChange={setJson} readOnly={!mayManage} formatOnBlur validationError="Not valid JSON" />
      {save.error ? <ProblemAlert error={save.error} /> : null}
      {mayManage ? <Group><Button loading={save.isPending} onClick={() => save.mutate()}>Save the document</Button></Group> : null}
    </Page>
  );
}
