import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import { NonRetriableError, type TaskContext } from '@repowiki/runtime';
import { readViews } from '../queries/read-views.query.js';
import { upsertSnapshot } from '../queries/upsert-snapshot.query.js';
import { findWarehouse, readWarehouseCounts } from '../queries/warehouse-counts.query.js';

/** One warehouse's counts and views, stored as today's (UTC) `warehouse` snapshot for it. */
export async function warehouseSnapshot(
  payload: TaskPayload<'tasks.statistics.warehouse'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.statistics.warehouse'>> {
  const warehouse = await findWarehouse(ctx.db.sql, payload.warehouseId);
  if (!warehouse) {
    throw new NonRetriableError(`warehouse ${payload.warehouseId} does not exist or is deleted`, {
      code: 'not_found',
    });
  }
  const now = new Date();
  const [counts, views] = await Promise.all([
    readWarehouseCounts(ctx.db.sql, warehouse.id),
    readViews(ctx.db.sql, now, { warehouseId: warehouse.id, repositoryKey: warehouse.repositoryKey }),
  ]);
  const snapshot = { date: now.toISOString().slice(0, 10), counts, ...views };
  await upsertSnapshot(ctx.db.db, {
    kind: 'warehouse',
    subjectId: warehouse.id,
    date: snapshot.date,
    data: snapshot,
  });
  return snapshot;
}
