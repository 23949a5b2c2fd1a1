import { useState } from 'react';
import { Button, Card, Code, Group, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { ConfirmAction } from '../../ui/confirm-action';
import { Page } from '../../ui/page';
import { ProblemAlert } from '../../ui/problem-alert';
import { notify } from '../../ui/notify';

const NEW = '__new__';
const TOKENS = ['UserName', 'DeviceName', 'DeviceId', 'OSAndVersion', 'PolicyName', 'FailingSettings', 'PortalUrl'];

/** Notification message templates for the noncompliance e-mail: edit a locale's subject and text, with a live preview. */
export default function MessageTemplatesPage() {
  const session = useSession();
  const client = useQueryClient();
  const mayManage = can(session.data, 'policies.manage');
  const templates = useQuery({ queryKey: ['message-templates'], queryFn: () => unwrap(api.GET('/api/v1/notification-message-templates')) });
  const [selected, setSelected] = useState<string>(NEW);
  const [name, setName] = useState('');
  const [locale, setLocale] = useState('en-US');
  const [subject, setSubject] = useState('Action needed: {{DeviceName}} is not compliant');
  const [body, setBody] = useState('Hello {{UserName}},\n\nYour device {{DeviceName}} does not meet "{{PolicyName}}".\n\nWhat to fix:\n{{FailingSettings}}\n\nDetails: {{PortalUrl}}');
  const [debounced] = useDebouncedValue(`${subject}\u0000${body}`, 400);
  const [previewSubject = '', previewBody = ''] = debounced.split('\u0000');
  const preview = useQuery({
    queryKey: ['template-preview', debounced],
    queryFn: () => unwrap(api.POST('/api/v1/notification-message-templates/preview', { body: { subject: previewSubject, messageTemplate: previewBody } })),
  });
  const pick = (id: string | null) => {
    const t = templates.data?.value.find((x) => x.id === id);
    setSelected(t ? t.id : NEW);
    if (!t) { setName(''); return; }
    const m = t.localizedNotificationMessages.find((x) => x.isDefault) ?? t.localizedNotificationMessages[0];
    setName(t.displayName); setLocale(m?.locale ?? t.defaultLocale); setSubject(m?.subject ?? ''); setBody(m?.messageTemplate ?? '');
  };
  const save = useMutation({
    mutationFn: async () => {
      const messages = [{ locale, subject, messageTemplate: body, isDefault: true }];
      if (selected === NEW) return unwrap(api.POST('/api/v1/notification-message-templates', { body: { displayName: name.trim(), defaultLocale: locale, localizedNotificationMessages: messages } }));
      return unwrap(api.PATCH('/api/v1/notification-message-templates/{id}', { params: { path: { id: selected } }, body: { displayName: name.trim(), defaultLocale: locale, localizedNotificationMessages: messages } }));
    },
    onSuccess: async (t) => { notify('Template saved'); setSelected(t.id); await client.invalidateQueries({ queryKey: ['message-templates'] }); },
  });
  return (
    <Page title="Message templates">
      <Text size="sm" c="dimmed">The e-mail a user gets when a "notification" action for noncompliance runs. Tokens: {TOKENS.map((t) => `{{${t}}}`).join(' ')}</Text>
      {templates.error ? <ProblemAlert error={templates.error} /> : null}
      <Group align="flex-end">
        <Select label="Template" w={320} allowDeselect={false} value={selected} onChange={pick}
          data={[{ value: NEW, label: mayManage ? 'New template' : 'Sample' }, ...(templates.data?.value ?? []).map((t) => ({ value: t.id, label: t.displayName }))]} />
        {mayManage && selected !== NEW ? (
          <ConfirmAction label="Delete" title={`Delete ${name}`} description="Policies that name this template send the default message instead." done="Template deleted"
            onConfirm={async () => { await unwrap(api.DELETE('/api/v1/notification-message-templates/{id}', { params: { path: { id: selected } } })); pick(null); await client.invalidateQueries({ queryKey: ['message-templates'] }); }} />
        ) : null}
      </Group>
      <Group align="flex-start" grow wrap="wrap">
        <Stack miw={280}>
          <TextInput label="Name" required maxLength={256} value={name} onChange={(e) => setName(e.currentTarget.value)} readOnly={!mayManage} />
          <TextInput label="Locale" maxLength={35} value={locale} onChange={(e) => setLocale(e.currentTarget.value)} readOnly={!mayManage} />
          <TextInput label="Subject" maxLength={1024} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} readOnly={!mayManage} />
          <Textarea label="Message" autosize minRows={6} maxLength={16_384} value={body} onChange={(e) => setBody(e.currentTarget.value)} readOnly={!mayManage} />
          {save.error ? <ProblemAlert error={save.error} /> : null}
          {mayManage ? <Group><Button loading={save.isPending} disabled={name.trim() === ''} onClick={() => save.mutate()}>Save</Button></Group> : null}
        </Stack>
        <Card withBorder miw={280} component="section" aria-label="Preview">
          <Title order={2} size="h5" mb="xs">Preview with sample values</Title>
          {preview.error ? <ProblemAlert error={preview.error} /> : null}
          {preview.data ? (
            <Stack gap="xs">
              <Text size="sm" fw={600} data-testid="template-preview-subject">{preview.data.subject}</Text>
              <Code block style={{ whiteSpace: 'pre-wrap' }}>{preview.data.body}</Code>
            </Stack>
          ) : null}
        </Card>
      </Group>
    </Page>
  );
}
