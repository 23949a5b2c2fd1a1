// The portal's "Sign-in methods" card: the user's passkeys (add with the browser's WebAuthn
// ceremony through @simplewebauthn/browser, remove with confirmation) and the PIN and passkey policy
// in force for them, each value with where it comes from (identity issue 13, docs/identity.md).
import { useState } from 'react';
import { Anchor, Button, Card, Group, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { startRegistration } from '@simplewebauthn/browser';
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { ConfirmAction } from '../ui/confirm-action';
import { formatTime, formatValue } from '../ui/labels';
import { notify } from '../ui/notify';
import { ProblemAlert } from '../ui/problem-alert';

type Security = paths['/api/v1/me/security']['get']['responses'][200]['content']['application/json'];
type PolicySource = Security['effectivePolicy']['pin'][string]['source'];

const SECURITY_KEY = ['me', 'security'] as const;

/** Where a policy value comes from, in words. */
export function sourceLabel(source: PolicySource): string {
  if (source.kind === 'profile') return `profile ${source.displayName ?? source.profileId ?? ''}`.trim();
  return source.kind === 'tenant' ? 'your organization (tenant-wide)' : 'Verity default';
}

/** Register a passkey on this browser or a security key: options from the server, the ceremony, the answer back. */
async function addPasskey(displayName: string): Promise<void> {
  const { transaction, options } = await unwrap(api.POST('/api/v1/me/passkeys/options'));
  const response = await startRegistration({ optionsJSON: options });
  // The library's extension outputs are an interface; the API's schema says "any JSON object": copy it into one.
  const body = { transaction, response: { ...response, clientExtensionResults: { ...response.clientExtensionResults } }, displayName: displayName || 'Passkey' };
  await unwrap(api.POST('/api/v1/me/passkeys', { body }));
}

function Passkeys({ security }: { security: Security }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: () => addPasskey(name.trim()),
    onSuccess: async () => { notify('Passkey added'); setName(''); await client.invalidateQueries({ queryKey: SECURITY_KEY }); },
  });
  const remove = async (id: string) => {
    await unwrap(api.DELETE('/api/v1/me/passkeys/{id}', { params: { path: { id } } }));
    await client.invalidateQueries({ queryKey: SECURITY_KEY });
  };
  return (
    <Stack gap="xs">
      {security.passkeys.length === 0 ? <Text size="sm">You have no passkey yet. A passkey signs you in without a password and cannot be phished.</Text> : (
        <Table aria-label="Your passkeys" withTableBorder>
          <Table.Thead><Table.Tr><Table.Th scope="col">Name</Table.Th><Table.Th scope="col">Added</Table.Th><Table.Th scope="col">Last used</Table.Th><Table.Th scope="col"><VisuallyHidden>Actions</VisuallyHidden></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {security.passkeys.map((k) => (
              <Table.Tr key={k.id}>
                <Table.Td>{k.displayName}{k.backedUp ? ' (synced)' : ''}</Table.Td>
                <Table.Td>{formatTime(k.createdAt)}</Table.Td>
                <Table.Td>{formatTime(k.lastUsedAt)}</Table.Td>
                <Table.Td>
                  <ConfirmAction label={`Remove ${k.displayName}`} title={`Remove the passkey "${k.displayName}"?`} description="You can no longer sign in with it. Add another passkey first if it is your only way in without a password."
                    done="Passkey removed" onConfirm={() => remove(k.id)} buttonProps={{ size: 'xs', variant: 'light' }} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="flex-end" gap="xs" wrap="wrap">
        <TextInput label="Name of the new passkey" placeholder="For example: work laptop" maxLength={64} value={name} onChange={(e) => setName(e.currentTarget.value)} w={260} />
        <Button variant="light" loading={add.isPending} onClick={() => add.mutate()}>Add a passkey</Button>
      </Group>
      {add.error ? <ProblemAlert error={add.error} title="The passkey was not added" /> : null}
    </Stack>
  );
}

function EffectivePolicy({ policy }: { policy: Security['effectivePolicy'] }) {
  return (
    <Stack gap="xs">
      <Table aria-label="Your PIN policy" withTableBorder>
        <Table.Thead><Table.Tr><Table.Th scope="col">Setting</Table.Th><Table.Th scope="col">Value</Table.Th><Table.Th scope="col">From</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {Object.entries(policy.pin).map(([setting, v]) => (
            <Table.Tr key={setting}>
              <Table.Td>{setting}</Table.Td>
              <Table.Td>{formatValue(v.value)}</Table.Td>
              <Table.Td>
                {sourceLabel(v.source)}
                {v.conflicts.length > 0 ? <Text size="xs" c="dimmed">Also set by {v.conflicts.map((c) => `${c.displayName} (${formatValue(c.value)})`).join(', ')}; the stricter value applies.</Text> : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm">Passwords need at least {policy.password.minimumLength} characters and may not repeat your last {policy.password.historyCount}. {policy.passkeys.allowedAaguids.length > 0 ? `Only ${policy.passkeys.allowedAaguids.length} approved passkey model(s) are accepted.` : 'Any passkey is accepted.'}</Text>
    </Stack>
  );
}

/** The signed-in user's passkeys and the PIN and passkey policy in force for them. */
export function SecurityPanel() {
  const security = useQuery({ queryKey: SECURITY_KEY, queryFn: () => unwrap(api.GET('/api/v1/me/security')) });
  return (
    <Card withBorder component="section" aria-labelledby="security-title">
      <Title order={2} size="h4" id="security-title" mb="xs">Passkeys and sign-in policy</Title>
      {security.error ? <ProblemAlert error={security.error} /> : null}
      {security.data ? (
        <Stack>
          <Passkeys security={security.data} />
          <Title order={3} size="h5">Your PIN and passkey policy</Title>
          <EffectivePolicy policy={security.data.effectivePolicy} />
          <Text size="sm">Authenticator app: {security.data.totp?.status === 'active' ? `on, ${security.data.recoveryCodesLeft} recovery codes left` : 'not set up'}. <Anchor href="/identity/security">Set up an authenticator app or a device PIN</Anchor>.</Text>
        </Stack>
      ) : security.isPending ? <Text size="sm" c="dimmed">Loading…</Text> : null}
    </Card>
  );
}
