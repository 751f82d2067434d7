import { resolveTaskSubject, type TaskSubject } from '@repowiki/contracts';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

/** Entry names become part of task ids and CLI output: keep them kebab-case. */
export const EntryNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be kebab-case (a-z, 0-9, -), at most 63 characters');

/**
 * What happens to a slot that came due while no replica was running:
 * `catch-up` fires the most recent missed slot once at start-up; `skip` drops it.
 */
export const MissedPolicySchema = z.enum(['catch-up', 'skip']);
export type MissedPolicy = z.infer<typeof MissedPolicySchema>;

export const TaskNameSchema = z.string().transform((name, ctx): TaskSubject => {
  const subject = resolveTaskSubject(name);
  if (!subject) {
    ctx.addIssue({ code: 'custom', message: `unknown task "${name}" (not in the contracts catalog)` });
    return z.NEVER;
  }
  return subject;
});

export const TimeZoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as UTC or Europe/Berlin' },
);

export const CronSchema = z.string().refine(
  (expr) => {
    try {
      CronExpressionParser.parse(expr, { tz: 'UTC' });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a cron expression (5 fields, or 6 with seconds first)' },
);

/** A fully resolved entry, as the scheduler runs it. */
export interface ScheduleEntry {
  readonly name: string;
  readonly subject: TaskSubject;
  /** Validated against the task's catalog schema at load time. */
  readonly payload: Record<string, unknown>;
  /** Exactly one of `everySeconds` / `cron`. Intervals are aligned to the Unix epoch. */
  readonly everySeconds?: number;
  readonly cron?: string;
  /** IANA zone the cron expression is read in. @default 'UTC' */
  readonly timezone: string;
  /** @default 'catch-up' */
  readonly missed: MissedPolicy;
}

/**
 * One entry of the override configuration (file or env). For an existing entry every
 * field is optional and merges over the default; for a new entry `task` and one of
 * `everySeconds` / `cron` are required. `enabled: false` removes an entry.
 */
export const EntryOverrideSchema = z
  .strictObject({
    task: TaskNameSchema.optional(),
    payload: z.record(z.string(), z.unknown()).optional(),
    /** Seconds between slots; at least 1. */
    everySeconds: z.number().min(1).optional(),
    cron: CronSchema.optional(),
    timezone: TimeZoneSchema.optional(),
    missed: MissedPolicySchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((o) => !(o.everySeconds !== undefined && o.cron !== undefined), {
    message: 'set either everySeconds or cron, not both',
  });
export type EntryOverride = z.infer<typeof EntryOverrideSchema>;

export const ScheduleConfigSchema = z.strictObject({
  /** Start from the built-in schedule of SPEC §4. @default true */
  includeDefaults: z.boolean().default(true),
  entries: z.record(EntryNameSchema, EntryOverrideSchema).default({}),
});
export type ScheduleConfig = z.infer<typeof ScheduleConfigSchema>;
