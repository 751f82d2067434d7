import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
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
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // No index references `state`: a fast task's PENDING → SUCCESS update touches no indexed
  // column and stays a HOT update (no index writes; see the fillfactor migration).
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
    /** `on-time`, `catch-up`. */
    kind: text().notNull().default('on-time'),
  },
  (t) => [primaryKey({ columns: [t.entry, t.slot] }), index().on(t.firedAt)],
);
