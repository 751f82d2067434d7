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
  /** `tasks schedule pause`: no replica fires it until resumed. */
  paused: z.boolean().default(false),
  pausedAt: z.iso.datetime().nullable().default(null),
});
export type ScheduledEntryInfo = z.infer<typeof ScheduledEntryInfoSchema>;

export const ScheduleEntriesReplySchema = z.object({
  replicaId: z.string(),
  entries: z.array(ScheduledEntryInfoSchema),
});
export type ScheduleEntriesReply = z.infer<typeof ScheduleEntriesReplySchema>;

/**
 * Request/reply (queue group `scheduler`: one replica answers): fire an entry now, once
 * (`tasks schedule trigger`). The fire is recorded in `schedule_fires` (kind `manual`) at
 * slot `requestedAt` and its task id derives from entry and slot, so a request delivered
 * twice, or answered by two replicas, still submits one task. Operator only.
 */
export const SCHEDULER_TRIGGER_SUBJECT = 'repowiki.scheduler.trigger';

/**
 * Request/reply (queue group `scheduler`): pause or resume an entry (`tasks schedule
 * pause|resume`). The answering replica writes `schedule_pauses`; every replica's claim of
 * a slot refuses a paused entry. Operator only.
 */
export const SCHEDULER_PAUSE_SUBJECT = 'repowiki.scheduler.pause';

export const ScheduleTriggerRequestSchema = z.object({
  entry: z.string().min(1),
  /** The manual fire's slot (ms precision): the same request always names the same slot. */
  requestedAt: z.iso.datetime(),
});
export type ScheduleTriggerRequest = z.infer<typeof ScheduleTriggerRequestSchema>;

export const SchedulePauseRequestSchema = z.object({
  entry: z.string().min(1),
  paused: z.boolean(),
  /** Who asked, shown in `schedule list`. */
  by: z.string().nullable().default(null),
});
export type SchedulePauseRequest = z.infer<typeof SchedulePauseRequestSchema>;

/** A refused control request: no such entry, or the request itself is malformed. */
const ControlRefusedSchema = z.object({
  ok: z.literal(false),
  code: z.enum(['not_found', 'invalid', 'error']),
  message: z.string(),
});

export const ScheduleTriggerReplySchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    entry: z.string(),
    task: z.string(),
    taskId: z.string(),
    slot: z.iso.datetime(),
    /** false: this request had been handled already (the same slot fired). */
    created: z.boolean(),
    replicaId: z.string(),
  }),
  ControlRefusedSchema,
]);
export type ScheduleTriggerReply = z.infer<typeof ScheduleTriggerReplySchema>;

export const SchedulePauseReplySchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    entry: z.string(),
    paused: z.boolean(),
    /** false: it was already so. */
    changed: z.boolean(),
    replicaId: z.string(),
  }),
  ControlRefusedSchema,
]);
export type SchedulePauseReply = z.infer<typeof SchedulePauseReplySchema>;
