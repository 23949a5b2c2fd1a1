// Pending on issue 10 item 6: PATCH /api/v1/devices/{id} with extensionAttribute1..15 (and display
// name), audited. Shown when the server's OpenAPI lists the route.
import { useState } from 'react';
import { Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { callPendingRoute } from '../api/client';
import { ProblemAlert } from '../ui/problem-alert';
import { useOperationAvailable } from './api-capabilities';
import { notify } from '../ui/notify';

export const EXTENSION_ATTRIBUTES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`);

/** The PATCH body for changed attributes: a cleared field is sent as null (removes it). */
export function extensionAttributePatch(before: Record<string, unknown>, after: Record<string, string>): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const name of EXTENSION_ATTRIBUTES) {
    const old = typeof before[name] === 'string' ? (before[name] as string) : '';
    const value = (after[name] ?? '').trim();
    if (value !== old) patch[name] = value === '' ? null : value;
  }
  return patch;
}

/** "Set extension attributes": a dialog with the 15 attributes; nothing when the server cannot set them yet. */
export function ExtensionAttributesAction({ deviceId, current }: { deviceId: string; current: Record<string, unknown> }) {
  const available = useOperationAvailable('patch', '/api/v1/devices/{id}');
  const client = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!available) return null;
  const start = () => {
    setValues(Object.fromEntries(EXTENSION_ATTRIBUTES.map((n) => [n, typeof current[n] === 'string' ? (current[n] as string) : ''])));
    setError(null);
    open();
  };
  const save = async () => {
    setBusy(true);
    try {
      await callPendingRoute('PATCH', `/api/v1/devices/${encodeURIComponent(deviceId)}`, { extensionAttributes: extensionAttributePatch(current, values) });
      await client.invalidateQueries({ queryKey: ['device', deviceId] });
      notify('Extension attributes saved');
      close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="light" onClick={start}>Set extension attributes</Button>
      <Modal opened={opened} onClose={close} title="Extension attributes" size="lg" centered>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {EXTENSION_ATTRIBUTES.map((n) => <TextInput key={n} label={n} maxLength={1024} value={values[n] ?? ''} onChange={(e) => { const v = e.currentTarget.value; setValues((x) => ({ ...x, [n]: v })); }} />)}
          </SimpleGrid>
          {error ? <ProblemAlert error={error} /> : null}
          <Group justify="flex-end"><Button variant="default" onClick={close}>Cancel</Button><Button loading={busy} onClick={() => void save()}>Save</Button></Group>
        </Stack>
      </Modal>
    </>
  );
}
