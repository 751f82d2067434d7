import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { taskState } from './enums.table.js';

/** The ledger: one row per task id. See packages/runtime for the state machine. */
export const taskRuns = pgTable(
  'task_runs',
  {
    id: text().primaryKey(),
    /** Catalog subject, e.g. `tasks.warehouse.process`. */
    name: text().notNull(),
    queue: text().notNull(),
    state: taskState().notNull().default('PENDING'),
    payload: jsonb(),
    result: jsonb(),
    error: jsonb(),
    progress: jsonb(),
    /** Attempts started so far (a redelivery after a crash counts). */
    attempts: integer().notNull().default(0),
    userId: text(),
    correlationId: text(),
    parentId: text(),
    workerId: text(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    notBefore: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    /** A running attempt holds its per-user slot until this time; heartbeats extend it. */
    leaseUntil: timestamp({ withTimezone: true }),
    revokeRequestedAt: timestamp({ withTimezone: true }),
    /**
     * JetStream stream sequence of the delivery that claimed the running attempt: its own
     * redelivery (the worker crashed) takes the attempt over, another message with the same
     * task id (a re-publish) is a duplicate.
     */
    claimSeq: bigint({ mode: 'number' }),
    /**
     * The FAILURE/REVOKED run this one re-runs (`tasks retry`): set at insert, never changed.
     * Unique: a run is retried at most once (a retry of the retry links to the retry).
     */
    retryOf: text(),
    /**
     * Earlier attempts of this run, oldest first: `{ attempt, workerId, startedAt, finishedAt,
     * state, error }` per attempt that ended in RETRY, or whose worker died (`LOST`, taken
     * over by a redelivery). The current (or last) attempt is the row's own columns, so a
     * task that succeeds at once writes nothing here.
     */
    attemptLog: jsonb(),
    /** Celery's `expires`: a task not started by then is REVOKED (`expired`) instead of run. */
    expiresAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // No index references `state`: a fast task's PENDING → SUCCESS update touches no indexed
  // column and stays a HOT update (no index writes; see the fillfactor migrations 0002 and 0009).
  (t) => [
    // Per-user slots: running attempts hold a lease; finishing clears it.
    index('task_runs_user_lease_idx').on(t.userId, t.leaseUntil).where(sql`${t.leaseUntil} is not null`),
    // `inspect active`: marked running attempts, oldest first.
    index('task_runs_running_idx').on(t.startedAt).where(sql`${t.leaseUntil} is not null`),
    // `inspect scheduled`: countdown/ETA and retry backoffs.
    index('task_runs_delayed_idx').on(t.notBefore).where(sql`${t.notBefore} is not null`),
    index().on(t.name, t.submittedAt),
    // Result expiry and the pending sweep walk the ledger in submission order (runtime
    // `ledger/retention.ts`, `ledger/pending-sweep.ts`); neither column is ever updated.
    index('task_runs_submitted_idx').on(t.submittedAt, t.id),
    // warehouse-svc's in-flight check looks up one warehouse's runs, not a subject's whole
    // history. Name and payload never change after insert, so this keeps updates HOT.
    index('task_runs_warehouse_idx')
      .on(t.name, sql`(${t.payload}->>'warehouseId')`)
      .where(sql`${t.name} in ('tasks.warehouse.process', 'tasks.warehouse.update')`),
    // The console's and `tasks list --queue`: one queue's runs, newest first, without reading the
    // other queues' (a rare queue on a long ledger). Neither column changes after insert.
    index('task_runs_queue_submitted_idx').on(t.queue, t.submittedAt),
    // `tasks list --user`: one user's runs, newest first. Neither column changes after insert.
    index('task_runs_user_submitted_idx').on(t.userId, t.submittedAt).where(sql`${t.userId} is not null`),
    // A run is retried at most once, whoever asks and however often (`tasks retry`).
    uniqueIndex('task_runs_retry_of_idx').on(t.retryOf).where(sql`${t.retryOf} is not null`),
  ],
);

/** Every fire of a scheduler entry; the primary key makes each slot fire once. */
export const scheduleFires = pgTable(
  'schedule_fires',
  {
    entry: text().notNull(),
    slot: timestamp({ withTimezone: true }).notNull(),
    taskId: text().notNull(),
    subject: text().notNull(),
    firedBy: text().notNull(),
    firedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Set once the task was published; a replica re-publishes rows left unset by a crash. */
    publishedAt: timestamp({ withTimezone: true }),
    /** `on-time`, `catch-up`, `manual` (`tasks schedule trigger`). */
    kind: text().notNull().default('on-time'),
  },
  (t) => [primaryKey({ columns: [t.entry, t.slot] }), index().on(t.firedAt)],
);

/**
 * Schedule entries an operator paused (`tasks schedule pause`). Owned by scheduler-svc: it
 * writes the table when asked on `repowiki.scheduler.pause`, and every replica's claim of a
 * slot refuses a paused entry, so a pause holds on every replica and across restarts.
 */
export const schedulePauses = pgTable('schedule_pauses', {
  entry: text().primaryKey(),
  pausedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Who asked (the operator's NATS user or the host), for `tasks schedule list`. */
  pausedBy: text(),
});
