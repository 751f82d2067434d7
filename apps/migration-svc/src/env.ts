import { directory, positiveInt, serviceEnvSchema } from '@repowiki/runtime';
import { z } from 'zod';

/**
 * migration-svc's configuration: the variables every service reads (NATS, DATABASE_URL, limits;
 * see the root README) plus its own. Parsed once at boot; a bad value stops the service
 * with a line naming the variable.
 */
export const envSchema = serviceEnvSchema(
  { httpPort: 3105 },
  {
    /** Backups (one folder per snapshot with a manifest). @default ./data/backups (relative to the working directory) */
    BACKUP_DIR: directory('data/backups'),
    /** Snapshots kept in BACKUP_DIR; older ones are deleted after a backup. @default 7 */
    BACKUP_RETENTION_COUNT: positiveInt(7),
    /** The admin user `initialize-users` creates. @default none (no admin is created) */
    ADMIN_EMAIL: z.email({ error: 'expected an email address' }).optional(),
    /** Unset: a generated password is printed once. There is never a fixed default. */
    ADMIN_PASSWORD: z.string().min(8, { error: 'expected at least 8 characters' }).optional(),
  },
);

export type Env = z.output<typeof envSchema>;
