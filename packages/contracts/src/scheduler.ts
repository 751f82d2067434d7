import { z } from 'zod';

/**
 * Request/reply subject on which any scheduler replica (queue group `scheduler`) answers
 * with its configured entries and their next fire times (`tasks inspect scheduled`,
 * `tasks schedule list`). Prefixed with `<namespace>.` like every other subject.
 */
export const SCHEDULER_ENTRIES_SUBJECT = 'repowiki.scheduler.entries';

export const ScheduledEntryInfoSchema = z.object({
  name: z.string(),
  /** Catalog subject, e.g. `tasks.warehouse.schedule-processing`. */
  task: z.string(),
  payload: z.record(z.string(), z.unknown()),
  everySeconds: z.number().optional(),
  cron: z.string().optional(),
  timezone: z.string(),
  missed: z.enum(['catch-up', 'skip']),
  /** ISO-8601. */
  nextFireAt: z.iso.datetime(),
  /** Newest slot the answering replica has dealt with (ISO-8601), if any. */
  lastSlot: z.iso.datetime().nullable(),
});
export type ScheduledEntryInfo = z.infer<typeof ScheduledEntryInfoSchema>;

export const ScheduleEntriesReplySchema = z.object({
  replicaId: z.string(),
  entries: z.array(ScheduledEntryInfoSchema),
});
export type ScheduleEntriesReply = z.infer<typeof ScheduleEntriesReplySchema>;
