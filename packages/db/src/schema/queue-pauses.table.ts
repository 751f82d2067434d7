import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Queues an operator paused (`tasks pause <queue>`). Owned by packages/runtime (`ops/`
 * writes it, the workers read it): a worker of a paused queue takes no deliveries. It
 * reads the row at start, on the `repowiki.control.pause.<queue>` broadcast, and every 2 s.
 * NATS 2.9 has no consumer pause, so the pause lives here. Keyed by namespace: one
 * database may serve several NATS namespaces (tests do).
 */
export const queuePauses = pgTable(
  'queue_pauses',
  {
    namespace: text().notNull().default(''),
    queue: text().notNull(),
    pausedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    pausedBy: text(),
  },
  (t) => [primaryKey({ columns: [t.namespace, t.queue] })],
);
