import { useEffect, useState } from 'react';
import { Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { notify } from '../../ui/notify';
import { reevaluationSentence } from './reevaluation';

/** Tenant-wide compliance settings (Intune's "compliance policy settings"). */
export default function ComplianceSettingsPage() {
  const session = useSession();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['compliance-settings'], queryFn: () => unwrap(api.GET('/api/v1/compliance-settings')) });
  const [state, setState] = useState<'compliant' | 'noncompliant'>('compliant');
  const [days, setDays] = useState<number | string>(30);
  useEffect(() => { if (settings.data) { setState(settings.data.noPolicyAssignedState); setDays(settings.data.validityPeriodDays); } }, [settings.data]);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/compliance-settings', { body: { noPolicyAssignedState: state, validityPeriodDays: Number(days) } })),
    onSuccess: async (r) => { notify(`Saved; ${reevaluationSentence(r.reevaluation)}`); await client.invalidateQueries({ queryKey: ['compliance-settings'] }); },
  });
  const mayManage = can(session.data, 'policies.manage');
  return (
    <Page title="Compliance settings">
      {settings.error ? <ProblemAlert error={settings.error} /> : null}
      <Stack maw={480}>
        <Select label="Mark devices with no compliance policy assigned as" allowDeselect={false} disabled={!mayManage} value={state} onChange={(v) => setState(v === 'noncompliant' ? 'noncompliant' : 'compliant')}
          data={[{ value: 'compliant', label: 'Compliant' }, { value: 'noncompliant', label: 'Not compliant' }]} />
        <NumberInput label="Compliance status validity period (days)" description="A device that has not checked in for this long is noncompliant." min={1} max={120} disabled={!mayManage} value={days} onChange={setDays} />
        {save.error ? <ProblemAlert error={save.error} /> : null}
        {mayManage ? <Group><Button loading={save.isPending} onClick={() => save.mutate()}>Save</Button></Group> : <Text size="sm" c="dimmed">Your role can read these settings but not change them.</Text>}
      </Stack>
    </Page>
  );
}
