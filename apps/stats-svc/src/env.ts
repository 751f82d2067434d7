import { serviceEnvSchema } from '@repowiki/runtime';
import type { z } from 'zod';

/**
 * stats-svc's configuration: the variables every service reads (NATS, DATABASE_URL, limits;
 * see the root README). It has none of its own yet. Parsed once at boot; a bad value
 * stops the service with a line naming the variable.
 */
export const envSchema = serviceEnvSchema({ httpPort: 3102 });

export type Env = z.output<typeof envSchema>;
