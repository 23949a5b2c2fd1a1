import { useState } from 'react';
import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../ui/problem-alert';
import { ActionsEditor } from './actions-editor';
import { CLASSIC_FORMS, LINUX_FORM, classicDocument, classicValues, linuxDocument, type ActionRow, type FormValues, type LinuxValues } from './compliance-form-spec';
import { ImportReportView, type ImportReport } from './import-report';

export interface EditedPolicy { id: string; version: number; kind: string; exported: Record<string, unknown>; actions: ActionRow[] }

const PLATFORM_CHOICES = [...CLASSIC_FORMS.map((f) => ({ value: f.kind, label: f.label })), { value: LINUX_FORM.kind, label: LINUX_FORM.label }];
const DEFAULT_LINUX: LinuxValues = { distribution: 'ubuntu', minimumVersion: '22.04', encryption: true, firewall: true, secureBoot: false, automaticUpdates: false, minimumPasswordLength: 0 };

/**
 * Create a compliance policy with a form per platform, or edit a classic one: the form writes the
 * Graph document, "Check" runs the server's importer as a dry run and shows its report, "Save"
 * imports (new) or replaces it (edit, with If-Match on the version so a concurrent edit is refused).
 */
export function PolicyForm({ edited }: { edited?: EditedPolicy }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [kind, setKind] = useState(edited?.kind ?? 'windows10');
  const classic = CLASSIC_FORMS.find((f) => f.kind === kind);
  const exported = edited?.exported ?? {};
  const [name, setName] = useState(String(exported.displayName ?? exported.name ?? ''));
  const [description, setDescription] = useState(String(exported.description ?? ''));
  const [values, setValues] = useState<FormValues>(() => (classic && edited ? classicValues(classic, exported) : {}));
  const [linux, setLinux] = useState<LinuxValues>(DEFAULT_LINUX);
  const [actions, setActions] = useState<ActionRow[]>(edited?.actions ?? [{ actionType: 'block', gracePeriodHours: 0 }]);
  const [report, setReport] = useState<{ report: ImportReport; dryRun: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const doc = () => (classic ? classicDocument(classic, edited ? exported : {}, name.trim(), description.trim(), values, actions) : linuxDocument(name.trim(), description.trim(), linux, actions));
  const run = async (dryRun: boolean) => {
    setBusy(true); setError(null); setReport(null);
    try {
      if (edited && !dryRun) {
        await unwrap(api.PUT('/api/v1/compliance-policies/{id}', { params: { path: { id: edited.id } }, headers: { 'if-match': String(edited.version) }, body: doc() }));
        await client.invalidateQueries({ queryKey: ['compliance-policies'] });
        await client.invalidateQueries({ queryKey: ['compliance-policy', edited.id] });
        void navigate(`/compliance/${edited.id}`);
        return;
      }
      const out = await unwrap(api.POST('/api/v1/compliance-policies', { params: { query: { dryRun: dryRun ? 'true' : 'false' } }, body: doc() }));
      setReport({ report: out.report, dryRun });
      if (!dryRun && out.policy.id) {
        await client.invalidateQueries({ queryKey: ['compliance-policies'] });
        void navigate(`/compliance/${out.policy.id}`);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const setValue = (n: string, v: FormValues[string]) => setValues((x) => ({ ...x, [n]: v }));

  return (
    <form onSubmit={(e) => { e.preventDefault(); void run(false); }}>
      <Stack>
        {edited ? null : <Select label="Platform" allowDeselect={false} data={PLATFORM_CHOICES} value={kind} onChange={(v) => { setKind(v ?? 'windows10'); setValues({}); setReport(null); }} w={280} />}
        <TextInput label="Name" required maxLength={256} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Textarea label="Description" maxLength={4096} autosize minRows={1} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        {classic ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {classic.fields.map((f) => f.kind === 'boolean'
              ? <Switch key={f.name} label={f.label} checked={values[f.name] === true} onChange={(e) => setValue(f.name, e.currentTarget.checked)} />
              : f.kind === 'integer'
                ? <NumberInput key={f.name} label={f.label} min={f.min} max={f.max} value={typeof values[f.name] === 'number' ? (values[f.name] as number) : ''} onChange={(v) => setValue(f.name, typeof v === 'number' ? v : null)} />
                : <TextInput key={f.name} label={f.label} placeholder="e.g. 10.0.19045" value={typeof values[f.name] === 'string' ? (values[f.name] as string) : ''} onChange={(e) => setValue(f.name, e.currentTarget.value)} />)}
          </SimpleGrid>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Allowed distribution" allowDeselect={false} data={LINUX_FORM.distributions.map((d) => ({ value: d, label: d }))} value={linux.distribution} onChange={(v) => setLinux((x) => ({ ...x, distribution: v ?? 'ubuntu' }))} />
            <TextInput label="Minimum distribution version" value={linux.minimumVersion} onChange={(e) => { const v = e.currentTarget.value; setLinux((x) => ({ ...x, minimumVersion: v })); }} />
            <Switch label="Require disk encryption" checked={linux.encryption} onChange={(e) => { const c = e.currentTarget.checked; setLinux((x) => ({ ...x, encryption: c })); }} />
            <Switch label="Require the firewall" checked={linux.firewall} onChange={(e) => { const c = e.currentTarget.checked; setLinux((x) => ({ ...x, firewall: c })); }} />
            <Switch label="Require Secure Boot" checked={linux.secureBoot} onChange={(e) => { const c = e.currentTarget.checked; setLinux((x) => ({ ...x, secureBoot: c })); }} />
            <Switch label="Require automatic security updates" checked={linux.automaticUpdates} onChange={(e) => { const c = e.currentTarget.checked; setLinux((x) => ({ ...x, automaticUpdates: c })); }} />
            <NumberInput label="Minimum password length" min={0} max={64} value={linux.minimumPasswordLength} onChange={(v) => setLinux((x) => ({ ...x, minimumPasswordLength: typeof v === 'number' ? v : 0 }))} />
          </SimpleGrid>
        )}
        <ActionsEditor value={actions} onChange={setActions} />
        {error ? <ProblemAlert error={error} /> : null}
        {report ? <ImportReportView report={report.report} dryRun={report.dryRun} /> : null}
        <Group justify="flex-end">
          <Button variant="default" loading={busy} onClick={() => void run(true)}>Check</Button>
          <Button type="submit" loading={busy}>{edited ? 'Save changes' : 'Create the policy'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
