import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { withMigrationLock } from '../steps/migration-lock.js';
import { updateIndexes } from '../steps/update-indexes.step.js';

/** Missing schema indexes, created concurrently, then ANALYZE. */
export async function updateIndexesTask(
  _payload: TaskPayload<'tasks.migration.update-indexes'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.update-indexes'>> {
  return withMigrationLock(ctx.db, ctx.signal, () => updateIndexes(ctx.db, ctx.logger, ctx.signal));
}
