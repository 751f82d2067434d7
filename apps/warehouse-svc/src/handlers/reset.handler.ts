import { TASKS, type TaskPayload, type TaskResult } from '@repowiki/contracts';
import { NonRetriableError, type TaskContext } from '@repowiki/runtime';
import { resetWarehouseRow } from '../persist/reset-warehouse.query.js';

/** Puts a warehouse back to PENDING (error cleared) and submits `process` again. */
export async function resetWarehouse(
  payload: TaskPayload<'tasks.warehouse.reset'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.warehouse.reset'>> {
  const row = await resetWarehouseRow(ctx.db, payload.warehouseId);
  if (!row)
    throw new NonRetriableError(`warehouse ${payload.warehouseId} not found`, {
      code: 'warehouse_not_found',
    });
  const taskId = await ctx.tasks.submit(
    TASKS['tasks.warehouse.process'].subject,
    { warehouseId: row.id },
    row.creator_id ? { userId: row.creator_id } : {},
  );
  return { warehouseId: row.id, taskId };
}
