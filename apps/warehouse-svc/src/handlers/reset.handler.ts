import { TASKS, type TaskPayload, type TaskResult } from '@repowiki/contracts';
import { NonRetriableError, type TaskContext } from '@repowiki/runtime';

/** Puts a warehouse back to PENDING (error cleared) and submits `process` again. */
export async function resetWarehouse(
  payload: TaskPayload<'tasks.warehouse.reset'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.warehouse.reset'>> {
  const [row] = await ctx.db.sql<{ id: string; creator_id: string | null }[]>`
    update warehouses set status = 'pending', error = null, updated_at = now()
    where id = ${payload.warehouseId} and not is_deleted
    returning id, creator_id`;
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
