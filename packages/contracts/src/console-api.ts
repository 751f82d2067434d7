import { z } from 'zod';
import { TASK_STATES, TaskErrorSchema, TaskProgressSchema } from './events.js';
import { QUEUES } from './queues.js';
import { ScheduleEntriesReplySchema } from './scheduler.js';

/**
 * The HTTP API of the console (apps/console), shared by its server (which validates what it
 * sends and receives with these) and its browser client (which parses every answer with
 * them). Times are ISO-8601 strings on the wire.
 *
 * Terminology
 * -----------
 * operator  a person holding CONSOLE_TOKEN: sees everything, may act (POST).
 * viewer    a person holding CONSOLE_VIEWER_TOKEN: sees everything, may not act.
 * action    a POST that changes the system (replay, purge, revoke, reprocess, add); each needs
 *           the session's CSRF token in the `X-CSRF-Token` header and is logged with who and what.
 */

export const CONSOLE_ROLES = ['operator', 'viewer'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** Header an action carries its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const iso = z.string();

export const SessionSchema = z.object({ role: z.enum(CONSOLE_ROLES), csrfToken: z.string() });
export type Session = z.infer<typeof SessionSchema>;

export const LoginRequestSchema = z.object({ token: z.string().min(1).max(512) });

// --- Overview -------------------------------------------------------------------------

export const QueueStatsSchema = z.object({
  queue: z.string(),
  stream: z.string(),
  exists: z.boolean(),
  messages: z.number(),
  consumers: z.number(),
  ackPending: z.number(),
  redelivered: z.number(),
  unprocessed: z.number(),
  /** Paused by an operator (`queue_pauses`); null for the DLQ or when unreadable. */
  paused: z.boolean().nullable(),
});
export type QueueStatsView = z.infer<typeof QueueStatsSchema>;

export const WorkerViewSchema = z.object({
  service: z.string(),
  workerId: z.string().nullable(),
  version: z.string(),
  uptimeMs: z.number().nullable(),
  active: z.number().nullable(),
  succeeded: z.number().nullable(),
  failed: z.number().nullable(),
  retried: z.number().nullable(),
  deadLettered: z.number().nullable(),
});
export type WorkerView = z.infer<typeof WorkerViewSchema>;

/** Tasks finished in one minute of the last hour. */
export const RateBucketSchema = z.object({ at: iso, succeeded: z.number(), failed: z.number() });
export type RateBucket = z.infer<typeof RateBucketSchema>;

export const OverviewSchema = z.object({
  queues: z.array(QueueStatsSchema),
  deadLetters: z.number(),
  workers: z.array(WorkerViewSchema),
  rates: z.array(RateBucketSchema),
  /** Something could not be read (NATS down, no scheduler): shown, not fatal. */
  problems: z.array(z.string()),
});
export type Overview = z.infer<typeof OverviewSchema>;

// --- Tasks ----------------------------------------------------------------------------

const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), s.optional());

/** Query string of `GET /api/tasks`. `before` is the opaque cursor of the previous page. */
export const TaskListQuerySchema = z.object({
  state: optional(z.enum(TASK_STATES)),
  task: optional(z.string().max(200)),
  queue: optional(z.enum(QUEUES)),
  user: optional(z.string().max(200)),
  from: optional(z.iso.datetime({ offset: true })),
  to: optional(z.iso.datetime({ offset: true })),
  /** A task id, or text in its error message. */
  q: optional(z.string().max(200)),
  before: optional(z.string().max(300)),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>;

export const TaskRowSchema = z.object({
  id: z.string(),
  /** Catalog subject, e.g. `tasks.warehouse.process`. */
  task: z.string(),
  queue: z.string(),
  state: z.enum(TASK_STATES),
  attempts: z.number(),
  userId: z.string().nullable(),
  workerId: z.string().nullable(),
  submittedAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  error: TaskErrorSchema.nullable(),
  retryOf: z.string().nullable(),
});
export type TaskRow = z.infer<typeof TaskRowSchema>;

export const TaskPageSchema = z.object({ rows: z.array(TaskRowSchema), next: z.string().nullable() });
export type TaskPage = z.infer<typeof TaskPageSchema>;

export const TaskAttemptSchema = z.object({
  attempt: z.number(),
  workerId: z.string().nullable(),
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  state: z.string(),
  error: TaskErrorSchema.nullable(),
});

export const TaskDetailSchema = TaskRowSchema.extend({
  payload: z.unknown(),
  result: z.unknown(),
  progress: TaskProgressSchema.nullable(),
  parentId: z.string().nullable(),
  correlationId: z.string().nullable(),
  notBefore: iso.nullable(),
  revokeRequestedAt: iso.nullable(),
  updatedAt: iso,
  retriedAs: z.string().nullable(),
  attemptList: z.array(TaskAttemptSchema),
  /** Runs whose parent is this one (a replay of its dead letter, follow-ups). */
  children: z.array(z.object({ id: z.string(), name: z.string(), state: z.enum(TASK_STATES) })),
});
export type TaskDetail = z.infer<typeof TaskDetailSchema>;

// --- Dead letters ---------------------------------------------------------------------

export const DeadLetterSchema = z.object({
  seq: z.number(),
  task: z.string(),
  taskId: z.string().nullable(),
  reason: z.string(),
  code: z.string().nullable(),
  attempts: z.number().nullable(),
  userId: z.string().nullable(),
  deadAt: iso,
  data: z.string(),
  subject: z.string(),
  headers: z.record(z.string(), z.array(z.string())),
  bytes: z.number(),
});
export type DeadLetterView = z.infer<typeof DeadLetterSchema>;

export const ReplayRequestSchema = z.object({ seqs: z.array(z.number().int().positive()).min(1).max(500) });
export const ReplayResultSchema = z.object({
  replayed: z.array(z.object({ seq: z.number(), taskId: z.string() })),
  failed: z.array(z.object({ seq: z.number(), error: z.string() })),
});
export type ReplayResult = z.infer<typeof ReplayResultSchema>;

export const PurgeRequestSchema = z.object({
  queue: z.enum(QUEUES).optional(),
  task: z.string().max(200).optional(),
});
export const PurgeResultSchema = z.object({ purged: z.number(), filter: z.string().nullable() });

// --- Schedules ------------------------------------------------------------------------

export const ScheduleFireSchema = z.object({
  entry: z.string(),
  slot: iso,
  kind: z.string(),
  task: z.string(),
  taskId: z.string(),
  firedBy: z.string(),
  firedAt: iso,
  publishedAt: iso.nullable(),
  state: z.enum(TASK_STATES).nullable(),
});
export const SchedulesSchema = z.object({
  /** Null when no scheduler replica answered. */
  entries: ScheduleEntriesReplySchema.nullable(),
  fires: z.array(ScheduleFireSchema),
});
export type Schedules = z.infer<typeof SchedulesSchema>;

// --- Warehouses -----------------------------------------------------------------------

export const WarehouseRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  organizationName: z.string(),
  address: z.string(),
  branch: z.string(),
  status: z.string(),
  error: z.string().nullable(),
  version: z.string().nullable(),
  updatedAt: iso,
  /** The newest process/update run of this warehouse, with its progress. */
  taskId: z.string().nullable(),
  taskState: z.enum(TASK_STATES).nullable(),
  progress: TaskProgressSchema.nullable(),
});
export type WarehouseRow = z.infer<typeof WarehouseRowSchema>;

