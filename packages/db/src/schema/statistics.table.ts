import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const accessRecords = pgTable(
  'access_records',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    /**
     * The page view's own id (an entry of a batched `tasks.accesslog.record` message; the task id
     * of a one-entry message): unique, so a redelivery or a re-send never adds a second row.
     */
    messageId: text().notNull(),
    resourceType: text().notNull(),
    resourceId: text().notNull().default(''),
    userId: text(),
    ipAddress: text().notNull(),
    userAgent: text().notNull().default(''),
    path: text().notNull(),
    method: text().notNull(),
    statusCode: integer().notNull(),
    /** Milliseconds. */
    responseTime: real().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.messageId),
    index().on(t.occurredAt),
    index().on(t.resourceType, t.resourceId, t.occurredAt),
  ],
);

export const dailyStatistics = pgTable('daily_statistics', {
  id: uuid().primaryKey().defaultRandom(),
  date: date({ mode: 'string' }).notNull().unique(),
  newUsers: integer().notNull().default(0),
  newRepositories: integer().notNull().default(0),
  newDocuments: integer().notNull().default(0),
  pageViews: integer().notNull().default(0),
  uniqueVisitors: integer().notNull().default(0),
  activeUsers: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** `system` and `warehouse` snapshots, one per subject per day (re-runs overwrite). */
export const statisticsSnapshots = pgTable(
  'statistics_snapshots',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: ['system', 'warehouse'] }).notNull(),
    /** Warehouse id, or '' for system snapshots. */
    subjectId: text().notNull().default(''),
    date: date({ mode: 'string' }).notNull(),
    data: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.kind, t.subjectId, t.date)],
);
