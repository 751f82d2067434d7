import { serviceEnvSchema } from '@repowiki/runtime';
import { z } from 'zod';

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
  },
);

export type Env = z.output<typeof envSchema>;
