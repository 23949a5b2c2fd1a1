// Pending on issue 13 (passkeys, effective PIN and passkey policy). The routes below are the shapes
// this console expects; they are shown only when the server's OpenAPI lists them, and must be
// checked against what issue 13 lands (see docs/console.md, "after the merge").
import { Alert, List, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { callPendingRoute } from '../api/client';
import { formatTime } from '../ui/labels';
import { ProblemAlert } from '../ui/problem-alert';
import { useOperationAvailable } from './api-capabilities';

export const PASSKEYS_PATH = '/api/v1/me/passkeys';
export const EFFECTIVE_POLICY_PATH = '/api/v1/me/effective-policy';
interface Passkey { id: string; name?: string; createdAt?: string; lastUsedAt?: string | null; deviceId?: string | null }
interface EffectiveValue { setting: string; value: unknown; source: string }

/** The signed-in user's passkeys and effective PIN/passkey policy, when the server offers them. */
export function PasskeysPanel() {
  const hasPasskeys = useOperationAvailable('get', PASSKEYS_PATH);
  const hasPolicy = useOperationAvailable('get', EFFECTIVE_POLICY_PATH);
  const passkeys = useQuery({ queryKey: ['me', 'passkeys'], enabled: hasPasskeys, queryFn: () => callPendingRoute<{ items: Passkey[] }>('GET', PASSKEYS_PATH) });
  const policy = useQuery({ queryKey: ['me', 'effective-policy'], enabled: hasPolicy, queryFn: () => callPendingRoute<{ items: EffectiveValue[] }>('GET', EFFECTIVE_POLICY_PATH) });
  if (!hasPasskeys && !hasPolicy) {
    return <Alert color="gray" title="Passkeys">Passkey sign-in is not enabled on this server yet. You sign in with your password.</Alert>;
  }
  return (
    <Stack>
      {passkeys.error ? <ProblemAlert error={passkeys.error} /> : null}
      {hasPasskeys ? (
        <List size="sm">{(passkeys.data?.items ?? []).map((k) => <List.Item key={k.id}>{k.name ?? k.id} · added {formatTime(k.createdAt)}{k.lastUsedAt ? ` · last used ${formatTime(k.lastUsedAt)}` : ''}</List.Item>)}</List>
      ) : null}
      {policy.error ? <ProblemAlert error={policy.error} /> : null}
      {hasPolicy ? (
        <>
          <Text fw={600} size="sm">Your PIN and passkey policy</Text>
          <List size="sm">{(policy.data?.items ?? []).map((v) => <List.Item key={v.setting}>{v.setting}: {String(v.value)} (from {v.source})</List.Item>)}</List>
        </>
      ) : null}
    </Stack>
  );
}
