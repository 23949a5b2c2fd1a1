import { useEffect, type ReactNode } from 'react';
import { Group, Stack, Title } from '@mantine/core';

/** A page: its one h1 (also the document title) and the actions beside it. */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => { document.title = `${title} · Verity`; }, [title]);
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">{title}</Title>
        {actions ? <Group gap="xs" wrap="wrap">{actions}</Group> : null}
      </Group>
      {children}
    </Stack>
  );
}
