import nodemailer, { type Transporter } from 'nodemailer';
import type { SecretBox } from '../device-ca/secret-box.js';

/** One e-mail to send. */
export interface OutgoingMail {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** RFC 5322 Message-ID (`<…@…>`): stable per noncompliance job, so a repeated send is recognisably the same message. */
  readonly messageId?: string;
}

/** Sends e-mail; the one implementation is SMTP through nodemailer. */
export interface Mailer { send(mail: OutgoingMail): Promise<{ messageId: string; accepted: string[] }> }

/** Purpose (AAD) an SMTP password is sealed for (`verity secrets seal --purpose smtp-password`). */
export const SMTP_PASSWORD_PURPOSE = 'smtp-password';
/** Prefix of a sealed secret in configuration. */
export const SEALED_PREFIX = 'sealed:';

/**
 * SMTP mailer from `VERITY_SMTP_URL` (`smtp://host:port`, `smtps://user@host:465`; nodemailer reads
 * TLS options from the URL's query, e.g. `?ignoreTLS=true` for a local test mailbox). The password
 * comes from `VERITY_SMTP_PASSWORD`, best sealed with the master key (`sealed:v1:…`), so neither
 * the config file nor the environment holds it in clear; a password in the URL still works (and is
 * redacted from logs). Undefined when no URL is configured: e-mail actions then fail and are retried.
 */
export function createSmtpMailer(config: { smtpUrl?: string | undefined; smtpPassword?: string | undefined; smtpFrom: string }, box: Pick<SecretBox, 'open'>): Mailer | undefined {
  if (!config.smtpUrl) return undefined;
  const url = new URL(config.smtpUrl);
  const user = decodeURIComponent(url.username);
  let pass = decodeURIComponent(url.password);
  if (config.smtpPassword !== undefined) {
    pass = config.smtpPassword.startsWith(SEALED_PREFIX)
      ? box.open(config.smtpPassword.slice(SEALED_PREFIX.length), SMTP_PASSWORD_PURPOSE).toString('utf8')
      : config.smtpPassword;
  }
  // Credentials go as options, never back into a URL string that could end up in a message.
  url.username = '';
  url.password = '';
  const transport: Transporter = nodemailer.createTransport({ url: url.toString(), ...(user !== '' || pass !== '' ? { auth: { user, pass } } : {}) });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: config.smtpFrom, to: [...mail.to], cc: [...mail.cc], subject: mail.subject, text: mail.text,
        ...(mail.messageId !== undefined ? { messageId: mail.messageId } : {}),
      });
      return { messageId: String(info.messageId), accepted: (info.accepted ?? []).map(String) };
    },
  };
}

/** Whether the SMTP password is configured in clear (in the URL, or VERITY_SMTP_PASSWORD not sealed): worth a warning at start. */
export function smtpPasswordInClear(config: { smtpUrl?: string | undefined; smtpPassword?: string | undefined }): boolean {
  if (config.smtpPassword !== undefined) return !config.smtpPassword.startsWith(SEALED_PREFIX);
  return config.smtpUrl !== undefined && URL.canParse(config.smtpUrl) && new URL(config.smtpUrl).password !== '';
}
