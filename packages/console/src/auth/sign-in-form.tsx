import { useState, type FormEvent } from 'react';
import { Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { ProblemAlert } from '../ui/problem-alert';
import { lastTenant, useSignIn, type SignInKind } from './session';

/** The sign-in form: organisation domain, user name, password (admin console or portal session). */
export function SignInForm({ kind, title, intro }: { kind: SignInKind; title: string; intro: string }) {
  const signIn = useSignIn();
  const [tenant, setTenant] = useState(lastTenant);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ tenant: tenant.trim(), username: username.trim(), password, kind });
  };
  return (
    <Paper withBorder shadow="sm" p="lg" maw={420} mx="auto" mt="xl" component="main">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <Stack>
          <Title order={1} size="h2" id="sign-in-title">{title}</Title>
          <Text c="dimmed" size="sm">{intro}</Text>
          <TextInput label="Organization domain" description="For example demo.verity.local" autoComplete="organization" required value={tenant} onChange={(e) => setTenant(e.currentTarget.value)} />
          <TextInput label="User name" autoComplete="username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
          <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {signIn.error ? <ProblemAlert error={signIn.error} title="Sign-in failed" /> : null}
          <Button type="submit" loading={signIn.isPending}>Sign in</Button>
        </Stack>
      </form>
    </Paper>
  );
}
