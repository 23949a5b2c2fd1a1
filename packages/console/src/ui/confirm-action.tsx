import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ProblemAlert } from './problem-alert';
import { notify } from './notify';

/**
 * A button that asks before it acts: a dialog says what will happen, optionally takes a reason
 * (written to the audit log), runs the action, and shows the API's answer in plain words if it fails.
 */
export function ConfirmAction({ label, title, description, confirmLabel, withReason, color = 'red', onConfirm, done, buttonProps }: {
  label: string; title: string; description: ReactNode; confirmLabel?: string; withReason?: boolean; color?: string;
  onConfirm: (reason: string | undefined) => Promise<unknown>; done: string; buttonProps?: ButtonProps;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim() === '' ? undefined : reason.trim());
      notify(done);
      close();
      setReason('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="light" color={color} onClick={open} {...buttonProps}>{label}</Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack>
          <Text size="sm">{description}</Text>
          {withReason ? <Textarea label="Reason (kept in the audit log)" maxLength={1024} value={reason} onChange={(e) => setReason(e.currentTarget.value)} /> : null}
          {error ? <ProblemAlert error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button color={color} loading={busy} onClick={() => void run()}>{confirmLabel ?? label}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
