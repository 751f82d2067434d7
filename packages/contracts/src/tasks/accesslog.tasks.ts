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

export const accesslogTasks = {
  'tasks.accesslog.record': defineTask({
    queue: 'accesslog',
    name: 'record',
    description: 'Ingest one access-log entry (consumed in batches, one row per message).',
    payload: z.strictObject({ entry: AccessEntrySchema }),
    result: z.object({ recorded: z.boolean() }),
    retry: { maxRetries: 5, backoffMs: 1_000, backoffMaxMs: 30_000 },
    timeLimits: { softMs: 25_000, hardMs: 30_000 },
    batch: { maxSize: 500, maxWaitMs: 200 },
    // Client addresses and user agents are personal data: they live in access_records only.
    storePayload: false,
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
