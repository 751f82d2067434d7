import { serviceEnvSchema } from '@repowiki/runtime';
import { z } from 'zod';
import { loadSchedule } from './schedule/load-schedule.js';

/**
 * scheduler-svc's configuration: the variables every service reads (NATS, DATABASE_URL, limits;
 * see the root README) plus its own. Parsed once at boot; a bad value stops the service
 * with a line naming the variable.
 */
export const envSchema = serviceEnvSchema(
  { httpPort: 3106 },
  {
    /** JSON file with extra schedule entries (cron or interval, UTC). @default none: the built-in schedule only */
    SCHEDULE_FILE: z.string().trim().optional(),
    /**
     * Inline JSON of the same shape as SCHEDULE_FILE, applied after it (see README,
     * "Configuring the schedule"). Checked here so that a bad entry stops the service at boot.
     */
    SCHEDULE_JSON: z
      .string()
      .trim()
      .optional()
      .superRefine((json, ctx) => {
        if (!json) return;
        try {
          loadSchedule({ json });
        } catch (e: unknown) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^SCHEDULE_JSON: /, '') });
        }
      }),
  },
);

export type Env = z.output<typeof envSchema>;
