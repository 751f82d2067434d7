import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { createBackup } from '../backup/create-backup.js';
import { readTaskEnv } from '../task-env.js';

/** A consistent snapshot of every table into BACKUP_DIR, keeping the newest `keep` (default BACKUP_RETENTION_COUNT). */
export async function backupDatabase(
  payload: TaskPayload<'tasks.migration.backup'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.backup'>> {
  const env = readTaskEnv();
  const { path, tables, removed } = await createBackup(
    ctx.db,
    env.BACKUP_DIR,
    payload.keep ?? env.BACKUP_RETENTION_COUNT,
    ctx.signal,
  );
  ctx.logger.info({ path, tables, removed }, 'backup written');
  return { path, tables };
}
