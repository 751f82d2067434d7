import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { createBackup } from '../backup/create-backup.js';
import { requireSigningKey } from '../backup/signing-key.js';
import { readTaskEnv } from '../task-env.js';

/** A consistent, signed snapshot of every table into BACKUP_DIR, keeping the newest `keep` (default BACKUP_RETENTION_COUNT). */
export async function backupDatabase(
  payload: TaskPayload<'tasks.migration.backup'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.backup'>> {
  const env = readTaskEnv();
  const { path, tables, removed } = await createBackup(
    ctx.db,
    {
      backupDir: env.BACKUP_DIR,
      keep: payload.keep ?? env.BACKUP_RETENTION_COUNT,
      signingKey: requireSigningKey(env.BACKUP_SIGNING_KEY),
    },
    ctx.signal,
  );
  ctx.logger.info({ path, tables, removed }, 'backup written');
  return { path, tables };
}
