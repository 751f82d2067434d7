import { ipAnonymizationEnvShape, serviceEnvSchema } from '@repowiki/runtime';
import type { z } from 'zod';

/**
 * accesslog-svc's configuration: the variables every service reads (NATS, DATABASE_URL, limits;
 * see the root README) plus how much of a client address is stored
 * (`ACCESSLOG_IPV4_PREFIX_BITS` [24], `ACCESSLOG_IPV6_PREFIX_BITS` [48]). Parsed once at
 * boot; a bad value stops the service with a line naming the variable.
 */
export const envSchema = serviceEnvSchema({ httpPort: 3103 }, ipAnonymizationEnvShape());

export type Env = z.output<typeof envSchema>;
