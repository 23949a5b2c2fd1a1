import { useState } from 'react';
import { Alert, Button, Checkbox, Group, List, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { signInResultLabel } from '../../ui/labels';
import { ProblemAlert } from '../../ui/problem-alert';
import { StateBadge } from '../../ui/state-badge';
import { ScrollRegion } from '../../ui/scroll-region';

type WhatIfBody = paths['/api/v1/conditional-access/what-if']['post']['requestBody']['content']['application/json'];
type Decision = paths['/api/v1/conditional-access/what-if']['post']['responses'][200]['content']['application/json'];
const RISKS = ['none', 'low', 'medium', 'high'] as const;
type Risk = (typeof RISKS)[number];
const CLIENT_APPS = [{ value: 'browser', label: 'Browser' }, { value: 'mobileAppsAndDesktopClients', label: 'Mobile apps and desktop clients' }, { value: 'exchangeActiveSync', label: 'Exchange ActiveSync' }, { value: 'other', label: 'Other clients' }];
const PLATFORMS = ['windows', 'macOS', 'linux', 'iOS', 'android'];

/** The decision for a what-if request: every policy, whether it applied, the condition that decided it, what is missing. */
export function DecisionView({ decision }: { decision: Decision }) {
  return (
    <Stack>
      <Alert color={decision.result === 'grant' ? 'green' : decision.result === 'block' ? 'red' : 'yellow'} title={`Result: ${signInResultLabel(decision.result)}`} role="status" data-testid="what-if-result">
        {decision.reasons.map((r) => <Text key={r.code} size="sm">{r.message}</Text>)}
        {decision.missingControls.length > 0 ? <List size="sm">{decision.missingControls.map((m) => <List.Item key={m.control}>{m.message}</List.Item>)}</List> : null}
        <Text size="xs" c="dimmed" mt="xs">
          Resolved: {decision.signIn.userPrincipalName}, {decision.signIn.groupIds.length} groups, {decision.signIn.device ? `device ${decision.signIn.device.id} (${decision.signIn.device.complianceState ?? 'unknown'})` : 'no device'}.
        </Text>
      </Alert>
      <ScrollRegion label="Policies evaluated">
        <Table miw={560} aria-label="Policies evaluated">
          <Table.Thead><Table.Tr><Table.Th scope="col">Policy</Table.Th><Table.Th scope="col">Applied</Table.Th><Table.Th scope="col">Why</Table.Th><Table.Th scope="col">Result</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {decision.policies.map((p) => (
              <Table.Tr key={p.policyId}>
                <Table.Td>{p.displayName}{p.state !== 'enabled' ? ' (report-only)' : ''}</Table.Td>
                <Table.Td>{p.applied ? 'Yes' : 'No'}</Table.Td>
                <Table.Td><Text size="sm">{p.decidedBy.message}</Text>{p.missingControls.length > 0 ? <Text size="xs" c="dimmed">Missing: {p.missingControls.join(', ')}</Text> : null}</Table.Td>
                <Table.Td>{p.result === 'notApplied' ? '—' : <StateBadge state={p.result} label={signInResultLabel(p.result)} />}{p.reportOnlyResult ? ` ${p.reportOnlyResult}` : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </Stack>
  );
}

/** The what-if tool: imagine a sign-in and see what every policy would do (nothing is logged). */
export function WhatIf() {
  const [user, setUser] = useState('');
  const [appId, setAppId] = useState('');
  const [deviceId, setDeviceId] = useState('');
  const [ip, setIp] = useState('');
  const [clientAppType, setClientAppType] = useState<WhatIfBody['clientAppType']>('browser');
  const [platform, setPlatform] = useState<string | null>(null);
  const [signInRisk, setSignInRisk] = useState<Risk>('none');
  const [userRisk, setUserRisk] = useState<Risk>('none');
  const [mfa, setMfa] = useState(false);
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/conditional-access/what-if', { body: {
      user: user.trim(), appId: appId.trim() || null, deviceId: deviceId.trim() || null, ip: ip.trim() || null, clientAppType, signInRisk, userRisk,
      ...(platform ? { platform: platform as NonNullable<WhatIfBody['platform']> } : {}),
      satisfied: { mfa, authenticationStrength: null, passwordChanged: false, approvedApplication: false, compliantApplication: false },
    } })),
  });
  return (
    <Stack>
      <form onSubmit={(e) => { e.preventDefault(); run.mutate(); }}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput label="User" description="User principal name or id" required value={user} onChange={(e) => setUser(e.currentTarget.value)} />
            <TextInput label="Application id" description="Empty: any application" value={appId} onChange={(e) => setAppId(e.currentTarget.value)} />
            <TextInput label="Device id" description="Empty: a sign-in without a device" value={deviceId} onChange={(e) => setDeviceId(e.currentTarget.value)} />
            <Select label="Client app" allowDeselect={false} data={CLIENT_APPS} value={clientAppType} onChange={(v) => setClientAppType((v ?? 'browser') as WhatIfBody['clientAppType'])} />
            <Select label="Platform" clearable placeholder="The device's platform" data={PLATFORMS} value={platform} onChange={setPlatform} />
            <TextInput label="IP address" value={ip} onChange={(e) => setIp(e.currentTarget.value)} />
            <Select label="Sign-in risk" allowDeselect={false} data={[...RISKS]} value={signInRisk} onChange={(v) => setSignInRisk((v ?? 'none') as Risk)} />
            <Select label="User risk" allowDeselect={false} data={[...RISKS]} value={userRisk} onChange={(v) => setUserRisk((v ?? 'none') as Risk)} />
            <Checkbox label="The user completed MFA" checked={mfa} onChange={(e) => setMfa(e.currentTarget.checked)} mt="lg" />
          </SimpleGrid>
          <Group><Button type="submit" loading={run.isPending}>Run what-if</Button></Group>
        </Stack>
      </form>
      {run.error ? <ProblemAlert error={run.error} /> : null}
      {run.data ? <DecisionView decision={run.data} /> : null}
    </Stack>
  );
}
