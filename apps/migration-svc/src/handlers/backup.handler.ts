import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { createBackup } from '../backup/create-backup.js';
import { readTaskEnv } from '../task-env.js';

/** A consistent snapshot of every table into BACKUP_DIR, keeping the newest `keep` (default 7). */
export async function backupDatabase(
  payload: TaskPayload<'tasks.migration.backup'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.backup'>> {
  const { path, tables, removed } = await createBackup(
    ctx.db,
    readTaskEnv().BACKUP_DIR,
    payload.keep,
    ctx.signal,
  );
  ctx.logger.info({ path, tables, removed }, 'backup written');
  return { path, tables };
}
