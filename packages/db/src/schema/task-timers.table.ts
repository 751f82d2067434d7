import { sql } from 'drizzle-orm';
import { bigint, customType, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Task deliveries put aside until they may run (written by packages/runtime, `timers/`):
 * countdown/eta and retry backoffs (`kind` = `due`, released at `due_at`) and per-user
 * throttling (`throttled`, released FIFO per user when the user has a free slot). The
 * JetStream message is acked once its row is committed, so waiting never holds the
 * consumer's ack-pending window; a releaser republishes the row and deletes it.
 */
export const taskTimers = pgTable(
  'task_timers',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Stream the message came from and goes back to (namespace included). */
    stream: text().notNull(),
    /** Its stream sequence: a redelivery of an already parked message parks nothing. */
    sourceSeq: bigint({ mode: 'number' }).notNull(),
    /** Full NATS subject, namespace included. */
    subject: text().notNull(),
    taskId: text().notNull(),
    userId: text(),
    /** `due` | `throttled`. */
    kind: text().notNull(),
    /** `due`: release at this time. `throttled`: when it was parked (FIFO order). */
    dueAt: timestamp({ withTimezone: true }).notNull(),
    /** Headers to republish, as JSON `[name, value][]` (bytea: stored whatever they contain). */
    headers: bytea().notNull(),
    body: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A redelivery of a parked message (same stream, sequence and task) inserts nothing. The
    // task id is part of the key: a stream deleted and re-created numbers its messages from 1
    // again, and a new message MUST NOT be taken for an old parked one (it would be acked and lost).
    uniqueIndex('task_timers_source_idx').on(t.stream, t.sourceSeq, t.taskId),
    index('task_timers_due_idx').on(t.stream, t.dueAt).where(sql`${t.kind} = 'due'`),
    index('task_timers_throttled_idx')
      .on(t.stream, t.userId, t.dueAt, t.id)
      .where(sql`${t.kind} = 'throttled'`),
    // The releaser asks whether a task it released was parked again (it then holds no slot).
    index('task_timers_task_idx').on(t.taskId),
  ],
);
