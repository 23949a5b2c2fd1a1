/**
 * Structured logs: one JSON object per line on stderr. Callers never pass key material;
 * `redact` is a second line of defence for fields whose name says they are secret.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const SECRET_FIELD = /key|password|token|secret|pem/i;

/** Create a JSON-lines logger writing to `write` (stderr by default). */
export function createLogger(options: { write?: (line: string) => void; now?: () => Date; minLevel?: LogLevel } = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const min = order[options.minLevel ?? 'info'];
  const emit = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}) => {
    if (order[level] < min) return;
    write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...redact(fields) })}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** A logger that drops everything (for tests that do not inspect logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_FIELD.test(k) ? '[redacted]' : v;
  return out;
}
