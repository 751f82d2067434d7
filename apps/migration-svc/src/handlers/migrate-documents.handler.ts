import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { migrateDocuments } from '../steps/migrate-documents.step.js';
import { withMigrationLock } from '../steps/migration-lock.js';

/** Legacy document rows → current form (statuses, timestamps). */
export async function migrateDocumentsTask(
  _payload: TaskPayload<'tasks.migration.migrate-documents'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.migrate-documents'>> {
  return withMigrationLock(ctx.db, ctx.signal, () => migrateDocuments(ctx.db, ctx.logger));
}
