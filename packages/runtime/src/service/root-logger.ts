import pino, { type Logger } from 'pino';
import { cleanMessage, serializeLogError } from './log-error-serializer.js';
import { type LogFormat, prettyDestination } from './log-format.js';

/**
 * Paths whose values never reach a log line. pino's redaction runs on every line, so the
 * list stays short and specific rather than wildcard-deep.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'password',
  'token',
  '*.password',
  '*.token',
  'DATABASE_URL',
  'databaseUrl',
  '*.DATABASE_URL',
  '*.databaseUrl',
  '*.NATS_PASSWORD',
  '*.NATS_TOKEN',
  '*.ADMIN_PASSWORD',
];

export interface RootLoggerOptions {
  service: string;
  version: string;
  level: string;
  /** `pretty`: one coloured line per event for people (`pnpm dev`). @default 'json' */
  format?: LogFormat;
  /** @default stdout (fd 1) */
  destination?: pino.DestinationStream;
}

/**
 * The one pino root of a process: JSON lines (or pretty ones, `format`), ISO timestamps,
 * secrets and SQL values kept out.
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  const destination =
    options.format === 'pretty'
      ? prettyDestination({
          colorize: !process.env.NO_COLOR,
          ...(options.destination ? { destination: options.destination } : {}),
        })
      : (options.destination ?? pino.destination({ fd: 1, sync: false }));
  return pino(
    {
      level: options.level,
      base: { svc: options.service, version: options.version, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Child loggers (per task, per request) inherit these: a failed statement's SQL and
      // parameter values never reach a line.
      serializers: { err: serializeLogError, error: serializeLogError },
      hooks: {
        // `logger.error(err)` makes the raw err.message the line's `msg`: log it as
        // `{ err }` with the cleaned message instead.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error && typeof rest[0] !== 'string') {
            return method.apply(this, [{ err: first }, cleanMessage(first.message), ...rest] as never);
          }
          return method.apply(this, args);
        },
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`: loggable. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparsable url]';
  }
}
