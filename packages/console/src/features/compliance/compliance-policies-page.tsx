import { Anchor, Button, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { can, useSession } from '../../auth/session';
import { DataTable } from '../../ui/data-table';
import { actionTypeLabel, ago, platformLabel } from '../../ui/labels';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';

type Policy = paths['/api/v1/compliance-policies']['get']['responses'][200]['content']['application/json']['items'][number];
const col = createColumnHelper<Policy>();
const columns = [
  col.accessor('displayName', { header: 'Name', cell: (c) => <Anchor component={Link} to={`/compliance/${c.row.original.id}`}>{c.getValue()}</Anchor> }),
  col.accessor('platform', { header: 'Platform', cell: (c) => platformLabel(c.getValue()) }),
  col.accessor((p) => p.settings.length, { id: 'evaluated', header: 'Settings evaluated' }),
  col.accessor((p) => p.notEvaluated.length, { id: 'notEvaluated', header: 'Not evaluated' }),
  col.accessor((p) => p.scheduledActions.map((a) => `${actionTypeLabel(a.actionType)} after ${a.gracePeriodHours} h`).join(', '), { id: 'actions', header: 'Actions for noncompliance', cell: (c) => <Text size="sm">{c.getValue() || '—'}</Text> }),
  col.accessor('updatedAt', { header: 'Changed', cell: (c) => ago(c.getValue()) }),
];

/** Compliance policies: list, and the ways to add one (form, Graph import), tenant settings and message templates. */
export default function CompliancePoliciesPage() {
  const session = useSession();
  const mayManage = can(session.data, 'policies.manage');
  const policies = useQuery({ queryKey: ['compliance-policies'], queryFn: () => unwrap(api.GET('/api/v1/compliance-policies', { params: { query: { limit: 500 } } })) });
  return (
    <Page title="Compliance policies" actions={
      <>
        <Button component={Link} to="/compliance/settings" variant="default">Tenant settings</Button>
        <Button component={Link} to="/compliance/templates" variant="default">Message templates</Button>
        {mayManage ? <Button component={Link} to="/compliance/import" variant="light">Import Graph JSON</Button> : null}
        {mayManage ? <Button component={Link} to="/compliance/new">Create a policy</Button> : null}
      </>
    }>
      {policies.error ? <ProblemAlert error={policies.error} /> : null}
      <DataTable label="Compliance policies" data={policies.data?.items ?? []} columns={columns} loading={policies.isPending} rowId={(p) => p.id} empty="No compliance policy yet: create one or import an Intune export." />
    </Page>
  );
}
