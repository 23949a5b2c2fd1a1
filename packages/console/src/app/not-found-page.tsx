import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../ui/page';

/** A console path that does not exist. */
export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <Text>There is no page at this address. <Anchor component={Link} to="/">Go to the dashboard</Anchor>.</Text>
    </Page>
  );
}
