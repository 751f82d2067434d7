import { z } from 'zod';
import { DaysToKeepSchema, DeletedResultSchema, EmptyPayloadSchema } from '../common.schema.js';
import { defineTask } from '../define-task.js';
import { TopResourceSchema } from './statistics.tasks.js';

/** One HTTP request seen by the web tier. */
export const AccessEntrySchema = z.strictObject({
  resourceType: z.string().min(1).max(64),
  resourceId: z.string().max(256).default(''),
  userId: z.string().max(64).nullable().default(null),
  ipAddress: z.string().max(64),
  userAgent: z.string().max(1024).default(''),
  path: z.string().max(2048),
  method: z.string().min(1).max(16),
  statusCode: z.int().min(100).max(599),
  /** Milliseconds the request took. */
  responseTime: z.number().nonnegative(),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type AccessEntry = z.infer<typeof AccessEntrySchema>;

/**
 * Most entries one `tasks.accesslog.record` message carries. 500 worst-case entries (every
 * field at its limit, ~4 KiB of JSON each) stay within nats-server's default 1 MiB payload
 * only with a byte cap as well: producers also close a message at
 * ACCESS_LOG_MAX_MESSAGE_BYTES.
 */
export const ACCESS_LOG_MAX_ENTRIES = 500;
/** A producer closes a message before its JSON passes this many bytes. @default 262_144 (256 KiB) */
export const ACCESS_LOG_MAX_MESSAGE_BYTES = 262_144;

/**
 * One page view inside a batched message: `id` is the entry's own id, stored as the row's
 * unique `message_id`, so an entry becomes exactly one row however often its message is
 * re-sent or redelivered.
 */
export const AccessLogItemSchema = z.strictObject({
  id: z.string().min(1).max(128),
  entry: AccessEntrySchema,
});
export type AccessLogItem = z.infer<typeof AccessLogItemSchema>;

/**
 * The two message shapes of `tasks.accesslog.record`:
 * - `{ entries: [{ id, entry }, …] }` — what the web tier's helpers publish (up to
 *   ACCESS_LOG_MAX_ENTRIES page views per message). The envelope is checked here; each
 *   element is checked against AccessLogItemSchema by the consumer, so one bad entry is
 *   dead-lettered alone and its neighbours are stored.
 * - `{ entry }` — the earlier one-entry-per-message shape, still accepted (messages already
 *   in a stream must ingest); its task id is the row's `message_id`.
 */
export const AccessLogBatchPayloadSchema = z.strictObject({
  entries: z
    .array(
      z.unknown().meta({
        description:
          'One page view: { id: string (1–128), entry: AccessEntry }. Checked per element by the consumer: a bad one is dead-lettered alone.',
      }),
    )
    .min(1)
    .max(ACCESS_LOG_MAX_ENTRIES),
});
export const AccessLogSinglePayloadSchema = z.strictObject({ entry: AccessEntrySchema });

export const accesslogTasks = {
  'tasks.accesslog.record': defineTask({
    queue: 'accesslog',
    name: 'record',
    description: 'Ingest access-log entries (consumed in batches, one row per entry id).',
    payload: z.union([AccessLogBatchPayloadSchema, AccessLogSinglePayloadSchema]),
    result: z.object({ recorded: z.boolean() }),
    retry: { maxRetries: 5, backoffMs: 1_000, backoffMaxMs: 30_000 },
    timeLimits: { softMs: 25_000, hardMs: 30_000 },
    // Messages per handler call (each up to ACCESS_LOG_MAX_ENTRIES entries).
    batch: { maxSize: 64, maxWaitMs: 50 },
    // Client addresses and user agents are personal data: they live in access_records only.
    storePayload: false,
    // Page views are the highest-volume stream: no task_runs row per message. Exactly once
    // comes from ack-after-commit and the unique access_records.message_id (entry id).
    ledger: false,
  }),
  'tasks.accesslog.cleanup': defineTask({
    queue: 'accesslog',
    name: 'cleanup',
    description: 'Delete access records older than daysToKeep.',
    payload: z.strictObject({ daysToKeep: DaysToKeepSchema.default(90) }),
    result: DeletedResultSchema,
  }),
  'tasks.accesslog.statistics': defineTask({
    queue: 'accesslog',
    name: 'statistics',
    description: 'Access counts for today, this week and this month, and the top 10 resources.',
    payload: EmptyPayloadSchema,
    result: z.object({
      today: z.int(),
      week: z.int(),
      month: z.int(),
      topResources: z.array(TopResourceSchema),
    }),
  }),
} as const;