export const CatalogNodeSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  url: z.string(),
  order: z.number(),
  isCompleted: z.boolean(),
  pageTitle: z.string().nullable(),
});
export type CatalogNodeView = z.infer<typeof CatalogNodeSchema>;

export const WarehouseDetailSchema = WarehouseRowSchema.extend({
  type: z.string(),
  classify: z.string().nullable(),
  catalog: z.array(CatalogNodeSchema),
  hasMinimap: z.boolean(),
});
export type WarehouseDetail = z.infer<typeof WarehouseDetailSchema>;

export const WikiPageSchema = z.object({
  catalogId: z.string(),
  url: z.string(),
  title: z.string(),
  /** The page's Markdown as stored: render it only through the sanitiser. */
  content: z.string(),
  sources: z.array(z.object({ address: z.string(), name: z.string() })),
});
export type WikiPage = z.infer<typeof WikiPageSchema>;

export interface MiniMapTree {
  title: string;
  url: string;
  nodes: MiniMapTree[];
}
export const MiniMapTreeSchema: z.ZodType<MiniMapTree> = z.lazy(() =>
  z.object({ title: z.string(), url: z.string(), nodes: z.array(MiniMapTreeSchema) }),
);

export const AddWarehouseRequestSchema = z.object({
  address: z.string().min(1).max(2_000),
  branch: z.string().max(200).default(''),
});
export const SubmittedSchema = z.object({ taskId: z.string(), warehouseId: z.string().optional() });
export const RevokeResultSchema = z.object({ taskId: z.string(), state: z.string() });
export const RetryResultSchema = z.object({
  retried: z.string(),
  taskId: z.string(),
  task: z.string(),
  /** false: the run had been retried already; this is that retry. */
  created: z.boolean(),
});
/**
 * `POST /api/tasks/retry?<the list's filters>&limit=`: every FAILURE/REVOKED run the filters
 * match that was not retried yet (newest first, at most `limit`), each retried once (as
 * `tasks retry` with filters).
 */
export const TaskRetryManyQuerySchema = TaskListQuerySchema.omit({ before: true, limit: true }).extend({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
export type TaskRetryManyQuery = z.infer<typeof TaskRetryManyQuerySchema>;
export const RetryManyResultSchema = z.object({
  matched: z.number(),
  created: z.number(),
  failed: z.number(),
  results: z.array(z.union([RetryResultSchema, z.object({ retried: z.string(), error: z.string() })])),
});
export type RetryManyResult = z.infer<typeof RetryManyResultSchema>;
export const PauseResultSchema = z.object({ queue: z.string(), paused: z.boolean(), changed: z.boolean() });
export const ScheduleTriggerResultSchema = z.object({
  entry: z.string(),
  taskId: z.string(),
  slot: z.string(),
  created: z.boolean(),
});
export const SchedulePauseResultSchema = z.object({
  entry: z.string(),
  paused: z.boolean(),
  changed: z.boolean(),
});

// --- Live -----------------------------------------------------------------------------

/**
 * One server-sent event (`data:` JSON, `id:` the EVENTS stream sequence). `task` events are
 * the outcome and progress events of tasks; `domain` events are the system's own
 * (`events.warehouse.completed`).
 */
export const LiveEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('task'),
    outcome: z.enum(['succeeded', 'failed', 'progress']),
    taskId: z.string(),
    task: z.string(),
    queue: z.string(),
    progress: TaskProgressSchema.optional(),
    at: iso,
  }),
  z.object({ kind: z.literal('domain'), subject: z.string(), data: z.unknown(), at: iso }),
  /** The client missed events (it reconnected after too long): reload what it shows. */
  z.object({ kind: z.literal('reset') }),
]);
export type LiveEvent = z.infer<typeof LiveEventSchema>;
