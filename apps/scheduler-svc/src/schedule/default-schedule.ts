import type { ScheduleEntry } from './schedule-entry.schema.js';

/**
 * The beat of SPEC §4 (names from issue 5). No access-log drain entry: accesslog-svc
 * consumes its stream continuously, so the old 30 s drain has nothing to do.
 */
export const DEFAULT_SCHEDULE: readonly ScheduleEntry[] = [
  {
    name: 'process-pending-warehouses',
    subject: 'tasks.warehouse.schedule-processing',
    payload: {},
    everySeconds: 300,
    timezone: 'UTC',
    missed: 'catch-up',
  },
  {
    name: 'process-warehouse-updates',
    subject: 'tasks.warehouse.schedule-updates',
    payload: {},
    everySeconds: 3600,
    timezone: 'UTC',
    missed: 'catch-up',
  },
  {
    name: 'cleanup-failed-warehouses',
    subject: 'tasks.warehouse.cleanup-failed',
    payload: {},
    everySeconds: 3600,
    timezone: 'UTC',
    missed: 'catch-up',
  },
  {
    name: 'generate-daily-statistics',
    subject: 'tasks.statistics.daily',
    payload: {},
    cron: '0 1 * * *',
    timezone: 'UTC',
    missed: 'catch-up',
  },
  {
    name: 'cleanup-old-access-records',
    subject: 'tasks.statistics.cleanup-access-records',
    payload: { daysToKeep: 90 },
    cron: '0 2 * * *',
    timezone: 'UTC',
    missed: 'catch-up',
  },
  {
    name: 'generate-minimaps',
    subject: 'tasks.minimap.generate',
    payload: {},
    everySeconds: 600,
    timezone: 'UTC',
    missed: 'catch-up',
  },
];
