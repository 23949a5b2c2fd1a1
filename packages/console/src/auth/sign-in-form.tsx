import { useState, type FormEvent } from 'react';
import { Anchor, Button, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { ApiProblem, type StepUp } from '../api/problem';
import { ProblemAlert } from '../ui/problem-alert';
import { lastTenant, useSignIn, type SignInKind } from './session';

/** The methods of a step-up this browser can offer (a device PIN needs the enrolled device's own key). */
export function browserStepUpMethods(stepUp: StepUp): ('totp' | 'recoveryCode' | 'passkey')[] {
  return (['passkey', 'totp', 'recoveryCode'] as const).filter((m) => stepUp.methods.includes(m));
}

/** The second step: conditional access asked for more than a password; one of the user's other methods. */
function StepUpForm({ stepUp, onCancel }: { stepUp: StepUp; onCancel: () => void }) {
  const signIn = useSignIn();
  const methods = browserStepUpMethods(stepUp);
  const [codeKind, setCodeKind] = useState<'totp' | 'recoveryCode'>(methods.includes('totp') ? 'totp' : 'recoveryCode');
  const [code, setCode] = useState('');
  const hasCode = methods.includes('totp') || methods.includes('recoveryCode');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ via: 'step', transaction: stepUp.transaction, method: codeKind, code: code.trim() });
  };
  return (
    <Stack>
      <Text size="sm">Your organization asks for a second proof that it is you.</Text>
      {methods.includes('passkey') ? <Button variant={hasCode ? 'light' : 'filled'} onClick={() => signIn.mutate({ via: 'step-passkey', transaction: stepUp.transaction })} loading={signIn.isPending && signIn.variables?.via === 'step-passkey'}>Use a passkey</Button> : null}
      {hasCode ? (
        <form onSubmit={submit} aria-label="Second step">
          <Stack>
            <TextInput label={codeKind === 'totp' ? 'Code from your authenticator app' : 'Recovery code'} autoComplete="one-time-code" inputMode={codeKind === 'totp' ? 'numeric' : 'text'} required value={code} onChange={(e) => setCode(e.currentTarget.value)} />
            <Button type="submit" loading={signIn.isPending && signIn.variables?.via === 'step'}>Continue</Button>
            {methods.includes('totp') && methods.includes('recoveryCode') ? (
              <Anchor component="button" type="button" size="sm" onClick={() => { setCodeKind(codeKind === 'totp' ? 'recoveryCode' : 'totp'); setCode(''); }}>
                {codeKind === 'totp' ? 'Use a recovery code instead' : 'Use the authenticator app instead'}
              </Anchor>
            ) : null}
          </Stack>
        </form>
      ) : null}
      {methods.length === 0 ? <Text size="sm">None of your sign-in methods can be used in this browser. Set up an authenticator app or a passkey first.</Text> : null}
      {signIn.error ? <ProblemAlert error={signIn.error} title="Sign-in failed" /> : null}
      <Anchor component="button" type="button" size="sm" onClick={onCancel}>Start again</Anchor>
    </Stack>
  );
}

/** The sign-in form: organisation domain, then a passkey, or user name and password (with step-up when a policy asks for it). */
export function SignInForm({ kind, title, intro }: { kind: SignInKind; title: string; intro: string }) {
  const signIn = useSignIn();
  const [tenant, setTenant] = useState(lastTenant);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const stepUp = signIn.error instanceof ApiProblem ? signIn.error.stepUp : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ via: 'password', credentials: { tenant: tenant.trim(), username: username.trim(), password, kind } });
  };
  const passkey = () => {
    if (tenant.trim() === '') return;
    signIn.mutate({ via: 'passkey', tenant: tenant.trim(), kind });
  };
  return (
    <Paper withBorder shadow="sm" p="lg" maw={420} mx="auto" mt="xl" component="main">
      <Stack>
        <Title order={1} size="h2" id="sign-in-title">{title}</Title>
        {stepUp ? <StepUpForm stepUp={stepUp} onCancel={() => { signIn.reset(); setPassword(''); }} /> : (
          <>
            <Text c="dimmed" size="sm">{intro}</Text>
            <form onSubmit={submit} aria-labelledby="sign-in-title">
              <Stack>
                <TextInput label="Organization domain" description="For example demo.verity.local" autoComplete="organization" required value={tenant} onChange={(e) => setTenant(e.currentTarget.value)} />
                <TextInput label="User name" autoComplete="username webauthn" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
                <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
                {signIn.error ? <ProblemAlert error={signIn.error} title="Sign-in failed" /> : null}
                <Button type="submit" loading={signIn.isPending && signIn.variables?.via === 'password'}>Sign in</Button>
              </Stack>
            </form>
            <Divider label="or" labelPosition="center" />
            <Button variant="default" onClick={passkey} disabled={tenant.trim() === ''} loading={signIn.isPending && signIn.variables?.via === 'passkey'}>Sign in with a passkey</Button>
            {tenant.trim() === '' ? <Text size="xs" c="dimmed">Enter your organization domain to sign in with a passkey.</Text> : null}
          </>
        )}
      </Stack>
    </Paper>
  );
}
