import { AppShell, Anchor, Badge, Burger, Button, Center, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { can, useSession, useSignOut } from '../auth/session';
import { ProblemAlert } from '../ui/problem-alert';
import { NAV_ITEMS, isActive } from './navigation';

/** The admin console's frame: header (who is signed in, sign out), navigation by role, the page. */
export function AdminShell() {
  const session = useSession();
  const signOut = useSignOut();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  if (session.isPending) return <Center p="xl"><Loader aria-label="Loading" /></Center>;
  if (session.error) return <Center p="xl"><ProblemAlert error={session.error} /></Center>;
  if (!session.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const s = session.data;
  if (s.kind !== 'admin' || !s.admin) {
    return (
      <Center p="xl">
        <Stack maw={480}>
          <Title order={1} size="h2">This account is not an administrator</Title>
          <Text>You are signed in as {s.user.displayName}. <Anchor component={Link} to="/portal">See your devices</Anchor>, or sign out and sign in with an admin account.</Text>
          <Button variant="default" onClick={() => signOut.mutate()}>Sign out</Button>
        </Stack>
      </Center>
    );
  }
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Anchor component={Link} to="/" fw={700} size="lg" underline="never">Verity</Anchor>
            <Text size="sm" c="dimmed" visibleFrom="sm">{s.tenant.name}</Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" visibleFrom="md">{s.user.displayName}</Text>
            <Badge variant="light" visibleFrom="xs">{s.admin.role}{s.admin.scopeTags.length > 0 ? ` · ${s.admin.scopeTags.join(', ')}` : ''}</Badge>
            <Button size="xs" variant="default" onClick={() => signOut.mutate()} loading={signOut.isPending}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Console sections">

          {NAV_ITEMS.filter((item) => can(s, item.permission)).map((item) => (
            <NavLink key={item.to} component={Link} to={item.to} label={item.label} active={isActive(item, location.pathname)} onClick={close} />
          ))}
          <NavLink component={Link} to="/portal" label="My devices (portal)" onClick={close} />

      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
