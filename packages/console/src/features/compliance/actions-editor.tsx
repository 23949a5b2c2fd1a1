import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { actionTypeLabel } from '../../ui/labels';
import type { ActionRow } from './compliance-form-spec';

const ACTION_TYPES = ['block', 'notification', 'pushNotification', 'remoteLock', 'retire'];

/** Actions for noncompliance: what happens, after how many hours of grace (Graph scheduledActionConfigurations). */
export function ActionsEditor({ value, onChange }: { value: ActionRow[]; onChange: (rows: ActionRow[]) => void }) {
  const templates = useQuery({ queryKey: ['message-templates'], queryFn: () => unwrap(api.GET('/api/v1/notification-message-templates')) });
  const set = (i: number, patch: Partial<ActionRow>) => onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">Actions for noncompliance</Text>
      {value.map((row, i) => (
        <Group key={i} align="flex-end" gap="xs" wrap="wrap">
          <Select label="Action" w={200} allowDeselect={false} value={row.actionType} onChange={(v) => set(i, { actionType: v ?? 'block' })} data={ACTION_TYPES.map((a) => ({ value: a, label: actionTypeLabel(a) }))} />
          <NumberInput label="After (hours)" w={120} min={0} max={8760} value={row.gracePeriodHours} onChange={(v) => set(i, { gracePeriodHours: typeof v === 'number' ? v : 0 })} />
          {row.actionType === 'notification' ? (
            <Select label="Message template" w={220} clearable placeholder="Default message" value={row.notificationTemplateId ?? null}
              onChange={(v) => set(i, v ? { notificationTemplateId: v } : { notificationTemplateId: '' })}
              data={(templates.data?.value ?? []).map((t) => ({ value: t.id, label: t.displayName }))} />
          ) : null}
          <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove action ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>✕</ActionIcon>
        </Group>
      ))}
      <Group><Button variant="light" size="xs" onClick={() => onChange([...value, { actionType: 'notification', gracePeriodHours: 24 }])}>Add an action</Button></Group>
    </Stack>
  );
}
