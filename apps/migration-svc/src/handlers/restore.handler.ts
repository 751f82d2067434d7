import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { resolveBackupFolder } from '../backup/backup-folder.js';
import { restoreBackup } from '../backup/restore-backup.js';
import { requireSigningKey } from '../backup/signing-key.js';
import { withMigrationLock } from '../steps/migration-lock.js';
import { readTaskEnv } from '../task-env.js';

/** Verifies a signed backup in BACKUP_DIR against its manifest, then restores it in one transaction. */
export async function restoreDatabase(
  payload: TaskPayload<'tasks.migration.restore'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.restore'>> {
  const env = readTaskEnv();
  const key = requireSigningKey(env.BACKUP_SIGNING_KEY);
  const folder = await resolveBackupFolder(env.BACKUP_DIR, payload.path);
  const result = await withMigrationLock(ctx.db, ctx.signal, () =>
    restoreBackup(ctx.db, folder, key, ctx.signal),
  );
  ctx.logger.warn({ path: result.path, tables: result.tables }, 'database restored from backup');
  return result;
}
