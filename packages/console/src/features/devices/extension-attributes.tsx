import { useState } from 'react';
import { Button, Group, List, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { notify } from '../../ui/notify';
import { ProblemAlert } from '../../ui/problem-alert';

type AttributePatch = NonNullable<NonNullable<paths['/api/v1/devices/{id}']['patch']['requestBody']>['content']['application/json']['extensionAttributes']>;
type AttributeName = keyof AttributePatch;

/** The 15 extension attributes of Entra/Intune devices, in order. */
export const EXTENSION_ATTRIBUTES: readonly AttributeName[] = [
  'extensionAttribute1', 'extensionAttribute2', 'extensionAttribute3', 'extensionAttribute4', 'extensionAttribute5',
  'extensionAttribute6', 'extensionAttribute7', 'extensionAttribute8', 'extensionAttribute9', 'extensionAttribute10',
  'extensionAttribute11', 'extensionAttribute12', 'extensionAttribute13', 'extensionAttribute14', 'extensionAttribute15',
];

/** The PATCH body for changed attributes: a cleared field is sent as null (removes it). */
export function extensionAttributePatch(before: Record<string, unknown>, after: Record<string, string>): AttributePatch {
  const patch: AttributePatch = {};
  for (const name of EXTENSION_ATTRIBUTES) {
    const old = typeof before[name] === 'string' ? before[name] : '';
    const value = (after[name] ?? '').trim();
    if (value !== old) patch[name] = value === '' ? null : value;
  }
  return patch;
}

/** One line per change, for the confirmation: "extensionAttribute3: "emea" → removed". */
export function changeLines(before: Record<string, unknown>, patch: AttributePatch): string[] {
  return Object.entries(patch).map(([name, value]) => {
    const old = typeof before[name] === 'string' ? `"${before[name]}"` : 'not set';
    return `${name}: ${old} → ${value === null || value === undefined ? 'removed' : `"${value}"`}`;
  });
}

/** "Set extension attributes": edit the 15 attributes, then confirm the list of changes before they are saved (audited). */
export function ExtensionAttributesAction({ deviceId, current }: { deviceId: string; current: Record<string, unknown> }) {
  const client = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const patch = extensionAttributePatch(current, values);
  const changes = changeLines(current, patch);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/devices/{id}', { params: { path: { id: deviceId } }, body: { extensionAttributes: patch } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['device', deviceId] });
      notify(changes.length === 1 ? 'Extension attribute saved' : `${changes.length} extension attributes saved`);
      close();
    },
  });
  const start = () => {
    setValues(Object.fromEntries(EXTENSION_ATTRIBUTES.map((n) => [n, typeof current[n] === 'string' ? current[n] : ''])));
    setConfirming(false);
    save.reset();
    open();
  };
  return (
    <>
      <Button variant="light" onClick={start}>Set extension attributes</Button>
      <Modal opened={opened} onClose={close} title={confirming ? 'Save these changes?' : 'Extension attributes'} size="lg" centered>
        {confirming ? (
          <Stack>
            <Text size="sm">Dynamic groups whose rules read these attributes are re-evaluated, and the change is written to the audit log.</Text>
            <List size="sm">{changes.map((line) => <List.Item key={line}>{line}</List.Item>)}</List>
            {save.error ? <ProblemAlert error={save.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>Back</Button>
              <Button loading={save.isPending} onClick={() => save.mutate()}>{changes.length === 1 ? 'Save 1 change' : `Save ${changes.length} changes`}</Button>
            </Group>
          </Stack>
        ) : (
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {EXTENSION_ATTRIBUTES.map((n) => <TextInput key={n} label={n} maxLength={1024} value={values[n] ?? ''} onChange={(e) => { const v = e.currentTarget.value; setValues((x) => ({ ...x, [n]: v })); }} />)}
            </SimpleGrid>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button disabled={changes.length === 0} onClick={() => setConfirming(true)}>Review changes</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
