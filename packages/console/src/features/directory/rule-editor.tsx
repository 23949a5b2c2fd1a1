import { Alert, Anchor, Code, List, Stack, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../ui/problem-alert';
import { diagnoseRule, locate } from './rule-diagnostics';

/**
 * The dynamic membership rule editor: the rule is parsed on every keystroke (with the server's
 * parser), an error is shown with a caret under its position, and a valid rule is previewed
 * against the tenant's users or devices (debounced, read-only).
 */
export function RuleEditor({ value, onChange, memberKind }: { value: string; onChange: (rule: string) => void; memberKind: 'user' | 'device' }) {
  const diagnostics = value.trim() === '' ? null : diagnoseRule(value);
  const [debounced] = useDebouncedValue(value, 500);
  const valid = debounced.trim() !== '' && diagnoseRule(debounced).ok;
  const preview = useQuery({
    queryKey: ['rule-preview', memberKind, debounced], enabled: valid,
    queryFn: () => unwrap(api.POST('/api/v1/groups/rule-preview', { body: { memberKind, membershipRule: debounced, sampleSize: 10 } })),
  });
  const where = diagnostics && !diagnostics.ok ? locate(value, diagnostics.position) : null;
  return (
    <Stack gap="xs">
      <Textarea label="Membership rule" description={memberKind === 'device' ? 'For example: device.platform -eq "windows" -and device.ownership -eq "corporate"' : 'For example: user.department -eq "Sales"'}
        autosize minRows={2} maxLength={3072} value={value} onChange={(e) => onChange(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }}
        error={diagnostics && !diagnostics.ok ? `${diagnostics.message}${diagnostics.expected && diagnostics.expected.length <= 120 ? ` (expected ${diagnostics.expected})` : ''}` : undefined}
        aria-describedby={where ? 'rule-error-position' : undefined} />
      {where ? (
        <Code block id="rule-error-position" data-testid="rule-error-position" aria-label={`Error at line ${where.line}, column ${where.column}`}>
          {where.text}{'\n'}{' '.repeat(where.column - 1)}^ line {where.line}, column {where.column}
        </Code>
      ) : null}
      {preview.error ? <ProblemAlert error={preview.error} title="Preview failed" /> : null}
      {valid && preview.data ? (
        <Alert color="indigo" title="Who matches now" role="status" aria-live="polite">
          <Text size="sm" data-testid="rule-preview-count">
            {preview.data.matched.toLocaleString()} of {preview.data.scanned.toLocaleString()} {memberKind === 'device' ? 'devices' : 'users'} match{preview.data.complete ? '' : ' (the first ones read; the tenant has more)'}.
          </Text>
          <List size="sm">
            {preview.data.sample.map((m) => (
              <List.Item key={m.id}>{memberKind === 'device' ? <Anchor component={Link} to={`/devices/${m.id}`}>{m.displayName}</Anchor> : m.displayName}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}
