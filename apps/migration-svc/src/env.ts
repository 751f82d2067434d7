import { resolve } from 'node:path';
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
    /**
     * Signs every backup's manifest (HMAC-SHA256); restore refuses a folder whose signature
     * does not check out. From a Secret; at least 32 characters (`openssl rand -hex 32`).
     * Required when NODE_ENV=production; elsewhere unset means backup and restore refuse to run.
     */
    BACKUP_SIGNING_KEY: z
      .string()
      .min(32, { error: 'expected at least 32 characters (openssl rand -hex 32)' })
      .optional(),
    /** The admin user `initialize-users` creates. @default none (no admin is created) */
    ADMIN_EMAIL: z.email({ error: 'expected an email address' }).optional(),
    /** Unset: a password is generated and written to ADMIN_GENERATED_PASSWORD_FILE. Never a fixed default. */
    ADMIN_PASSWORD: z.string().min(8, { error: 'expected at least 8 characters' }).optional(),
    /**
     * Where a generated admin password is written (mode 0600; never to a log). Read it once,
     * then delete the file. @default ./data/admin-password (relative to the working directory)
     */
    ADMIN_GENERATED_PASSWORD_FILE: z
      .string()
      .trim()
      .default('data/admin-password')
      .transform((p) => resolve(p)),
  },
).superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.BACKUP_SIGNING_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['BACKUP_SIGNING_KEY'],
      message: 'required when NODE_ENV=production',
    });
  }
});

export type Env = z.output<typeof envSchema>;
