import { resolve } from 'node:path';
import { z } from 'zod';
import { checkNatsSettings, NATS_ENV_SHAPE } from '../nats/nats-settings.js';
import { STREAM_ENV_SHAPE } from '../nats/stream-settings.js';
import { DEV_DATABASE_URL } from '../urls.js';
import { LOG_FORMATS } from './log-format.js';

/**
 * Building blocks of every service's env schema (`apps/<x>/src/env.ts`). Environment values
 * are strings; these helpers turn them into typed values with messages that speak to an
 * operator ("expected a positive integer"). The offending raw value is appended by
 * `parseEnv`, so messages here never repeat it.
 */

/** A positive integer, e.g. `TASK_MAX_SIZE_PER_USER=5`. */
export function positiveInt(defaultValue?: number) {
  const schema = z
    .string({ error: 'expected a positive integer' })
    .trim()
    .regex(/^\d+$/, { error: 'expected a positive integer' })
    .transform(Number)
    .refine((n) => n > 0 && Number.isSafeInteger(n), { error: 'expected a positive integer', abort: true });
  return defaultValue === undefined ? schema : schema.default(defaultValue);
}

/** A TCP port, 1–65535. */
export function port(defaultValue: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'expected a TCP port (1-65535)', abort: true })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65_535, { error: 'expected a TCP port (1-65535)', abort: true })
    .default(defaultValue);
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** `true|false|1|0|yes|no|on|off`, case-insensitive. */
export function boolFlag(defaultValue: boolean) {
  return z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => TRUE.has(v) || FALSE.has(v), { error: 'expected true or false', abort: true })
    .transform((v) => TRUE.has(v))
    .default(defaultValue);
}

/** A URL whose scheme is one of `schemes`, e.g. `nats:` or `postgres:`. */
export function urlWithScheme(schemes: readonly string[]) {
  const expected = `expected a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`;
  return z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return schemes.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { error: expected, abort: true },
    );
}

/** A directory; a relative value resolves against the working directory at boot. */
export function directory(defaultValue: string) {
  return z
    .string()
    .trim()
    .default(defaultValue)
    .transform((p) => resolve(p));
}

/** `a, b,c` → `['a', 'b', 'c']`; unset → `[]`. */
export function commaList() {
  return z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The NODE_ENV value that makes DATABASE_URL mandatory. */
const PRODUCTION = 'production';

export { DEV_DATABASE_URL };

/**
 * Variables every service reads. Time limits keep the SPEC's names and unit (seconds);
 * newer variables carry their unit in the name.
 */
export function baseEnvShape(defaults: { httpPort: number }) {
  return {
    NODE_ENV: z.string().trim().default('development'),
    /** NATS_URL, credentials (user/password, token, creds or nkey seed file) and TLS. */
    ...NATS_ENV_SHAPE,
    /** NATS_STREAM_REPLICAS, NATS_STREAM_STORAGE, NATS_EVENTS_/NATS_DLQ_MAX_AGE_MS and _MAX_BYTES. */
    ...STREAM_ENV_SHAPE,
    /** Prefix of every subject and stream (isolated environments on one account). @default '' */
    NATS_NAMESPACE: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]*$/, { error: 'expected letters, digits, - or _ only' })
      .default(''),
    /** Required in production; `pnpm dev` sets it from the devstack. */
    DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:']).optional(),
    HTTP_PORT: port(defaults.httpPort),
    /** Interface of the HTTP side port; containers set 0.0.0.0. @default 127.0.0.1 */
    HTTP_HOST: z.string().trim().default('127.0.0.1'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    /**
     * `json` lines, `pretty` lines for people, or `auto`: pretty on a terminal, JSON otherwise.
     * Always JSON in production. `pnpm dev` sets pretty when its own output is a terminal. @default auto
     */
    LOG_FORMAT: z.enum(LOG_FORMATS, { error: `expected one of ${LOG_FORMATS.join(', ')}` }).default('auto'),
    /** At most this many tasks of one user run at once, across all replicas. @default 5 */
    TASK_MAX_SIZE_PER_USER: positiveInt(5),
    /** Soft time limit, seconds: the handler's AbortSignal fires. @default 1500 (25 min) */
    TASK_SOFT_TIME_LIMIT: positiveInt(1500),
    /** Hard time limit, seconds: the task ends as FAILURE. @default 1800 (30 min) */
    TASK_TIME_LIMIT: positiveInt(1800),
    /** Tasks this replica runs at once. @default 4 */
    WORKER_CONCURRENCY: positiveInt(4),
    /**
     * JetStream redelivers a task whose worker went silent (killed, OOM) after this, ms.
     * Live workers heartbeat every third of it, so an inline handler that blocks the event
     * loop for longer than two thirds of it needs `isolation: 'thread'`. @default 6_000 (6 s)
     */
    TASK_ACK_WAIT_MS: positiveInt(6_000),
    /** SIGTERM grace for in-flight tasks, ms. @default 30_000 (30 s) */
    SHUTDOWN_GRACE_MS: positiveInt(30_000),
    /**
     * Give the heap back to the system once the service idles (one memory-reducing GC after
     * start-up and after a burst; see src/service/idle-heap-trim.ts): ~110 instead of ~250 MB
     * RSS per idle service. @default true
     */
    IDLE_HEAP_TRIM: boolFlag(true),
    /**
     * Finished runs (SUCCESS, FAILURE, REVOKED) are deleted from the ledger this long after
     * they finished, like Celery's `result_expires`; scheduler-svc does it. @default 259_200_000 (3 days)
     */
    TASK_RESULT_EXPIRES_MS: positiveInt(259_200_000),
  };
}

