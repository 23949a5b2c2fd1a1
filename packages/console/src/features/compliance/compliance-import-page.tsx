import { useState } from 'react';
import { Anchor, Button, FileButton, Group, JsonInput, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { ImportReportView, type ImportReport } from './import-report';

/** The text of an uploaded export: UTF-8, or UTF-16 with a byte-order mark (how Windows PowerShell writes JSON). */
export function decodeExport(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Import a compliance policy from Intune's Graph JSON (pasted or a file): check first, then import, with the report. */
export default function ComplianceImportPage() {
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<{ report: ImportReport; dryRun: boolean; id: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = async (file: File | null) => {
    if (!file) return;
    setFileName(file.name);
    setText(decodeExport(new Uint8Array(await file.arrayBuffer())));
    setResult(null);
  };
  const run = async (dryRun: boolean) => {
    setBusy(true); setError(null); setResult(null);
    try {
      let body: unknown;
      try { body = JSON.parse(text); } catch (e) {
        throw new ApiProblem(400, 'CONSOLE_JSON_INVALID', `This is not JSON: ${(e as Error).message}`);
      }
      const out = await unwrap(api.POST('/api/v1/compliance-policies', { params: { query: { dryRun: dryRun ? 'true' : 'false' } }, body }));
      setResult({ report: out.report, dryRun, id: out.policy.id });
      if (!dryRun) await client.invalidateQueries({ queryKey: ['compliance-policies'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Import a compliance policy">
      <Text size="sm" c="dimmed">Paste a policy exported from Intune (Graph JSON: windows10CompliancePolicy, macOSCompliancePolicy, iosCompliancePolicy, Android, or a Linux settings-catalog policy), or choose the file.</Text>
      <Stack>
        <Group>
          <FileButton onChange={(f) => void load(f)} accept="application/json,.json">{(props) => <Button variant="light" {...props}>Choose a file</Button>}</FileButton>
          {fileName ? <Text size="sm">{fileName}</Text> : null}
        </Group>
        <JsonInput label="Graph JSON" autosize minRows={8} maxRows={24} value={text} onChange={(v) => { setText(v); setResult(null); }} validationError="Not valid JSON yet" formatOnBlur />
        {error ? <ProblemAlert error={error} title="The policy was not imported" /> : null}
        {result ? <ImportReportView report={result.report} dryRun={result.dryRun} /> : null}
        {result && !result.dryRun && result.id ? <Anchor component={Link} to={`/compliance/${result.id}`}>Open the imported policy to assign it</Anchor> : null}
        <Group justify="flex-end">
          <Button variant="default" disabled={text.trim() === ''} loading={busy} onClick={() => void run(true)}>Check</Button>
          <Button disabled={text.trim() === ''} loading={busy} onClick={() => void run(false)}>Import</Button>
        </Group>
      </Stack>
    </Page>
  );
}
