import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Group, JsonInput, List, MultiSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { plainWords } from '../../api/problem';
import { can, useSession } from '../../auth/session';
import { ConfirmAction } from '../../ui/confirm-action';
import { downloadJson, fileNameFor } from '../../ui/download';
import { actionTypeLabel, formatTime, formatValue, platformLabel } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { assignmentsFrom, choiceFrom, describeAssignments, type AssignmentChoice } from './assignments';
import { CLASSIC_FORMS } from './compliance-form-spec';
import { PolicyForm } from './policy-form';
import { notify } from '../../ui/notify';
import { ScrollRegion } from '../../ui/scroll-region';
import { reevaluationSentence } from './reevaluation';

/** One compliance policy: what it evaluates, its actions, its assignments; export, edit, delete. */
export default function CompliancePolicyPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const mayManage = can(session.data, 'policies.manage');
  const policy = useQuery({ queryKey: ['compliance-policy', id], queryFn: () => unwrap(api.GET('/api/v1/compliance-policies/{id}', { params: { path: { id } } })) });
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => unwrap(api.GET('/api/v1/groups', { params: { query: { limit: 500 } } })) });
  const [choice, setChoice] = useState<AssignmentChoice>({ allDevices: false, allUsers: false, includeGroups: [], excludeGroups: [] });
  const [editing, setEditing] = useState<null | 'form' | 'json'>(null);
  const [exported, setExported] = useState<Record<string, unknown> | null>(null);
  const [json, setJson] = useState('');
  useEffect(() => { if (policy.data?.assignments) setChoice(choiceFrom(policy.data.assignments)); }, [policy.data?.assignments]);
  const assign = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/compliance-policies/{id}/assignments', { params: { path: { id } }, body: assignmentsFrom(choice) })),
    onSuccess: async (r) => {
      notify(`Assignments saved; ${reevaluationSentence(r.reevaluation)}`);
      await client.invalidateQueries({ queryKey: ['compliance-policy', id] });
    },
  });
  const saveJson = useMutation({
    mutationFn: async () => unwrap(api.PUT('/api/v1/compliance-policies/{id}', { params: { path: { id } }, headers: { 'if-match': String(policy.data?.version ?? '') }, body: JSON.parse(json) as unknown })),
    onSuccess: async () => { setEditing(null); await client.invalidateQueries({ queryKey: ['compliance-policy', id] }); },
  });
  const exportPolicy = async () => unwrap(api.GET('/api/v1/compliance-policies/{id}/export', { params: { path: { id } } }));
  /** Export, then do something with the document; a failure is said in plain words. */
  const withExport = (then: (doc: Record<string, unknown>) => void) => () => {
    exportPolicy().then(then).catch((e: unknown) => notify(plainWords(e), { color: 'red', title: 'Export failed' }));
  };
  if (policy.error) return <Page title="Compliance policy"><ProblemAlert error={policy.error} /></Page>;
  const p = policy.data;
  if (!p) return <Page title="Compliance policy"><Text>Loading…</Text></Page>;
  const groupOptions = (groups.data?.items ?? []).map((g) => ({ value: g.id, label: `${g.displayName} (${g.memberKind}s)` }));
  const classic = CLASSIC_FORMS.some((f) => f.kind === p.kind);

  if (editing === 'form' && exported) {
    return (
      <Page title={`Edit ${p.displayName}`} actions={<Button variant="default" onClick={() => setEditing(null)}>Cancel</Button>}>
        <PolicyForm edited={{ id: p.id, version: p.version, kind: p.kind, exported, actions: p.scheduledActions.map((a) => ({ actionType: a.actionType, gracePeriodHours: a.gracePeriodHours, ...(typeof a.notificationTemplateId === 'string' ? { notificationTemplateId: a.notificationTemplateId } : {}) })) }} />
      </Page>
    );
  }
  return (
    <Page title={p.displayName} actions={
      <>
        <Button variant="default" onClick={withExport((doc) => downloadJson(fileNameFor(p.displayName), doc))}>Export Graph JSON</Button>
        {mayManage && classic ? <Button variant="light" onClick={withExport((doc) => { setExported(doc); setEditing('form'); })}>Edit</Button> : null}
        {mayManage ? <Button variant="light" onClick={withExport((doc) => { setJson(JSON.stringify(doc, null, 2)); setEditing('json'); })}>Edit JSON</Button> : null}
        {mayManage ? (
          <ConfirmAction label="Delete" title={`Delete ${p.displayName}`} description="Its assignments go with it and its devices are re-evaluated without it; pending actions it scheduled are cancelled." done="Policy deleted"
            onConfirm={async () => { await unwrap(api.DELETE('/api/v1/compliance-policies/{id}', { params: { path: { id } } })); await client.invalidateQueries({ queryKey: ['compliance-policies'] }); void navigate('/compliance'); }} />
        ) : null}
      </>
    }>
      <Text size="sm" c="dimmed">{platformLabel(p.platform)} · {p.odataType} · version {p.version} · changed {formatTime(p.updatedAt)}{p.description ? ` · ${p.description}` : ''}</Text>
      {editing === 'json' ? (
        <Card withBorder>
          <Stack>
            <JsonInput label="Graph JSON" autosize minRows={10} maxRows={30} value={json} onChange={setJson} formatOnBlur validationError="Not valid JSON" />
            {saveJson.error ? <ProblemAlert error={saveJson.error} /> : null}
            <Group justify="flex-end"><Button variant="default" onClick={() => setEditing(null)}>Cancel</Button><Button loading={saveJson.isPending} onClick={() => saveJson.mutate()}>Save</Button></Group>
          </Stack>
        </Card>
      ) : null}
      <Card withBorder component="section" aria-label="Settings">
        <Title order={2} size="h4" mb="xs">Settings</Title>
        <ScrollRegion label="Settings evaluated and not evaluated">
          <Table miw={480} aria-label="Settings evaluated and not evaluated">
            <Table.Thead><Table.Tr><Table.Th scope="col">Setting</Table.Th><Table.Th scope="col">Expected</Table.Th><Table.Th scope="col">Evaluated</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {p.settings.map((s) => <Table.Tr key={s.setting}><Table.Td>{s.setting}</Table.Td><Table.Td>{formatValue(s.expected)}</Table.Td><Table.Td>Yes</Table.Td></Table.Tr>)}
              {p.notEvaluated.map((s) => <Table.Tr key={`n-${s.setting}`}><Table.Td>{s.setting}</Table.Td><Table.Td>—</Table.Td><Table.Td>No: {s.reason}</Table.Td></Table.Tr>)}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      </Card>
      <Card withBorder component="section" aria-label="Actions for noncompliance">
        <Title order={2} size="h4" mb="xs">Actions for noncompliance</Title>
        <List size="sm">{p.scheduledActions.map((a, i) => <List.Item key={i}>{actionTypeLabel(a.actionType)} after {a.gracePeriodHours} hours</List.Item>)}</List>
      </Card>
      <Card withBorder component="section" aria-label="Assignments">
        <Stack>
          <Title order={2} size="h4">Assignments</Title>
          <Text size="sm">{describeAssignments(choice)}</Text>
          {mayManage ? (
            <>
              <Group>
                <Checkbox label="All devices" checked={choice.allDevices} onChange={(e) => { const c = e.currentTarget.checked; setChoice((x) => ({ ...x, allDevices: c })); }} />
                <Checkbox label="All users' devices" checked={choice.allUsers} onChange={(e) => { const c = e.currentTarget.checked; setChoice((x) => ({ ...x, allUsers: c })); }} />
              </Group>
              <MultiSelect label="Include groups" data={groupOptions} value={choice.includeGroups} onChange={(v) => setChoice((x) => ({ ...x, includeGroups: v }))} searchable clearable />
              <MultiSelect label="Exclude groups (exclusion wins)" data={groupOptions} value={choice.excludeGroups} onChange={(v) => setChoice((x) => ({ ...x, excludeGroups: v }))} searchable clearable />
              {assign.error ? <ProblemAlert error={assign.error} /> : null}
              <Group><Button loading={assign.isPending} onClick={() => assign.mutate()}>Save assignments</Button></Group>
            </>
          ) : null}
        </Stack>
      </Card>
    </Page>
  );
}