type BaseShape = ReturnType<typeof baseEnvShape>;

/**
 * The base schema with cross-field rules. Extend it with `.extend({...})` BEFORE the rules
 * run: use `serviceEnvSchema(defaults, extra)` in apps.
 */
export function serviceEnvSchema<E extends z.ZodRawShape = Record<never, never>>(
  defaults: { httpPort: number },
  extra?: E,
) {
  const shape = { ...baseEnvShape(defaults), ...(extra ?? ({} as E)) } as BaseShape & E;
  return z
    .object(shape)
    .superRefine((env, ctx) => {
      const e = env as z.infer<z.ZodObject<BaseShape>>;
      checkNatsSettings(e, ctx);
      if (!e.DATABASE_URL && e.NODE_ENV === PRODUCTION) {
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_URL'],
          message: 'required when NODE_ENV=production',
        });
      }
      if (e.LOG_FORMAT === 'pretty' && e.NODE_ENV === PRODUCTION) {
        ctx.addIssue({
          code: 'custom',
          path: ['LOG_FORMAT'],
          message: 'production logs are JSON lines (json or auto)',
        });
      }
      if (e.TASK_SOFT_TIME_LIMIT > e.TASK_TIME_LIMIT) {
        ctx.addIssue({
          code: 'custom',
          path: ['TASK_SOFT_TIME_LIMIT'],
          message: `must not exceed TASK_TIME_LIMIT (${e.TASK_TIME_LIMIT} s)`,
        });
      }
    })
    .transform(
      (env) =>
        ({
          ...env,
          DATABASE_URL: (env as { DATABASE_URL?: string }).DATABASE_URL ?? DEV_DATABASE_URL,
        }) as WithDatabaseUrl<z.output<z.ZodObject<BaseShape & E>>>,
    );
}

type WithDatabaseUrl<T> = Omit<T, 'DATABASE_URL'> & { DATABASE_URL: string };

/** What every service's parsed env has. */
export type BaseEnv = WithDatabaseUrl<z.output<z.ZodObject<BaseShape>>>;

/** Any schema built by `serviceEnvSchema`: parses `process.env` into a `BaseEnv` and more. */
export type ServiceEnvSchema<Env extends BaseEnv = BaseEnv> = z.ZodType<
  Env,
  Record<string, string | undefined>
>;
