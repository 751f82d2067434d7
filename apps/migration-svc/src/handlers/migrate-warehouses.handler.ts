import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { migrateWarehouses } from '../steps/migrate-warehouses.step.js';
import { withMigrationLock } from '../steps/migration-lock.js';

/** Legacy warehouse rows → current form (statuses, timestamps); see LEGACY_STATUS. */
export async function migrateWarehousesTask(
  _payload: TaskPayload<'tasks.migration.migrate-warehouses'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.migration.migrate-warehouses'>> {
  return withMigrationLock(ctx.db, ctx.signal, () => migrateWarehouses(ctx.db, ctx.logger));
}
