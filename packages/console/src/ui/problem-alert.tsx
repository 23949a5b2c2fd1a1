import { Alert, List } from '@mantine/core';
import { fieldLines, plainWords } from '../api/problem';

/** A failed call in plain words, with the fields at fault (role="alert" so screen readers announce it). */
export function ProblemAlert({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  const fields = fieldLines(error);
  return (
    <Alert color="red" title={title} role="alert">
      {plainWords(error)}
      {fields.length > 0 ? <List size="sm" mt="xs">{fields.map((f) => <List.Item key={f}>{f}</List.Item>)}</List> : null}
    </Alert>
  );
}
