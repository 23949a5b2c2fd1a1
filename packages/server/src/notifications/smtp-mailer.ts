import nodemailer, { type Transporter } from 'nodemailer';

/** One e-mail to send. */
export interface OutgoingMail { readonly to: readonly string[]; readonly cc: readonly string[]; readonly subject: string; readonly text: string }

/** Sends e-mail; the one implementation is SMTP through nodemailer. */
export interface Mailer { send(mail: OutgoingMail): Promise<{ messageId: string; accepted: string[] }> }

/**
 * SMTP mailer from `VERITY_SMTP_URL` (`smtp://host:port`, `smtps://user:pass@host:465`; nodemailer
 * reads TLS options from the URL's query, e.g. `?ignoreTLS=true` for a local test mailbox).
 * Undefined when no URL is configured: e-mail actions then fail and are retried later.
 */
export function createSmtpMailer(config: { smtpUrl?: string | undefined; smtpFrom: string }): Mailer | undefined {
  if (!config.smtpUrl) return undefined;
  const transport: Transporter = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: config.smtpFrom, to: [...mail.to], cc: [...mail.cc], subject: mail.subject, text: mail.text });
      return { messageId: String(info.messageId), accepted: (info.accepted ?? []).map(String) };
    },
  };
}
