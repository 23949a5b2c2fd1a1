import type { ReactNode } from 'react';
import { Anchor, Card, Group, List, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ProblemAlert } from '../../ui/problem-alert';

export interface ChartLink { label: string; count: number; to: string }

/**
 * A dashboard card: the chart for the eye, and the same numbers as a list of links for the keyboard
 * and screen readers (the chart itself is hidden from them, it repeats the list).
 */
export function ChartCard({ title, description, loading, error, links, children, footer }: {
  title: string; description?: string; loading: boolean; error: unknown; links: readonly ChartLink[]; children: ReactNode; footer?: ReactNode;
}) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Title order={2} size="h4">{title}</Title>
        {description ? <Text size="sm" c="dimmed">{description}</Text> : null}
        {error ? <ProblemAlert error={error} /> : loading ? <Skeleton height={200} /> : (
          <>
            {/* An empty chart (bare axes) says nothing the sentence below does not. */}
            {links.length > 0 || footer ? <div aria-hidden="true" style={{ width: '100%', height: 200 }}>{children}</div> : null}
            {links.length > 0 ? (
              <List size="sm" spacing={2} listStyleType="none">
                {links.map((l) => (
                  <List.Item key={l.to + l.label}>
                    <Group gap={6} wrap="nowrap"><Anchor component={Link} to={l.to}>{l.label}</Anchor><Text span size="sm">{l.count.toLocaleString()}</Text></Group>
                  </List.Item>
                ))}
              </List>
            ) : footer ? null : <Text size="sm" c="dimmed">No data yet.</Text>}
            {footer}
          </>
        )}
      </Stack>
    </Card>
  );
}
