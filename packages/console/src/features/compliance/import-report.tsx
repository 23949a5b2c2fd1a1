import { Alert, List, Stack, Text } from '@mantine/core';
import type { paths } from '../../api/schema';

export type ImportReport = paths['/api/v1/compliance-policies']['post']['responses'][201]['content']['application/json']['report'];

/** What an import evaluates and what it does not: the admin sees every setting's fate, none is silently dropped. */
export function ImportReportView({ report, dryRun }: { report: ImportReport; dryRun: boolean }) {
  return (
    <Alert color={report.notEvaluated.length > 0 ? 'yellow' : 'green'} title={dryRun ? 'Check passed: this is what Verity would evaluate' : 'Imported'} role="status">
      <Stack gap={6}>
        <Text size="sm">Kind {report.kind} ({report.odataType}).</Text>
        <Text size="sm" fw={600}>Evaluated ({report.evaluated.length})</Text>
        <Text size="sm">{report.evaluated.join(', ') || 'none'}</Text>
        {report.notEvaluated.length > 0 ? (
          <>
            <Text size="sm" fw={600}>Not evaluated ({report.notEvaluated.length}): kept and exported, but no device is judged on them</Text>
            <List size="sm">{report.notEvaluated.map((n) => <List.Item key={n.setting}>{n.setting}: {n.reason}</List.Item>)}</List>
          </>
        ) : null}
        {report.notConfigured.length > 0 ? <Text size="sm" c="dimmed">Present but not configured: {report.notConfigured.join(', ')}</Text> : null}
        {report.ignored.length > 0 ? <Text size="sm" c="dimmed">Metadata ignored: {report.ignored.map((i) => i.property).join(', ')}</Text> : null}
      </Stack>
    </Alert>
  );
}
