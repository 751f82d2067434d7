import { type Env, envSchema } from './env.js';

/**
 * The service's configuration as a handler sees it. Handlers receive only (payload, ctx), so
 * the few that need settings (DATABASE_URL, ADMIN_*, BACKUP_DIR) read them here, through the
 * same schema that validated them at boot.
 */
export function readTaskEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return envSchema.parse(source);
}
