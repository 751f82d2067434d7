import { z } from 'zod';
import { DaysToKeepSchema, DeletedResultSchema, EmptyPayloadSchema, IdSchema } from '../common.schema.js';
import { defineTask } from '../define-task.js';

/** `YYYY-MM-DD`, a UTC calendar day. */
export const IsoDateSchema = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

export const DailyStatisticsSchema = z.object({
  date: IsoDateSchema,
  newUsers: z.int().nonnegative(),
  newRepositories: z.int().nonnegative(),
  newDocuments: z.int().nonnegative(),
  pageViews: z.int().nonnegative(),
  uniqueVisitors: z.int().nonnegative(),
  activeUsers: z.int().nonnegative(),
});
export type DailyStatistics = z.infer<typeof DailyStatisticsSchema>;

export const TopResourceSchema = z.object({
  resourceType: z.string(),
  resourceId: z.string(),
  views: z.int().nonnegative(),
});

export const SnapshotResultSchema = z.object({
  date: IsoDateSchema,
  views: z.object({ today: z.int(), week: z.int(), month: z.int() }),
  counts: z.record(z.string(), z.int()),
  topResources: z.array(TopResourceSchema),
});

export const statisticsTasks = {
  'tasks.statistics.daily': defineTask({
    queue: 'statistics',
    name: 'daily',
    description: "Upsert one day's statistics (default: yesterday, UTC).",
    payload: z.strictObject({ date: IsoDateSchema.optional() }),
    result: DailyStatisticsSchema,
  }),
  'tasks.statistics.cleanup-access-records': defineTask({
    queue: 'statistics',
    name: 'cleanup-access-records',
    description: 'Delete access records older than daysToKeep, in bounded batches.',
    payload: z.strictObject({ daysToKeep: DaysToKeepSchema.default(90) }),
    result: DeletedResultSchema,
  }),
  'tasks.statistics.system': defineTask({
    queue: 'statistics',
    name: 'system',
    description: 'Snapshot of system-wide counts and views, stored per day.',
    payload: EmptyPayloadSchema,
    result: SnapshotResultSchema,
  }),
  'tasks.statistics.warehouse': defineTask({
    queue: 'statistics',
    name: 'warehouse',
    description: "Snapshot of one warehouse's counts and views, stored per day.",
    payload: z.strictObject({ warehouseId: IdSchema }),
    result: SnapshotResultSchema,
  }),
} as const;
