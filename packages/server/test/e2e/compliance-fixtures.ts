import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/** A real exported Windows 10/11 compliance policy (the engine's fixture). */
export function windowsPolicy(): Record<string, unknown> {
  const path = fileURLToPath(new URL('../../../core/test/fixtures/graph/compliance/windows10-baseline.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

const choice = (id: string, on: boolean) => ({
  '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicySetting',
  settingInstance: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: id, choiceSettingValue: { value: `${id}_${on}`, children: [] } },
});
const simpleInt = (id: string, value: number) => ({
  '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicySetting',
  settingInstance: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance', settingDefinitionId: id, simpleSettingValue: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationIntegerSettingValue', value } },
});

/** An Intune Linux compliance policy (settings catalog) as Graph exports it, with the given noncompliance actions. */
export function linuxPolicy(actions: { actionType: string; gracePeriodHours: number; notificationTemplateId?: string; notificationMessageCCList?: string[] }[] = [{ actionType: 'block', gracePeriodHours: 0 }], minimumUbuntu = '22.04') {
  return {
    '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicy',
    id: '9d3c1f52-0000-4000-8000-00000000aa01',
    name: 'Linux - Ubuntu workstations',
    description: 'Encrypted disk, firewall, supported Ubuntu',
    platforms: 'linux',
    technologies: 'linuxMdm',
    settings: [
      {
        '@odata.type': '#microsoft.graph.deviceManagementCompliancePolicySetting',
        settingInstance: {
          '@odata.type': '#microsoft.graph.deviceManagementConfigurationGroupSettingCollectionInstance',
          settingDefinitionId: 'linux_distribution_alloweddistros',
          groupSettingCollectionValue: [{ children: [
            { '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance', settingDefinitionId: 'linux_distribution_alloweddistros_item_$type', choiceSettingValue: { value: 'linux_distribution_alloweddistros_item_$type_ubuntu', children: [] } },
            { '@odata.type': '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance', settingDefinitionId: 'linux_distribution_alloweddistros_item_minimumversion', simpleSettingValue: { '@odata.type': '#microsoft.graph.deviceManagementConfigurationStringSettingValue', value: minimumUbuntu } },
          ] }],
        },
      },
      choice('linux_deviceencryption_required', true),
      choice('verity_linux_firewall_required', true),
      simpleInt('linux_passwordpolicy_minimumdigits', 1),
    ],
    scheduledActionsForRule: [{
      ruleName: 'PasswordRequired',
      scheduledActionConfigurations: actions.map((a) => ({ notificationTemplateId: '', notificationMessageCCList: [], ...a })),
    }],
  };
}

export interface ReceivedMail { from: string; to: string[]; subject: string; text: string; raw: string; cc: string[]; messageId: string }

/** How a test mailbox behaves. */
export interface MailboxOptions {
  /** Require SMTP AUTH with these user names and passwords (plain text on loopback). */
  readonly users?: Readonly<Record<string, string>>;
  /** Runs when a message has been received, before the server answers 250 (a test can kill the sender here). */
  readonly beforeAccept?: (mail: ReceivedMail) => Promise<void> | void;
}

/** A local SMTP mailbox (smtp-server) that keeps what it receives, parsed. */
export async function startMailbox(options: MailboxOptions = {}): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const users = options.users;
  const server = new SMTPServer({
    logger: false,
    ...(users
      ? {
          authOptional: false, disabledCommands: ['STARTTLS'], allowInsecureAuth: true,
          onAuth(auth, _session, callback) {
            if (auth.username !== undefined && users[auth.username] !== undefined && users[auth.username] === auth.password) callback(null, { user: auth.username });
            else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
          },
        }
      : { authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'] }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        void simpleParser(raw).then(async (parsed) => {
          const addresses = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []).flatMap((a: { value: { address?: string }[] }) => a.value.map((x) => x.address ?? ''));
          const mail: ReceivedMail = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), subject: parsed.subject ?? '', text: parsed.text ?? '', raw, cc: addresses(parsed.cc), messageId: parsed.messageId ?? '' };
          mails.push(mail);
          await options.beforeAccept?.(mail);
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Poll until `check` returns a value (real time; the server's scheduler ticks every few ms in tests). */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Create a user with a password and register a personal Linux device for them (the device's primary user). */
export async function userWithDevice(s: Pick<import('../harness.js').TestServer, 'call'>, adminToken: string, domain: string, options: { upn?: string; attributes?: Record<string, string>; hostname?: string } = {}) {
  const { createDeviceKeyAndCsr } = await import('../../src/device-ca/device-csr.js');
  const upn = options.upn ?? `user-${crypto.randomUUID().slice(0, 6)}@${domain}`;
  const password = 'correct horse battery staple';
  const u = await s.call('POST', '/api/v1/users', { token: adminToken, body: { userPrincipalName: upn, displayName: 'Ada Lovelace', password, attributes: options.attributes ?? {} } });
  if (u.status !== 201) throw new Error(`user failed: ${u.status} ${JSON.stringify(u.body)}`);
  const hostname = options.hostname ?? 'ada-laptop';
  const { keyPem, csrPem } = await createDeviceKeyAndCsr(hostname);
  const r = await s.call('POST', '/api/v1/register', { body: { tenant: domain, username: upn, password, csr: csrPem, device: { hostname, platform: 'linux' } } });
  if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { userId: u.body.id as string, upn, password, device: { keyPem, certPem: r.body.certificate as string, deviceId: r.body.deviceId as string, tenantId: r.body.tenantId as string } };
}
