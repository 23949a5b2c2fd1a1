import pino, { type LoggerOptions } from 'pino';

/** Credentials in URLs (`smtps://user:secret@host`): the user info is replaced, the rest kept for diagnosis. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi;
/** Verity bearer secrets by their prefixes (API tokens, sessions, enrollment tokens). */
const BEARER_SECRETS = /\bvr[tse]_[A-Za-z0-9_-]{20,}/g;

/** A text with the secrets it may carry (URL credentials, Verity bearer secrets) replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1[redacted]@').replace(BEARER_SECRETS, '[redacted]');
}

/**
 * The server's log settings: JSON lines where secrets never appear. Known secret fields are
 * redacted by path (headers, passwords, tokens, keys, the SMTP URL and password, the master key);
 * errors are serialised with secrets scrubbed from their message and stack, since a library's
 * error text may quote a connection URL with its credentials.
 */
export function serverLoggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.keyPem', 'masterKey', '*.masterKey', 'masterKeyPrevious', '*.masterKeyPrevious',
        'smtpUrl', '*.smtpUrl', 'smtpPassword', '*.smtpPassword', 'metricsToken', '*.metricsToken',
      ],
      censor: '[redacted]',
    },
    serializers: {
      err: (error: Error) => {
        // pino's SerializedError is a closed interface; its message and stack are strings we rewrite.
        const serialized: Record<string, unknown> = { ...pino.stdSerializers.err(error) };
        for (const key of ['message', 'stack'] as const) {
          if (typeof serialized[key] === 'string') serialized[key] = redactSecrets(serialized[key]);
        }
        return serialized;
      },
    },
  };
}
