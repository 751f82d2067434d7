import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { resolveBackupPath, restoreBackup } from '../backup/restore-backup.js';
import { withMigrationLock } from '../steps/migration-lock.js';
import { readTaskEnv } from '../task-env.js';

/** Verifies a backup in BACKUP_DIR against its manifest, then restores it in one transaction. */
export async function restoreDatabase(
  payload: TaskPayload<'tasks.migration.restore'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.restore'>> {
  const folder = resolveBackupPath(readTaskEnv().BACKUP_DIR, payload.path);
  const result = await withMigrationLock(ctx.db, ctx.signal, () => restoreBackup(ctx.db, folder, ctx.signal));
  ctx.logger.warn({ path: result.path, tables: result.tables }, 'database restored from backup');
  return result;
}
