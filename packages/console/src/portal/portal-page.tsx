import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Center, Code, Container, CopyButton, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { plainWords } from '../api/problem';
import type { paths } from '../api/schema';
import { SignInForm } from '../auth/sign-in-form';
import { useSession, useSignOut, type Session } from '../auth/session';
import { noticeText } from './notice';
import { SecurityPanel } from './security-panel';
import { ago, platformLabel } from '../ui/labels';
import { ProblemAlert } from '../ui/problem-alert';
import { StateBadge } from '../ui/state-badge';
import { pushSupported, subscribeToPush } from './web-push';

type MyDevice = paths['/api/v1/me/devices']['get']['responses'][200]['content']['application/json']['items'][number];

/** One device: the server's sentences (portal/portal-device-view.ts) laid out; what is wrong, and how to fix it. */
function DeviceCard({ device }: { device: MyDevice }) {
  const { view } = device;
  const retired = device.status !== 'active';
  return (
    <Card withBorder component="article" aria-labelledby={`device-${device.id}`} data-device-id={device.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id={`device-${device.id}`}>{device.displayName}</Title>
          <StateBadge state={view.badge.state} label={view.badge.label} />
        </Group>
        <Text size="sm" c="dimmed">{[platformLabel(device.platform), device.osName, device.osVersion].filter(Boolean).join(' · ')} · last check-in {ago(device.lastCheckinAt)}</Text>
        {view.notice ? (
          retired ? <Text size="sm">{noticeText(view.notice)}</Text>
            : <Alert color={device.compliance.state === 'inGracePeriod' ? 'yellow' : 'red'} title="Action needed">{noticeText(view.notice)}</Alert>
        ) : null}
        {view.remarks.map((r) => <Text key={r} size="sm">{r}</Text>)}
        {view.fixes.map((f) => (
          <Card key={`${f.policy}-${f.problem}`} withBorder padding="sm" bg="red.0" data-setting-problem>
            <Text fw={600} size="sm">{f.problem}</Text>
            <Text size="sm" className="remediation">How to fix: {f.fix}</Text>
            <Text size="xs" c="dimmed">Policy: {f.policy}</Text>
          </Card>
        ))}
        {!retired && view.fixes.length === 0 && device.compliance.state === 'compliant' ? <Text size="sm">Everything is in order.</Text> : null}
      </Stack>
    </Card>
  );
}

function RegisterDevice({ session }: { session: Session }) {
  const ca = useQuery({ queryKey: ['ca'], queryFn: () => unwrap(api.GET('/api/v1/ca')) });
  const command = `echo '<your password>' | npm run agent -- enroll --server ${window.location.origin} --user ${session.user.userPrincipalName} --password-stdin --tenant ${session.tenant.domain} --ca-fingerprint ${ca.data?.fingerprint256 ?? '…'}`;
  return (
    <Stack gap="xs">
      <Text size="sm">To register a personal computer, install the Verity agent on it and run this in a terminal there (with your own password):</Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{command}</Code>
      <Group><CopyButton value={command}>{({ copied, copy }) => <Button variant="light" size="xs" onClick={copy}>{copied ? 'Copied' : 'Copy the command'}</Button>}</CopyButton></Group>
      <Text size="xs" c="dimmed">Then run <Code>npm run agent -- run --once</Code>; the device appears here with what to fix.</Text>
    </Stack>
  );
}

function PushOptIn() {
  const [state, setState] = useState<'idle' | 'busy' | 'on' | { error: string }>('idle');
  if (!pushSupported()) return <Text size="sm" c="dimmed">This browser cannot show notifications.</Text>;
  if (state === 'on') return <Text size="sm" role="status">Notifications are on for this browser.</Text>;
  return (
    <Stack gap="xs">
      <Group><Button variant="light" loading={state === 'busy'} onClick={() => { setState('busy'); subscribeToPush().then(() => setState('on')).catch((e: unknown) => setState({ error: plainWords(e) })); }}>Notify me on this browser</Button></Group>
      {typeof state === 'object' ? <Text size="sm" c="red" role="alert">Notifications could not be turned on: {state.error}</Text> : null}
    </Stack>
  );
}

/** The end-user portal: my devices, what is wrong with each and how to fix it; register a device; notifications; passkeys. */
export default function PortalPage() {
  const session = useSession();
  const signOut = useSignOut();
  const devices = useQuery({ queryKey: ['me', 'devices'], enabled: Boolean(session.data), queryFn: () => unwrap(api.GET('/api/v1/me/devices')) });
  if (session.isPending) return <Center p="xl"><Loader aria-label="Loading" /></Center>;
  if (!session.data) {
    return <Container size="sm" py="md"><SignInForm kind="portal" title="My devices" intro="Sign in with your work account to see your devices and how to keep them compliant." /></Container>;
  }
  const s = session.data;
  document.title = 'My devices · Verity';
  return (
    <Container size="md" py="md" component="main">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={1} size="h2">My devices</Title>
          <Group gap="xs">
            {s.kind === 'admin' ? <Anchor component={Link} to="/" size="sm">Admin console</Anchor> : null}
            <Button size="xs" variant="default" onClick={() => signOut.mutate()} loading={signOut.isPending}>Sign out</Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed" id="who">Signed in as {s.user.displayName} ({s.user.userPrincipalName}) <Badge variant="light" size="sm">{s.tenant.name}</Badge></Text>
        {devices.error ? <ProblemAlert error={devices.error} /> : null}
        {devices.isPending ? <Loader aria-label="Loading your devices" /> : null}
        {devices.data?.items.map((d) => <DeviceCard key={d.id} device={d} />)}
        {devices.data && devices.data.items.length === 0 ? <Text>No devices are registered to you yet.</Text> : null}
        <Card withBorder component="section" aria-labelledby="register-title">
          <Title order={2} size="h4" id="register-title" mb="xs">Register a personal device</Title>
          <RegisterDevice session={s} />
        </Card>
        <Card withBorder component="section" aria-labelledby="notify-title">
          <Title order={2} size="h4" id="notify-title" mb="xs">Notifications</Title>
          <Text size="sm" mb="xs">Get a notice on this browser when one of your devices stops being compliant.</Text>
          <PushOptIn />
        </Card>
        <SecurityPanel />
      </Stack>
    </Container>
  );
}

